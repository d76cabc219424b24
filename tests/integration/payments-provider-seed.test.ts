import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBootstrap, applyMigrations } from "../../supabase/local/migrate.ts";
import { seedDemoData } from "../../supabase/local/seed.ts";
import { startStripeFake, type TStripeFake } from "../fakes/stripe-fake";
import { testDb } from "../support/db";

/**
 * `npm run dev`'s demo payments (supabase/local/seed-payments.ts): the demo payers have saved Visa
 * 4242 cards the Stripe fake knows and can charge, tutor@ is onboarded, tutor3@ is not; a restart
 * (the fake reloading its state file) keeps them, and a wiped fake gets them made again.
 * Runs on its own database, like the demo seed test.
 */
const PAYERS = ["student@example.com", "student2@example.com", "parent@example.com"];

let admin: Sql;
let sql: Sql;
let databaseUrl: string;
let stateDir: string;
const databaseName = `demo_payments_${Math.random().toString(36).slice(2, 10)}`;
const fakes: TStripeFake[] = [];

beforeAll(async () => {
  admin = testDb(1);
  await admin.unsafe(`create database ${databaseName}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  sql = postgres(databaseUrl, { max: 2, prepare: false, onnotice: () => {}, transform: { undefined: null } });
  await applyBootstrap(sql);
  await applyMigrations(sql);
  stateDir = await mkdtemp(path.join(tmpdir(), "stripe-fake-state-"));
});

afterAll(async () => {
  for (const fake of fakes) await fake.stop();
  await sql?.end();
  await admin?.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin?.end();
  await rm(stateDir, { recursive: true, force: true });
});

async function startFake(stateFile: string): Promise<TStripeFake> {
  const fake = await startStripeFake({ stateFile, rateLimitPerSecond: null });
  fakes.push(fake);
  return fake;
}

async function savedCards() {
  return sql<{ email: string; customer_ref: string; payment_method_ref: string; brand: string; last4: string }[]>`
    select u.email, m.customer_ref, m.payment_method_ref, m.brand, m.last4
    from public.payment_methods m join auth.users u on u.id = m.user_id order by u.email`;
}

async function payees() {
  return sql<{ email: string; account_ref: string; payouts_enabled: boolean }[]>`
    select u.email, p.account_ref, p.payouts_enabled from public.payee_accounts p join auth.users u on u.id = p.tutor_id order by u.email`;
}

describe("demo payments", () => {
  it(
    "seeds cards and a payout account the fake knows, keeps them across a restart, remakes them for a wiped fake",
    { timeout: 120_000 },
    async () => {
      const stateFile = path.join(stateDir, "stripe-fake.json");
      const first = await startFake(stateFile);
      await seedDemoData(databaseUrl, new Date(), { stripe: first });

      const cards = await savedCards();
      expect(cards.map((card) => card.email)).toEqual([...PAYERS].sort());
      for (const card of cards) {
        expect(card).toMatchObject({ brand: "visa", last4: "4242" });
        expect(first.controls.object(card.payment_method_ref)).toMatchObject({ object: "payment_method", customer: card.customer_ref });
      }
      const student = cards.find((card) => card.email === "student@example.com")!;
      const sessionId = randomUUID();
      const charge = await first.provider.chargeOffSession({
        customerRef: student.customer_ref,
        paymentMethodRef: student.payment_method_ref,
        amountCents: 15_000,
        currency: "TTD",
        description: "Demo lesson",
        sessionId,
        attemptId: randomUUID(),
        transferGroup: sessionId,
        idempotencyKey: `session:${sessionId}:charge`,
      });
      expect(charge.status).toBe("succeeded");

      const accounts = await payees();
      expect(accounts.map((account) => [account.email, account.payouts_enabled])).toEqual([["tutor@example.com", true]]);
      expect(await first.provider.readPayee(accounts[0]!.account_ref)).toMatchObject({ payoutsEnabled: true });

      // A restart: the fake reloads its state file; nothing new is created.
      await first.stop();
      fakes.splice(fakes.indexOf(first), 1);
      const restarted = await startFake(stateFile);
      const customersBefore = restarted.controls.objects("customers").length;
      await seedDemoData(databaseUrl, new Date(), { stripe: restarted });
      expect(await savedCards()).toEqual(cards);
      expect(await payees()).toEqual(accounts);
      expect(restarted.controls.objects("customers")).toHaveLength(customersBefore);
      expect(restarted.controls.objects("payment_intents").map((intent) => intent.id)).toContain(
        charge.status === "succeeded" ? charge.paymentRef : "",
      );

      // A wiped fake (its state file deleted): the cards and the account are made again, at the new fake.
      const wiped = await startFake(path.join(stateDir, "another.json"));
      await seedDemoData(databaseUrl, new Date(), { stripe: wiped });
      const remade = await savedCards();
      expect(remade.map((card) => card.email)).toEqual([...PAYERS].sort());
      for (const card of remade) {
        expect(cards.map((old) => old.payment_method_ref)).not.toContain(card.payment_method_ref);
        expect(wiped.controls.object(card.payment_method_ref)).toMatchObject({ customer: card.customer_ref });
      }
      const [account] = await payees();
      expect(await wiped.provider.readPayee(account!.account_ref)).toMatchObject({ payoutsEnabled: true });
    },
  );
});
