import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "../support/db";
import { createUsersBulk } from "../support/factories";

/** The test factories themselves: a helper that makes the wrong kind of user would make other tests lie. */
let sql: Sql;

beforeAll(() => {
  sql = testDb();
});

afterAll(async () => {
  await sql.end();
});

describe("createUsersBulk", () => {
  it.each(["tutor", "student"] as const)("makes %s profiles (the sign-up trigger reads the role from the metadata)", async (role) => {
    const users = await createUsersBulk(sql, { role, count: 3 });
    const rows = await sql<{ role: string }[]>`select role from public.profiles where id = any(${users.map((u) => u.id)}::uuid[])`;
    expect(rows.map((row) => row.role)).toEqual([role, role, role]);
  });
});
