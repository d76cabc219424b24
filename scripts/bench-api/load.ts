/** The load side of `npm run bench:api`: autocannon runs rotating over many users' tokens. */
import autocannon, { type TResult } from "autocannon";

/** `token: null` sends no Authorization header (the framework-floor row). */
export type TTarget = { method: "GET" | "POST"; paths: { path: string; token: string | null }[]; isFloor?: boolean };
export type TMeasure = { reqPerSec: number; p50: number; p99: number; ok: number; non2xx: number; errors: number; statuses: string };

/** One autocannon run; request i of the run uses caller i mod n (each connection takes the next). */
export async function load(baseUrl: string, target: TTarget, connections: number, seconds: number): Promise<TMeasure> {
  let next = Math.floor(Math.random() * target.paths.length);
  const result: TResult = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: target.method,
        setupRequest: (request) => {
          const caller = target.paths[next++ % target.paths.length];
          if (!caller) throw new Error("no callers");
          const headers: Record<string, string> = caller.token === null ? {} : { authorization: `Bearer ${caller.token}` };
          return { ...request, path: caller.path, headers };
        },
      },
    ],
  });
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}×${count}`)
    .join(" ");
  const done = result["2xx"] + result.non2xx;
  return {
    reqPerSec: done / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
