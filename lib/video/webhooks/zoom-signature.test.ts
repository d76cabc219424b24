import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signZoomPayload, verifyZoomSignature, zoomUrlValidationResponse } from "./zoom-signature";

const secret = "zoom-webhook-secret-token";
const now = new Date("2026-11-21T12:00:00Z");
const timestamp = String(Math.floor(now.getTime() / 1000));
const rawBody = '{"event":"meeting.started","event_ts":1,"payload":{}}';

describe("Zoom webhook signature", () => {
  it("matches Zoom's documented construction", () => {
    const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
    expect(signZoomPayload(secret, timestamp, rawBody)).toBe(expected);
  });

  it("accepts a valid signature", () => {
    const signature = signZoomPayload(secret, timestamp, rawBody);
    expect(verifyZoomSignature({ secret, signature, timestamp, rawBody, now })).toEqual({ isValid: true });
  });

  it("rejects another secret, another body, or another timestamp", () => {
    const signature = signZoomPayload("wrong", timestamp, rawBody);
    expect(verifyZoomSignature({ secret, signature, timestamp, rawBody, now })).toEqual({ isValid: false, reason: "bad_signature" });
    const good = signZoomPayload(secret, timestamp, rawBody);
    expect(verifyZoomSignature({ secret, signature: good, timestamp, rawBody: `${rawBody} `, now }).isValid).toBe(false);
    expect(verifyZoomSignature({ secret, signature: good, timestamp: String(Number(timestamp) - 1), rawBody, now }).isValid).toBe(false);
  });

  it("rejects timestamps more than five minutes away", () => {
    const old = String(Number(timestamp) - 301);
    const signature = signZoomPayload(secret, old, rawBody);
    expect(verifyZoomSignature({ secret, signature, timestamp: old, rawBody, now })).toEqual({ isValid: false, reason: "stale" });
    const edge = String(Number(timestamp) - 300);
    expect(verifyZoomSignature({ secret, signature: signZoomPayload(secret, edge, rawBody), timestamp: edge, rawBody, now }).isValid).toBe(
      true,
    );
  });

  it("rejects missing headers and non-numeric timestamps", () => {
    expect(verifyZoomSignature({ secret, signature: null, timestamp, rawBody, now }).isValid).toBe(false);
    expect(verifyZoomSignature({ secret, signature: "v0=00", timestamp: "soon", rawBody, now }).isValid).toBe(false);
  });

  it("answers url_validation with the hex HMAC of the plain token", () => {
    expect(zoomUrlValidationResponse(secret, "qgg8vlvZRS6UYooatFL8Aw")).toEqual({
      plainToken: "qgg8vlvZRS6UYooatFL8Aw",
      encryptedToken: createHmac("sha256", secret).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex"),
    });
  });
});
