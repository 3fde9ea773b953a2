import { startTestApp, type TestApp } from '../support/harness';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { UnemploymentFundEventsCatchUp } from '../support/operations';

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
    const { result, statements } = await t.countQueries(() => t.as.fund(fund.id).exec(UnemploymentFundEventsCatchUp, { first: 100 }));
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

  it('EV-2 (issue 16.6, catch-up): pages of 500, the documented maximum — 501 events come as 500 with hasNextPage, then the last one; first: 501 reads 500; each event once, in order, with its time and member; the page is still 2 statements', async () => {
    const own = await t.fx.fund();
    const members: Citizen[] = [];
    for (let i = 0; i < 3; i++) members.push(await t.fx.citizen(jc, { unemploymentFundId: own.id, name: `Indhentning ${i}` }));
    // 501 events in one transaction (feed order is seq within it), the members interleaved, times with microseconds.
    const [{ id: last }] = await t.ds.query(`INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
      SELECT timestamptz '2026-03-10T23:10:00.123456+01:00' + n * interval '1 second', 'NO_SHOW', ($1::uuid[])[1 + n % 3], $2, $3, jsonb_build_object('n', n)
        FROM generate_series(0, 500) AS n ORDER BY n RETURNING id`, [members.map((m) => m.id), jc.id, own.id]).then((rows: { id: string }[]) => rows.slice(-1));
    await t.fx.untilFeedMayShow(last);
    const read = (after: string | null, first: number) => t.countQueries(() => t.as.fund(own.id).exec(UnemploymentFundEventsCatchUp, { after, first }));

    const full = await read(null, 501);
    expect(full.result.errors).toBeUndefined();
    const page = full.result.data!.unemploymentFundEvents;
    expect(full.statements).toBe(2);
    expect(page.nodes).toHaveLength(500);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.nodes.map((n: any) => JSON.parse(n.payload).n)).toEqual([...Array(500).keys()]);
    expect(page.nodes.map((n: any) => n.citizen.name)).toEqual([...Array(500).keys()].map((n) => `Indhentning ${n % 3}`));
    // The time as written (seconds precision, Copenhagen offset): 23:10:00.123456 + n s.
    expect(page.nodes[0].occurredAt).toBe('2026-03-10T23:10:00+01:00');
    expect(page.nodes[499].occurredAt).toBe('2026-03-10T23:18:19+01:00');
    expect(page.pageInfo.endCursor).toBe(page.nodes[499].cursor);

    const rest = (await read(page.pageInfo.endCursor, 500)).result.data!.unemploymentFundEvents;
    expect(rest.nodes.map((n: any) => JSON.parse(n.payload).n)).toEqual([500]);
    expect(rest.nodes[0].occurredAt).toBe('2026-03-10T23:18:20+01:00');
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const idle = (await read(rest.pageInfo.endCursor, 500)).result.data!.unemploymentFundEvents;
    expect(idle).toEqual({ nodes: [], pageInfo: { endCursor: rest.pageInfo.endCursor, hasNextPage: false } });
  });
});
