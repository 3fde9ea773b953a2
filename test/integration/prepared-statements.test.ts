import { Temporal } from 'temporal-polyfill';
import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { createDataSource } from '../../src/db/data-source';
import { MAX_NAMED, PREPARE_AFTER } from '../../src/db/prepared-statements';
import type { Citizen, Jobcenter } from '../../src/entities';
import { startTestApp, type TestApp } from '../support/harness';
import { CitizensForPreparedStatements, MyObligationsForSqlBatching, UnemploymentFundEventsForPreparedStatements } from '../support/operations';

/**
 * Issue 16 (1), plans reused: the hot statements of the citizen's obligations (SL-2's bookable slots, the citizen,
 * the citizen-rows union), the caseworker's list and the a-kasse feed (EV-2) run as named prepared statements, so
 * PostgreSQL parses each once per connection and reuses a generic plan. Observed on the server itself
 * (pg_prepared_statements of the app's only connection), not in the client.
 */




interface Prepared { name: string; statement: string; generic_plans: string; custom_plans: string; parameter_types: string }

describe('named prepared statements (issue 16.1)', () => {
  let t: TestApp;
  let jc: Jobcenter;
  let citizen: Citizen;
  const extra: DataSource[] = [];

  beforeAll(async () => {
    // One connection, so every statement of the app runs on it and pg_prepared_statements shows them all.
    t = await startTestApp({ now: '2026-03-02T09:00:00+01:00', poolSize: 1 });
    jc = await t.fx.jobcenter();
    for (const d of ['2026-03-04', '2026-03-05']) await t.fx.slot(jc, d, '10:00');
    citizen = await t.fx.citizen(jc, { unemployedSince: Temporal.PlainDate.from('2025-11-03') });
    await t.fx.deadline(citizen, '2026-03-01', '2026-03-10');
    await t.fx.meeting(citizen, '2026-03-20', '09:00', { status: 'PLANNED' });
  });
  afterAll(async () => {
    for (const ds of extra) await ds.destroy();
    await t.close();
  });

  /** The named statements of the app's connection (a statement without parameters: sent unnamed, so not listed). */
  const prepared = async (ds: DataSource = t.ds): Promise<Prepared[]> =>
    ds.query(`SELECT name, statement, generic_plans::text, custom_plans::text, parameter_types::text FROM pg_prepared_statements ORDER BY name`);

  it('SL-2 obligations: the citizen, the citizen-rows union and the bookable slots are named after their second run, and the union then runs on a generic plan (not planned per request)', async () => {
    const before = await prepared();
    expect(before.filter((p) => p.statement.includes('json_build_array'))).toEqual([]);
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await t.as.citizen(citizen.id).run(MyObligationsForSqlBatching)).myObligations);
    // The same answer every time (named or not).
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].bookableSlots.slots).toHaveLength(2);
    expect(answers[0].plannedMeetings).toHaveLength(1);

    const after = await prepared();
    const union = after.filter((p) => p.statement.includes('json_build_array') && p.statement.includes('UNION ALL'));
    const byId = after.filter((p) => p.statement.startsWith('SELECT * FROM "citizen" WHERE id ='));
    const slots = after.filter((p) => p.statement.includes('FROM slot s'));
    expect({ union: union.length, byId: byId.length, slots: slots.length }).toEqual({ union: 1, byId: 1, slots: 1 });
    for (const p of [...union, ...byId, ...slots]) expect(p.name).toMatch(/^sb\d+$/);
    // Named from the PREPARE_AFTER-th run on: 10 runs → executed 10 − (PREPARE_AFTER − 1) times as a prepared statement.
    const runs = (p: Prepared) => Number(p.generic_plans) + Number(p.custom_plans);
    expect(runs(union[0]!)).toBe(10 - (PREPARE_AFTER - 1));
    // PostgreSQL plans the first five executions, then keeps the generic plan: planned 5 times for 9 executions.
    expect(Number(union[0]!.generic_plans)).toBeGreaterThan(0);
    // One citizen for every kind: the union takes that citizen as its one scalar parameter (not one uuid[] per kind),
    // the form whose generic plan PostgreSQL also keeps on the national data (an array parameter's is costed higher).
    expect(union[0]!.parameter_types).toBe('{uuid}');
    // The citizen behind the request likewise: one id, asked as `id = $1` (not `= ANY($1::uuid[])`), on a generic plan.
    expect(byId[0]!.statement).toBe('SELECT * FROM "citizen" WHERE id = $1::uuid');
    expect(Number(byId[0]!.generic_plans)).toBeGreaterThan(0);
  });

  it('CC-7 caseworker list and EV-2 a-kasse feed: their statements are named too, and their answers do not change once they are', async () => {
    const fund = await t.fx.fund();
    await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const lists = [];
    for (let i = 0; i < 4; i++) lists.push((await t.as.caseworker(jc.id).run(CitizensForPreparedStatements, { jobcenterId: jc.id })).citizens);
    expect(new Set(lists.map((l) => JSON.stringify(l.nodes))).size).toBe(1); // (the sealed cursor differs per response)
    expect(lists[0].nodes.length).toBeGreaterThanOrEqual(2);
    const feeds = [];
    for (let i = 0; i < 4; i++) feeds.push((await t.as.fund(fund.id).run(UnemploymentFundEventsForPreparedStatements, { after: null })).unemploymentFundEvents);
    expect(new Set(feeds.map((f) => JSON.stringify(f))).size).toBe(1);

    const after = await prepared();
    expect(after.filter((p) => p.statement.includes('FROM citizen c WHERE c.jobcenter_id') && p.statement.includes('ORDER BY c.name, c.id'))).toHaveLength(1);
    expect(after.filter((p) => p.statement.includes('FROM domain_event e') && p.statement.includes('pg_snapshot_xmin'))).toHaveLength(1);
  });

  it('SL-2: with preparedStatements off (DB_PREPARED_STATEMENTS=off, behind a PgBouncer < 1.21) nothing is named, the answers are the same', async () => {
    const off = createDataSource((t.ds.options as PostgresDataSourceOptions).url!, { poolSize: 1, preparedStatements: false });
    extra.push(off);
    await off.initialize();
    for (let i = 0; i < 5; i++) expect(await off.query(`SELECT $1::int + 1 AS n`, [i])).toEqual([{ n: i + 1 }]);
    expect(await prepared(off)).toEqual([]);
    const on = createDataSource((t.ds.options as PostgresDataSourceOptions).url!, { poolSize: 1 });
    extra.push(on);
    await on.initialize();
    for (let i = 0; i < 5; i++) expect(await on.query(`SELECT $1::int + 1 AS n`, [i])).toEqual([{ n: i + 1 }]);
    expect((await prepared(on)).map((p) => p.statement)).toEqual([`SELECT $1::int + 1 AS n`]);
  });

  it('SL-2: a statement run once, and statements without parameters (migrations, scripts), are never named; at most MAX_NAMED texts are', async () => {
    const ds = createDataSource((t.ds.options as PostgresDataSourceOptions).url!, { poolSize: 1 });
    extra.push(ds);
    await ds.initialize();
    await ds.query(`SELECT $1::int AS once`, [1]);
    await ds.query(`SELECT 1 AS a; SELECT 2 AS b`);
    await ds.query(`SELECT 1 AS a; SELECT 2 AS b`);
    expect(await prepared(ds)).toEqual([]);
    for (let i = 0; i < MAX_NAMED + 10; i++) for (let k = 0; k < PREPARE_AFTER; k++) await ds.query(`SELECT $1::int AS v${i}`, [k]);
    expect(await prepared(ds)).toHaveLength(MAX_NAMED);
    // Past the cap, statements still answer (unnamed).
    expect(await ds.query(`SELECT $1::int AS v${MAX_NAMED + 5}`, [7])).toEqual([{ [`v${MAX_NAMED + 5}`]: 7 }]);
  });
});
