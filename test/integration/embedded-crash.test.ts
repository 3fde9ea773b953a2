import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/db/embedded';
import { processAlive } from '../../src/db/embedded-owner';
import { TEMPLATE_DB, withDatabase } from '../support/global-setup';
import { type Run, plainLines as failureLines, runProgram as run, untilReady as ready } from '../support/processes';

/**
 * Issue 11, item 6, with real processes: the server (src/main.ts, run in-process by `node --import tsx`, so the PID
 * we kill is the server's own) on an embedded PostgreSQL in its own DATA_DIR, killed with SIGKILL and started
 * again; and what a failed start prints.
 */
describe('#11.6 a crash of the API leaves its embedded PostgreSQL running: the next start recovers', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selvbook-crash-'));
  const started: Run[] = [];
  const start = (env: Record<string, string> = {}) => {
    const r = run({ DATA_DIR: dataDir, ...env });
    started.push(r);
    return r;
  };

  afterAll(async () => {
    for (const r of started) if (r.proc.exitCode === null) r.proc.kill('SIGKILL');
    // A postmaster this test left behind (a failed assertion mid-way) must not outlive it.
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (processAlive(pid)) process.kill(pid, 'SIGQUIT');
      await new Promise((r) => setTimeout(r, 500));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('#11.6: start, kill -9, start again → the leftover PostgreSQL is stopped and the server works; a live owner is refused in one line', async () => {
    const first = start({ PORT: String(await freePort()) });
    await ready(first);
    const owner = JSON.parse(readFileSync(path.join(dataDir, 'pg-owner.json'), 'utf8')) as { pid: number; postgresPid: number };
    expect(owner.pid).toBe(first.proc.pid);
    const postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(owner.postgresPid).toBe(postmaster);

    first.proc.kill('SIGKILL');
    await first.exited;
    // The fault: the API is gone, its PostgreSQL is not.
    expect(processAlive(postmaster)).toBe(true);

    // Decision: a PostgreSQL that pg-owner.json does not name (started by hand) is never stopped by us: refused.
    const ownerFile = path.join(dataDir, 'pg-owner.json');
    const ownerText = readFileSync(ownerFile, 'utf8');
    rmSync(ownerFile);
    const foreign = start({ PORT: String(await freePort()) });
    expect(await foreign.exited).toBe(1);
    expect(failureLines(foreign)).toEqual([expect.stringMatching(new RegExp(`^selvbook API failed to start: a PostgreSQL \\(PID ${postmaster}, port \\d+\\) that this API did not start is running on the data directory .*\\(hint: stop it \\(kill -INT ${postmaster}`))]);
    expect(processAlive(postmaster)).toBe(true);
    writeFileSync(ownerFile, ownerText);

    const port = await freePort();
    const second = start({ PORT: String(port) });
    await ready(second);
    expect(second.out.some((l) => l.includes(`embedded PostgreSQL PID ${postmaster}`) && l.includes('left running by API process'))).toBe(true);
    expect(processAlive(postmaster)).toBe(false);
    const res = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(res.status).toBe(200);

    // A data directory in use by a live API process: refused with one clear line, and the running one is untouched.
    const third = start({ PORT: String(await freePort()) });
    expect(await third.exited).toBe(1);
    const lines = failureLines(third);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^selvbook API failed to start: the data directory .* is in use by the running API process ${second.proc.pid} .*\\(hint: stop that process first`));
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

    // A clean stop leaves neither a PostgreSQL nor an owner file behind.
    const newPostmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(processAlive(newPostmaster)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg-owner.json'))).toBe(false);
  }, 240_000);

  it('#11.6: PostgreSQL failing during start (its port taken) prints its own FATAL line, not "undefined"', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const pgPort = (blocker.address() as net.AddressInfo).port;
    try {
      const r = start({ PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort) });
      expect(await r.exited).toBe(1);
      const lines = failureLines(r);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^selvbook API failed to start: the embedded PostgreSQL in .* did not start: .*FATAL.*(could not bind|could not create any TCP\/IP sockets).*\(hint: LOG_LEVEL=debug prints its whole log/);
    } finally {
      await new Promise((r) => blocker.close(() => r(undefined)));
    }
    expect(existsSync(path.join(dataDir, 'pg-owner.json'))).toBe(false);
  }, 120_000);
});

describe('#11.6 every failed start prints its cause in one clear line with a hint', () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const db = `c_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${TEMPLATE_DB}`);
    await c.end();
  });
  afterAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
  });

  it('#11.6: a database that does not answer → one line naming ECONNREFUSED, with a hint and without the password', async () => {
    const closed = await freePort();
    const r = run({ DATABASE_URL: `postgres://selvbook:s3cret-pw@127.0.0.1:${closed}/selvbook`, PORT: String(await freePort()) });
    expect(await r.exited).toBe(1);
    const lines = failureLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^selvbook API failed to start: .*ECONNREFUSED.*\(hint: nothing answers at that address/);
    expect(lines.join('\n')).not.toContain('s3cret-pw');
  }, 60_000);

  it('#11.6: a taken PORT → one line naming EADDRINUSE and the port, with a hint (not an uncaught exception)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = run({ DATABASE_URL: withDatabase(admin, db), PORT: String(port) });
      expect(await r.exited).toBe(1);
      const lines = failureLines(r);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^selvbook API failed to start: .*EADDRINUSE.*${port}.*\\(hint: the port is taken`));
    } finally {
      await new Promise((r) => blocker.close(() => r(undefined)));
    }
  }, 60_000);

  it('#11.6: a bad setting → one line naming the variable', async () => {
    const r = run({ DATABASE_URL: withDatabase(admin, db), PORT: 'not-a-port' });
    expect(await r.exited).toBe(1);
    const lines = failureLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^selvbook API failed to start: PORT must be a port number, got 'not-a-port' \(hint: /);
  }, 60_000);
});
