import { startTestApp, type TestApp } from '../support/harness';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { UnemploymentFundEventsForFeedThroughput } from '../support/operations';

/**
 * Issue 16.6, the a-kasse feed's throughput: a page of EV-2 events with each member (citizen { id name }) is read in
 * one statement (the page joined with its members) plus the IN-2 access log — not a further statement for the members.
 */

describe('the a-kasse feed reads its members with the page (issue 16.6)', () => {
  let t: TestApp;
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-11T09:00:00+01:00' });
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });
  afterAll(() => t.close());

  it('EV-2/IN-2: a page of 30 events of 15 members costs 2 statements (page with members, access log), in feed order, each member as citizen(id) shows them, every member logged as read', async () => {
    const members: Citizen[] = [];
    for (let i = 0; i < 15; i++) members.push(await t.fx.citizen(jc, { unemploymentFundId: fund.id, name: `Medlem ${String(i).padStart(2, '0')}` }));
    // Two reportable events per member, interleaved, written by the application's own event log.
    let last = '';
    for (let round = 0; round < 2; round++) {
      for (const m of members) {
        [{ id: last }] = await t.ds.query(`INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
          VALUES (now(), 'DEREGISTERED', $1, $2, $3, jsonb_build_object('round', $4::int)) RETURNING id`, [m.id, jc.id, fund.id, round]);
      }
    }
    // EV-2 holds events back while any older transaction in the cluster runs (other test files run beside this one).
    await t.fx.untilFeedMayShow(last);
    const logged = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM access_log WHERE actor_kind = 'UNEMPLOYMENT_FUND'`))[0].n as number;
    const before = await logged();
    const { result, statements } = await t.countQueries(() => t.as.fund(fund.id).exec(UnemploymentFundEventsForFeedThroughput, { first: 100 }));
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.unemploymentFundEvents.nodes;
    expect(nodes).toHaveLength(30);
    expect(statements).toBe(2);
    // Feed order (tx, seq) and the members' data as the citizen query gives them.
    expect(nodes.map((n: any) => BigInt(n.sequence))).toEqual([...nodes.map((n: any) => BigInt(n.sequence))].sort((a, b) => (a < b ? -1 : 1)));
    expect(nodes.map((n: any) => `${n.citizen.id}:${n.citizen.name}:${JSON.parse(n.payload).round}`))
      .toEqual([0, 1].flatMap((round) => members.map((m) => `${m.id}:${m.name}:${round}`)));
    // IN-2: every member on the page is logged as read by the a-kasse (once per member and request).
    expect(await logged() - before).toBe(15);
  });
});
