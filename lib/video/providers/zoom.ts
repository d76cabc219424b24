import "server-only";
import { AppError } from "@/lib/api/errors";
import type { TAccessTokenSource } from "@/lib/video/connections/connection-token-source";
import type { TZoomConfig } from "@/lib/video/oauth/zoom-oauth";
import type { TMeeting, TMeetingRequest, VideoProvider } from "@/lib/video/types";
import { fetchJson, joinUrl, providerReason, type THttpResult } from "./http";
import { ProviderUnauthorizedError, withAccessToken } from "./with-access-token";

/** Zoom scheduled meetings (type 2) on the tutor's own account. */
export function createZoomProvider(options: { config: Pick<TZoomConfig, "ZOOM_API_BASE_URL">; tokens: TAccessTokenSource }): VideoProvider {
  const { config, tokens } = options;
  const call = async (action: string, method: string, path: string, body?: unknown): Promise<THttpResult> => {
    try {
      return await withAccessToken(tokens, async (token) => {
        const result = await fetchJson(joinUrl(config.ZOOM_API_BASE_URL, path), {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (result.status === 401) throw new ProviderUnauthorizedError(providerReason(result));
        return result;
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError("provider_error", `Zoom could not ${action}: ${reason}`);
    }
  };
  const fail = (action: string, result: THttpResult): never => {
    throw new AppError("provider_error", `Zoom could not ${action}: ${providerReason(result)}`);
  };

  return {
    name: "zoom",
    async createMeeting(request) {
      const action = "create the meeting";
      const result = await call(action, "POST", "/v2/users/me/meetings", {
        ...meetingFields(request),
        type: 2,
        settings: MEETING_SETTINGS,
      });
      return result.status === 201 || result.status === 200 ? (meetingFrom(result.body) ?? fail(action, result)) : fail(action, result);
    },
    async updateMeeting(meetingExternalId, request) {
      const action = "move the meeting";
      const path = `/v2/meetings/${encodeURIComponent(meetingExternalId)}`;
      const patched = await call(action, "PATCH", path, meetingFields(request));
      if (patched.status !== 204 && patched.status !== 200) fail(action, patched);
      const current = await call(action, "GET", path);
      return current.status === 200 ? (meetingFrom(current.body) ?? fail(action, current)) : fail(action, current);
    },
    async deleteMeeting(meetingExternalId) {
      const action = "delete the meeting";
      const result = await call(action, "DELETE", `/v2/meetings/${encodeURIComponent(meetingExternalId)}`);
      // 404: already gone, which is what we wanted.
      if (result.status !== 204 && result.status !== 200 && result.status !== 404) fail(action, result);
    },
  };
}

// Participants may enter up to 5 minutes early, matching the app's join window (README rules table).
const MEETING_SETTINGS = { join_before_host: true, jbh_time: 5, waiting_room: false } as const;

function meetingFields(request: TMeetingRequest) {
  return {
    topic: request.topic.slice(0, 200),
    start_time: request.startAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    duration: request.durationMinutes,
    timezone: request.timezone,
  };
}

function meetingFrom(body: unknown): TMeeting | null {
  if (typeof body !== "object" || body === null) return null;
  const record = body as Record<string, unknown>;
  const id = typeof record.id === "number" || typeof record.id === "string" ? String(record.id) : null;
  const joinUrl = typeof record.join_url === "string" && record.join_url.startsWith("https://") ? record.join_url : null;
  // start_url embeds a short-lived host key: it is never stored.
  return id && joinUrl ? { provider: "zoom", meetingExternalId: id, joinUrl } : null;
}
