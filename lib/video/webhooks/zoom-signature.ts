import { createHmac, timingSafeEqual } from "node:crypto";

/** Zoom signs `v0:{x-zm-request-timestamp}:{raw body}`; older deliveries are replays. */
export const ZOOM_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type TZoomSignatureCheck = { isValid: true } | { isValid: false; reason: "missing" | "stale" | "bad_signature" };

export function signZoomPayload(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

/** Verifies over the exact raw body, comparing in constant time. */
export function verifyZoomSignature(options: {
  secret: string;
  signature: string | null;
  timestamp: string | null;
  rawBody: string;
  now: Date;
}): TZoomSignatureCheck {
  const { secret, signature, timestamp, rawBody, now } = options;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { isValid: false, reason: "missing" };
  const ageSeconds = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (ageSeconds > ZOOM_TIMESTAMP_TOLERANCE_SECONDS) return { isValid: false, reason: "stale" };
  const expected = Buffer.from(signZoomPayload(secret, timestamp, rawBody), "utf8");
  const given = Buffer.from(signature, "utf8");
  const isMatch = given.length === expected.length && timingSafeEqual(given, expected);
  return isMatch ? { isValid: true } : { isValid: false, reason: "bad_signature" };
}

/** The answer to `endpoint.url_validation`: the plain token and its hex HMAC-SHA256. */
export function zoomUrlValidationResponse(secret: string, plainToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac("sha256", secret).update(plainToken).digest("hex") };
}
