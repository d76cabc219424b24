import postgres, { type Sql, type TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { asUser } from "@/lib/db";
import { approveParentLink } from "@/lib/parents/approve-parent-link";
import { listLinkRequests } from "@/lib/parents/list-link-requests";
import { listParentLinks } from "@/lib/parents/list-parent-links";
import { requestParentLink } from "@/lib/parents/request-parent-link";
import { withdrawLinkRequest } from "@/lib/parents/withdraw-link-request";
import { createAuthUser } from "../../supabase/local/auth-server.ts";
import { testDb } from "../support/db";
import {
  cancelScheduledSessions,
  createSessionAt,
  createTutor,
  createUser,
  TEST_PASSWORD,
  uniqueEmail,
  viewerOf,
  type TTestUser,
} from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
const base = new Date("2093-03-01T15:00:00.000Z");

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql, { withVideo: false });
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql.end();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (reason: unknown) => reason,
  );
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await caught(promise);
  if (!(error instanceof AppError)) throw error;
  return error;
}

async function pgError(promise: Promise<unknown>): Promise<postgres.PostgresError> {
  const error = await caught(promise);
  if (!(error instanceof postgres.PostgresError)) throw error;
  return error;
}

/** Raw SQL as an impersonated user or anon, exactly as PostgREST would run it; always rolled back. */
async function asRole<T>(who: TTestUser | "anon", fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  const rollback = new Error("rollback");
  let result: { value: T } | undefined;
  await sql
    .begin(async (tx) => {
      const claims = who === "anon" ? { role: "anon" } : { sub: who.id, role: "authenticated", email: who.email };
      await tx`select set_config('role', ${who === "anon" ? "anon" : "authenticated"}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      result = { value: await fn(tx) };
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  if (!result) throw new Error("no result");
  return result.value;
}

async function links(parentId: string) {
  return sql<{ student_id: string; approved_at: Date | null }[]>`
    select student_id, approved_at from public.parent_students where parent_id = ${parentId} order by created_at`;
}

async function invitations(parentId: string): Promise<string[]> {
  const rows = await sql<{ child_email: string }[]>`
    select child_email from public.parent_link_invitations where parent_id = ${parentId} order by child_email`;
  return rows.map((row) => row.child_email);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function isWaitingOnLock(): Promise<boolean> {
  const rows = await sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%request_parent_link%'`;
  return rows.length > 0;
}

/** A new user through the auth endpoint's own insert, with whatever sign-up metadata the browser sent. */
async function signUp(metadata: Record<string, unknown>, email = uniqueEmail(String(metadata.role))): Promise<TTestUser> {
  const id = await createAuthUser(sql, { email, password: TEST_PASSWORD, userMetadata: metadata });
  const role = metadata.role === "parent" ? "parent" : "student";
  return { id, email, password: TEST_PASSWORD, role, viewer: viewerOf({ id, email, role }) };
}

describe("a parent asks to follow a student who has an account", () => {
  it("creates a pending link; the parent sees the child's sessions only once the child approves", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const student = await createUser(sql, { role: "student" });
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: base });
    const childSessions = () =>
      asUser(sql, parent.viewer, (tx) => tx<{ id: string }[]>`select id from public.sessions where student_id = ${student.id}`);

    // Case and spaces do not matter: emails are matched lower-cased.
    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: `  ${student.email.toUpperCase()} ` })).toBe("requested");
    expect(await links(parent.id)).toEqual([{ student_id: student.id, approved_at: null }]);
    expect(await invitations(parent.id)).toEqual([]);
    expect(await childSessions()).toEqual([]);
    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: student.email })).toBe("already_requested");

    const asked = await listParentLinks({ db: sql, viewer: student.viewer });
    expect(asked.map((link) => ({ parentId: link.parentId, approvedAt: link.approvedAt }))).toEqual([
      { parentId: parent.id, approvedAt: null },
    ]);
    await approveParentLink({ db: sql, viewer: student.viewer, parentId: parent.id, now: new Date() });

    expect((await childSessions()).map((row) => row.id)).toEqual([sessionId]);
    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: student.email })).toBe("already_linked");
  });
});

