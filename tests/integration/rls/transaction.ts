import postgres, { type Sql, type TransactionSql } from "postgres";
import { insertFixtures } from "./fixtures.ts";
import { authenticateAs, type TFixtureUser } from "./personas.ts";

const ROLLBACK = Symbol("rollback");

/**
 * Runs `fn` in a transaction that always rolls back, after inserting the
 * fixture world as the owner. Nothing a case does survives it.
 */
export async function withFixtures<T>(sql: Sql, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await sql.begin(async (tx) => {
      await insertFixtures(tx);
      result = { value: await fn(tx) };
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  if (!result) throw new Error("transaction ended without a result");
  return result.value;
}

/** insufficient_privilege: no grant, an RLS `with check` failure, or an append-only trigger. */
export const INSUFFICIENT_PRIVILEGE = "42501";

export function isPostgresError(error: unknown, code?: string): error is postgres.PostgresError {
  return error instanceof postgres.PostgresError && (code === undefined || error.code === code);
}

/** Runs one statement inside a savepoint; a failure leaves the outer transaction usable. */
export async function attempt<T>(
  tx: TransactionSql,
  fn: (sp: TransactionSql) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    const value = (await tx.savepoint(fn)) as T;
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Impersonates `who` over the fixture world; everything rolls back. */
export function asPersona<T>(sql: Sql, who: TFixtureUser | "anon", fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return withFixtures(sql, async (tx) => {
    await authenticateAs(tx, who);
    return fn(tx);
  });
}

/** Expects `fn` to fail with `code` (default: permission denied) inside a savepoint; returns the error. */
export async function expectPgError(
  tx: TransactionSql,
  fn: (sp: TransactionSql) => Promise<unknown>,
  code: string = INSUFFICIENT_PRIVILEGE,
): Promise<postgres.PostgresError> {
  const outcome = await attempt(tx, fn);
  if (outcome.ok) throw new Error(`expected error ${code}, but the statement succeeded`);
  if (!isPostgresError(outcome.error, code)) throw outcome.error;
  return outcome.error;
}
