// The part of autocannon 9's API the benchmark uses (the package ships no types).
declare module "autocannon" {
  type TRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  type TOptions = {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    requests?: (TRequest & { setupRequest?: (request: TRequest) => TRequest })[];
  };
  type THistogram = { average: number; mean: number; p50: number; p90: number; p99: number; max: number; total: number };
  export type TResult = {
    duration: number;
    latency: THistogram;
    requests: THistogram & { sent: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
  };
  function autocannon(options: TOptions): Promise<TResult>;
  export default autocannon;
}
