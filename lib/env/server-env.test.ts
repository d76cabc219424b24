import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  LOCAL_CRON_SECRET,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  LOCAL_TOKEN_ENCRYPTION_KEY,
  LOCAL_ZOOM_WEBHOOK_SECRET,
} from "@/lib/env/local-values";
import { parseServerEnv } from "@/lib/env/server-env";
import { localEnv } from "@/supabase/local/config";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OWN_KEY = Buffer.alloc(32, 7).toString("base64");

/** .env.example, read the way Next reads .env.local (NAME=value, comments skipped). */
function envExample(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path.join(ROOT, ".env.example"), "utf8").split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

function deployed(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...envExample(),
    CRON_SECRET: "a-real-cron-secret-of-32-characters",
    TOKEN_ENCRYPTION_KEY: OWN_KEY,
    ZOOM_WEBHOOK_SECRET: "a-real-zoom-webhook-secret",
    STRIPE_SECRET_KEY: "sk_live_a-real-stripe-key",
    STRIPE_WEBHOOK_SECRET: "whsec_a-real-webhook-secret",
    STRIPE_API_URL: "",
    NODE_ENV: "production",
    ...overrides,
  };
}

function problems(env: Record<string, string | undefined>): string {
  try {
    parseServerEnv(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return "";
}

describe("parseServerEnv", () => {
  it("accepts .env.example copied as is (empty values are unset) during development", () => {
    const env = parseServerEnv({ ...envExample(), NODE_ENV: "development" });
    expect(env.GOOGLE_CLIENT_ID).toBeUndefined();
    expect(env.ZOOM_CLIENT_SECRET).toBeUndefined();
  });

  it("treats an empty value as unset: an optional variable is absent, a defaulted one gets its default", () => {
    const env = parseServerEnv({ ...deployed(), CRON_SECRET: "", ZOOM_WEBHOOK_SECRET: " ", VIDEO_PROVIDERS: "" });
    expect(env.CRON_SECRET).toBeUndefined();
    expect(env.ZOOM_WEBHOOK_SECRET).toBeUndefined();
    expect(env.VIDEO_PROVIDERS).toBe("google_meet,zoom");
  });

  it("keeps the manual provider's payment instructions trimmed, with their line breaks, and refuses an essay", () => {
    const text = "  Bank: Republic Bank, account 123-456\nQuote your booking reference.  ";
    expect(parseServerEnv({ ...deployed(), MANUAL_PAYMENT_INSTRUCTIONS: text }).MANUAL_PAYMENT_INSTRUCTIONS).toBe(
      "Bank: Republic Bank, account 123-456\nQuote your booking reference.",
    );
    expect(problems({ ...deployed(), MANUAL_PAYMENT_INSTRUCTIONS: "x".repeat(1001) })).toContain("MANUAL_PAYMENT_INSTRUCTIONS");
  });

  it("names a required variable left empty", () => {
    expect(problems(deployed({ DATABASE_URL: "" }))).toMatch(/^\s+DATABASE_URL: /m);
  });

  it("does not put the local stack marker in .env.example", () => {
    expect(envExample()).not.toHaveProperty("LOCAL_STACK");
  });

  it.each([
    ["CRON_SECRET", LOCAL_CRON_SECRET],
    ["TOKEN_ENCRYPTION_KEY", LOCAL_TOKEN_ENCRYPTION_KEY],
    ["TOKEN_ENCRYPTION_KEY", `2027-01:${OWN_KEY},2026-11:${LOCAL_TOKEN_ENCRYPTION_KEY}`],
    ["ZOOM_WEBHOOK_SECRET", LOCAL_ZOOM_WEBHOOK_SECRET],
    ["STRIPE_SECRET_KEY", LOCAL_STRIPE_SECRET_KEY],
    ["STRIPE_WEBHOOK_SECRET", LOCAL_STRIPE_WEBHOOK_SECRET],
  ])("refuses the published local %s with NODE_ENV=production, naming it", (name, value) => {
    const message = problems(deployed({ [name]: value }));
    expect(message).toContain(`${name}: is the local development value published in .env.example`);
    expect(message.match(/published in \.env\.example/g)).toHaveLength(1);
  });

  it("refuses every published value of .env.example in production, each named", () => {
    const message = problems({ ...envExample(), NODE_ENV: "production" });
    for (const name of ["CRON_SECRET", "TOKEN_ENCRYPTION_KEY", "ZOOM_WEBHOOK_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]) {
      expect(message).toContain(`${name}: is the local`);
    }
  });

  it("refuses them on Vercel whatever NODE_ENV says, even with the local stack marker", () => {
    expect(problems(deployed({ NODE_ENV: "development", VERCEL: "1", CRON_SECRET: LOCAL_CRON_SECRET }))).toContain(
      "CRON_SECRET: is the local",
    );
    expect(problems(deployed({ VERCEL: "1", LOCAL_STACK: "1", CRON_SECRET: LOCAL_CRON_SECRET }))).toContain("CRON_SECRET: is the local");
  });

  it("accepts them in the local stack's own processes, also under next start (NODE_ENV=production)", () => {
    const env = localEnv({ app: 3000, auth: 54321, postgres: 54322 });
    expect(parseServerEnv({ ...env, NODE_ENV: "production" }).CRON_SECRET).toBe(LOCAL_CRON_SECRET);
    expect(parseServerEnv({ ...env, NODE_ENV: "test" }).TOKEN_ENCRYPTION_KEY).toBe(LOCAL_TOKEN_ENCRYPTION_KEY);
  });

  it("accepts them outside production without the marker (next dev with .env.local)", () => {
    expect(parseServerEnv({ ...envExample(), NODE_ENV: "development" }).ZOOM_WEBHOOK_SECRET).toBe(LOCAL_ZOOM_WEBHOOK_SECRET);
  });

  it("accepts a deployment's own secrets", () => {
    expect(parseServerEnv(deployed({ VERCEL: "1" })).CRON_SECRET).toBe("a-real-cron-secret-of-32-characters");
  });

  describe("payments", () => {
    it("defaults to the manual provider, which needs no Stripe variable", () => {
      const env = parseServerEnv(deployed({ PAYMENTS_PROVIDER: "", STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" }));
      expect(env.PAYMENTS_PROVIDER).toBe("manual");
      expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    });

    it("with PAYMENTS_PROVIDER=stripe requires the secret key and the webhook secret, naming each", () => {
      const message = problems(deployed({ PAYMENTS_PROVIDER: "stripe", STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" }));
      expect(message).toContain("STRIPE_SECRET_KEY: is required with PAYMENTS_PROVIDER=stripe");
      expect(message).toContain("STRIPE_WEBHOOK_SECRET: is required with PAYMENTS_PROVIDER=stripe");
    });

    it.each([
      ["PAYMENTS_PROVIDER", "paypal"],
      ["STRIPE_SECRET_KEY", "pk_live_publishable"],
      ["STRIPE_WEBHOOK_SECRET", "not-a-whsec"],
      ["STRIPE_API_URL", "not a url"],
      ["PAYMENTS_RATE_LIMIT_PER_SECOND", "0"],
    ])("refuses a malformed %s", (name, value) => {
      expect(problems(deployed({ PAYMENTS_PROVIDER: "stripe", [name]: value }))).toMatch(new RegExp(`^\\s+${name}: `, "m"));
    });

    it("accepts a deployment's own Stripe keys and a rate limit", () => {
      const env = parseServerEnv(deployed({ PAYMENTS_PROVIDER: "stripe", PAYMENTS_RATE_LIMIT_PER_SECOND: "80" }));
      expect(env).toMatchObject({
        PAYMENTS_PROVIDER: "stripe",
        STRIPE_SECRET_KEY: "sk_live_a-real-stripe-key",
        PAYMENTS_RATE_LIMIT_PER_SECOND: 80,
      });
      expect(env.STRIPE_API_URL).toBeUndefined();
    });

    it("accepts the local fake's values in the local stack's own processes", () => {
      const env = parseServerEnv({ ...localEnv({ app: 3000, auth: 54321, postgres: 54322, stripe: 54326 }), NODE_ENV: "production" });
      expect(env).toMatchObject({
        PAYMENTS_PROVIDER: "stripe",
        STRIPE_SECRET_KEY: LOCAL_STRIPE_SECRET_KEY,
        STRIPE_API_URL: "http://127.0.0.1:54326",
      });
    });
  });
});
