import { describe, expect, it } from "vitest";
import { appRedirectUrl, ZReturnTo } from "./oauth-redirects";
import { oauthRedirectUri } from "./redirect-uri";

describe("OAuth redirects", () => {
  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "tutor/video-setup"])(
    "refuses the off-site return_to %j",
    (value) => {
      expect(ZReturnTo.safeParse(value).success).toBe(false);
    },
  );

  it("accepts own paths and defaults to the setup page", () => {
    expect(ZReturnTo.parse("/tutor/bookings/123")).toBe("/tutor/bookings/123");
    expect(ZReturnTo.parse(undefined)).toBe("/tutor/video-setup");
  });

  it("builds every redirect from APP_URL only", () => {
    expect(appRedirectUrl("https://app.example", "/tutor/video-setup", { connected: "zoom" })).toBe(
      "https://app.example/tutor/video-setup?connected=zoom",
    );
    expect(appRedirectUrl("https://app.example", "//evil.example/x", { error: "state_invalid" })).toBe(
      "https://app.example/tutor/video-setup?error=state_invalid",
    );
  });

  it("has one redirect_uri per provider, on APP_URL", () => {
    expect(oauthRedirectUri("https://app.example", "google_meet")).toBe("https://app.example/api/auth/google/callback");
    expect(oauthRedirectUri("https://app.example/", "zoom")).toBe("https://app.example/api/auth/zoom/callback");
  });
});
