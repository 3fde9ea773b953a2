import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';

export interface ServerProcess {
  name: string;
  pid: number;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  base: string;
  /** The last lines the process printed (for error reports). */
  output(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Starts a child process and waits until `readyPath` answers 200. */
async function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, readyPath: string, port: number): Promise<ServerProcess> {
  const child: ChildProcess = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (b: Buffer) => {
    for (const l of b.toString('utf8').split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null = null;
  child.on('exit', (code) => { exited = code ?? -1; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) throw new Error(`${name} exited with ${exited} before it was ready:\n${lines.slice(-30).join('\n')}`);
    try {
      const r = await fetch(`${base}${readyPath}`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready within 120 s:\n${lines.slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name, pid: child.pid!, base,
    output: () => lines.join('\n'),
    stop: () => new Promise<void>((resolve) => {
      if (exited !== null) return resolve();
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => { clearTimeout(t); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

/** IN-2: the servers' cursor key, so the load generator can start lists mid-way (bench/lib/operations.ts). */
export const BENCH_CURSOR_SECRET = 'selvbook-bench-cursor-secret';

/**
 * The API as in production (compiled, NODE_ENV=production: no introspection, masked errors), with the
 * development header auth allowed explicitly so the load generator needs no tokens, and request logging off.
 */
export async function startApi(databaseUrl: string, extraEnv: NodeJS.ProcessEnv = {}, nodeArgs: string[] = [], root = ROOT, name = 'API'): Promise<ServerProcess> {
  const main = path.join(root, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm run bench does)`);
  const port = await freePort();
  return startProcess(name, process.execPath, [...nodeArgs, main], {
    DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn',
    AUTH_MODE: 'dev', NODE_ENV: 'production', ALLOW_DEV_AUTH_IN_PRODUCTION: 'true', CURSOR_SECRET: BENCH_CURSOR_SECRET,
    // The daily transitions are a batch job (README: The time-driven lifecycle); off here so they do not run inside a measurement.
    TRANSITIONS_SCHEDULE: 'off',
    // The webhook worker too (graphile-worker's polling and the dispatcher's reads, every second): background work whose
    // statements pg_stat_statements would count into the request being counted (docs/performance.md).
    WEBHOOKS_WORKER: 'off',
    // The load generator sends each jobcenter's list requests as one caseworker (bench-cw), far beyond one person's
    // pace; the per-actor query budget (docs/security.md) is raised for it, not turned off, so its cost is still paid.
    QUERY_BUDGET_PER_MINUTE: '1000000000', QUERY_BUDGET_BURST: '1000000000', ...extraEnv,
  }, '/ready', port);
}

/** The API on all cores of the machine: src/cluster.ts with `workers` workers (the primary starts no database here). */
export async function startCluster(databaseUrl: string, workers: number): Promise<ServerProcess> {
  const entry = path.join(ROOT, 'dist', 'src', 'cluster.js');
  if (!existsSync(entry)) throw new Error('dist/src/cluster.js is missing: run `npm run build` first (npm run bench does)');
  const port = await freePort();
  const p = await startProcess(`API cluster ×${workers}`, process.execPath, [entry], {
    DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn',
    AUTH_MODE: 'dev', NODE_ENV: 'production', ALLOW_DEV_AUTH_IN_PRODUCTION: 'true', CURSOR_SECRET: BENCH_CURSOR_SECRET, TRANSITIONS_SCHEDULE: 'off', WEBHOOKS_WORKER: 'off', CLUSTER_WORKERS: String(workers),
  }, '/ready', port);
  // /ready answers as soon as one worker listens; give the others a moment to come up.
  await new Promise((r) => setTimeout(r, 3000));
  return p;
}

/** The bare node:http + pg reference server (bench/bare-server.ts). */
export async function startBare(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  return startProcess('bare', process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'bare-server.ts')], {
    DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production',
  }, '/health', port);
}

/** The Apollo floor (bench/floor-server.ts): Node's HTTP + Apollo 5 + graphql-js on the real schema, constant answer, no database. */
export async function startFloor(): Promise<ServerProcess> {
  const port = await freePort();
  return startProcess('floor', process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'floor-server.ts')], {
    PORT: String(port), NODE_ENV: 'production',
  }, '/ready', port);
}
