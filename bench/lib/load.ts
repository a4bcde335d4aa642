// Load generation with autocannon from TypeScript: a typed subset of its API, every run bounded in time and count.
import { createRequire } from 'node:module';

/** One request of an autocannon run; setupRequest may rewrite it before every send. */
export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: LoadRequest, context: Record<string, unknown>) => LoadRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface AutocannonResult {
  latency: Histogram;
  requests: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  amount: number;
  duration: number;
  requests: LoadRequest[];
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

interface AutocannonInstance {
  stop(): void;
  on(event: 'tick', fn: (t: { counter: number }) => void): void;
}

type Autocannon = (
  opts: AutocannonOptions,
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

// autocannon ships no types; it is loaded through require and described by the interfaces above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadOptions {
  url: string;
  /** Concurrent connections (64 in the server benchmark). */
  connections: number;
  /** Upper bound of the run in seconds. */
  seconds: number;
  /** Upper bound of requests: the run ends once this many were answered (pools of single-use data end here). */
  maxRequests: number;
  requests: LoadRequest[];
}

export interface LoadResult {
  /** Completed responses per second of the run's actual length. */
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  responses: number;
  seconds: number;
  byClass: { '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  byStatus: Record<string, number>;
  /** Responses completed in each second of the run, to show whether throughput drifts. */
  perSecond: number[];
  /** Whether the run ended because maxRequests was reached before the time bound. */
  exhausted: boolean;
}

/**
 * Runs one autocannon load: `maxRequests` is autocannon's `amount` (split over the connections, each connection
 * stops after its share, so single-use data such as captchas and flow tokens are never sent twice), and a timer
 * stops the run after `seconds` whatever is left.
 */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const perSecond: number[] = [];
  let timedOut = false;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: Math.min(o.connections, o.maxRequests),
        amount: o.maxRequests,
        duration: o.seconds,
        requests: o.requests,
      },
      (err, r) => {
        clearTimeout(timer);
        if (err) return reject(err);
        const byStatus = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
        const byClass = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
        for (const [code, n] of Object.entries(byStatus)) {
          const cls = `${code[0]}xx`;
          if (cls in byClass) byClass[cls as keyof typeof byClass] += n;
        }
        const responses = Object.values(byStatus).reduce((a, b) => a + b, 0);
        resolve({
          rps: r.duration > 0 ? responses / r.duration : 0,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors,
          responses,
          seconds: r.duration,
          byClass,
          byStatus,
          perSecond,
          exhausted: !timedOut,
        });
      },
    );
    // With `amount` set autocannon ignores `duration`; this timer is the time bound.
    const timer = setTimeout(() => {
      timedOut = true;
      instance.stop();
    }, o.seconds * 1000);
    instance.on('tick', (t) => perSecond.push(t.counter));
  });
}
