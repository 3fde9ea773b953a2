import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { type Database, ensureDatabase, openDatabase } from '../../src/db/bootstrap';
import { embeddedPostgresBinary, freePort, hydrateSymlinks } from '../../src/db/embedded';
import { FixedClock } from '../../src/domain/shared/clock';
import type { Citizen, Jobcenter } from '../../src/entities';
import { type App, createApp } from '../../src/server';
import { Fixtures } from '../support/fixtures';
import { codeOf, gqlPost, request } from '../support/http';
import { postgresUser } from '../support/standby';
import { IssueDeadlineCodes, JobcenterName } from '../support/operations';

/**
 * Issue 11.7: a stalled database must not stall the API. This file starts a PostgreSQL of its own (not the shared
 * test server), so freezing it (SIGSTOP of the postmaster and every backend) stalls nothing else.
 */
const TIMEOUTS = { connectMs: 500, statementMs: 1000, lockMs: 400, idleInTransactionMs: 2000 };

describe('database timeouts (issue 11.7): connect, statement, lock and idle-in-transaction; /ready and requests under a frozen PostgreSQL', () => {
  let dir: string;
  let pg: { url: string; stop(): Promise<void> };
  let db: Database;
  let app: App;
  let server: http.Server;
  let base: string;
  let jc: Jobcenter;
  let citizen: Citizen;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'selvbook-freeze-'));
    pg = await startOwnPostgres(dir);
    await ensureDatabase(pg.url, 'freeze');
    db = await openDatabase({ databaseUrl: pg.url.replace(/\/postgres$/, '/freeze'), dataDir: dir, poolSize: 2, timeouts: TIMEOUTS });
    const clock = new FixedClock('2026-03-02T09:00:00+01:00');
    app = await createApp({ ds: db.ds, log: pino({ level: 'silent' }), clock, authMode: 'dev', development: false });
    server = http.createServer(app.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fx = new Fixtures(db.ds, clock);
    jc = await fx.jobcenter();
    citizen = await fx.citizen(jc);
  });

  afterAll(async () => {
    try {
      if (server) await new Promise<void>((r) => server.close(() => r()));
      await app?.apollo.stop();
      await db?.close();
    } finally {
      // Whatever failed above, this file's PostgreSQL is stopped and its directory removed.
      if (dir) signal(postgresPids(dir), 'SIGCONT');
      await pg?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const cw = () => ({ 'x-dev-actor': `caseworker:${jc.id}` });

  it('every pooled session has the statement, lock and idle-in-transaction timeouts', async () => {
    const [row] = await db.ds.query(`SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l,
      current_setting('idle_in_transaction_session_timeout') AS i`);
    expect(row).toEqual({ s: '1s', l: '400ms', i: '2s' });
  });

  it('a mutation waiting for a lock held elsewhere fails after the lock timeout with 503 DATABASE_UNAVAILABLE and Retry-After, changing nothing', async () => {
    const other = new Client({ connectionString: pg.url.replace(/\/postgres$/, '/freeze') });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM citizen WHERE id = $1 FOR UPDATE', [citizen.id]);
      const r = await gqlPost(`${base}/graphql`, IssueDeadlineCodes,
        { input: { citizenId: citizen.id, bookBy: '2026-03-12' } }, cw());
      expect([r.status, codeOf(r), r.headers['retry-after']]).toEqual([503, 'DATABASE_UNAVAILABLE', '5']);
      expect(r.json.errors[0].message).toMatch(/^The database is not answering in time; retry in 5 s/);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM deadline WHERE citizen_id = $1`, [citizen.id]);
    expect(n).toBe(0);
  });

  it('with PostgreSQL frozen, /ready answers 503 within 2 s and requests fail fast with 503 DATABASE_UNAVAILABLE; all recover when it thaws', async () => {
    expect((await request(`${base}/ready`, { method: 'GET' })).status).toBe(200);
    const pids = postgresPids(dir);
    expect(pids.length).toBeGreaterThan(1); // the postmaster and its backends
    const thaw = () => signal(postgresPids(dir), 'SIGCONT');
    const safety = setTimeout(thaw, 15_000); // never leave it frozen, whatever happens below
    let frozenAnswers: { ready: Awaited<ReturnType<typeof request>>; readyMs: number; requests: Awaited<ReturnType<typeof gqlPost>>[]; requestsMs: number };
    try {
      signal(pids, 'SIGSTOP');
      let t0 = performance.now();
      const ready = await request(`${base}/ready`, { method: 'GET' });
      const readyMs = performance.now() - t0;
      // Four requests on a pool of two: two wait for their query (client-side query timeout), two for a connection.
      t0 = performance.now();
      const requests = await Promise.all(Array.from({ length: 4 }, () => gqlPost(`${base}/graphql`, JobcenterName, { id: jc.id }, cw())));
      const requestsMs = performance.now() - t0;
      frozenAnswers = { ready, readyMs, requests, requestsMs };
    } finally {
      thaw();
      clearTimeout(safety);
    }
    expect(frozenAnswers.ready.status).toBe(503);
    expect(frozenAnswers.ready.json).toEqual({ status: 'database unreachable' });
    expect(frozenAnswers.readyMs).toBeLessThan(2000);
    for (const r of frozenAnswers.requests) {
      expect([r.status, codeOf(r), r.headers['retry-after']]).toEqual([503, 'DATABASE_UNAVAILABLE', '5']);
    }
    // They answered while PostgreSQL was still frozen (the thaw comes after them), within the query timeout and then some.
    expect(frozenAnswers.requestsMs).toBeLessThan(TIMEOUTS.statementMs + TIMEOUTS.connectMs + 3000);

    // Thawed: ready again, and the pool serves again (its timed-out connections are not left broken).
    let readyAgain = 0;
    for (let i = 0; i < 50 && readyAgain !== 200; i++) {
      readyAgain = (await request(`${base}/ready`, { method: 'GET' })).status;
      if (readyAgain !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(readyAgain).toBe(200);
    const after = await Promise.all(Array.from({ length: 4 }, () => gqlPost(`${base}/graphql`, JobcenterName, { id: jc.id }, cw())));
    for (const r of after) expect([r.status, r.json.data?.jobcenter?.name]).toEqual([200, jc.name]);
  });
});

/** The embedded server's postmaster (postmaster.pid) and its children, the backends and background workers. */
function postgresPids(dataDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return []; // not running
  }
  const children = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
    } catch {
      return false;
    }
  });
  return [postmaster, ...children];
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * A PostgreSQL of this file's own in `dir/pg`, by the embedded distribution's initdb and pg_ctl (as
 * test/support/standby.ts does: the package's JS class is an ES module Jest cannot import).
 */
async function startOwnPostgres(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  await hydrateSymlinks();
  const owner = postgresUser();
  const dataDir = path.join(dir, 'pg');
  const pwfile = path.join(dir, 'pwfile');
  writeFileSync(pwfile, 'freeze\n', { mode: 0o600 });
  if (owner.uid !== undefined) {
    chownSync(dir, owner.uid, owner.gid!);
    chownSync(pwfile, owner.uid, owner.gid!);
  }
  await run('initdb', [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-sync'], owner);
  const port = await freePort();
  const flags = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off`;
  await run('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', path.join(dir, 'pg.log'), '-o', flags], owner);
  return {
    url: `postgres://postgres:freeze@127.0.0.1:${port}/postgres`,
    stop: () => run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'], owner),
  };
}

function run(program: 'initdb' | 'pg_ctl', args: string[], owner: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(embeddedPostgresBinary(program), args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args[0]} exited with ${code}: ${out.trim()}`))));
  });
}
