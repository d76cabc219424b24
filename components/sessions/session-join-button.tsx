"use client";

import { useId, useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describeApiError, NETWORK_ERROR_MESSAGE } from "@/lib/format/api-error";
import type { TRole } from "@/lib/auth/roles";
import { formatCountdown } from "@/lib/format/date-time";
import { noShowNote, type TNoShowNoteInput } from "@/lib/format/session-text";
import { useServerClock } from "./use-server-clock";

const ZJoinResponse = z.object({ join_url: z.url({ protocol: /^https$/ }) });

type TPhase = "before" | "open" | "ended";

export type TSessionJoinButtonProps = {
  sessionId: string;
  /** T−5 and the scheduled end, ISO (README "Session rules"). */
  joinOpensAt: string;
  endsAt: string;
  /** The server's clock when the page was rendered, ISO: the countdown runs on it. */
  serverNow: string;
  timeZone: string;
  /** Names the session for screen readers when several Join buttons share a page. */
  sessionLabel: string;
  /** The no-show rule, shown beside the button to students and parents until the student joins. */
  noShow?: { role: TRole } & TNoShowNoteInput;
};

/**
 * A live countdown until the join window opens, then a Join that asks the join
 * route for the link (never in the page beforehand) and opens it in a new tab.
 */
export function SessionJoinButton(props: TSessionJoinButtonProps) {
  const { sessionId, timeZone, sessionLabel, noShow } = props;
  const now = useServerClock(props.serverNow);
  const opensAt = Date.parse(props.joinOpensAt);
  const phase: TPhase = now < opensAt ? "before" : now < Date.parse(props.endsAt) ? "open" : "ended";
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [meetingUrl, setMeetingUrl] = useState<string | null>(null);
  // A student's join through this button is recorded by the join route: the warning is moot from then on.
  const hasJoinedHere = meetingUrl !== null && noShow?.role === "student";
  const note =
    noShow && phase !== "ended"
      ? noShowNote(noShow.role, { ...noShow, hasStudentJoined: noShow.hasStudentJoined || hasJoinedHere }, timeZone, now)
      : undefined;
  const hintId = useId();

  async function join() {
    if (isPending) return;
    setError(null);
    setIsPending(true);
    // Opened synchronously inside the click, so popup blockers let it through; pointed at the meeting below.
    const tab = window.open("", "_blank");
    if (tab) showOpening(tab);
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/join`, {
        method: "POST",
        headers: { accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      const body: unknown = await response.json().catch(() => null);
      const parsed = response.ok ? ZJoinResponse.safeParse(body) : null;
      if (!parsed?.success) {
        tab?.close();
        setError(
          response.ok ? "The meeting link we received looks wrong. Please try again." : describeApiError(body, response.status, timeZone),
        );
        return;
      }
      setMeetingUrl(parsed.data.join_url);
      if (tab) {
        tab.opener = null; // the meeting site gets no handle back to this page
        tab.location.href = parsed.data.join_url;
      }
    } catch {
      tab?.close();
      setError(NETWORK_ERROR_MESSAGE);
    } finally {
      setIsPending(false);
    }
  }

  return (
    <div className="flex min-w-0 flex-col gap-2" data-testid="session-join">
      {phase === "ended" ? (
        <p className="text-sm font-medium text-slate-700">Session ended</p>
      ) : (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <Button
            onClick={join}
            disabled={phase !== "open" || isPending}
            aria-label={`Join ${sessionLabel}`}
            aria-describedby={phase === "before" ? hintId : undefined}
          >
            {isPending ? "Opening…" : "Join"}
          </Button>
          {phase === "before" ? (
            <p id={hintId} className="text-sm text-slate-700">
              Join opens in{" "}
              <span className="font-semibold tabular-nums" data-testid="join-countdown">
                {formatCountdown(opensAt - now)}
              </span>
            </p>
          ) : null}
        </div>
      )}
      {/* Announced once when the window opens or closes, not every second. */}
      <p role="status" className="sr-only">
        {phase === "open" ? "The session is open: you can join now." : phase === "ended" ? "The session has ended." : ""}
      </p>
      {note ? (
        <p className="text-sm text-slate-600" data-testid="no-show-note">
          {note}
        </p>
      ) : null}
      <Alert>{error}</Alert>
      {meetingUrl ? (
        <p className="text-sm text-slate-700">
          Meeting didn&apos;t open?{" "}
          <a href={meetingUrl} target="_blank" rel="noopener noreferrer" className="font-medium text-blue-700 underline underline-offset-2">
            Open the meeting in a new tab
          </a>
        </p>
      ) : null}
    </div>
  );
}

/** The new tab is same-origin until it navigates: say what is happening instead of a blank page. */
function showOpening(tab: Window): void {
  try {
    tab.document.title = "Opening your meeting…";
    tab.document.body.textContent = "Opening your meeting…";
  } catch {
    // Some browsers isolate the new tab at once; it simply stays blank until it navigates.
  }
}