describe("a parent asks for an email with no account yet", () => {
  it("answers exactly as for an existing student, and records an invitation instead of a link", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const childEmail = uniqueEmail("future-child");

    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail })).toBe("requested");
    expect(await links(parent.id)).toEqual([]);
    expect(await invitations(parent.id)).toEqual([childEmail]);
    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail })).toBe("already_requested");
    expect(await listLinkRequests({ db: sql, viewer: parent.viewer })).toEqual([{ childEmail, requestedAt: expect.any(Date) }]);
  });

  it("when a student signs up with that email, every parent's invitation becomes a pending link and disappears", async () => {
    const [parent, otherParent] = await Promise.all([createUser(sql, { role: "parent" }), createUser(sql, { role: "parent" })]);
    const childEmail = uniqueEmail("future-child");
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail });
    await requestParentLink({ db: sql, viewer: otherParent.viewer, childEmail });

    // As the auth endpoint does it: an owner insert into auth.users, the role in user metadata.
    const [child] = await sql<{ id: string }[]>`
      insert into auth.users (email, raw_user_meta_data) values (${childEmail.toUpperCase()}, ${sql.json({ role: "student", full_name: "Future Child" })})
      returning id`;
    if (!child) throw new Error("no user");

    expect(await links(parent.id)).toEqual([{ student_id: child.id, approved_at: null }]);
    expect(await links(otherParent.id)).toEqual([{ student_id: child.id, approved_at: null }]);
    expect(await invitations(parent.id)).toEqual([]);
    expect(await invitations(otherParent.id)).toEqual([]);
    // The new student sees both requests, ready to approve.
    const childViewer = viewerOf({ id: child.id, email: childEmail, role: "student" });
    expect((await listParentLinks({ db: sql, viewer: childViewer })).map((link) => link.parentId).sort()).toEqual(
      [parent.id, otherParent.id].sort(),
    );
  });

  it("a tutor or parent signing up with that email claims nothing", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const childEmail = uniqueEmail("not-a-student");
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail });
    await createUser(sql, { role: "tutor", email: childEmail });

    expect(await links(parent.id)).toEqual([]);
    expect(await invitations(parent.id)).toEqual([childEmail]);
  });
});

describe("sign-up as a parent naming a child", () => {
  it("links to an existing student (pending), as before", async () => {
    const student = await createUser(sql, { role: "student" });
    const parent = await signUp({ role: "parent", full_name: "Signed-up Parent", child_email: ` ${student.email.toUpperCase()}` });
    expect(await links(parent.id)).toEqual([{ student_id: student.id, approved_at: null }]);
    expect(await invitations(parent.id)).toEqual([]);
  });

  it("records an invitation for an unknown email, claimed when the child signs up", async () => {
    const childEmail = uniqueEmail("future-child");
    const parent = await signUp({ role: "parent", full_name: "Early Parent", child_email: childEmail });
    expect(await links(parent.id)).toEqual([]);
    expect(await invitations(parent.id)).toEqual([childEmail]);

    const child = await signUp({ role: "student", full_name: "Late Child" }, childEmail);
    expect(await links(parent.id)).toEqual([{ student_id: child.id, approved_at: null }]);
    expect(await invitations(parent.id)).toEqual([]);
  });

  it("ignores a malformed child email or the parent's own, and still creates the account", async () => {
    for (const childEmail of ["not an email", ""]) {
      const parent = await signUp({ role: "parent", child_email: childEmail });
      expect([await links(parent.id), await invitations(parent.id)]).toEqual([[], []]);
    }
    const email = uniqueEmail("parent");
    const parent = await signUp({ role: "parent", child_email: email.toUpperCase() }, email);
    expect([await links(parent.id), await invitations(parent.id)]).toEqual([[], []]);
  });
});

describe("who may ask", () => {
  it.each(["student", "tutor"] as const)("a %s calling request_parent_link is refused, and nothing is written", async (role) => {
    const user = await createUser(sql, { role });
    const childEmail = uniqueEmail("child");
    const error = await pgError(asRole(user, (tx) => tx`select public.request_parent_link(${childEmail})`));
    expect(error.code).toBe("42501");
    expect((await appError(requestParentLink({ db: sql, viewer: user.viewer, childEmail }))).code).toBe("forbidden");
    expect(await sql`select 1 from public.parent_link_invitations where child_email = ${childEmail}`).toHaveLength(0);
  });

  it("anon cannot execute request_parent_link, and no browser role can call the internal helper", async () => {
    const anonError = await pgError(asRole("anon", (tx) => tx`select public.request_parent_link('someone@example.test')`));
    expect(anonError.code).toBe("42501");
    expect(anonError.message).toMatch(/permission denied for function request_parent_link/);

    const parent = await createUser(sql, { role: "parent" });
    const helperError = await pgError(
      asRole(parent, (tx) => tx`select public.link_or_invite_child(${parent.id}::uuid, 'someone@example.test')`),
    );
    expect(helperError.code).toBe("42501");
  });

  it("refuses a malformed email or the parent's own, in SQL and in the domain function", async () => {
    const parent = await createUser(sql, { role: "parent" });
    for (const childEmail of ["not an email", parent.email.toUpperCase()]) {
      expect((await pgError(asRole(parent, (tx) => tx`select public.request_parent_link(${childEmail})`))).code).toBe("22023");
      expect((await appError(requestParentLink({ db: sql, viewer: parent.viewer, childEmail }))).code).toBe("invalid_input");
    }
    expect([await links(parent.id), await invitations(parent.id)]).toEqual([[], []]);
  });
});

