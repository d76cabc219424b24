import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

/**
 * The Stripe fake's objects: every API object by id (customers, checkout sessions, setup intents,
 * payment methods, payment intents, charges, refunds, accounts, transfers, events), the account
 * links' one-time tokens and the idempotency records. Optionally persisted as one JSON file
 * (`npm run dev` keeps its customers and cards across restarts).
 */
export type TStripeObject = { id: string; object: string; created: number } & Record<string, unknown>;

export type TIdempotencyRecord = { fingerprint: string; method: string; path: string; status: number; body: unknown };
export type TAccountLink = { account: string; refreshUrl: string; returnUrl: string; expiresAt: number; isUsed: boolean };

/** The names `controls.objects(kind)` takes, and the `object` value of each. */
export const STRIPE_OBJECT_KINDS = {
  customers: "customer",
  checkout_sessions: "checkout.session",
  setup_intents: "setup_intent",
  payment_methods: "payment_method",
  payment_intents: "payment_intent",
  charges: "charge",
  refunds: "refund",
  accounts: "account",
  transfers: "transfer",
  events: "event",
} as const;
export type TStripeObjectKind = keyof typeof STRIPE_OBJECT_KINDS;

const ID_PREFIX: Record<string, string> = {
  customer: "cus_",
  "checkout.session": "cs_test_",
  setup_intent: "seti_",
  payment_method: "pm_",
  payment_intent: "pi_",
  charge: "ch_",
  refund: "re_",
  account: "acct_",
  transfer: "tr_",
  event: "evt_",
  account_link: "",
};

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

type TSnapshot = {
  version: 1;
  objects: TStripeObject[];
  accountLinks: [string, TAccountLink][];
  idempotency: [string, TIdempotencyRecord][];
};

export class StripeFakeStore {
  readonly objects = new Map<string, TStripeObject>();
  readonly accountLinks = new Map<string, TAccountLink>();
  readonly idempotency = new Map<string, TIdempotencyRecord>();
  private readonly stateFile: string | null;

  constructor(stateFile?: string) {
    this.stateFile = stateFile ?? null;
    if (this.stateFile && existsSync(this.stateFile)) {
      const snapshot = JSON.parse(readFileSync(this.stateFile, "utf8")) as TSnapshot;
      for (const object of snapshot.objects) this.objects.set(object.id, object);
      for (const [token, link] of snapshot.accountLinks) this.accountLinks.set(token, link);
      for (const [key, record] of snapshot.idempotency) this.idempotency.set(key, record);
    }
  }

  create<T extends Record<string, unknown>>(objectType: string, fields: T, id?: string): TStripeObject & T {
    const object = {
      id: id ?? stripeId(ID_PREFIX[objectType] ?? "obj_"),
      object: objectType,
      created: unixNow(),
      livemode: false,
      ...fields,
    };
    this.objects.set(object.id, object);
    return object;
  }

  get(id: string, objectType: string): TStripeObject | null {
    const object = this.objects.get(id);
    return object && object.object === objectType ? object : null;
  }

  update(object: TStripeObject, fields: Record<string, unknown>): TStripeObject {
    Object.assign(object, fields);
    return object;
  }

  list(kind: TStripeObjectKind): TStripeObject[] {
    const objectType = STRIPE_OBJECT_KINDS[kind];
    return [...this.objects.values()].filter((object) => object.object === objectType);
  }

  /** Writes the state file (when configured) atomically: a crash mid-write never leaves half a file. */
  save(): void {
    if (!this.stateFile) return;
    const snapshot: TSnapshot = {
      version: 1,
      objects: [...this.objects.values()].filter((object) => object.object !== "event"),
      accountLinks: [...this.accountLinks.entries()],
      idempotency: [...this.idempotency.entries()],
    };
    mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(snapshot));
    renameSync(temporary, this.stateFile);
  }
}

/** A deep copy with the `expand` paths (`setup_intent.payment_method`) replaced by their objects. */
export function expandObject(store: StripeFakeStore, object: TStripeObject, paths: string[]): TStripeObject {
  const copy = structuredClone(object);
  for (const dotted of paths) expandPath(store, copy, dotted.split("."));
  return copy;
}

function expandPath(store: StripeFakeStore, holder: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  let value = holder[head];
  if (typeof value === "string") {
    const target = store.objects.get(value);
    if (!target) return;
    value = structuredClone(target);
    holder[head] = value;
  }
  if (rest.length && value && typeof value === "object") expandPath(store, value as Record<string, unknown>, rest);
}
