import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { type Citizen, Deadline, type Jobcenter, type UnemploymentFund } from '../../src/entities';
import { lapse } from '../../src/domain/deadline/deadline.transitions';
import { deadlineLapseReasons } from '../../src/domain/deadline/deadline.transitions.sql';
import { DeregisterCitizen, IssueDeadlineForLifecycle } from '../support/operations';

/**
 * Issue 13 (1): the daily run writes the same rows as the one-deadline transitions. One citizen goes through the
 * TypeScript transition (deadline.transitions.ts / the registration service), another through the set-based daily run
 * (lifecycle/transitions.ts with deadline.transitions.sql.ts), and the history and event rows are compared: the same
 * columns with the same types, the same action and statuses, a reason starting with the same rule ID, an actor label.
 */

const START = '2026-03-02';

describe('transitions: the daily run writes history and events of the same shape as the TypeScript transitions', () => {
  const t = withApp({ now: `${START}T09:00:00+01:00`, resetClock: START });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const day = (d: string) => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: '09:00' }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });

  async function withDeadline(bookBy = '2026-03-10'): Promise<{ c: Citizen; deadlineId: string }> {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-20') });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-20', 'INITIAL')`, [c.id]);
    day(START);
    const r = await t.as.caseworker(jc.id).run(IssueDeadlineForLifecycle, { input: { citizenId: c.id, bookBy } });
    expect(r.issueDeadline.userErrors).toEqual([]);
    return { c, deadlineId: r.issueDeadline.deadline.id as string };
  }

  /** A row's shape: each column with the type of its value (null apart), and the keys of a JSON object column. */
  function shape(row: Record<string, unknown>, omit: string[] = []): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) {
      if (omit.includes(k)) continue;
      out[k] = v === null ? 'null' : v instanceof Date ? 'Date' : typeof v;
    }
    return out;
  }
  const ruleId = (reason: string | null) => reason?.match(/^[A-Z]{2,3}-\d+/)?.[0] ?? null;
  const actorKind = (actor: string) => actor.split(':')[0];

  const historyOf = async (deadlineId: string, action: string) =>
    (await t.ds.query(`SELECT * FROM deadline_history WHERE deadline_id = $1 AND action = $2`, [deadlineId, action])) as Record<string, any>[];

  it('LP-1: a deadline lapsed by the one-deadline transition (deadline.transitions lapse) and one lapsed by the run have history rows of one shape', async () => {
    const byTs = await withDeadline();
    const byRun = await withDeadline();
    day('2026-03-11');
    await run('2026-03-11');

    // LP-1 boundary: 3 months after the deregistration from 2026-03-11 — the way the registration service lapses.
    day('2026-06-11');
    const cw = { kind: 'CASEWORKER' as const, jobcenterId: jc.id, userId: 'shape-test' };
    await t.ds.transaction(async (db) => {
      await db.query(`SELECT id FROM citizen WHERE id = $1 FOR UPDATE`, [byTs.c.id]);
      const d = await db.findOneByOrFail(Deadline, { id: byTs.deadlineId });
      expect(d.status).toBe('EXPIRED');
      await lapse({ actor: cw, clock: t.clock, db }, d, deadlineLapseReasons.insured());
    });
    await run('2026-06-11');

    const [ts] = await historyOf(byTs.deadlineId, 'LAPSED');
    const [sql] = await historyOf(byRun.deadlineId, 'LAPSED');
    expect(ts).toBeDefined();
    expect(sql).toBeDefined();
    expect(shape(sql!, ['id', 'deadline_id'])).toEqual(shape(ts!, ['id', 'deadline_id']));
    expect({ action: sql!.action, from: sql!.from_status, to: sql!.to_status, reason: sql!.reason, at: sql!.at })
      .toEqual({ action: ts!.action, from: ts!.from_status, to: ts!.to_status, reason: ts!.reason, at: ts!.at });
    expect(ruleId(sql!.reason)).toBe('LP-1');
    expect(actorKind(ts!.actor)).toBe('caseworker');
    expect(actorKind(sql!.actor)).toBe('system');
    // The run adds the day it ran for; every other detail of the one-deadline transition is there.
    expect(sql!.details).toEqual({ ...ts!.details, runDate: '2026-06-11' });
    // And the deadline rows agree.
    const rows = (await t.ds.query(`SELECT id, status, close_reason, status_changed_at FROM deadline WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[byTs.deadlineId, byRun.deadlineId]])) as Record<string, any>[];
    expect(rows.map((x) => ({ status: x.status, closeReason: x.close_reason, at: x.status_changed_at }))).toEqual([0, 1].map(() => ({ status: 'LAPSED', closeReason: null, at: ts!.at })));
  });

  it('RG-1: the DEREGISTERED event of the run (missed deadline) has the shape of the one a caseworker\'s deregistration emits', async () => {
    const byRun = await withDeadline();
    const byTs = await withDeadline();
    // The day before the run's deregistration takes effect, a caseworker deregisters the other citizen (CZ-6).
    day('2026-03-10');
    const r = await t.as.caseworker(jc.id).run(DeregisterCitizen, { input: { citizenId: byTs.c.id, reason: 'EMPLOYMENT' } });
    expect(r.deregisterCitizen.userErrors).toEqual([]);
    day('2026-03-11');
    await run('2026-03-11');

    const ev = async (c: Citizen) => (await t.ds.query(`SELECT * FROM domain_event WHERE citizen_id = $1 AND type = 'DEREGISTERED'`, [c.id])) as Record<string, any>[];
    const [ts] = await ev(byTs.c);
    const [sql] = await ev(byRun.c);
    expect(ts).toBeDefined();
    expect(sql).toBeDefined();
    const omit = ['id', 'seq', 'citizen_id', 'payload'];
    expect(shape(sql!, omit)).toEqual(shape(ts!, omit));
    // What the a-kasse reads of any deregistration: why, how, from when, the outage flag — the same keys and types.
    const common = ['reason', 'via', 'deregisteredFrom', 'systemOutage'];
    const pick = (p: Record<string, unknown>) => Object.fromEntries(common.map((k) => [k, typeof p[k]]));
    expect(pick(sql!.payload)).toEqual(pick(ts!.payload));
    expect(sql!.payload).toMatchObject({ reason: 'MISSED_DEADLINE', via: 'SYSTEM', deregisteredFrom: '2026-03-11', systemOutage: false });
    expect(ts!.payload).toMatchObject({ reason: 'EMPLOYMENT', deregisteredFrom: '2026-03-10', systemOutage: false });
  });
});
