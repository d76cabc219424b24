import { describe, expect, it } from "vitest";
import { rescheduleProposalExpiresAt } from "./reschedule-deadline";

const now = new Date("2026-12-01T12:00:00.000Z");
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe("rescheduleProposalExpiresAt", () => {
  it("lapses 24 hours after the proposal when both slots are far away", () => {
    expect(rescheduleProposalExpiresAt({ now, newStartAt: hours(100), currentStartAt: hours(90), minimumNoticeMinutes: 120 })).toEqual(
      hours(24),
    );
  });

  it("lapses at the new slot's notice cut-off when that comes first", () => {
    expect(rescheduleProposalExpiresAt({ now, newStartAt: hours(10), currentStartAt: hours(90), minimumNoticeMinutes: 120 })).toEqual(
      hours(8),
    );
  });

  it("never outlives the session's current start", () => {
    expect(rescheduleProposalExpiresAt({ now, newStartAt: hours(48), currentStartAt: hours(5), minimumNoticeMinutes: 0 })).toEqual(
      hours(5),
    );
  });
});
