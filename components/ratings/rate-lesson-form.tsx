"use client";

import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { MAX_RATING_COMMENT_LENGTH } from "@/lib/ratings/rating-rules";
import { StarRadioGroup } from "./star-radio-group";
import { useApiRequest } from "@/components/ui/use-api-request";

/** The student's or parent's rating of a completed lesson: first time, or an edit within the 7 days. */
export function RateLessonForm({
  sessionId,
  timeZone,
  initial,
  onDone,
}: {
  sessionId: string;
  timeZone: string;
  initial: { stars: number; comment: string | null } | null;
  onDone?: () => void;
}) {
  const id = useId();
  const [stars, setStars] = useState<number | null>(initial?.stars ?? null);
  const [comment, setComment] = useState(initial?.comment ?? "");
  const [missingStars, setMissingStars] = useState(false);
  const { send, isPending, error } = useApiRequest(timeZone);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (stars === null) {
      setMissingStars(true);
      return;
    }
    const isSaved = await send(`/api/sessions/${encodeURIComponent(sessionId)}/rating`, "PUT", { stars, comment: comment.trim() || null });
    if (isSaved) onDone?.();
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} aria-label={initial ? "Change your rating" : "Rate this lesson"}>
      <StarRadioGroup
        name={`${id}-stars`}
        legend="Your rating"
        value={stars}
        onChange={(value) => {
          setStars(value);
          setMissingStars(false);
        }}
        disabled={isPending}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-comment`} className="text-sm font-medium text-slate-800">
          Comment (optional)
        </label>
        <textarea
          id={`${id}-comment`}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={MAX_RATING_COMMENT_LENGTH}
          rows={3}
          disabled={isPending}
          aria-describedby={`${id}-comment-hint`}
          className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        />
        <p id={`${id}-comment-hint`} className="text-xs text-slate-600">
          {comment.length} / {MAX_RATING_COMMENT_LENGTH} characters. Shown on the tutor&apos;s profile with your first name and initial.
        </p>
      </div>
      <Alert>{missingStars ? "Pick from 1 to 5 stars." : error}</Alert>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : initial ? "Save changes" : "Submit rating"}
        </Button>
        {onDone && initial ? (
          <Button variant="secondary" onClick={onDone} disabled={isPending}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