describe("at most 5 requests wait for approval per parent", () => {
  it("the 6th invitation is refused with P0001 'Too many pending invitations'; repeating one is not", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const emails = Array.from({ length: 6 }, () => uniqueEmail("child"));
    for (const childEmail of emails.slice(0, 5)) {
      expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail })).toBe("requested");
    }
    const error = await pgError(asRole(parent, (tx) => tx`select public.request_parent_link(${emails[5] ?? ""})`));
    expect({ code: error.code, message: error.message }).toEqual({ code: "P0001", message: "Too many pending invitations" });
    const refused = await appError(requestParentLink({ db: sql, viewer: parent.viewer, childEmail: emails[5] ?? "" }));
    expect(refused.code).toBe("rate_limited");
    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: emails[0] ?? "" })).toBe("already_requested");
    expect(await invitations(parent.id)).toHaveLength(5);
  });

  it("pending links to existing students count too (so the limit says nothing about which emails have accounts)", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const students = await Promise.all(Array.from({ length: 3 }, () => createUser(sql, { role: "student" })));
    for (const student of students) await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: student.email });
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: uniqueEmail("child") });
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: uniqueEmail("child") });
    const extraStudent = await createUser(sql, { role: "student" });
    expect((await appError(requestParentLink({ db: sql, viewer: parent.viewer, childEmail: extraStudent.email }))).code).toBe(
      "rate_limited",
    );

    // Once a child approves, there is room again.
    const [first] = students;
    if (!first) throw new Error("no student");
    await approveParentLink({ db: sql, viewer: first.viewer, parentId: parent.id, now: new Date() });
    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: extraStudent.email })).toBe("requested");
  });

  it("two requests at once cannot both take the last place", async () => {
    const parent = await createUser(sql, { role: "parent" });
    for (let i = 0; i < 4; i += 1) await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: uniqueEmail("child") });

    // The first request takes the 5th place and holds its transaction open…
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let markTaken = () => {};
    const taken = new Promise<void>((resolve) => (markTaken = resolve));
    const first = asUser(sql, parent.viewer, async (tx) => {
      await tx`select public.request_parent_link(${uniqueEmail("child")})`;
      markTaken();
      await held;
    });
    await taken;
    // …while a second one starts: it must wait for the first, not count beside it.
    let isSecondSettled = false;
    const second = requestParentLink({ db: sql, viewer: parent.viewer, childEmail: uniqueEmail("child") }).then(
      (result) => result,
      (error: unknown) => (error instanceof AppError ? error.code : error),
    );
    void second.then(() => (isSecondSettled = true));
    for (let i = 0; i < 100 && !isSecondSettled && !(await isWaitingOnLock()); i += 1) await sleep(50);
    release();
    await first;

    expect(await second).toBe("rate_limited");
    expect(await invitations(parent.id)).toHaveLength(5);
  });
});

describe("invitations are private to their parent and written only by the database", () => {
  it("no browser role reads or writes invitations directly; a parent lists only their own requests", async () => {
    const [parent, otherParent] = await Promise.all([createUser(sql, { role: "parent" }), createUser(sql, { role: "parent" })]);
    const childEmail = uniqueEmail("child");
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail });

    expect(await listLinkRequests({ db: sql, viewer: otherParent.viewer })).toEqual([]);
    for (const statement of [
      (tx: TransactionSql) => tx`select 1 from public.parent_link_invitations where parent_id = ${parent.id}`,
      (tx: TransactionSql) =>
        tx`insert into public.parent_link_invitations (parent_id, child_email) values (${otherParent.id}, 'x@example.test')`,
      (tx: TransactionSql) => tx`update public.parent_link_invitations set child_email = 'x@example.test' where parent_id = ${parent.id}`,
      (tx: TransactionSql) => tx`delete from public.parent_link_invitations where parent_id = ${parent.id}`,
      (tx: TransactionSql) => tx`select 1 from public.parent_link_request_log`,
    ]) {
      expect((await pgError(asRole(parent, statement))).code).toBe("42501");
    }
    // Another parent's withdrawal touches nothing.
    expect((await appError(withdrawLinkRequest({ db: sql, viewer: otherParent.viewer, childEmail }))).code).toBe("not_found");
    expect(await invitations(parent.id)).toEqual([childEmail]);
  });
});

describe("a parent withdraws a request the child has not approved", () => {
  it("withdraws an invitation and a pending link alike, by email, but never an approved link", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const child = await createUser(sql, { role: "student" });
    const mistyped = uniqueEmail("typo");
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: mistyped });
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: child.email });

    await withdrawLinkRequest({ db: sql, viewer: parent.viewer, childEmail: mistyped.toUpperCase() });
    expect(await invitations(parent.id)).toEqual([]);
    await withdrawLinkRequest({ db: sql, viewer: parent.viewer, childEmail: child.email });
    expect(await links(parent.id)).toEqual([]);

    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: child.email });
    await approveParentLink({ db: sql, viewer: child.viewer, parentId: parent.id, now: new Date() });
    const error = await appError(withdrawLinkRequest({ db: sql, viewer: parent.viewer, childEmail: child.email }));
    expect(error.code).toBe("not_found");
    expect(await links(parent.id)).toHaveLength(1);
    expect((await appError(withdrawLinkRequest({ db: sql, viewer: child.viewer, childEmail: child.email }))).code).toBe("forbidden");
  });
});
