import type { TransactionSql } from "postgres";

/** The browser-side identities the matrix impersonates (lib/README.md, Security). */
export const PERSONAS = ["anon", "student", "otherStudent", "tutor", "otherTutor", "parent", "unrelatedParent", "admin"] as const;
export type TPersona = (typeof PERSONAS)[number];
export type TSignedInPersona = Exclude<TPersona, "anon">;

/**
 * Fixed ids: every fixture lives inside a transaction that rolls back, so
 * nothing is ever committed and fixed ids cannot collide across cases.
 * `pendingParent` is not in the grid: its link to `student` is not approved.
 */
export const USER_IDS = {
  student: "a0000000-0000-4000-8000-000000000001",
  otherStudent: "a0000000-0000-4000-8000-000000000002",
  tutor: "a0000000-0000-4000-8000-000000000003",
  otherTutor: "a0000000-0000-4000-8000-000000000004",
  parent: "a0000000-0000-4000-8000-000000000005",
  unrelatedParent: "a0000000-0000-4000-8000-000000000006",
  admin: "a0000000-0000-4000-8000-000000000007",
  pendingParent: "a0000000-0000-4000-8000-000000000008",
} as const;
export type TFixtureUser = keyof typeof USER_IDS;

/**
 * basejump's `authenticate_as`: switch to the API role PostgREST would use and
 * hand it the JWT claims auth.uid() reads. Transaction-local (`true`), so the
 * rollback that ends every case also ends the impersonation.
 */
export async function authenticateAs(tx: TransactionSql, who: TFixtureUser | "anon"): Promise<void> {
  if (who === "anon") {
    await tx`select set_config('role', 'anon', true), set_config('request.jwt.claims', ${JSON.stringify({ role: "anon" })}, true)`;
    return;
  }
  const claims = {
    sub: USER_IDS[who],
    role: "authenticated",
    aud: "authenticated",
    email: `rls.${who.toLowerCase()}@fixtures.test`,
    app_metadata: who === "admin" ? { role: "admin" } : {},
  };
  await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
}

/** Back to the owner (the connection's session user) inside the same transaction. */
export async function authenticateAsOwner(tx: TransactionSql): Promise<void> {
  await tx`set local role none`;
  await tx`select set_config('request.jwt.claims', '', true)`;
}
