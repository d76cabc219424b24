import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getSession } from "@/app/api/sessions/[id]/route";
import { GET as listSessions } from "@/app/api/sessions/route";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createParentOf,
  createSessionAt,
  createTutor,
  createUser,
  idParams,
  minutesFrom,
  readResponse,
  signIn,
  type TTestUser,
} from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
let otherStudent: TTestUser;
let parent: TTestUser;
let admin: TTestUser;
let upcomingId: string;
let chargedId: string;

const get = (path: string, token?: string | null) => apiRequest(path, { method: "GET", token });

/** Every number anywhere in a JSON value. */
const numbersIn = (value: unknown): number[] =>
  typeof value === "number" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(numbersIn) : [];

beforeAll(async () => {
  sql = testDb();
  [tutor, student, otherStudent, admin] = await Promise.all([
    createTutor(sql),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "admin" }),
  ]);
  parent = await createParentOf(sql, student);
  const now = new Date();
  ({ sessionId: upcomingId } = await createSessionAt(sql, {
    tutor,
    student,
    startAt: minutesFrom(now, 120),
    joinUrl: "https://meet.jit.si/secret-room-upcoming",
  }));
  ({ sessionId: chargedId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, -24 * 60), priceCents: 15_000 }));
  await sql`
    update public.sessions set status = 'COMPLETED_ASSUMED', charged_at = scheduled_end_at,
      charge_cents = 15000, payout_cents = 13500, platform_fee_cents = 1500
    where id = ${chargedId}`;
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql.end();
});

describe("GET /api/sessions", () => {
  it("is 401 unauthorized without a token, and with a token that is not a JWT", async () => {
    for (const token of [null, "not-a-jwt"]) {
      const { status, code } = await readResponse(await listSessions(get("/api/sessions", token)));
      expect([status, code]).toEqual([401, "unauthorized"]);
    }
  });

  it("is 422 invalid_input for an unknown scope", async () => {
    const { status, code } = await readResponse(await listSessions(get("/api/sessions?scope=everything", await signIn(student))));
    expect([status, code]).toEqual([422, "invalid_input"]);
  });

  it("lists only the viewer's sessions, never with a meeting link, uncached", async () => {
    const response = await listSessions(get("/api/sessions", await signIn(otherStudent)));
    const { status, body, text } = await readResponse(response);
    expect(status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body).toMatchObject({ upcoming: [], past: [] });
    expect(text).not.toContain(upcomingId);

    const own = await readResponse(await listSessions(get("/api/sessions?scope=upcoming", await signIn(student))));
    const upcoming = own.body.upcoming as { id: string; scheduled_start_at: string }[];
    expect(upcoming.map((s) => s.id)).toEqual([upcomingId]);
    expect(upcoming[0]?.scheduled_start_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(own.body.past).toEqual([]);
    expect(own.text).not.toContain("secret-room");
  });

  it("shows a student and a parent what they pay, the tutor also the payout, only an admin the fee", async () => {
    const amountsFor = async (user: TTestUser) => {
      const { body } = await readResponse(await listSessions(get("/api/sessions?scope=past", await signIn(user))));
      const row = (body.past as Record<string, unknown>[]).find((s) => s.id === chargedId);
      if (!row) throw new Error(`${user.role} does not see the charged session`);
      return row;
    };
    for (const payer of [student, parent]) {
      const row = await amountsFor(payer);
      expect(row).toMatchObject({ price_cents: 15_000, charge_cents: 15_000, amount: { kind: "charged", cents: 15_000 } });
      expect(Object.keys(row)).not.toEqual(expect.arrayContaining(["payout_cents"]));
      // Neither a field that names the payout or the fee nor their amounts anywhere in the row (values, not
      // a regex over the JSON: a uuid can hold "13500").
      expect(Object.keys(row).filter((key) => /payout|fee/i.test(key))).toEqual([]);
      expect(numbersIn(row).filter((cents) => cents === 13_500 || cents === 1_500)).toEqual([]);
    }
    const tutorRow = await amountsFor(tutor);
    expect(tutorRow).toMatchObject({ payout_cents: 13_500, amount: { kind: "payout", cents: 13_500 } });
    expect(tutorRow).not.toHaveProperty("platform_fee_cents");
    // An admin's list is every session of the shared test database (the newest past ones only): ask for this one.
    const adminView = await readResponse(await getSession(get(`/api/sessions/${chargedId}`, await signIn(admin)), idParams(chargedId)));
    expect(adminView.body).toMatchObject({ payout_cents: 13_500, platform_fee_cents: 1_500 });
  });
});

describe("GET /api/sessions/[id]", () => {
  it("is 401 unauthorized without a token", async () => {
    const { status, code } = await readResponse(await getSession(get(`/api/sessions/${upcomingId}`), idParams(upcomingId)));
    expect([status, code]).toEqual([401, "unauthorized"]);
  });

  it("is 422 invalid_input for an id that is not a uuid, before any lookup", async () => {
    const token = await signIn(student);
    for (const id of ["nope", "1 or 1=1", `${upcomingId}x`]) {
      const { status, code } = await readResponse(await getSession(get(`/api/sessions/${encodeURIComponent(id)}`, token), idParams(id)));
      expect([status, code]).toEqual([422, "invalid_input"]);
    }
  });

  it("is 404 not_found for another user's session and for one that does not exist", async () => {
    const token = await signIn(otherStudent);
    for (const id of [upcomingId, randomUUID()]) {
      const { status, code, text } = await readResponse(await getSession(get(`/api/sessions/${id}`, token), idParams(id)));
      expect([status, code]).toEqual([404, "not_found"]);
      expect(text).not.toContain("secret-room");
    }
  });

  it("gives the session's student its status and what they pay, no link, no payout, uncached", async () => {
    const response = await getSession(get(`/api/sessions/${upcomingId}`, await signIn(student)), idParams(upcomingId));
    const { status, body, text } = await readResponse(response);
    expect(status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body).toMatchObject({
      id: upcomingId,
      relation: "student",
      status: "SCHEDULED",
      display_status: "SCHEDULED",
      price_cents: 10_000,
    });
    expect(body).not.toHaveProperty("payout_cents");
    expect(body).not.toHaveProperty("platform_fee_cents");
    expect(text).not.toContain("secret-room");
    expect(text).not.toContain("join_url");
  });

  it("gives the tutor the payout and an admin the fee of a charged session", async () => {
    const read = async (user: TTestUser) =>
      (await readResponse(await getSession(get(`/api/sessions/${chargedId}`, await signIn(user)), idParams(chargedId)))).body;
    expect(await read(parent)).toMatchObject({ relation: "parent", charge_cents: 15_000 });
    expect(await read(parent)).not.toHaveProperty("payout_cents");
    const tutorBody = await read(tutor);
    expect(tutorBody).toMatchObject({ relation: "tutor", display_status: "COMPLETED_ASSUMED", payout_cents: 13_500 });
    expect(tutorBody).not.toHaveProperty("platform_fee_cents");
    expect(await read(admin)).toMatchObject({ relation: "other", payout_cents: 13_500, platform_fee_cents: 1_500 });
  });
});
