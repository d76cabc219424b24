/**
 * The end-to-end web server WITH the provider fakes: starts the Google/Zoom fakes on
 * E2E_PROVIDER_FAKES_PORT, puts their URLs and client ids in the environment, then runs
 * tests/e2e/serve.ts, which passes process.env on to `next build` and `next start`.
 * Use as Playwright's webServer command: `node --import tsx tests/fakes/serve-with-fakes.ts`.
 */
import { E2E_PROVIDER_FAKES_PORT, startProviderFakes } from "./start-fakes.ts";

const fakes = await startProviderFakes({ port: Number(process.env.E2E_PROVIDER_FAKES_PORT ?? E2E_PROVIDER_FAKES_PORT) });
Object.assign(process.env, fakes.env);
process.stderr.write(`[e2e] provider fakes on ${fakes.baseUrl}\n`);
await import("../e2e/serve.ts");
