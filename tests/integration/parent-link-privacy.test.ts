import type { Sql, TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { asUser } from "@/lib/db";
import { approveParentLink } from "@/lib/parents/approve-parent-link";
import { listChildren } from "@/lib/parents/list-children";
import { listLinkRequests } from "@/lib/parents/list-link-requests";
import { requestParentLink } from "@/lib/parents/request-parent-link";
import { unlinkChild } from "@/lib/parents/unlink-child";
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
  type TTestUser,
} from "../support/factories";

let sql: Sql;
let tutor: TTestUser;

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql, { withVideo: false });
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql.end();
});

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error("expected the call to fail"),
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

/** Everything a parent can observe of their requests, with the email replaced by a placeholder. */
async function whatTheParentSees(parent: TTestUser, childEmail: string) {
  const asked = await requestParentLink({ db: sql, viewer: parent.viewer, childEmail });
  const again = await requestParentLink({ db: sql, viewer: parent.viewer, childEmail });
  const listed = (await listLinkRequests({ db: sql, viewer: parent.viewer })).map((request) => ({
    childEmail: request.childEmail === childEmail,
    isRecent: Math.abs(Date.now() - request.requestedAt.getTime()) < 60_000,
  }));
  const direct = await asUser(sql, parent.viewer, async (tx: TransactionSql) => ({
    links: (await tx`select student_id from public.parent_students where parent_id = ${parent.id}`).length,
    profiles: (await tx`select id from public.profiles where id <> ${parent.id} and role = 'student'`).length,
    invitations: await tx
      .savepoint((sp) => sp`select 1 from public.parent_link_invitations`)
      .then(
        () => "readable",
        (error: { code?: string }) => error.code,
      ),
  }));
  await withdrawLinkRequest({ db: sql, viewer: parent.viewer, childEmail });
  const withdrawnAgain = await appError(withdrawLinkRequest({ db: sql, viewer: parent.viewer, childEmail }));
  const listedAfter = await listLinkRequests({ db: sql, viewer: parent.viewer });
  return { asked, again, listed, direct, withdrawnAgain: { code: withdrawnAgain.code, message: withdrawnAgain.message }, listedAfter };
}

describe("a parent cannot tell whether an email has a student account", () => {
  it("asking, listing, reading directly and withdrawing look exactly the same for an existing student and an unknown email", async () => {
    const [parentOfStudent, parentOfNobody] = await Promise.all([createUser(sql, { role: "parent" }), createUser(sql, { role: "parent" })]);
    const student = await createUser(sql, { role: "student" });
    const existing = await whatTheParentSees(parentOfStudent, student.email);
    const unknown = await whatTheParentSees(parentOfNobody, uniqueEmail("nobody"));
    expect(existing).toEqual(unknown);
    expect(existing).toMatchObject({
      asked: "requested",
      again: "already_requested",
      listed: [{ childEmail: true, isRecent: true }],
      direct: { links: 0, profiles: 0, invitations: "42501" },
      withdrawnAgain: { code: "not_found" },
      listedAfter: [],
    });
  });

  it("lists a pending link by the email asked for, exactly like an invitation", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const student = await createUser(sql, { role: "student" });
    const unknownEmail = uniqueEmail("nobody");
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: student.email.toUpperCase() });
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: unknownEmail });
    const listed = await listLinkRequests({ db: sql, viewer: parent.viewer });
    expect(listed.map((request) => request.childEmail).sort()).toEqual([student.email.toLowerCase(), unknownEmail].sort());
    expect(await listChildren({ db: sql, viewer: parent.viewer })).toEqual([]);
  });
});

