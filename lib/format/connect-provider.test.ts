import { describe, expect, it } from "vitest";
import { connectProviderMessage, formatProviderList } from "./connect-provider";

describe("connectProviderMessage", () => {
  it("names only the providers offered", () => {
    expect(connectProviderMessage(["Jitsi Meet"])).toBe(
      "Every session needs a meeting link: connect Jitsi Meet on the Video setup page before confirming bookings.",
    );
    expect(connectProviderMessage(["Google Meet"])).not.toContain("Zoom");
  });

  it("lists several naturally, and says so when none is offered", () => {
    expect(formatProviderList(["Google Meet", "Zoom"])).toBe("Google Meet or Zoom");
    expect(formatProviderList(["Google Meet", "Zoom", "Jitsi Meet"])).toBe("Google Meet, Zoom or Jitsi Meet");
    expect(connectProviderMessage([])).toContain("no video provider is available");
  });
});
