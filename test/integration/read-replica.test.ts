import type { DocumentNode } from 'graphql';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Temporal } from 'temporal-polyfill';
import type { DataSource } from 'typeorm';
import { insertAccessLog } from '../../src/audit/access-log';
import { ensureDatabase, openReadDataSource } from '../../src/db/bootstrap';
import { createDataSource, migrate } from '../../src/db/data-source';
import { freePort } from '../../src/db/embedded';
import { REPLICA_ROOT_FIELDS } from '../../src/db/read-routing';
import { FixedClock } from '../../src/domain/shared/clock';
import type { Jobcenter } from '../../src/entities';
import { type App, createApp } from '../../src/server';
import { withDatabase } from '../support/global-setup';
import { Fixtures } from '../support/fixtures';
import { gqlPost } from '../support/http';
import { type StreamingPair, startStreamingPair } from '../support/standby';
import { AccessLogOperationsForReadReplica, BookSlotForMeetingCallIn, CitizenId, CitizenNamesForReadReplica, CitizensAndCitizenForReadReplica, CitizensOverviewForReadReplica, ContactCoursesBehindForReadReplica, FollowUpListForReadReplica, IssueDeadline, JointInterviewOptOutsForReadReplica, MeId, MemberJointInterviewsForReadReplica, MyObligationsForReadReplica, Ping, SelfBookingShareForReadReplica, SelfBookingSharesForReadReplica, UnemploymentFundEventIdsForReadReplica } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';


/**
 * Read replicas (README: Read replicas) against a real streaming replica: this file starts its own embedded
 * primary and builds a hot standby of it with the low-level base backup API (test/support/standby.ts), then runs
 * the app with DATABASE_READ_URL's DataSource on the standby. Pausing WAL replay on the standby makes routing
 * visible: what the primary wrote since is missing from the replica until replay resumes, and the standby refuses
 * every write ("cannot execute INSERT in a read-only transaction").
 */
