import { print } from 'graphql';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { Temporal } from 'temporal-polyfill';
import { createDataSource } from '../../src/db/data-source';
import { freePort } from '../../src/db/embedded';
import type { Citizen, Jobcenter, Slot } from '../../src/entities';
import { Fixtures } from '../support/fixtures';
import { TEMPLATE_DB, withDatabase } from '../support/global-setup';
import { BookSlotForMultiInstance } from '../support/operations';

/**
 * Scale beyond one process (issue 7): two API server processes on one database — as two cluster workers or two
 * hosts behind a load balancer would be — take concurrent bookings, and every rule that must hold under
 * concurrency holds across them, because it lives in PostgreSQL (row locks, unique indexes, idempotency keys),
 * not in a process.
 */

interface Server { proc: ChildProcess; base: string; lines: string[] }

async function startServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const lines: string[] = [];
  const proc = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', AUTH_MODE: 'dev',
      NODE_ENV: 'development', LOG_LEVEL: 'warn', TRANSITIONS_SCHEDULE: 'off', DB_POOL_SIZE: '10',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
  proc.stderr!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    try {
      if ((await fetch(`${base}/ready`)).ok) return { proc, base, lines };
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not start:\n${lines.join('\n')}`);
}

async function book(server: Server, citizenId: string, slotId: string, idempotencyKey: string) {
  const res = await fetch(`${server.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-actor': `citizen:${citizenId}` },
    body: JSON.stringify({ query: print(BookSlotForMultiInstance), variables: { input: { slotId, idempotencyKey } } }),
  });
  const body = await res.json() as { data?: { bookSlot: { meeting: { id: string } | null; userErrors: { code: string }[] } }; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`bookSlot failed: ${res.status} ${JSON.stringify(body)}`);
  return { citizenId, slotId, meetingId: body.data.bookSlot.meeting?.id ?? null, codes: body.data.bookSlot.userErrors.map((e) => e.code) };
}

