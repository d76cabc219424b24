import { randomBytes } from "node:crypto";
import type { TMeeting, TMeetingRequest, VideoProvider } from "@/lib/video/types";

export const JITSI_BASE_URL = "https://meet.jit.si";

/**
 * Jitsi Meet needs no account: a room exists once someone opens its URL, so the
 * room name is the only secret. 128 random bits make it unguessable.
 */
export function createJitsiProvider(baseUrl: string = JITSI_BASE_URL): VideoProvider {
  const meeting = (roomName: string): TMeeting => ({
    provider: "jitsi",
    meetingExternalId: roomName,
    joinUrl: `${baseUrl}/${roomName}`,
  });
  return {
    name: "jitsi",
    async createMeeting(_request: TMeetingRequest) {
      return meeting(`Tutoring-${randomBytes(16).toString("hex")}`);
    },
    // The room keeps its name on a reschedule: its link stays valid.
    async updateMeeting(meetingExternalId: string) {
      return meeting(meetingExternalId);
    },
    // Nothing to delete: an unvisited room does not exist.
    async deleteMeeting() {},
  };
}
