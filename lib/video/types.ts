/** The providers a tutor can connect (README "Video providers and tokens"). */
export const VIDEO_PROVIDERS = ["zoom", "google_meet", "jitsi"] as const;
export type TVideoProviderName = (typeof VIDEO_PROVIDERS)[number];

export type TMeetingRequest = {
  /** Deterministic per session: retries must not create a second meeting. */
  sessionKey: string;
  topic: string;
  startAt: Date;
  durationMinutes: number;
  timezone: string;
};

export type TMeeting = {
  provider: TVideoProviderName;
  meetingExternalId: string;
  joinUrl: string;
};

/**
 * One interface for every provider. Errors are thrown as AppError("provider_error", <provider's reason>)
 * so callers surface them; a session is never created without a meeting.
 */
export interface VideoProvider {
  readonly name: TVideoProviderName;
  createMeeting(request: TMeetingRequest): Promise<TMeeting>;
  updateMeeting(meetingExternalId: string, request: TMeetingRequest): Promise<TMeeting>;
  deleteMeeting(meetingExternalId: string): Promise<void>;
}
