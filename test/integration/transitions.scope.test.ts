import { Temporal } from 'temporal-polyfill';
import { withApp } from '../support/app';
import type { Jobcenter, UnemploymentFund } from '../../src/entities';
import { FixedClock } from '../../src/domain/shared/clock';
import type { Scope } from '../../src/domain/shared/scope';
import { DAILY_RUN_ACTOR, asDailyRun, runTransitions, runTransitionsForCitizen } from '../../src/domain/lifecycle/transitions';

/**
 * Issue 13 (2) and 16 (4): the daily run is called like every other operation — on a scope with the daily run's
 * system actor and its clock — and walks the citizens in lanes (disjoint ranges of citizen ids) without doing a
 * citizen twice or leaving one out at a lane's edge.
 */

const RUN_AT = '2026-03-11T00:30:00Z';

describe('transitions: the daily run on a scope (system actor, clock) and in lanes', () => {
  const t = withApp({ now: '2026-03-11T09:00:00+01:00' });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  /** INSURED_UNEMPLOYED citizens with these ids, registered, each with an OPEN deadline to book by `bookBy`. */
  async function withOpenDeadlines(ids: string[], bookBy: string): Promise<void> {
    for (const id of ids) {
      await t.fx.citizen(jc, { id, unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-01') });
    }
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) SELECT unnest($1::uuid[]), '2026-02-01', 'INITIAL'`, [ids]);
    await t.ds.query(
      `INSERT INTO deadline (citizen_id, jobcenter_id, available_from, book_by, latest_interview_date, original_book_by, channel, status)
       SELECT unnest($1::uuid[]), $2, $3::date - 8, $3::date, $3::date + 7, $3::date, 'JOBNET', 'OPEN'`, [ids, jc.id, bookBy]);
  }

  const dailyRunScope = (): Scope => ({ actor: DAILY_RUN_ACTOR, clock: new FixedClock(RUN_AT), db: t.ds.manager });

  it('RG-1/DL-7: citizens at both edges of the two lanes (ids 0000…, 7fff…, 8000…, ffff…) are each expired and deregistered exactly once, named system:daily-transitions at the clock\'s instant', async () => {
    // The lanes split the id space at 8000…: the last id of the first lane and the first of the second, and both ends.
    const ids = ['00000000-0000-4000-8000-000000000001', '7fffffff-ffff-ffff-ffff-ffffffffffff', '80000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-4fff-bfff-fffffffffffe'];
    await withOpenDeadlines(ids, '2026-03-10');

    // Batches of 1: each lane takes several batches, continuing after its last citizen.
    const counts = await runTransitions(dailyRunScope(), Temporal.PlainDate.from('2026-03-11'), { batchSize: 1, lanes: 2 });
    expect(counts).toMatchObject({ deadlinesExpired: 4, deregistrations: 4 });

    const history: { citizen_id: string; actor: string; at: Date }[] = await t.ds.query(
      `SELECT d.citizen_id, h.actor, h.at FROM deadline_history h JOIN deadline d ON d.id = h.deadline_id
        WHERE d.citizen_id = ANY($1::uuid[]) AND h.action = 'EXPIRED' ORDER BY d.citizen_id`, [ids]);
    expect(history.map((h) => ({ citizen: h.citizen_id, actor: h.actor, at: h.at.toISOString() })))
      .toEqual(ids.map((id) => ({ citizen: id, actor: 'system:daily-transitions', at: '2026-03-11T00:30:00.000Z' })));
    const events: { citizen_id: string; actor: string }[] = await t.ds.query(
      `SELECT citizen_id, payload->>'actor' AS actor FROM domain_event WHERE citizen_id = ANY($1::uuid[]) AND type = 'DEREGISTERED' ORDER BY citizen_id`, [ids]);
    expect(events).toEqual(ids.map((id) => ({ citizen_id: id, actor: 'system:daily-transitions' })));

    // Again, in one lane: nothing left to do.
    expect(await runTransitions(dailyRunScope(), Temporal.PlainDate.from('2026-03-11'), { lanes: 1 })).toMatchObject({ deadlinesExpired: 0, deregistrations: 0 });
  });

  it('RG-1: an operation brings one citizen up to date as the daily run (asDailyRun(scope)): its own transaction and clock, the daily run\'s actor', async () => {
    const id = '12345678-0000-4000-8000-000000000000';
    await withOpenDeadlines([id], '2026-03-10');
    const caseworker = { kind: 'CASEWORKER' as const, jobcenterId: jc.id, userId: 'scope-test' };
    const clock = new FixedClock('2026-03-12T10:00:00+01:00');
    const counts = await t.ds.transaction(async (db) => {
      await db.query(`SELECT id FROM citizen WHERE id = $1 FOR UPDATE`, [id]);
      return runTransitionsForCitizen(asDailyRun({ actor: caseworker, clock, db }), id);
    });
    expect(counts).toMatchObject({ deadlinesExpired: 1, deregistrations: 1 });
    const [h] = await t.ds.query(`SELECT h.actor, h.at FROM deadline_history h JOIN deadline d ON d.id = h.deadline_id WHERE d.citizen_id = $1 AND h.action = 'EXPIRED'`, [id]);
    expect({ actor: h.actor, at: (h.at as Date).toISOString() }).toEqual({ actor: 'system:daily-transitions', at: '2026-03-12T09:00:00.000Z' });
  });

  it('RG-1: the run refuses a scope that is not the daily run\'s (a caseworker\'s), changing nothing', async () => {
    const id = '23456789-0000-4000-8000-000000000000';
    await withOpenDeadlines([id], '2026-03-10');
    const caseworker = { kind: 'CASEWORKER' as const, jobcenterId: jc.id, userId: 'scope-test' };
    await expect(t.ds.transaction((db) => runTransitionsForCitizen({ actor: caseworker, clock: new FixedClock(RUN_AT), db }, id)))
      .rejects.toThrow(/daily transitions run as the system/);
    await expect(runTransitions({ actor: caseworker, clock: new FixedClock(RUN_AT), db: t.ds.manager }, Temporal.PlainDate.from('2026-03-11')))
      .rejects.toThrow(/daily transitions run as the system/);
    const [d] = await t.ds.query(`SELECT status FROM deadline WHERE citizen_id = $1`, [id]);
    expect(d.status).toBe('OPEN');
  });
});
