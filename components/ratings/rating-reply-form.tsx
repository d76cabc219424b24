"use client";

import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { MAX_RATING_REPLY_LENGTH } from "@/lib/ratings/rating-rules";
import { useApiRequest } from "@/components/ui/use-api-request";

/** The tutor's one reply to a lesson's rating (it can't be changed once sent). */
export function RatingReplyForm({ sessionId, timeZone }: { sessionId: string; timeZone: string }) {
  const id = useId();
  const [reply, setReply] = useState("");
  const { send, isPending, error } = useApiRequest(timeZone);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send(`/api/sessions/${encodeURIComponent(sessionId)}/rating/reply`, "POST", { reply });
  }

  return (
    <form className="flex flex-col gap-2" onSubmit={submit} aria-label="Reply to this rating">
      <label htmlFor={`${id}-reply`} className="text-sm font-medium text-slate-800">
        Your reply
      </label>
      <textarea
        id={`${id}-reply`}
        value={reply}
        onChange={(event) => setReply(event.target.value)}
        maxLength={MAX_RATING_REPLY_LENGTH}
        rows={3}
        required
        disabled={isPending}
        aria-describedby={`${id}-reply-hint`}
        className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      />
      <p id={`${id}-reply-hint`} className="text-xs text-slate-600">
        You can reply once; it is public with the rating and can&apos;t be changed. {reply.length} / {MAX_RATING_REPLY_LENGTH}
      </p>
      <Alert>{error}</Alert>
      <div>
        <Button type="submit" disabled={isPending || reply.trim() === ""}>
          {isPending ? "Sending…" : "Send reply"}
        </Button>
      </div>
    </form>
  );
}
