import type { Sql, TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "../support/db";
import { IDS } from "./rls/fixtures";
import { authenticateAs, authenticateAsOwner, USER_IDS, type TFixtureUser } from "./rls/personas";
import { asPersona, expectPgError } from "./rls/transaction";

/**
 * What the RLS grid (tests/integration/rls-matrix.test.ts, session_ratings rows) cannot show:
 * who may write which column, the tutor's one reply, the edit window, and the public reads.
 * Fixtures: SR1 rates S1 (student ↔ tutor), 4 stars, no reply; S2 and S3 are unrated.
 */
let sql: Sql;
beforeAll(() => {
  sql = testDb(2);
});
afterAll(async () => {
  await sql.end();
});

const as = <T>(who: TFixtureUser | "anon", fn: (tx: TransactionSql) => Promise<T>): Promise<T> => asPersona(sql, who, fn);
const SR1 = IDS.SR1;

async function sr1(tx: TransactionSql) {
  await authenticateAsOwner(tx);
  const [row] = await tx<{ stars: number; reply: string | null; replied_at: Date | null; rated_by: string }[]>`
    select stars, reply, replied_at, rated_by from public.session_ratings where id = ${SR1}`;
  return row!;
}

describe("session_ratings: each side writes only its own columns", () => {
  it("the tutor replies once through RLS; replied_at is the database's clock; a second reply is refused", async () => {
    await as("tutor", async (tx) => {
      const result = await tx`update public.session_ratings set reply = 'Thanks, Sam' where id = ${SR1}`;
      expect(result.count).toBe(1);
      const again = await tx`update public.session_ratings set reply = 'Edited' where id = ${SR1}`;
      expect(again.count).toBe(0);
      const row = await sr1(tx);
      expect(row.reply).toBe("Thanks, Sam");
      expect(row.replied_at).not.toBeNull();
    });
  });

  it("the tutor cannot change the stars or comment, even alongside a reply", async () => {
    await as("tutor", async (tx) => {
      await expectPgError(tx, (sp) => sp`update public.session_ratings set stars = 5 where id = ${SR1}`);
      await expectPgError(tx, (sp) => sp`update public.session_ratings set comment = 'Best tutor ever' where id = ${SR1}`);
      await expectPgError(tx, (sp) => sp`update public.session_ratings set stars = 5, reply = 'x' where id = ${SR1}`);
      expect((await sr1(tx)).stars).toBe(4);
    });
  });

  it("the student and the parent cannot write the reply; nobody writes replied_at, rated_by, the window or the parties", async () => {
    for (const who of ["student", "parent"] as const) {
      await as(who, async (tx) => {
        await expectPgError(tx, (sp) => sp`update public.session_ratings set reply = 'Self-reply' where id = ${SR1}`);
        for (const column of [
          "replied_at = now()",
          `rated_by = '${USER_IDS.parent}'`,
          "editable_until = now() + interval '1 year'",
          `tutor_id = '${USER_IDS.otherTutor}'`,
          "created_at = now()",
        ]) {
          await expectPgError(tx, (sp) => sp.unsafe(`update public.session_ratings set ${column} where id = '${SR1}'`));
        }
        expect((await sr1(tx)).reply).toBeNull();
      });
    }
  });

  it("a parent's edit makes them the rater; the stars change", async () => {
    await as("parent", async (tx) => {
      expect((await tx`update public.session_ratings set stars = 5 where id = ${SR1}`).count).toBe(1);
      expect(await sr1(tx)).toMatchObject({ stars: 5, rated_by: USER_IDS.parent });
    });
  });

  it("after the 7 days the student's edit touches nothing; the tutor can still reply", async () => {
    await as("student", async (tx) => {
      await authenticateAsOwner(tx);
      await tx`alter table public.session_ratings disable trigger session_ratings_guard`;
      await tx`update public.session_ratings set created_at = now() - interval '8 days', updated_at = now() - interval '8 days',
        editable_until = now() - interval '1 day' where id = ${SR1}`;
      await tx`alter table public.session_ratings enable trigger session_ratings_guard`;
      await authenticateAs(tx, "student");
      expect((await tx`update public.session_ratings set stars = 1 where id = ${SR1}`).count).toBe(0);
      await authenticateAs(tx, "tutor");
      expect((await tx`update public.session_ratings set reply = 'Late thanks' where id = ${SR1}`).count).toBe(1);
      expect(await sr1(tx)).toMatchObject({ stars: 4, reply: "Late thanks" });
    });
  });

  it("a student cannot rate a lesson that is not completed (S3 is scheduled), nor pick the clock or a reply", async () => {
    await as("student", async (tx) => {
      await expectPgError(
        tx,
        (sp) => sp`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars)
                   values (${IDS.S3}, ${USER_IDS.tutor}, ${USER_IDS.student}, ${USER_IDS.student}, 5)`,
      );
      await expectPgError(
        tx,
        (sp) => sp`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars, reply)
                   values (${IDS.S2}, ${USER_IDS.otherTutor}, ${USER_IDS.otherStudent}, ${USER_IDS.student}, 5, 'mine')`,
      );
    });
    await as("otherStudent", async (tx) => {
      await expectPgError(
        tx,
        (sp) => sp`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars, editable_until)
                   values (${IDS.S2}, ${USER_IDS.otherTutor}, ${USER_IDS.otherStudent}, ${USER_IDS.otherStudent}, 5, now() + interval '1 year')`,
      );
      // a second rating of S1 by someone else's lesson's student is refused too (not theirs)
      await expectPgError(
        tx,
        (sp) => sp`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars)
                   values (${IDS.S1}, ${USER_IDS.tutor}, ${USER_IDS.student}, ${USER_IDS.otherStudent}, 1)`,
      );
    });
  });

  it("a student's own lesson can be rated once: a second insert is a unique violation", async () => {
    await as("student", async (tx) => {
      await expectPgError(
        tx,
        (sp) => sp`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars)
                   values (${IDS.S1}, ${USER_IDS.tutor}, ${USER_IDS.student}, ${USER_IDS.student}, 1)`,
        "23505",
      );
    });
  });
});

describe("public reads: no rater id or email, for anyone, anon included", () => {
  it("anon cannot read the table but reads the published reviews through the function", async () => {
    await as("anon", async (tx) => {
      await expectPgError(tx, (sp) => sp`select id from public.session_ratings`);
      const rows = await tx`select * from public.tutor_public_ratings(${USER_IDS.tutor}::uuid)`;
      expect(rows).toHaveLength(1);
      expect(Object.keys(rows[0]!).sort()).toEqual(
        ["comment", "created_at", "rater_name", "rating_id", "replied_at", "reply", "stars", "subject_name", "updated_at"].sort(),
      );
      expect(rows[0]).toMatchObject({ stars: 4, comment: "Clear and patient", rater_name: "Sam S." });
      expect(JSON.stringify(rows)).not.toContain(USER_IDS.student);
      expect(JSON.stringify(rows)).not.toContain("@fixtures.test");
    });
  });

  it("the summary has no row below 3 ratings, for anon and signed-in alike", async () => {
    for (const who of ["anon", "otherStudent"] as const) {
      await as(who, async (tx) => {
        expect(await tx`select * from public.tutor_rating_summary(${[USER_IDS.tutor, USER_IDS.otherTutor]}::uuid[])`).toEqual([]);
      });
    }
  });

  it("nobody outside the lesson reads the row itself", async () => {
    for (const who of ["otherStudent", "otherTutor", "unrelatedParent"] as const) {
      await as(who, async (tx) => {
        expect(await tx`select id from public.session_ratings`).toEqual([]);
      });
    }
  });
});