describe('two API processes on one database', () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const db = `m_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(admin, db);
  let a: Server;
  let b: Server;
  let pg: Client;
  let fx: Fixtures;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${TEMPLATE_DB}`);
    await c.end();
    [a, b] = await Promise.all([startServer(url), startServer(url)]);
    const ds = createDataSource(url, { poolSize: 2 });
    await ds.initialize();
    fx = new Fixtures(ds);
    pg = new Client({ connectionString: url });
    await pg.connect();
    close = async () => { await ds.destroy(); await pg.end(); };
  }, 120_000);

  afterAll(async () => {
    // SIGTERM: each drains and closes its pool (main.ts); SIGKILL only if one hangs.
    await Promise.all([a, b].filter((s) => s && s.proc.exitCode === null).map((s) => new Promise<void>((resolve) => {
      const t = setTimeout(() => s.proc.kill('SIGKILL'), 10_000);
      s.proc.once('exit', () => { clearTimeout(t); resolve(); });
      s.proc.kill('SIGTERM');
    })));
    await close?.();
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
  });

  it('SL-3, MT-2: concurrent bookings spread over both instances — no slot booked twice, no citizen with two interviews, no lost booking, retries answered alike', async () => {
    // The servers read the real clock, so the data is laid out from today.
    const today = Temporal.Now.zonedDateTimeISO('Europe/Copenhagen').toPlainDate();
    const jc: Jobcenter = await fx.jobcenter();
    const slots: Slot[] = [];
    for (let i = 0; i < 12; i++) slots.push(await fx.slot(jc, today.add({ days: 2 + (i % 3) }).toString(), `${String(9 + Math.floor(i / 3)).padStart(2, '0')}:00`));
    const citizens: Citizen[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await fx.citizen(jc);
      await fx.deadline(c, today.toString(), today.add({ days: 10 }).toString());
      citizens.push(c);
    }

    // Every citizen: one booking sent to instance A and its retry (same idempotency key) to instance B at the same
    // moment; the first 10 also try a second slot (another key) at the same moment on the other instance.
    const pick = () => slots[Math.floor(Math.random() ** 2 * slots.length)]!.id;
    const calls: Promise<Awaited<ReturnType<typeof book>> & { key: string; server: 'A' | 'B' }>[] = [];
    for (const [i, c] of citizens.entries()) {
      const key = randomUUID();
      const slot = pick();
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      calls.push(book(first, c.id, slot, key).then((r) => ({ ...r, key, server: first === a ? 'A' : 'B' })));
      calls.push(book(second, c.id, slot, key).then((r) => ({ ...r, key, server: second === a ? 'A' : 'B' })));
      if (i < 10) {
        const other = randomUUID();
        calls.push(book(second, c.id, pick(), other).then((r) => ({ ...r, key: other, server: second === a ? 'A' : 'B' })));
      }
    }
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.server === 'A').length).toBeGreaterThan(10);
    expect(results.filter((r) => r.server === 'B').length).toBeGreaterThan(10);

    const slotIds = slots.map((s) => s.id);
    const q = async (sql: string, params: unknown[] = []) => (await pg.query(sql, params)).rows;
    // SL-3 / SL-1: no slot with two bookings.
    expect(await q(`SELECT slot_id FROM meeting WHERE slot_id = ANY($1) AND status <> 'CANCELLED' GROUP BY 1 HAVING count(*) > 1`, [slotIds])).toEqual([]);
    // MT-2: no citizen with two planned interviews.
    expect(await q(`SELECT citizen_id FROM meeting WHERE citizen_id = ANY($1) AND status = 'PLANNED' AND type IN ('JOB_INTERVIEW', 'FOLLOW_UP')
                     GROUP BY 1 HAVING count(*) > 1`, [citizens.map((c) => c.id)])).toEqual([]);
    // No lost booking: the meetings in the database are exactly those some answer announced, one per booked citizen,
    // and each such citizen's deadline is BOOKED with that meeting.
    const stored = await q(`SELECT m.citizen_id, m.id, d.status AS deadline_status, d.meeting_id FROM meeting m
                              JOIN deadline d ON d.citizen_id = m.citizen_id AND d.status IN ('OPEN', 'BOOKED', 'EXPIRED')
                             WHERE m.slot_id = ANY($1)`, [slotIds]);
    const announced = new Map<string, Set<string>>();
    for (const r of results) if (r.meetingId) (announced.get(r.citizenId) ?? announced.set(r.citizenId, new Set()).get(r.citizenId)!).add(r.meetingId);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThanOrEqual(slots.length);
    expect(new Map(stored.map((s) => [s.citizen_id, new Set([s.id])]))).toEqual(announced);
    for (const s of stored) expect([s.deadline_status, s.meeting_id]).toEqual(['BOOKED', s.id]);
    // SL-3: the two answers to one idempotency key (from different instances) are the same booking or the same refusal.
    const byKey = new Map<string, typeof results>();
    for (const r of results) (byKey.get(r.key) ?? byKey.set(r.key, []).get(r.key)!).push(r);
    for (const [, pair] of byKey) if (pair.length === 2) expect(pair[1]!.meetingId).toBe(pair[0]!.meetingId);
    // Every refusal is one the rules name (a lost race reads SLOT_TAKEN or INTERVIEW_ALREADY_PLANNED, never an error).
    for (const r of results) if (!r.meetingId) expect(['SLOT_TAKEN', 'INTERVIEW_ALREADY_PLANNED', 'NO_OPEN_DEADLINE']).toContain(r.codes[0]);
    // The event log has one INTERVIEW_BOOKED per booking, whichever instance wrote it.
    const events = await q(`SELECT count(*)::int AS n FROM domain_event WHERE type = 'INTERVIEW_BOOKED' AND citizen_id = ANY($1)`, [citizens.map((c) => c.id)]);
    expect(events[0].n).toBe(stored.length);
  }, 120_000);
});
