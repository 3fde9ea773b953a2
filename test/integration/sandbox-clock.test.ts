import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { DocumentNode } from 'graphql';
import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { gqlPost } from '../support/http';
import { type App, createApp } from '../../src/server';
import { startTransitionScheduler } from '../../src/domain/lifecycle/transition-scheduler';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { AdvanceSandboxClock, CitizenOverviewForSandboxClock, IssueDeadlineForLifecycle, SandboxClock, UnemploymentFundEventsForSandboxClock } from '../support/operations';

/**
 * Issue 14 (4), docs/sandbox.md: the sandbox clock, end to end through GraphQL. The app runs with SANDBOX_CLOCK=on
 * (createApp's sandboxClock) on a pinned base clock; only advanceSandboxClock moves "today" and runs the daily
 * transitions of each day passed — nothing in this file calls the run directly.
 */

const NOW = '2026-03-02T09:00:00+01:00';

describe('#14.4 sandbox clock (RG-1, DL-7, DL-11, LP-1, EV-2 on moved days)', () => {
  const t = withApp({ now: NOW, app: { sandboxClock: true } });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  let cw: ReturnType<typeof as.caseworker>;
  let c: Citizen;
  let deadlineId: string;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
    cw = as.caseworker(jc.id);
  });

  const advance = async (days: number) => (await t.as(cw).run(AdvanceSandboxClock, { days })).advanceSandboxClock;
  const read = async () => (await t.as(cw).run(CitizenOverviewForSandboxClock, { id: c.id })).citizen;
  const stored = async () => ((await t.ds.query(`SELECT status FROM deadline WHERE id = $1`, [deadlineId])) as { status: string }[])[0]!.status;
  const offset = async () => ((await t.ds.query(`SELECT offset_days FROM sandbox_clock`)) as { offset_days: number }[])[0]!.offset_days;

  /** The a-kasse's events of `c` once at least `n` have come (EV-2 holds back events while older transactions run). */
  async function fundEventsOfCitizen(n: number): Promise<any[]> {
    for (let i = 0; ; i++) {
      const nodes = (await t.as.fund(fund.id).run(UnemploymentFundEventsForSandboxClock, { first: 500 })).unemploymentFundEvents.nodes.filter((e: any) => e.citizen.id === c.id);
      if (nodes.length >= n || i >= 200) return nodes;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('#14.4: sandboxClock answers the server\'s today, now and offset to jobcenter staff; others are refused', async () => {
    expect((await t.as(cw).run(SandboxClock)).sandboxClock).toEqual({ enabled: true, today: '2026-03-02', now: '2026-03-02T09:00:00+01:00', offsetDays: 0 });
    expect((await t.as.fund(fund.id).exec(SandboxClock)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.anonymous().exec(SandboxClock)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('IN-1: days outside 1 … 366 (also 0 and backward) is a user error naming the field, changing nothing; a citizen is FORBIDDEN', async () => {
    const before = await t.fx.snapshot(['sandbox_clock', 'transition_run', 'deadline', 'domain_event']);
    for (const days of [0, -1, 367]) {
      const r = await advance(days);
      expect(r).toMatchObject({ sandboxClock: null, days: [] });
      expect(r.userErrors).toEqual([{ code: 'INVALID_INPUT', message: expect.stringMatching(/^SANDBOX: days must be a whole number from 1 to 366/), field: ['days'] }]);
    }
    // A variable of the wrong type (typed as a number only to be sent): refused when the variables are coerced.
    const bad = await t.as(cw).exec(AdvanceSandboxClock, { days: 'x' as unknown as number });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    c = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-20') });
    expect((await t.as.citizen(c.id).exec(AdvanceSandboxClock, { days: 1 })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.fx.snapshot(['sandbox_clock', 'transition_run', 'deadline', 'domain_event'])).toEqual(before);
  });

  it('RG-1/DL-7/DL-11: a deadline issued through the API stays OPEN on bookBy and expires, deregistering the citizen, on the day after', async () => {
    await t.ds.query(`UPDATE citizen SET notify_sms = true WHERE id = $1`, [c.id]);
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-20', 'INITIAL')`, [c.id]);
    const issued = await t.as(cw).run(IssueDeadlineForLifecycle, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    expect(issued.issueDeadline.userErrors).toEqual([]);
    deadlineId = issued.issueDeadline.deadline.id;

    const toBookBy = await advance(8);
    expect(toBookBy.userErrors).toEqual([]);
    expect(toBookBy.sandboxClock).toEqual({ enabled: true, today: '2026-03-10', now: '2026-03-10T09:00:00+01:00', offsetDays: 8 });
    // The day that was today (never run here) and each day moved through, in order.
    expect(toBookBy.days.map((d: any) => d.date)).toEqual(
      ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    expect(toBookBy.days.every((d: any) => d.ran)).toBe(true);
    // DL-11: the reminders went out on their days (3 days before bookBy, and on bookBy).
    expect(toBookBy.days.filter((d: any) => d.remindersSent > 0).map((d: any) => d.date)).toEqual(['2026-03-07', '2026-03-10']);
    expect(await offset()).toBe(8);
    const onBookBy = await read();
    expect(onBookBy).toMatchObject({ registered: true, activeDeadline: { id: deadlineId, status: 'OPEN' } });
    expect(await stored()).toBe('OPEN');

    const dayAfter = await advance(1);
    expect(dayAfter.sandboxClock.today).toBe('2026-03-11');
    expect(dayAfter.days).toEqual([expect.objectContaining({ date: '2026-03-11', ran: true, deadlinesExpired: 1, deregistrations: 1 })]);
    expect(await stored()).toBe('EXPIRED');
    const v = await read();
    expect(v).toMatchObject({ registered: false, registration: { registered: false, deregisteredFrom: '2026-03-11', deregistrationReason: 'MISSED_DEADLINE' } });
    expect(v.deadlines[0].history).toContainEqual(expect.objectContaining({ action: 'EXPIRED', actor: 'system:daily-transitions' }));
    const feed = await fundEventsOfCitizen(1);
    expect(feed).toContainEqual(expect.objectContaining({ type: 'DEREGISTERED', deregisteredFrom: '2026-03-11' }));
  });

  it('LP-1: three months after the deregistration the deadline lapses — on 11 June, not on 10 June', async () => {
    const dayBefore = await advance(91);
    expect(dayBefore.sandboxClock).toMatchObject({ today: '2026-06-10', offsetDays: 100 });
    expect(dayBefore.days).toHaveLength(91);
    expect(dayBefore.days.reduce((n: number, d: any) => n + d.deadlinesLapsed, 0)).toBe(0);
    expect(await stored()).toBe('EXPIRED');

    const onDay = await advance(1);
    expect(onDay.days).toEqual([expect.objectContaining({ date: '2026-06-11', ran: true, deadlinesLapsed: 1 })]);
    expect(await stored()).toBe('LAPSED');
    const v = await read();
    expect(v.activeDeadline).toBeNull();
    expect(v.deadlines[0].history).toContainEqual(expect.objectContaining({ action: 'LAPSED', reason: expect.stringMatching(/^LP-1/) }));
  });

  it('#14.4: every instance reads the shared offset (another app on the same database, through HTTP); issuing uses the moved today', async () => {
    const other: App = await createApp({ ds: t.ds, log: pino({ level: 'silent' }), clock: t.clock, authMode: 'dev', development: true, sandboxClock: true });
    const server = http.createServer(other.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      const r = await gqlPost(url, SandboxClock, undefined, { 'x-dev-actor': `caseworker:${jc.id}` });
      expect(r.json.data.sandboxClock).toEqual({ enabled: true, today: '2026-06-11', now: '2026-06-11T09:00:00+02:00', offsetDays: 101 });
      // DL-1: availableFrom defaults to the moved today; a bookBy before it is refused as in the past.
      const d = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
      const issued = await gqlPost(url, IssueDeadlineForLifecycle, { input: { citizenId: d.id, bookBy: '2026-06-19' } }, { 'x-dev-actor': `caseworker:${jc.id}` });
      expect(issued.json.data.issueDeadline).toMatchObject({ deadline: { status: 'OPEN', bookBy: '2026-06-19' }, userErrors: [] });
      const early = await gqlPost(url, IssueDeadlineForLifecycle, { input: { citizenId: d.id, bookBy: '2026-06-18' } }, { 'x-dev-actor': `caseworker:${jc.id}` });
      expect(early.json.data.issueDeadline.userErrors[0].message).toMatch(/^DL-2: .*The earliest valid bookBy is 2026-06-19\./);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await other.apollo.stop();
    }
  });

  it('#14.4: with the sandbox off the clock is the real one and advanceSandboxClock answers SANDBOX_OFF, changing nothing', async () => {
    const off: App = await createApp({ ds: t.ds, log: pino({ level: 'silent' }), clock: t.clock, authMode: 'dev', development: true });
    try {
      const run = async (q: DocumentNode, v?: Record<string, unknown>) => {
        const res = await off.apollo.executeOperation({ query: q, variables: v }, { contextValue: off.contextFor(cw) });
        return (res.body as any).singleResult;
      };
      expect((await run(SandboxClock)).data.sandboxClock).toEqual({ enabled: false, today: '2026-03-02', now: '2026-03-02T09:00:00+01:00', offsetDays: 0 });
      const before = await t.fx.snapshot(['sandbox_clock', 'transition_run', 'deadline', 'domain_event']);
      const r = (await run(AdvanceSandboxClock, { days: 1 })).data.advanceSandboxClock;
      expect(r).toMatchObject({ sandboxClock: null, days: [] });
      expect(r.userErrors).toEqual([{ code: 'SANDBOX_OFF', message: expect.stringMatching(/^SANDBOX: the sandbox clock is off/), field: null }]);
      expect(await t.fx.snapshot(['sandbox_clock', 'transition_run', 'deadline', 'domain_event'])).toEqual(before);
    } finally {
      await off.apollo.stop();
    }
  });

  it('RG-1: the scheduler runs the sandbox\'s today when the real day turns; two advances at once run each day once, in order', async () => {
    // The real (base) day turns: the sandbox's today is 101 days ahead of it, and the scheduler runs that day.
    t.clock.set('2026-03-03T09:00:00+01:00');
    try {
      const scheduler = startTransitionScheduler(t.ds, { clock: t.app.sandbox.liveClock, beforeTick: () => t.app.sandbox.refresh(), autoStart: false });
      const ran = await scheduler.tick();
      await scheduler.stop();
      expect(ran).not.toBeNull();
      expect(await t.ds.query(`SELECT run_date::text AS d FROM transition_run WHERE run_date = '2026-06-12' AND finished_at IS NOT NULL`)).toHaveLength(1);

      // Two instances advance at the same moment: serialised, every day run once, the offsets add up.
      const other: App = await createApp({ ds: t.ds, log: pino({ level: 'silent' }), clock: t.clock, authMode: 'dev', development: true, sandboxClock: true });
      try {
        const call = (app: App) => app.apollo.executeOperation({ query: AdvanceSandboxClock, variables: { days: 2 } }, { contextValue: app.contextFor(cw) })
          .then((r) => (r.body as any).singleResult.data.advanceSandboxClock);
        const [a, b] = await Promise.all([call(t.app), call(other)]);
        expect([...a.days, ...b.days].map((d: any) => d.date).sort()).toEqual(['2026-06-13', '2026-06-14', '2026-06-15', '2026-06-16']);
        expect([a.sandboxClock.offsetDays, b.sandboxClock.offsetDays].sort()).toEqual([103, 105]);
        expect(await offset()).toBe(105);
        const runs = (await t.ds.query(`SELECT run_date::text AS d, count(*)::int AS n FROM transition_run WHERE run_date > '2026-06-12' GROUP BY run_date ORDER BY run_date`)) as { d: string; n: number }[];
        expect(runs).toEqual(['2026-06-13', '2026-06-14', '2026-06-15', '2026-06-16'].map((d) => ({ d, n: 1 })));
      } finally {
        await other.apollo.stop();
      }
    } finally {
      t.clock.set(NOW);
    }
  });
});
