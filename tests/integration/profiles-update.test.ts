import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateProfile } from "@/lib/profiles/update-profile";
import { testDb } from "../support/db";
import { createUser, type TTestUser } from "../support/factories";

let sql: Sql;
let student: TTestUser;

beforeAll(async () => {
  sql = testDb();
  student = await createUser(sql, { role: "student", fullName: "Before Name" });
});

afterAll(async () => {
  await sql.end();
});

const profileOf = async (id: string) => (await sql`select full_name, timezone, role from public.profiles where id = ${id}`)[0];

describe("updateProfile", () => {
  it("changes the viewer's own name and zone, as the user under RLS", async () => {
    const saved = await updateProfile({ db: sql, viewer: student.viewer, profile: { fullName: "After Name", timezone: "Europe/London" } });
    expect(saved).toEqual({ fullName: "After Name", timezone: "Europe/London" });
    expect(await profileOf(student.id)).toEqual({ full_name: "After Name", timezone: "Europe/London", role: "student" });
  });

  it("refuses a zone Postgres does not know with invalid_input, changing nothing", async () => {
    const before = await profileOf(student.id);
    await expect(
      updateProfile({ db: sql, viewer: student.viewer, profile: { fullName: "X", timezone: "Mars/Olympus_Mons" } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await profileOf(student.id)).toEqual(before);
  });
});
