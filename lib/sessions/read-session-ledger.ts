import type { Tx } from "@/lib/db";
import { toCents } from "@/lib/sessions/session-row";

export type TLedgerLine = {
  id: string;
  kind: string;
  amountCents: number;
  currency: string;
  status: string;
  releaseAt: Date | null;
  releasedAt: Date | null;
  createdAt: Date;
};

/** The ledger lines of a session that RLS lets the viewer read (their own party rows; admins all). */
export async function readSessionLedger(tx: Tx, sessionId: string): Promise<TLedgerLine[]> {
  const rows = await tx<
    {
      id: string;
      kind: string;
      amount_cents: string | number;
      currency: string;
      status: string;
      release_at: Date | null;
      released_at: Date | null;
      created_at: Date;
    }[]
  >`
    select id, kind, amount_cents, currency, status, release_at, released_at, created_at
    from public.ledger_entries
    where session_id = ${sessionId}
    order by created_at, kind
  `;
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    amountCents: toCents(row.amount_cents),
    currency: row.currency,
    status: row.status,
    releaseAt: row.release_at,
    releasedAt: row.released_at,
    createdAt: row.created_at,
  }));
}