describe("at most 10 link requests per parent per 24 hours, withdrawn ones included", () => {
  it("cancel-and-request stops at the 11th with a clear 429 that names the limit, and writes nothing", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const student = await createUser(sql, { role: "student" });
    for (let i = 0; i < 10; i += 1) {
      expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: student.email })).toBe("requested");
      await withdrawLinkRequest({ db: sql, viewer: parent.viewer, childEmail: student.email });
    }
    const refused = await appError(requestParentLink({ db: sql, viewer: parent.viewer, childEmail: student.email }));
    expect(refused.code).toBe("rate_limited");
    expect(refused.message).toMatch(/at most 10 link requests in 24 hours/);
    const [pending] = await sql`select count(*)::int as n from public.parent_students where parent_id = ${parent.id}`;
    expect(pending?.n).toBe(0);
    const [limit] = await sql`select public.parent_link_daily_limit() as n`;
    expect(limit?.n).toBe(10);
  });

  it("requests older than 24 hours no longer count", async () => {
    const parent = await createUser(sql, { role: "parent" });
    for (let i = 0; i < 10; i += 1) {
      const childEmail = uniqueEmail("child");
      await requestParentLink({ db: sql, viewer: parent.viewer, childEmail });
      await withdrawLinkRequest({ db: sql, viewer: parent.viewer, childEmail });
    }
    expect((await appError(requestParentLink({ db: sql, viewer: parent.viewer, childEmail: uniqueEmail("child") }))).code).toBe(
      "rate_limited",
    );
    await sql`update public.parent_link_request_log set requested_at = now() - interval '25 hours' where parent_id = ${parent.id}`;
    expect(await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: uniqueEmail("child") })).toBe("requested");
  });
});

describe("an email of a tutor, parent or admin account is refused", () => {
  it.each(["tutor", "parent", "admin"] as const)("a %s's email: 422 saying so, nothing written", async (role) => {
    const parent = await createUser(sql, { role: "parent" });
    const other = await createUser(sql, { role });
    const refused = await appError(requestParentLink({ db: sql, viewer: parent.viewer, childEmail: other.email }));
    expect(refused.code).toBe("invalid_input");
    expect(refused.message).toMatch(/belongs to a tutor, parent or admin account/);
    const written = await sql`
      select (select count(*)::int from public.parent_link_invitations where parent_id = ${parent.id}) as invitations,
             (select count(*)::int from public.parent_students where parent_id = ${parent.id}) as links,
             (select count(*)::int from public.parent_link_request_log where parent_id = ${parent.id}) as logged`;
    expect(written[0]).toEqual({ invitations: 0, links: 0, logged: 0 });
  });

  it("a parent signing up with a tutor's email as the child's still gets an account, and nothing else", async () => {
    const other = await createUser(sql, { role: "tutor" });
    const email = uniqueEmail("parent");
    const id = await createAuthUser(sql, { email, password: TEST_PASSWORD, userMetadata: { role: "parent", child_email: other.email } });
    const [counts] = await sql`
      select (select count(*)::int from public.profiles where id = ${id}) as profiles,
             (select count(*)::int from public.parent_link_invitations where parent_id = ${id}) as invitations`;
    expect(counts).toEqual({ profiles: 1, invitations: 0 });
  });
});

describe("a parent's children: name and email once approved, and Unlink", () => {
  it("lists the approved child by name and email; unlinking ends the parent's view of their lessons", async () => {
    const parent = await createUser(sql, { role: "parent" });
    const student = await createUser(sql, { role: "student", fullName: "Sam Longname-Student" });
    await createSessionAt(sql, { tutor, student, startAt: new Date("2094-04-01T15:00:00.000Z") });
    await requestParentLink({ db: sql, viewer: parent.viewer, childEmail: student.email });
    expect((await appError(unlinkChild({ db: sql, viewer: parent.viewer, studentId: student.id }))).code).toBe("not_found");
    await approveParentLink({ db: sql, viewer: student.viewer, parentId: parent.id, now: new Date() });

    expect(await listChildren({ db: sql, viewer: parent.viewer })).toEqual([
      { studentId: student.id, name: "Sam Longname-Student", email: student.email.toLowerCase(), approvedAt: expect.any(Date) },
    ]);
    expect(await listLinkRequests({ db: sql, viewer: parent.viewer })).toEqual([]);
    const sessions = () => asUser(sql, parent.viewer, (tx) => tx`select id from public.sessions where student_id = ${student.id}`);
    expect(await sessions()).toHaveLength(1);

    await unlinkChild({ db: sql, viewer: parent.viewer, studentId: student.id });
    expect(await listChildren({ db: sql, viewer: parent.viewer })).toEqual([]);
    expect(await sessions()).toHaveLength(0);
    expect((await appError(unlinkChild({ db: sql, viewer: student.viewer, studentId: student.id }))).code).toBe("forbidden");
  });
});
