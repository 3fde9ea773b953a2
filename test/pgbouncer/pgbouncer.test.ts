import { print } from 'graphql';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createDataSource } from '../../src/db/data-source';
import { startTransitionScheduler } from '../../src/domain/lifecycle/transition-scheduler';
import type { Citizen, Jobcenter, Slot, UnemploymentFund } from '../../src/entities';
import { startTestApp, type TestApp } from '../support/harness';
import { type PgBouncer, startPgBouncer } from '../support/pgbouncer';
import { BookSlotForPgbouncer, MyObligationsBookableSlotsForPgbouncer, UnemploymentFundEventsForPgbouncer } from '../support/operations';

/**
 * The API through a real PgBouncer in transaction mode (README: Scale beyond one machine, "PgBouncer in transaction
 * mode"): the app's DataSource has CLIENTS connections to PgBouncer, which serves them with at most SERVER
 * connections to PostgreSQL, so consecutive transactions of one client connection run on whichever server connection
 * is free. Not part of `npm test` (it needs the pgbouncer binary): `npm run test:pgbouncer`.
 */

const SERVER = 3; // PgBouncer's default_pool_size: server connections per database
const CLIENTS = 10; // the app's pool: client connections to PgBouncer
const NOW = '2026-03-02T09:00:00+01:00';

const SCHEDULER_LOCK = `hashtext('selvbook:daily-transitions')`;

interface BookPayload { meeting: { id: string } | null; userErrors: { code: string; message: string }[] }

