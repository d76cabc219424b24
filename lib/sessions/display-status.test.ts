import { describe, expect, it } from "vitest";
import { displaySessionStatus } from "./display-status";

const session = {
  status: "SCHEDULED" as const,
  scheduledStartAt: new Date("2026-11-21T15:00:00Z"),
  scheduledEndAt: new Date("2026-11-21T16:00:00Z"),
};

describe("displaySessionStatus", () => {
  it("derives JOIN_OPEN from time alone", () => {
    expect(displaySessionStatus(session, new Date("2026-11-21T14:54:59Z"))).toBe("SCHEDULED");
    expect(displaySessionStatus(session, new Date("2026-11-21T14:55:00Z"))).toBe("JOIN_OPEN");
    expect(displaySessionStatus(session, new Date("2026-11-21T15:59:59Z"))).toBe("JOIN_OPEN");
  });

  it("shows a scheduled session past its end as awaiting the charge job", () => {
    expect(displaySessionStatus(session, new Date("2026-11-21T16:00:00Z"))).toBe("AWAITING_CHARGE");
  });

  it("shows terminal states as stored, whatever the time", () => {
    expect(displaySessionStatus({ ...session, status: "NO_SHOW_STUDENT" }, new Date("2026-11-21T15:30:00Z"))).toBe("NO_SHOW_STUDENT");
    expect(displaySessionStatus({ ...session, status: "CANCELLED" }, new Date("2026-11-21T14:56:00Z"))).toBe("CANCELLED");
  });
});
