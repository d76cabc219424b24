import { z } from "zod";
import { formatInTimeZone } from "./date-time";

const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    opens_at: z.iso.datetime({ offset: true }).optional(),
    available_at: z.iso.datetime({ offset: true }).optional(),
    student_joined_at: z.iso.datetime({ offset: true }).optional(),
  }),
});

/**
 * Turns an API error response (`{ error: { code, message } }`, lib/README.md, Security) into a
 * sentence for the person who clicked. Times in it are shown in their own zone.
 */
export function describeApiError(body: unknown, status: number, timeZone: string): string {
  const parsed = ZErrorBody.safeParse(body);
  if (status === 401) return "Your sign-in has expired. Sign in again, then try once more.";
  if (!parsed.success) {
    return status >= 500
      ? "Something went wrong on our side. Please try again in a moment."
      : `The request failed (HTTP ${status}). Please try again.`;
  }
  const { code, message, opens_at: opensAt, available_at: availableAt, student_joined_at: studentJoinedAt } = parsed.data.error;
  if (studentJoinedAt) {
    return `The student joined at ${formatInTimeZone(new Date(studentJoinedAt), timeZone, "time")}, so you can't mark a no-show.`;
  }
  if (code === "too_early" && (opensAt ?? availableAt)) {
    const at = formatInTimeZone(new Date(opensAt ?? availableAt ?? ""), timeZone, "time");
    return opensAt ? `It's too early to join: the session opens at ${at}.` : `It's too early: this becomes available at ${at}.`;
  }
  return message;
}

export const NETWORK_ERROR_MESSAGE = "We couldn't reach the server. Check your connection and try again.";
