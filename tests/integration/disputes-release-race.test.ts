import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDispute } from "@/lib/disputes/open-dispute";
import { releaseDuePayouts } from "@/lib/payments/release-due-payouts";
import { testDb } from "../support/db";
import { createChargedLesson, ledgerTotals } from "../support/dispute-fixtures";
import { createTutor, createUser, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;

beforeAll(async () => {
  sql = testDb(8);
  tutor = await createTutor(sql);
  student = await createUser(sql, { role: "student" });
});

afterAll(async () => {
  await sql.end();
});

describe("a dispute racing the release job", () => {
  it("either the dispute is refused (released first) or the payout stays held: never both a dispute and a released payout", async () => {
    for (let round = 0; round < 8; round += 1) {
      const lesson = await createChargedLesson(sql, { tutor, student, releaseAt: new Date(Date.now() + 1500) });
      await new Promise((resolve) => setTimeout(resolve, 1500 - round * 20));
      const [opened, released] = await Promise.allSettled([
        openDispute({
          db: sql,
          viewer: student.viewer,
          sessionId: lesson.sessionId,
          input: { kind: "lesson_problem", description: "Racing the release of this payout." },
          now: new Date(lesson.releaseAt.getTime() - 1),
        }),
        releaseDuePayouts({ db: sql, now: new Date(lesson.releaseAt.getTime() + 1000) }),
      ]);
      expect(released.status).toBe("fulfilled");
      const status = (await ledgerTotals(sql, lesson.sessionId)).payoutStatus;
      if (opened.status === "fulfilled") expect(status).toBe("held");
      else expect(opened.reason).toMatchObject({ code: "too_late" });
    }
  });
});
