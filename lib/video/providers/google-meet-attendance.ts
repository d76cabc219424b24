import "server-only";
import { meet } from "googleapis/build/src/apis/meet/index.js";
import { AppError } from "@/lib/api/errors";
import type { TAccessTokenSource } from "@/lib/video/connections/connection-token-source";
import { googleErrorInfo } from "@/lib/video/oauth/google-errors";
import { googleClientWithAccessToken, googleRootUrl, type TGoogleConfig } from "@/lib/video/oauth/google-oauth";
import { ProviderUnauthorizedError, withAccessToken } from "./with-access-token";

export type TMeetAttendance = {
  startedAt: Date | null;
  /** Set only when every conference of the meeting has ended. */
  endedAt: Date | null;
  hostJoinedAt: Date | null;
  /** First participant other than the host (Meet reports no emails; in a 1:1 lesson that is the student). */
  guestJoinedAt: Date | null;
  conferenceCount: number;
};

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
}): Promise<TMeetAttendance> {
  const { config, tokens, meetingCode, hostUserId } = options;
  try {
    return await withAccessToken(tokens, async (token) => {
      const api = meet({ version: "v2", rootUrl: googleRootUrl(config.GOOGLE_MEET_API_BASE_URL), auth: googleClientWithAccessToken(config, token) });
      try {
        const { data } = await api.conferenceRecords.list({ filter: `space.meeting_code = "${meetingCode}"` });
        const records = data.conferenceRecords ?? [];
        const attendance: TMeetAttendance = { startedAt: null, endedAt: null, hostJoinedAt: null, guestJoinedAt: null, conferenceCount: records.length };
        let isAnyOngoing = false;
        for (const record of records) {
          attendance.startedAt = earliest(attendance.startedAt, record.startTime);
          if (record.endTime) attendance.endedAt = latest(attendance.endedAt, record.endTime);
          else isAnyOngoing = true;
          if (!record.name) continue;
          const participants = (await api.conferenceRecords.participants.list({ parent: record.name })).data.participants ?? [];
          for (const participant of participants) {
            const isHost = hostUserId !== null && participant.signedinUser?.user === `users/${hostUserId}`;
            if (isHost) attendance.hostJoinedAt = earliest(attendance.hostJoinedAt, participant.earliestStartTime);
            else attendance.guestJoinedAt = earliest(attendance.guestJoinedAt, participant.earliestStartTime);
          }
        }
        if (isAnyOngoing || records.length === 0) attendance.endedAt = null;
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

function earliest(current: Date | null, candidate: string | null | undefined): Date | null {
  if (!candidate) return current;
  const date = new Date(candidate);
  return current === null || date < current ? date : current;
}

function latest(current: Date | null, candidate: string): Date {
  const date = new Date(candidate);
  return current === null || date > current ? date : current;
}
