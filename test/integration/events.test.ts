import { Client } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForEvents, RegisterNoShow, UnemploymentFundEventsForEvents } from '../support/operations';

/**
 * EV-1, EV-2: the a-kasse's event cursor. The first two tests prove the "committed late" case with real
 * concurrent transactions on separate connections.
 */
describe('unemploymentFundEvents: the a-kasse reads its members\' events from a cursor (EV-1, EV-2)', () => {
  const t = withApp({
    now: '2026-03-11T09:00:00+01:00',
    beforeClose: async () => {
      for (const c of clients) await c.end().catch(() => undefined);
    },
  });
  let url: string;
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  let member: Citizen;
  const clients: Client[] = [];
  beforeAll(async () => {
    url = (t.ds.options as PostgresDataSourceOptions).url!;
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
    member = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
  });

  async function connect(): Promise<Client> {
    const c = new Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  }

  const insertEvent = async (c: Client, label: string): Promise<string> => {
    const r = await c.query(
      `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
       VALUES (now(), 'DEREGISTERED', $1, $2, $3, jsonb_build_object('label', $4::text)) RETURNING seq::text`,
      [member.id, jc.id, fund.id, label]);
    return r.rows[0].seq;
  };

  const read = async (after: string | null) => (await t.as.fund(fund.id).run(UnemploymentFundEventsForEvents, { after, first: 100 })).unemploymentFundEvents;
  const labels = (page: { nodes: { payload: string }[] }) => page.nodes.map((n) => JSON.parse(n.payload).label);

  /** Reads from `after` until `n` events have come (other test files' transactions may hold the horizon back briefly). */
  async function readUntil(after: string | null, n: number) {
    for (let i = 0; ; i++) {
      const page = await read(after);
      if (page.nodes.length >= n || i >= 100) return page;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function endOfFeed(): Promise<string | null> {
    let after: string | null = null;
    for (;;) {
      const p = await readUntil(after, 0);
      after = p.pageInfo.endCursor;
      if (!p.pageInfo.hasNextPage) return after;
    }
  }

  it('EV-2: an event whose transaction holds an earlier seq and commits after a later one was written is not skipped: the later one is held back until it commits', async () => {
    const start = await endOfFeed();
    const slow = await connect();
    const fast = await connect();
    await slow.query('BEGIN');
    const earlySeq = await insertEvent(slow, 'early-seq, commits late');
    const lateSeq = await insertEvent(fast, 'later seq, committed first');
    expect(BigInt(lateSeq)).toBeGreaterThan(BigInt(earlySeq));

    // A reader positioned by seq alone would now read the later event and move past the earlier seq for ever:
    const naive = await t.ds.query(`SELECT seq::text FROM domain_event WHERE unemployment_fund_id = $1 AND seq >= $2 ORDER BY seq`, [fund.id, earlySeq]);
    expect(naive.map((r: { seq: string }) => r.seq)).toEqual([lateSeq]);

    // The feed holds the committed later event back while the earlier transaction runs, and does not move on.
    const during = await read(start);
    expect(labels(during)).toEqual([]);
    expect(during.pageInfo.endCursor).toBe(start);

    await slow.query('COMMIT');
    const after = await readUntil(start, 2);
    expect(labels(after)).toEqual(['early-seq, commits late', 'later seq, committed first']);
    expect(after.nodes.map((n: { sequence: string }) => n.sequence)).toEqual([earlySeq, lateSeq]);
    // Reading on from the end delivers nothing twice.
    expect(labels(await read(after.pageInfo.endCursor))).toEqual([]);
  });

  it('EV-2: an older transaction that writes its event later (larger seq) holds the younger committed one back; both then come, in transaction order', async () => {
    const start = await endOfFeed();
    const older = await connect();
    const younger = await connect();
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()'); // the older transaction has its id before the younger one writes
    const youngSeq = await insertEvent(younger, 'younger, committed first');
    expect(labels(await read(start))).toEqual([]);
    const oldSeq = await insertEvent(older, 'older, written later');
    expect(BigInt(oldSeq)).toBeGreaterThan(BigInt(youngSeq));
    expect(labels(await read(start))).toEqual([]);
    await older.query('COMMIT');
    const page = await readUntil(start, 2);
    expect(labels(page)).toEqual(['older, written later', 'younger, committed first']);
  });

  it('EV-2: a rolled-back transaction holds the feed only while it runs, and its event never appears', async () => {
    const start = await endOfFeed();
    const tx = await connect();
    await tx.query('BEGIN');
    await insertEvent(tx, 'rolled back');
    await insertEvent(await connect(), 'kept');
    expect(labels(await read(start))).toEqual([]);
    await tx.query('ROLLBACK');
    expect(labels(await readUntil(start, 1))).toEqual(['kept']);
  });

  it('EV-2: pages follow each other without gaps or repeats; with nothing new the cursor stays put', async () => {
    const start = await endOfFeed();
    const c = await connect();
    for (let i = 0; i < 5; i++) await insertEvent(c, `page-${i}`);
    const got: string[] = [];
    let after = start;
    for (let i = 0; i < 200 && got.length < 5; i++) {
      const p = (await t.as.fund(fund.id).run(UnemploymentFundEventsForEvents, { after, first: 2 })).unemploymentFundEvents;
      got.push(...labels(p));
      after = p.pageInfo.endCursor;
      if (p.nodes.length === 0) await new Promise((r) => setTimeout(r, 50)); // held back by another test file's transaction
    }
    expect(got).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    const idle = await read(after);
    expect(idle.nodes).toEqual([]);
    expect(idle.pageInfo).toEqual({ endCursor: after, hasNextPage: false });
  });

  it('NS-3/EV-2: the a-kasse reads NO_SHOW and then CONTACT_AFTER_NO_SHOW when its member self-books after a no-show, in that order', async () => {
    const start = await endOfFeed();
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const missed = await t.fx.meeting(c, '2026-03-10', '10:00', { origin: 'SELF_BOOKED' });
    const ns = await t.as.caseworker(jc.id).run(RegisterNoShow, { input: { meetingId: missed.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-19' } } });
    expect(ns.registerNoShow.userErrors).toEqual([]);
    const slot = await t.fx.slot(jc, '2026-03-16', '10:00');
    const booked = await t.as.citizen(c.id).run(BookSlotForEvents, { input: { slotId: slot.id } });
    expect(booked.bookSlot.userErrors).toEqual([]);
    const page = await readUntil(start, 2);
    expect(page.nodes.filter((n: { citizen: { id: string } }) => n.citizen.id === c.id).map((n: { type: string }) => n.type)).toEqual(['NO_SHOW', 'CONTACT_AFTER_NO_SHOW']);
  });

  it('EV-1/EV-2: an a-kasse sees only its own members\' reportable events — not other funds\' members, not letters or notifications; only a-kasser may read the feed', async () => {
    const start = await endOfFeed();
    const otherFund = await t.fx.fund();
    const stranger = await t.fx.citizen(jc, { unemploymentFundId: otherFund.id });
    const c = await connect();
    await c.query(
      `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload) VALUES
        (now(), 'LETTER_DEREGISTRATION', $1, $3, $4, '{"label":"letter"}'),
        (now(), 'NOTIFICATION_SMS', $1, $3, $4, '{"label":"sms"}'),
        (now(), 'DEREGISTERED', $2, $3, $5, '{"label":"stranger"}'),
        (now(), 'REREGISTERED', $1, $3, $4, '{"label":"mine"}')`,
      [member.id, stranger.id, jc.id, fund.id, otherFund.id]);
    const page = await readUntil(start, 1);
    expect(labels(page)).toEqual(['mine']);
    expect(page.nodes[0]).toMatchObject({ type: 'REREGISTERED', citizen: { id: member.id } });
    expect(labels(await (async () => (await t.as.fund(otherFund.id).run(UnemploymentFundEventsForEvents, { after: null, first: 100 })).unemploymentFundEvents)())).toEqual(['stranger']);

    const cw = await t.as.caseworker(jc.id).exec(UnemploymentFundEventsForEvents, {});
    expect(cw.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const citizen = await t.as.citizen(member.id).exec(UnemploymentFundEventsForEvents, {});
    expect(citizen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await t.as.fund(fund.id).exec(UnemploymentFundEventsForEvents, { after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