describe('the API through a real PgBouncer in transaction mode', () => {
  let bouncer: PgBouncer;
  let t: TestApp;
  /** A direct superuser connection to the real server (its `postgres` database), to look past the pooler. */
  let server: Client;
  let directUrl: string;
  let dbName: string;
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  const clients: Client[] = [];
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    bouncer = await startPgBouncer(process.env.TEST_PG_ADMIN_URL!, { poolSize: SERVER });
    t = await startTestApp({
      // Issue 16.1: named prepared statements only through a PgBouncer that keeps them (≥ 1.21); else DB_PREPARED_STATEMENTS=off.
      now: NOW, poolSize: CLIENTS, preparedStatements: bouncer.preparedStatements,
      connectVia: (url) => {
        directUrl = url;
        return bouncer.via(url);
      },
    });
    dbName = new URL(directUrl).pathname.slice(1);
    // Every test below runs the app through the pooler (the control test shows that this really pools).
    expect((t.ds.options as PostgresDataSourceOptions).url).toBe(bouncer.urlFor(dbName));
    server = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await server.connect();
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    for (const ds of dataSources) await ds.destroy().catch(() => undefined);
    await t?.close();
    await server?.end();
    await bouncer?.stop();
  });

  /** A raw client connection to the test database through PgBouncer. */
  async function pooled(): Promise<Client> {
    const c = new Client({ connectionString: bouncer.urlFor(dbName) });
    await c.connect();
    clients.push(c);
    return c;
  }

  /** Client backends on the real server connected to the test database (every one of them is PgBouncer's). */
  async function serverBackends(): Promise<number[]> {
    const { rows } = await server.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, [dbName]);
    return rows.map((r: { pid: number }) => r.pid);
  }

  /** Runs `fn` while sampling the server backends of the test database; returns its result and the most seen at once. */
  async function sampling<T>(fn: () => Promise<T>): Promise<{ result: T; maxBackends: number }> {
    let done = false;
    let maxBackends = 0;
    const sampler = (async () => {
      while (!done) {
        maxBackends = Math.max(maxBackends, (await serverBackends()).length);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      return { result: await fn(), maxBackends };
    } finally {
      done = true;
      await sampler;
      maxBackends = Math.max(maxBackends, (await serverBackends()).length);
    }
  }

  async function advisoryLocksHeld(): Promise<{ pid: number; objid: string; granted: boolean }[]> {
    const { rows } = await server.query(
      `SELECT pid, objid::text, granted FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [dbName]);
    return rows;
  }

  it('control: the app really is behind the pooler, which serves 10 client connections with at most 3 server connections and keeps session state on the server connection, not with the client', async () => {
    expect((await bouncer.admin('SHOW CONFIG')).find((r) => r.key === 'pool_mode')).toMatchObject({ value: 'transaction' });

    // Ten connected clients querying at once, three times over: all answered, by at most three backends.
    const ten = await Promise.all(Array.from({ length: 10 }, () => pooled()));
    const { result: pids, maxBackends } = await sampling(async () => {
      const seen: number[] = [];
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(ten.map((c) => c.query(`SELECT pg_backend_pid() AS pid FROM pg_sleep(0.05)`)));
        seen.push(...answers.map((a) => a.rows[0].pid as number));
      }
      return seen;
    });
    expect(pids).toHaveLength(30);
    expect(new Set(pids).size).toBeLessThanOrEqual(SERVER);
    expect(maxBackends).toBeLessThanOrEqual(SERVER);
    const pools = (await bouncer.admin('SHOW POOLS')).filter((p) => p.database === dbName);
    expect(pools).toHaveLength(1);
    const serverConns = Object.entries(pools[0]!).filter(([k]) => k.startsWith('sv_')).reduce((s, [, v]) => s + Number(v), 0);
    expect({ clientsActive: Number(pools[0]!.cl_active) >= 10, serverConns: serverConns <= SERVER, mode: pools[0]!.pool_mode })
      .toEqual({ clientsActive: true, serverConns: true, mode: 'transaction' });

    // A session-level advisory lock, taken outside a transaction, stays with the server connection when its client
    // goes away: PgBouncer hands the connection to the next client as it is (no reset between transactions). This is
    // why the scheduler's lock must be transaction-scoped. Directly, or with session pooling, it would be released.
    const [holder] = ten;
    const { rows: [{ pid }] } = await holder!.query(`SELECT pg_backend_pid() AS pid, pg_advisory_lock(4711)`);
    await holder!.end();
    await new Promise((r) => setTimeout(r, 300));
    expect((await advisoryLocksHeld()).filter((l) => l.objid === '4711')).toEqual([{ pid, objid: '4711', granted: true }]);
    expect(await serverBackends()).toContain(pid);
    // Clean up: PgBouncer closes its server connections to the database (and opens new ones when needed).
    await bouncer.admin(`RECONNECT ${dbName}`);
    for (let i = 0; i < 250 && (await advisoryLocksHeld()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await advisoryLocksHeld()).toEqual([]);
    for (const c of ten.slice(1)) await c.end();
  });

  it(`SL-2 (issue 16.1): named prepared statements through this PgBouncer — kept by PgBouncer >= 1.21 (max_prepared_statements); refused by an older one, where DB_PREPARED_STATEMENTS=off answers the same`, async () => {
    // The same parametrised statement from 10 client connections at once, 4 rounds: from its 2nd run it is named.
    const rounds = async (ds: DataSource) => {
      const outcomes: string[] = [];
      for (let round = 0; round < 4; round++) {
        const answers = await Promise.allSettled(Array.from({ length: CLIENTS }, (_, i) =>
          ds.query(`SELECT $1::int * 2 AS n, pg_sleep(0.01)::text AS s`, [i])));
        answers.forEach((a, i) => outcomes.push(a.status === 'fulfilled' ? (a.value[0].n === i * 2 ? 'ok' : 'wrong') : String((a.reason as { code?: string }).code)));
      }
      return outcomes;
    };
    const named = createDataSource(bouncer.via(directUrl), { poolSize: CLIENTS, preparedStatements: true });
    const unnamed = createDataSource(bouncer.via(directUrl), { poolSize: CLIENTS, preparedStatements: false });
    dataSources.push(named, unnamed);
    await named.initialize();
    await unnamed.initialize();
    expect(new Set(await rounds(unnamed))).toEqual(new Set(['ok']));
    const withNames = await rounds(named);
    if (bouncer.preparedStatements) {
      expect(new Set(withNames)).toEqual(new Set(['ok']));
    } else {
      // PgBouncer ${bouncer.version.join('.')} hands a client's next transaction to another server connection: the name
      // is unknown there (26000) or already taken by another client's (42P05). Never a wrong answer, but errors.
      expect(withNames.filter((o) => o !== 'ok' && o !== '26000' && o !== '42P05')).toEqual([]);
      expect(withNames.some((o) => o === '26000' || o === '42P05')).toBe(true);
    }
    // The app itself (configured for this pooler) reads the obligations without an error, many times at once.
    const c = await t.fx.citizen(jc);
    const reads = await Promise.all(Array.from({ length: 20 }, () => t.as.citizen(c.id).exec(MyObligationsBookableSlotsForPgbouncer)));
    expect(reads.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
  });

  async function citizensWithDeadlines(n: number): Promise<Citizen[]> {
    const out: Citizen[] = [];
    for (let i = 0; i < n; i++) {
      const c = await t.fx.citizen(jc);
      await t.fx.deadline(c, '2026-03-01', '2026-03-31');
      out.push(c);
    }
    return out;
  }

  it('SL-3: 40 citizens booking 10 slots at the same moment through the pooler — exactly 10 succeed, the rest get SLOT_TAKEN, no slot is double-booked, and retries with the same idempotency keys return the same meetings', async () => {
    const citizens = await citizensWithDeadlines(40);
    const slots: Slot[] = [];
    for (let i = 0; i < 10; i++) slots.push(await t.fx.slot(jc, '2026-03-09', `${String(8 + i).padStart(2, '0')}:00`));
    const url = await t.listen();
    // Four citizens per slot, sent one after the other, so the ones racing for a slot reach the pooler together.
    const post = async (c: Citizen, i: number): Promise<BookPayload> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-actor': `citizen:${c.id}` },
        body: JSON.stringify({ query: print(BookSlotForPgbouncer), variables: { input: { slotId: slots[Math.floor(i / 4)]!.id, idempotencyKey: `race-${i}` } } }),
      });
      const body = (await res.json()) as { data?: { bookSlot: BookPayload }; errors?: unknown[] };
      expect({ status: res.status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
      return body.data!.bookSlot;
    };

    const { result: answers, maxBackends } = await sampling(() => Promise.all(citizens.map(post)));
    const won = answers.filter((p) => p.meeting);
    expect(won).toHaveLength(10);
    for (const p of won) expect(p.userErrors).toEqual([]);
    for (const p of answers.filter((q) => !q.meeting)) {
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN', message: expect.stringMatching(/^SL-3: /) })]);
    }
    // The app used more client connections than PgBouncer had server connections.
    expect((t.ds.driver as PostgresDriver).master.totalCount).toBeGreaterThan(SERVER);
    expect(maxBackends).toBeLessThanOrEqual(SERVER);

    const integrity = async () => ({
      doubleBooked: await t.ds.query(`SELECT slot_id FROM meeting WHERE slot_id IS NOT NULL AND status <> 'CANCELLED' GROUP BY slot_id HAVING count(*) > 1`),
      deadlineMismatch: await t.ds.query(`SELECT d.id FROM deadline d LEFT JOIN meeting m ON m.id = d.meeting_id WHERE (d.status = 'BOOKED') <> (m.id IS NOT NULL AND m.status = 'PLANNED')`),
      meetings: (await t.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE citizen_id = ANY($1)`, [citizens.map((c) => c.id)]))[0].n,
      slotsBooked: (await t.ds.query(`SELECT count(DISTINCT slot_id)::int AS n FROM meeting WHERE slot_id = ANY($1) AND status = 'PLANNED'`, [slots.map((s) => s.id)]))[0].n,
      events: (await t.ds.query(`SELECT count(*)::int AS n FROM domain_event WHERE type = 'INTERVIEW_BOOKED' AND citizen_id = ANY($1)`, [citizens.map((c) => c.id)]))[0].n,
    });
    expect(await integrity()).toEqual({ doubleBooked: [], deadlineMismatch: [], meetings: 10, slotsBooked: 10, events: 10 });

    // Every request again, all at once, with the same keys: the winners get their meeting back, nothing changes.
    const retries = await Promise.all(citizens.map(post));
    for (let i = 0; i < citizens.length; i++) {
      if (answers[i]!.meeting) expect(retries[i]).toEqual({ meeting: { id: answers[i]!.meeting!.id }, userErrors: [] });
      else expect(retries[i]!.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN' })]);
    }
    expect(await integrity()).toEqual({ doubleBooked: [], deadlineMismatch: [], meetings: 10, slotsBooked: 10, events: 10 });
  });

  it('SL-5: twenty simultaneous obligations reads of a citizen whom no slot fits write the inbox message once', async () => {
    const other = await t.fx.jobcenter(); // no slots at all
    const c = await t.fx.citizen(other);
    await t.fx.deadline(c, '2026-03-01', '2026-03-31');
    const { result: reads, maxBackends } = await sampling(() => Promise.all(Array.from({ length: 20 }, () => t.as.citizen(c.id).exec(MyObligationsBookableSlotsForPgbouncer))));
    expect(maxBackends).toBeLessThanOrEqual(SERVER);
    expect(reads.map((r) => r.errors ?? r.data!.myObligations.bookableSlots)).toEqual(Array(20).fill({ slots: [], noSlotsAvailable: true }));
    expect(await t.ds.query(`SELECT kind FROM citizen_message WHERE citizen_id = $1`, [c.id])).toEqual([{ kind: 'NO_SLOTS_AVAILABLE' }]);
  });

  const seedExpired = (n: number, bookBy: string) => t.fx.openDeadlinesInBulk(jc, fund, n, bookBy, 'Pooled ');

  it('RG-1: the scheduled daily run through the pooler — its transaction-scoped advisory lock holds other runners off, two instances at once deregister each citizen exactly once, no advisory lock is left on the server, and the a-kasse reads every DEREGISTERED event once', async () => {
    const N = 30;
    const ids = await seedExpired(N, '2026-03-11');
    t.clock.set('2026-03-12T00:10:00+01:00');
    // A second app instance: its own DataSource, through the same pooler.
    const second = createDataSource(bouncer.via(directUrl), { poolSize: CLIENTS, preparedStatements: bouncer.preparedStatements });
    dataSources.push(second);
    await second.initialize();
    const a = startTransitionScheduler(t.ds, { clock: t.clock, autoStart: false });
    const b = startTransitionScheduler(second, { clock: t.clock, autoStart: false });
    const deregistered = async () => (await t.ds.query(
      `SELECT count(*)::int AS n FROM registration_period WHERE citizen_id = ANY($1) AND deregistration_reason = 'MISSED_DEADLINE'`, [ids]))[0].n;
    try {
      // While another transaction (through the pooler) holds the lock, neither instance runs.
      const other = await pooled();
      await other.query('BEGIN');
      expect((await other.query(`SELECT pg_try_advisory_xact_lock(${SCHEDULER_LOCK}) AS locked`)).rows).toEqual([{ locked: true }]);
      expect(await Promise.all([a.tick(), b.tick()])).toEqual([null, null]);
      expect(await deregistered()).toBe(0);
      await other.query('COMMIT');
      expect(await advisoryLocksHeld()).toEqual([]);

      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      const done = [ra, rb].filter((r) => r !== null);
      expect(done.length).toBeGreaterThanOrEqual(1);
      expect(done.reduce((s, r) => s + r!.deregistrations, 0)).toBe(N);
      expect(await a.tick()).toBeNull(); // the day's run is recorded
      // The lock was transaction-scoped: nothing is held on any server connection after the run.
      expect(await advisoryLocksHeld()).toEqual([]);
      const [counts] = await t.ds.query(
        `SELECT
           (SELECT count(*)::int FROM registration_period WHERE citizen_id = ANY($1) AND deregistration_reason = 'MISSED_DEADLINE') AS deregistrations,
           (SELECT count(DISTINCT citizen_id)::int FROM registration_period WHERE citizen_id = ANY($1) AND deregistration_reason = 'MISSED_DEADLINE') AS citizens,
           (SELECT count(*)::int FROM domain_event WHERE citizen_id = ANY($1) AND type = 'DEREGISTERED') AS events,
           (SELECT count(*)::int FROM deadline WHERE citizen_id = ANY($1) AND status = 'EXPIRED') AS expired`,
        [ids]);
      expect(counts).toEqual({ deregistrations: N, citizens: N, events: N, expired: N });
    } finally {
      await a.stop();
      await b.stop();
    }

    // The a-kasse reads the N DEREGISTERED events from its cursor, each once (polling, as a portal does).
    const seen = new Map<string, string>();
    let after: string | null = null;
    for (let i = 0; i < 200 && seen.size < N; i++) {
      const page: any = (await t.as.fund(fund.id).run(UnemploymentFundEventsForPgbouncer, { after, first: 7 })).unemploymentFundEvents;
      for (const e of page.nodes) {
        expect(seen.has(e.id)).toBe(false);
        seen.set(e.id, `${e.type}:${e.citizen.id}`);
      }
      after = page.pageInfo.endCursor;
      if (page.nodes.length === 0) await new Promise((r) => setTimeout(r, 25));
    }
    expect([...seen.values()].sort()).toEqual(ids.map((id) => `DEREGISTERED:${id}`).sort());
  });

  it('EV-2: through the pooler, an event whose transaction holds an earlier seq and commits late is not skipped: the later one is held back until it commits', async () => {
    const member = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const read = async (after: string | null) => (await t.as.fund(fund.id).run(UnemploymentFundEventsForPgbouncer, { after, first: 100 })).unemploymentFundEvents;
    const labels = (page: { nodes: { payload: string }[] }) => page.nodes.map((n) => JSON.parse(n.payload).label);
    let start: string | null;
    for (let page = await read(null); ; page = await read(start)) {
      start = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    const insertEvent = async (c: Client, label: string): Promise<string> => (await c.query(
      `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
       VALUES (now(), 'DEREGISTERED', $1, $2, $3, jsonb_build_object('label', $4::text)) RETURNING seq::text AS seq`,
      [member.id, jc.id, fund.id, label])).rows[0].seq;

    const slow = await pooled();
    const fast = await pooled();
    await slow.query('BEGIN');
    const earlySeq = await insertEvent(slow, 'early seq, commits late');
    const lateSeq = await insertEvent(fast, 'later seq, committed first');
    expect(BigInt(lateSeq)).toBeGreaterThan(BigInt(earlySeq));
    const during = await read(start);
    expect(labels(during)).toEqual([]);
    expect(during.pageInfo.endCursor).toBe(start);

    await slow.query('COMMIT');
    let after = await read(start);
    for (let i = 0; i < 100 && after.nodes.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 25));
      after = await read(start);
    }
    expect(labels(after)).toEqual(['early seq, commits late', 'later seq, committed first']);
    expect(after.nodes.map((n: { sequence: string }) => n.sequence)).toEqual([earlySeq, lateSeq]);
    expect(labels(await read(after.pageInfo.endCursor))).toEqual([]);
  });
});
