import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../src/db/embedded';
import { TEMPLATE_DB, withDatabase } from '../support/global-setup';

/**
 * The real server process (src/main.ts): starts on DATABASE_URL, answers /health and /ready, logs JSON lines with
 * the request id, and on SIGTERM drains an in-flight request before it stops.
 */
describe('server process: health, readiness, logs, graceful shutdown', () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const db = `p_${randomBytes(5).toString('hex')}`;
  let proc: ChildProcess;
  let base: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${TEMPLATE_DB}`);
    await c.end();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATABASE_URL: withDatabase(admin, db), PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'true', AUTH_MODE: 'dev', NODE_ENV: 'development', LOG_LEVEL: 'info', TRANSITIONS_SCHEDULE: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    proc.stderr!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (lines.some((l) => l.includes('selvbook API ready'))) return;
      if (proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server did not start:\n${lines.join('\n')}`);
  });

  afterAll(async () => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
  });

  it('answers /health and /ready, serves the seeded demo data, and logs JSON with the request id', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-123', 'x-dev-actor': 'caseworker:00000000-0000-4000-8000-00000000a001' },
      // Strings on purpose in this file: the literal bodies a client sends to the server process.
      body: JSON.stringify({ query: '{ jobcenter(id: "00000000-0000-4000-8000-00000000a001") { name } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(await res.json()).toEqual({ data: { jobcenter: { name: 'Jobcenter København' } } });
    await new Promise((r) => setTimeout(r, 100));
    const logged = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.some((l) => l.requestId === 'req-123' && l.status === 200)).toBe(true);
  });

  it('on SIGTERM finishes the request in flight, then stops with exit code 0', async () => {
    // A request that is still being read when the signal arrives: its body is sent after SIGTERM.
    const http = await import('node:http');
    const body = JSON.stringify({ query: '{ serverInfo { version } }' });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 100);
    });
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.text).data.serverInfo.version).toBeTruthy();
    const code = await new Promise<number | null>((r) => (proc.exitCode !== null ? r(proc.exitCode) : proc.on('exit', (c) => r(c))));
    expect(code).toBe(0);
    expect(lines.some((l) => l.includes('shutting down'))).toBe(true);
    expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  });
});