describe('read replicas: allow-listed queries read the streaming replica; other reads and every write use the primary', () => {
  let pair: StreamingPair | undefined;
  let ds: DataSource | undefined;
  let readDs: DataSource | undefined;
  let app: App | undefined;
  let server: http.Server | undefined;
  let url: string;
  let primaryDbUrl: string;
  let replicaDbUrl: string;
  let fx: Fixtures;
  const logLines: Record<string, unknown>[] = [];
  const clock = new FixedClock(NOW);

  beforeAll(async () => {
    pair = await startStreamingPair();
    await ensureDatabase(pair.primaryUrl, 'selvbook');
    primaryDbUrl = withDatabase(pair.primaryUrl, 'selvbook');
    replicaDbUrl = withDatabase(pair.standbyUrl, 'selvbook');
    ds = createDataSource(primaryDbUrl, { poolSize: 5 });
    await ds.initialize();
    await migrate(ds);
    await pair.caughtUp(); // the new database and its schema, replayed on the standby
    readDs = await openReadDataSource(replicaDbUrl, 5);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l) logLines.push(JSON.parse(l));
        done();
      },
    });
    app = await createApp({ ds, readDs, log: pino({ level: 'info' }, sink), clock, authMode: 'dev', development: true });
    server = http.createServer(app.handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    fx = new Fixtures(ds, clock);
  }, 60_000);

  afterAll(async () => {
    if (server) await new Promise<void>((r) => server!.close(() => r()));
    await app?.apollo.stop();
    if (readDs?.isInitialized) await readDs.destroy();
    if (ds?.isInitialized) await ds.destroy();
    await pair?.stop(); // both servers, and their data directories
  }, 60_000);

  /** A GraphQL POST as a dev actor (`caseworker:<jc>`, `citizen:<id>`, `statistics`, …); `source` is x-read-source. */
  async function post(actor: string, query: DocumentNode, variables: Record<string, unknown> = {}, requestId?: string) {
    const r = await gqlPost(url, query, variables, { 'x-dev-actor': actor, ...(requestId ? { 'x-request-id': requestId } : {}) });
    return { status: r.status, source: r.headers['x-read-source'], errors: r.json?.errors, data: r.json?.data };
  }

  /** Runs `fn` with WAL replay paused on the standby: the replica keeps answering, as of the moment it paused. */
  async function whileReplayPaused<T>(fn: () => Promise<T>): Promise<T> {
    await pair!.pauseReplay();
    try {
      return await fn();
    } finally {
      await pair!.resumeReplay();
    }
  }

  async function replicatedJobcenter(): Promise<Jobcenter> {
    const jc = await fx.jobcenter();
    await pair!.caughtUp();
    return jc;
  }

  it('the standby is a real hot standby: in recovery, streaming from the primary, and it refuses the access log\'s INSERT', async () => {
    expect(await readDs!.query(`SELECT pg_is_in_recovery() AS r`)).toEqual([{ r: true }]);
    expect(await ds!.query(`SELECT state FROM pg_stat_replication`)).toEqual([{ state: 'streaming' }]);
    const jc = await replicatedJobcenter();
    const c = await fx.citizen(jc);
    await pair!.caughtUp();
    // The statement the audit plugin runs: on the replica it fails, so a request that logs on the replica fails too.
    const row = {
      at: Temporal.Instant.from('2026-03-02T08:00:00Z'), citizenId: c.id, access: 'READ' as const, operation: 'Query.citizens',
      purpose: 'test', actor: { kind: 'CASEWORKER' as const, jobcenterId: jc.id, userId: 'cw' }, requestId: 'write-on-replica',
    };
    await expect(insertAccessLog(readDs!.manager, [row])).rejects.toThrow(/cannot execute INSERT in a read-only transaction/);
  });

  it('the statistics share and the caseworker list of citizens are read on the replica: rows written on the primary show only after replay', async () => {
    const jc = await replicatedJobcenter();
    const cw = `caseworker:${jc.id}`;
    const c = await whileReplayPaused(async () => {
      const c = await fx.citizen(jc);
      await fx.meeting(c, '2026-02-10', '10:00', { status: 'HELD', origin: 'SELF_BOOKED' });
      const share = await post('statistics', SelfBookingShareForReadReplica, { jc: jc.id });
      expect(share).toMatchObject({ status: 200, source: 'replica', data: { selfBookingShare: { heldJobInterviews: 0, selfBooked: 0 } } });
      const list = await post(cw, CitizenNamesForReadReplica, { jc: jc.id });
      expect(list).toMatchObject({ status: 200, source: 'replica', data: { citizens: { nodes: [] } } });
      // A single-object lookup reads the primary, which has the citizen already.
      expect(await post(cw, CitizenId, { id: c.id })).toMatchObject({ status: 200, source: 'primary', data: { citizen: { id: c.id } } });
      return c;
    });
    await pair!.caughtUp();
    expect(await post('statistics', SelfBookingShareForReadReplica, { jc: jc.id }))
      .toMatchObject({ source: 'replica', data: { selfBookingShare: { heldJobInterviews: 1, selfBooked: 1 } } });
    expect(await post(cw, CitizenNamesForReadReplica, { jc: jc.id })).toMatchObject({ source: 'replica', data: { citizens: { nodes: [{ id: c.id, name: c.name }] } } });
  });

  it('the access log entry of a replica-routed read is written on the primary (and reaches the replica by replication)', async () => {
    const jc = await replicatedJobcenter();
    const c = await fx.citizen(jc);
    await pair!.caughtUp();
    const LOGGED = `SELECT citizen_id, access, operation, actor FROM access_log WHERE request_id = 'rr-audit-1'`;
    await whileReplayPaused(async () => {
      const r = await post(`caseworker:${jc.id}:jane`, CitizenNamesForReadReplica, { jc: jc.id }, 'rr-audit-1');
      expect(r).toMatchObject({ status: 200, source: 'replica', data: { citizens: { nodes: [{ id: c.id }] } } });
      expect(r.errors).toBeUndefined();
      expect(await ds!.query(LOGGED)).toEqual([{ citizen_id: c.id, access: 'READ', operation: 'Query.citizens', actor: `caseworker:${jc.id}:jane` }]);
      expect(await readDs!.query(LOGGED)).toEqual([]);
    });
    await pair!.caughtUp();
    expect(await readDs!.query(LOGGED)).toHaveLength(1);
    // Observability: the request's log line names the source (and nothing else about it).
    expect(logLines).toContainEqual(expect.objectContaining({ msg: 'graphql request', requestId: 'rr-audit-1', status: 200, readSource: 'replica' }));
  });

  it('mutations (issueDeadline, bookSlot) and myObligations use the primary while a replica is configured: read-your-writes', async () => {
    const jc = await replicatedJobcenter();
    await whileReplayPaused(async () => {
      // Created while replay is paused: the replica does not know this citizen, so every step below that read the
      // replica would fail (NOT_FOUND, or no obligations), and any write there would be refused.
      const c = await fx.citizen(jc);
      const slot = await fx.slot(jc, '2026-03-10', '10:00');
      const issued = await post(`caseworker:${jc.id}`, IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
      expect(issued).toMatchObject({ status: 200, source: 'primary', data: { issueDeadline: { userErrors: [], deadline: { status: 'OPEN' } } } });
      const deadlineId = issued.data.issueDeadline.deadline.id as string;

      const before = await post(`citizen:${c.id}`, MyObligationsForReadReplica);
      expect(before).toMatchObject({ status: 200, source: 'primary', data: { myObligations: { activeDeadline: { id: deadlineId, status: 'OPEN' }, plannedMeetings: [] } } });
      expect(before.data.myObligations.bookableSlots.slots).toEqual([{ id: slot.id }]);

      const booked = await post(`citizen:${c.id}`, BookSlotForMeetingCallIn, { input: { slotId: slot.id } });
      expect(booked).toMatchObject({ status: 200, source: 'primary', data: { bookSlot: { userErrors: [], deadline: { id: deadlineId, status: 'BOOKED' } } } });
      const meetingId = booked.data.bookSlot.meeting.id as string;

      expect(await post(`citizen:${c.id}`, MyObligationsForReadReplica)).toMatchObject({
        status: 200, source: 'primary', data: { myObligations: { activeDeadline: { id: deadlineId, status: 'BOOKED' }, plannedMeetings: [{ id: meetingId }] } },
      });
      // The mutations' CHANGE entries are on the primary; the replica has seen none of it.
      expect(await ds!.query(`SELECT access, operation FROM access_log WHERE citizen_id = $1`, [c.id]))
        .toEqual([{ access: 'CHANGE', operation: 'Mutation.issueDeadline' }]);
      expect(await readDs!.query(`SELECT id FROM citizen WHERE id = $1`, [c.id])).toEqual([]);
    });
  });

  it('only queries whose root fields are all allow-listed use the replica: a mixed query, the event feed and the access log use the primary', async () => {
    const jc = await replicatedJobcenter();
    const fund = await fx.fund();
    await pair!.caughtUp();
    await whileReplayPaused(async () => {
      const c = await fx.citizen(jc, { unemploymentFundId: fund.id });
      const mixed = await post(`caseworker:${jc.id}`, CitizensAndCitizenForReadReplica, { jc: jc.id, id: c.id });
      // Read on the primary: the list already has the citizen the replica has not replayed yet.
      expect(mixed).toMatchObject({ status: 200, source: 'primary', data: { citizens: { nodes: [{ id: c.id }] }, citizen: { id: c.id } } });
      const feed = await post(`unemployment-fund:${fund.id}`, UnemploymentFundEventIdsForReadReplica);
      expect(feed).toMatchObject({ status: 200, source: 'primary' });
      expect(feed.errors).toBeUndefined();
      const log = await post(`caseworker:${jc.id}`, AccessLogOperationsForReadReplica, { id: c.id });
      // The entries the mixed query just wrote on the primary are there: read on the primary.
      expect(log).toMatchObject({ status: 200, source: 'primary' });
      expect(log.data.accessLog.nodes.map((n: { operation: string }) => n.operation).sort()).toEqual(['Query.citizen', 'Query.citizens']);
      // A citizen's own reads stay on the primary, and so does a mutation, however small.
      expect(await post(`citizen:${c.id}`, MeId)).toMatchObject({ source: 'primary', data: { me: { id: c.id } } });
      expect(await post(`citizen:${c.id}`, Ping)).toMatchObject({ source: 'primary', data: { ping: true } });
    });
  });

  it('every allow-listed root field is answered on the replica without error (none of them writes)', async () => {
    const jc = await replicatedJobcenter();
    const fund = await fx.fund();
    const c = await fx.citizen(jc, { unemploymentFundId: fund.id });
    await fx.meeting(c, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW' });
    await pair!.caughtUp();
    const cw = `caseworker:${jc.id}`;
    const ak = `unemployment-fund:${fund.id}`;
    const cases: Record<string, [string, DocumentNode, Record<string, unknown>?]> = {
      selfBookingShare: ['statistics', SelfBookingShareForReadReplica, { jc: jc.id }],
      selfBookingShares: ['statistics', SelfBookingSharesForReadReplica],
      citizens: [cw, CitizensOverviewForReadReplica, { jc: jc.id }],
      contactCoursesBehind: [cw, ContactCoursesBehindForReadReplica, { jc: jc.id }],
      followUpList: [cw, FollowUpListForReadReplica, { jc: jc.id }],
      jointInterviewOptOuts: [ak, JointInterviewOptOutsForReadReplica],
      memberJointInterviews: [ak, MemberJointInterviewsForReadReplica, { id: c.id }],
    };
    // The test covers the whole allow-list: a field added to it must be added here.
    expect(Object.keys(cases).sort()).toEqual([...REPLICA_ROOT_FIELDS].sort());
    for (const [field, [actor, query, variables]] of Object.entries(cases)) {
      const r = await post(actor, query, variables);
      expect({ field, status: r.status, source: r.source, errors: r.errors }).toEqual({ field, status: 200, source: 'replica', errors: undefined });
    }
    const logged = await ds!.query(`SELECT DISTINCT operation FROM access_log WHERE citizen_id = $1 ORDER BY 1`, [c.id]);
    expect(logged.map((r: { operation: string }) => r.operation)).toEqual(
      expect.arrayContaining(['Query.citizens', 'Query.jointInterviewOptOuts', 'Query.memberJointInterviews']));
  });

  it('the server process (main.ts) opens DATABASE_READ_URL with its own pool, routes to it, and stops cleanly on SIGTERM', async () => {
    const jc = await replicatedJobcenter();
    const port = await freePort();
    const lines: string[] = [];
    const proc = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env, DATABASE_URL: primaryDbUrl, DATABASE_READ_URL: `${replicaDbUrl}?application_name=rr-process-test`, DB_READ_POOL_SIZE: '3',
        PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', AUTH_MODE: 'dev', NODE_ENV: 'development', LOG_LEVEL: 'info', TRANSITIONS_SCHEDULE: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    proc.stderr!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    try {
      const until = Date.now() + 45_000;
      while (!lines.some((l) => l.includes('selvbook API ready'))) {
        if (proc.exitCode !== null || Date.now() > until) throw new Error(`server did not start:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(lines.some((l) => l.includes('read replica connected (DATABASE_READ_URL)') && l.includes('"poolSize":3'))).toBe(true);
      const r = await gqlPost(`http://127.0.0.1:${port}/graphql`, CitizenNamesForReadReplica, { jc: jc.id }, { 'x-dev-actor': `caseworker:${jc.id}` });
      expect([r.status, r.headers['x-read-source'], r.json.errors]).toEqual([200, 'replica', undefined]);
      // The process's read pool, seen on the standby (its URL names the connections).
      const onStandby = async () => (await readDs!.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'rr-process-test'`))[0].n as number;
      expect(await onStandby()).toBeGreaterThan(0);
      proc.kill('SIGTERM');
      expect(await new Promise<number | null>((res) => (proc.exitCode !== null ? res(proc.exitCode) : proc.on('exit', (c) => res(c))))).toBe(0);
      expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
      for (const until = Date.now() + 5000; (await onStandby()) > 0 && Date.now() < until;) await new Promise((res) => setTimeout(res, 50));
      expect(await onStandby()).toBe(0);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  }, 60_000);

  it('a read replica that cannot be reached fails with a message naming DATABASE_READ_URL, without its password', async () => {
    const port = await freePort();
    const err = await openReadDataSource(`postgres://reader:s3cret-pw@127.0.0.1:${port}/selvbook`).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^DATABASE_READ_URL: cannot connect to the read replica: .*ECONNREFUSED/);
    expect((err as Error).message).not.toContain('s3cret-pw');
  });

  it('without a read replica nothing changes: the same query reads the primary and no x-read-source header is sent', async () => {
    const jc = await replicatedJobcenter();
    const plain = await createApp({ ds: ds!, log: pino({ level: 'silent' }), clock, authMode: 'dev', development: true });
    const srv = http.createServer(plain.handler);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      await whileReplayPaused(async () => {
        const c = await fx.citizen(jc);
        const r = await gqlPost(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/graphql`, CitizenNamesForReadReplica, { jc: jc.id }, { 'x-dev-actor': `caseworker:${jc.id}` });
        expect(r.status).toBe(200);
        expect(r.headers['x-read-source']).toBeUndefined();
        expect(r.json.data.citizens.nodes).toEqual([{ id: c.id, name: c.name }]);
      });
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
      await plain.apollo.stop();
    }
  });
});
