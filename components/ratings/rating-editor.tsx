"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { RateLessonForm } from "./rate-lesson-form";

/** "Change rating" while the 7 days last: opens the form with the current stars and comment. */
export function RatingEditor({
  sessionId,
  timeZone,
  current,
  editableUntilLabel,
}: {
  sessionId: string;
  timeZone: string;
  current: { stars: number; comment: string | null };
  editableUntilLabel: string;
}) {
  const [isEditing, setIsEditing] = useState(false);
  if (isEditing) return <RateLessonForm sessionId={sessionId} timeZone={timeZone} initial={current} onDone={() => setIsEditing(false)} />;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={() => setIsEditing(true)}>
        Change rating
      </Button>
      <span className="text-sm text-slate-700">You can change it until {editableUntilLabel}.</span>
    </div>
  );
}
