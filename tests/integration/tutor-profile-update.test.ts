import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser } from "@/lib/db";
import { getTutorProfileForEditing } from "@/lib/tutors/get-tutor-profile-for-editing";
import { updateTutorProfile } from "@/lib/tutors/update-tutor-profile";
import { updateTutorSubjects } from "@/lib/tutors/update-tutor-subjects";
import { testDb } from "../support/db";
import { createTutor, createUser, ensureSubject, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let otherTutor: TTestUser;
let student: TTestUser;
let subjectId: string;

beforeAll(async () => {
  sql = testDb();
  [tutor, otherTutor, student] = await Promise.all([createTutor(sql), createTutor(sql), createUser(sql, { role: "student" })]);
  subjectId = await ensureSubject(sql);
});

afterAll(async () => {
  await sql.end();
});

describe("updateTutorProfile", () => {
  it("writes the tutor's own public fields and reads them back", async () => {
    await updateTutorProfile({
      db: sql,
      viewer: tutor.viewer,
      profile: { displayName: "Ada L.", headline: "Maths, patiently", bio: "Ten years of A-level." },
    });
    const read = await getTutorProfileForEditing({ db: sql, viewer: tutor.viewer });
    expect(read).toMatchObject({ displayName: "Ada L.", headline: "Maths, patiently", bio: "Ten years of A-level." });
    expect(read.catalogue.map((subject) => subject.id)).toContain(subjectId);
  });

  it("refuses a student; another tutor can't reach my row under RLS", async () => {
    await expect(
      updateTutorProfile({ db: sql, viewer: student.viewer, profile: { displayName: "x", headline: "", bio: "" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const changed = await asUser(
      sql,
      otherTutor.viewer,
      (tx) => tx`update public.tutor_profiles set bio = 'hacked' where tutor_id = ${tutor.id} returning 1`,
    );
    expect(changed).toHaveLength(0);
    await expect(
      asUser(sql, tutor.viewer, (tx) => tx`update public.tutor_profiles set next_slot_at = now() where tutor_id = ${tutor.id}`),
    ).rejects.toThrow(/permission denied/);
  });
});

describe("updateTutorSubjects", () => {
  it("adds a subject at a price in integer cents TTD, changes the price, removes it", async () => {
    await updateTutorSubjects({ db: sql, viewer: tutor.viewer, change: { intent: "set", subjectId, price: 15_050 } });
    let read = await getTutorProfileForEditing({ db: sql, viewer: tutor.viewer });
    expect(read.subjects).toEqual([{ subjectId, name: "Mathematics", priceCents: 15_050, currency: "TTD" }]);
    await updateTutorSubjects({ db: sql, viewer: tutor.viewer, change: { intent: "set", subjectId, price: 20_000 } });
    read = await getTutorProfileForEditing({ db: sql, viewer: tutor.viewer });
    expect(read.subjects[0]?.priceCents).toBe(20_000);
    // The other tutor's removal of "their" row leaves mine alone.
    await updateTutorSubjects({ db: sql, viewer: otherTutor.viewer, change: { intent: "remove", subjectId } });
    expect((await getTutorProfileForEditing({ db: sql, viewer: tutor.viewer })).subjects).toHaveLength(1);
    await updateTutorSubjects({ db: sql, viewer: tutor.viewer, change: { intent: "remove", subjectId } });
    expect((await getTutorProfileForEditing({ db: sql, viewer: tutor.viewer })).subjects).toEqual([]);
  });

  it("refuses an unknown subject with not_found and a price the table refuses", async () => {
    await expect(
      updateTutorSubjects({
        db: sql,
        viewer: tutor.viewer,
        change: { intent: "set", subjectId: "00000000-0000-4000-8000-000000000000", price: 15_000 },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(updateTutorSubjects({ db: sql, viewer: tutor.viewer, change: { intent: "set", subjectId, price: 99 } })).rejects.toThrow();
    expect((await getTutorProfileForEditing({ db: sql, viewer: tutor.viewer })).subjects).toEqual([]);
  });
});
