import { describe, expect, it } from "vitest";
import { connectProviderMessage, describeNotConnected, formatProviderList } from "./connect-provider";

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

describe("describeNotConnected", () => {
  it("swaps the generic sentence for the offered providers, keeping the specific reason", () => {
    expect(describeNotConnected("Connect Zoom or Google Meet before accepting bookings", ["Jitsi Meet"])).toBe(
      "Every session needs a meeting link: connect Jitsi Meet on the Video setup page before confirming bookings.",
    );
    const reconnect = describeNotConnected(
      "Your Google Meet connection stopped working: reconnect it on the Video setup page. Connect Zoom or Google Meet before accepting bookings",
      ["Google Meet"],
    );
    expect(reconnect).toBe(
      "Your Google Meet connection stopped working: reconnect it on the Video setup page. Every session needs a meeting link: connect Google Meet on the Video setup page before confirming bookings.",
    );
    expect(describeNotConnected("Connect Zoom or Google Meet before accepting bookings (Zoom is no longer offered on this platform).", ["Jitsi Meet"])).not.toContain("Zoom or");
  });
});
