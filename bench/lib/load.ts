import { readFileSync, readdirSync } from 'node:fs';
import autocannon from 'autocannon';

/** One request of a load run: headers and a JSON body (a GraphQL operation with its variables). */
export interface PreparedRequest {
  headers: Record<string, string>;
  body: string;
  /** What the caller needs to check the answer (e.g. which citizen booked). */
  meta?: unknown;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  non2xx: number;
  /** Responses whose body carries GraphQL `errors` (top-level). */
  errorBodies: number;
  connectionErrors: number;
  timeouts: number;
  firstError: string | undefined;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; or `amount` for a fixed number of requests. */
  duration?: number;
  /** Requests per second over all connections (a steady load below saturation); unset: as fast as possible. */
  rate?: number;
  amount?: number;
  /** Requests are taken round-robin from this list, starting at a random place. */
  requests: PreparedRequest[];
  /** Sees every response body (for checks that need them, such as the bookSlot burst). */
  onBody?: (body: string, request: PreparedRequest) => void;
  /** When set, each request is used at most once (the burst): requests = min(amount, list). */
  once?: boolean;
}

/** Runs autocannon in this process against `url` over loopback. */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  let i = opts.once ? 0 : Math.floor(Math.random() * opts.requests.length);
  let errorBodies = 0;
  let firstError: string | undefined;
  // Which prepared request each connection sent last (responses on one keep-alive connection come in order).
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: opts.url,
      connections: opts.connections,
      ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration }),
      ...(opts.rate ? { overallRate: opts.rate } : {}),
      timeout: 30,
      method: 'POST',
      requests: [{
        method: 'POST',
        setupRequest: (req: autocannon.Request, context: object) => {
          const ctx = context as Record<string, unknown>;
          const r = opts.requests[i % opts.requests.length]!;
          i++;
          ctx.current = r;
          return { ...req, method: 'POST', path: '/graphql', headers: { ...r.headers, 'content-type': 'application/json' }, body: r.body };
        },
        onResponse: (status: number, body: string, context: object) => {
          const ctx = context as Record<string, unknown>;
          if (status >= 200 && status < 300 && body.startsWith('{"errors"') === false && !body.includes('"errors":[')) {
            opts.onBody?.(body, ctx.current as PreparedRequest);
            return;
          }
          errorBodies++;
          if (!firstError) firstError = `${status} ${body.slice(0, 600)}`;
          opts.onBody?.(body, ctx.current as PreparedRequest);
        },
      }],
    }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('error', reject);
  });
  const total = result.requests.total;
  return {
    requests: total,
    seconds: result.duration,
    rps: Math.round((total / result.duration) * 10) / 10,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: Math.round(result.latency.mean * 100) / 100,
    non2xx: result.non2xx,
    errorBodies,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    firstError,
  };
}

/** Resident memory and CPU time of a process (Linux /proc). */
export interface ProcStats {
  rssMb: number;
  peakRssMb: number;
  cpuSeconds: number;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/))
      .filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function oneProc(pid: number): ProcStats {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, cpuSeconds: ticks / 100 };
  } catch {
    return { rssMb: 0, peakRssMb: 0, cpuSeconds: 0 };
  }
}

/** A server process and its child processes (the workers of a cluster), summed. */
export function procStats(pid: number): ProcStats {
  const all = [pid, ...childrenOf(pid)].map(oneProc);
  const sum = (k: keyof ProcStats) => all.reduce((a, p) => a + p[k], 0);
  return { rssMb: Math.round(sum('rssMb')), peakRssMb: Math.round(sum('peakRssMb')), cpuSeconds: sum('cpuSeconds') };
}
