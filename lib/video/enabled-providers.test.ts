import { describe, expect, it } from "vitest";
import { enabledVideoProviders } from "./enabled-providers";

const credentials = { GOOGLE_CLIENT_ID: "g", GOOGLE_CLIENT_SECRET: "gs", ZOOM_CLIENT_ID: "z", ZOOM_CLIENT_SECRET: "zs" };

describe("enabledVideoProviders", () => {
  it("offers the listed providers that have credentials", () => {
    expect(enabledVideoProviders({ VIDEO_PROVIDERS: "jitsi,google_meet,zoom", ...credentials })).toEqual(["zoom", "google_meet", "jitsi"]);
  });

  it("leaves Jitsi out unless the platform lists it", () => {
    expect(enabledVideoProviders({ VIDEO_PROVIDERS: "google_meet,zoom", ...credentials })).toEqual(["zoom", "google_meet"]);
  });

  it("leaves out OAuth providers without client credentials", () => {
    expect(enabledVideoProviders({ VIDEO_PROVIDERS: "jitsi,google_meet,zoom", GOOGLE_CLIENT_ID: "g" })).toEqual(["jitsi"]);
  });
});
