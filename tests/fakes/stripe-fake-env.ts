import type { TStripeFake } from "./stripe-fake.ts";

/**
 * Points this process's environment at a Stripe fake (PAYMENTS_PROVIDER=stripe and its URL and keys), so
 * route handlers called in-process use it through getPaymentProvider(); returns the function that restores
 * the previous values. Call it before the test file's first request (serverEnv() reads the environment once
 * per module graph, i.e. once per test file):
 *
 *   beforeAll(async () => { fake = await startStripeFake(); restoreEnv = useStripeFakeEnv(fake); });
 *   afterAll(async () => { restoreEnv(); await fake.stop(); });
 */
export function useStripeFakeEnv(fake: Pick<TStripeFake, "env">): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(fake.env)) {
    saved.set(key, process.env[key]);
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
