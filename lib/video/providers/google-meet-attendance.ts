import "server-only";
import { meet } from "googleapis/build/src/apis/meet/index.js";
import { AppError } from "@/lib/api/errors";
import type { TAccessTokenSource } from "@/lib/video/connections/connection-token-source";
import { googleErrorInfo } from "@/lib/video/oauth/google-errors";
import { googleClientWithAccessToken, googleRootUrl, type TGoogleConfig } from "@/lib/video/oauth/google-oauth";
import { ProviderUnauthorizedError, withAccessToken } from "./with-access-token";

/** One run of the meeting (a Meet conference record) and who joined it when. */
export type TMeetConference = {
  /** `conferenceRecords/{id}`: the instance id. */
  name: string;
  startedAt: Date | null;
  /** Null while the conference is live. */
  endedAt: Date | null;
};

export type TMeetAttendance = {
  conferences: TMeetConference[];
  /** Each participant's first join per conference; the host is the tutor, anyone else (Meet reports no emails) the student of a 1:1 lesson. */
  joins: { role: "tutor" | "student"; at: Date }[];
};

/** Bounds on each Meet API call: the job aborts a call that outlives either. */
export type TMeetCallLimits = { timeoutMs: number; signal?: AbortSignal };

/** `https://meet.google.com/abc-defg-hij` → `abc-defg-hij`. */
export function meetingCodeFromLink(joinUrl: string): string | null {
  return /^https:\/\/meet\.google\.com\/([a-z]{3}-[a-z]{4}-[a-z]{3})(?:[/?#]|$)/.exec(joinUrl)?.[1] ?? null;
}

/**
 * Reads a Meet meeting's conference records and participants (Meet REST API v2) with the
 * host's token. `hostUserId` is the Google account id of the tutor (users/{id} in Meet).
 */
export async function readMeetAttendance(options: {
  config: TGoogleConfig & { GOOGLE_MEET_API_BASE_URL: string };
  tokens: TAccessTokenSource;
  meetingCode: string;
  hostUserId: string | null;
  limits: TMeetCallLimits;
}): Promise<TMeetAttendance> {
  const { config, tokens, meetingCode, hostUserId, limits } = options;
  // googleapis retries timeouts by itself; the job has its own backoff per session.
  const callOptions = { timeout: limits.timeoutMs, signal: limits.signal, retry: false };
  try {
    return await withAccessToken(tokens, async (token) => {
      const api = meet({
        version: "v2",
        rootUrl: googleRootUrl(config.GOOGLE_MEET_API_BASE_URL),
        auth: googleClientWithAccessToken(config, token),
      });
      try {
        const { data } = await api.conferenceRecords.list({ filter: `space.meeting_code = "${meetingCode}"` }, callOptions);
        const attendance: TMeetAttendance = { conferences: [], joins: [] };
        for (const record of data.conferenceRecords ?? []) {
          if (!record.name) continue;
          attendance.conferences.push({ name: record.name, startedAt: dateOrNull(record.startTime), endedAt: dateOrNull(record.endTime) });
          const participants =
            (await api.conferenceRecords.participants.list({ parent: record.name }, callOptions)).data.participants ?? [];
          for (const participant of participants) {
            const at = dateOrNull(participant.earliestStartTime);
            if (!at) continue;
            const isHost = hostUserId !== null && participant.signedinUser?.user === `users/${hostUserId}`;
            attendance.joins.push({ role: isHost ? "tutor" : "student", at });
          }
        }
        return attendance;
      } catch (error) {
        if (googleErrorInfo(error).status === 401) throw new ProviderUnauthorizedError();
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("provider_error", `Google Meet attendance could not be read: ${googleErrorInfo(error).reason}`);
  }
}

function dateOrNull(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}
