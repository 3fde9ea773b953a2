import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForLifecycleBooking, CitizenActiveDeadline, ExtendDeadlineForLifecycleBooking, IssueDeadlineForLifecycleBooking, MeOverviewForLifecycleBooking, RegisterWalkInInterview, Reregister } from '../support/operations';

describe('booking, walk-ins and extensions before and with the daily run (RG-1, RG-4, RG-5, RG-6, MT-4, DL-10, DL-11)', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00', resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const day = (d: string) => t.clock.set(`${d}T09:00:00+01:00`);
  const events = async (c: Citizen) => ((await t.ds.query(`SELECT type FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id])) as { type: string }[]).map((e) => e.type);

  async function insuredWithDeadline(bookBy = '2026-03-10') {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-01') });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-01', 'INITIAL')`, [c.id]);
    const r = await t.as.caseworker(jc.id).run(IssueDeadlineForLifecycleBooking, { input: { citizenId: c.id, bookBy } });
    expect(r.issueDeadline.userErrors).toEqual([]);
    return c;
  }

  it('RG-1: on bookBy the citizen still books normally; the day after, before the run, bookSlot asks for re-registration and changes nothing', async () => {
    const onTime = await insuredWithDeadline();
    const late = await insuredWithDeadline();
    const s1 = await t.fx.slot(jc, '2026-03-12', '10:00');
    const s2 = await t.fx.slot(jc, '2026-03-12', '10:30');
    day('2026-03-10');
    expect((await t.as.citizen(onTime.id).run(BookSlotForLifecycleBooking, { input: { slotId: s1.id } })).bookSlot.userErrors).toEqual([]);
    day('2026-03-11');
    const before = await t.fx.snapshot();
    const r = await t.as.citizen(late.id).run(BookSlotForLifecycleBooking, { input: { slotId: s2.id } });
    expect(r.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'REREGISTRATION_REQUIRED', field: ['input', 'slotId'] })]);
    expect(r.bookSlot.userErrors[0].message).toMatch(/^RG-5/);
    expect(await t.fx.snapshot()).toEqual(before);
    // The way the citizen books: re-registration with the slot (RG-5).
    const rr = await t.as.citizen(late.id).run(Reregister, { input: { slotId: s2.id } });
    expect(rr.reregister).toEqual({ citizen: { registered: true }, userErrors: [] });
    expect(await events(late)).toEqual(expect.arrayContaining(['DEREGISTERED', 'REREGISTERED', 'INTERVIEW_BOOKED']));
  });

  it('RG-6/RG-4: after the jobcenter re-registers the citizen, the slots offered at the next login (10 days) are the ones bookSlot accepts', async () => {
    const c = await insuredWithDeadline();
    day('2026-03-16');
    expect((await t.as.caseworker(jc.id).run(Reregister, { input: { citizenId: c.id } })).reregister.userErrors).toEqual([]);
    const day8 = await t.fx.slot(jc, '2026-03-24', '10:00'); // today + 8: only in the 10-day window
    const day11 = await t.fx.slot(jc, '2026-03-27', '10:00'); // today + 11: outside it
    const me = (await t.as.citizen(c.id).run(MeOverviewForLifecycleBooking)).me;
    expect(me.immediateBookingRequired).toBe(true);
    expect(me.registration.immediateBookingWindowTo).toBe('2026-03-26');
    expect(me.bookableSlots.windowTo).toBe('2026-03-26');
    const offered = me.bookableSlots.slots.map((s: { id: string }) => s.id);
    expect(offered).toContain(day8.id);
    expect(offered).not.toContain(day11.id);
    expect(me.registration.offeredSlots.map((s: { id: string }) => s.id)).toContain(day8.id);
    const far = await t.as.citizen(c.id).run(BookSlotForLifecycleBooking, { input: { slotId: day11.id } });
    expect(far.bookSlot.userErrors[0].code).toBe('SLOT_OUTSIDE_DEADLINE');
    const ok = await t.as.citizen(c.id).run(BookSlotForLifecycleBooking, { input: { slotId: day8.id } });
    expect(ok.bookSlot).toMatchObject({ deadline: { status: 'BOOKED' }, userErrors: [] });
  });

  it('MT-4/RG-1: a walk-in the day after bookBy, before the run, deregisters and re-registers in one operation; the a-kasse hears both', async () => {
    const c = await insuredWithDeadline();
    day('2026-03-11');
    const r = await t.as.caseworker(jc.id).run(RegisterWalkInInterview, { input: { citizenId: c.id } });
    expect(r.registerWalkInInterview).toMatchObject({ meeting: { type: 'JOB_INTERVIEW', origin: 'WALK_IN', status: 'HELD' }, reregistered: true, userErrors: [] });
    const types = await events(c);
    expect(types.indexOf('DEREGISTERED')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('REREGISTERED')).toBeGreaterThan(types.indexOf('DEREGISTERED'));
  });

  /**
   * DL-10/DL-11: an SMS subscriber's deadline (bookBy 10 March) extended at `extendAt` to 11 March; the extension
   * announces one reminder (on 11 March). Returns the daily run and the reminders the run has sent for the deadline.
   */
  async function extendedAt(extendAt: () => void) {
    const c = await insuredWithDeadline('2026-03-10');
    await t.ds.query(`UPDATE citizen SET notify_sms = true WHERE id = $1`, [c.id]);
    const dl = (await t.as.caseworker(jc.id).run(CitizenActiveDeadline, { id: c.id })).citizen.activeDeadline.id;
    extendAt();
    const ext = await t.as.caseworker(jc.id).run(ExtendDeadlineForLifecycleBooking, { input: { deadlineId: dl, bookBy: '2026-03-11', reason: 'no free slots' } });
    expect(ext.extendDeadline.userErrors).toEqual([]);
    const announced = (await t.ds.query(`SELECT payload FROM domain_event WHERE citizen_id = $1 AND type = 'NOTIFICATION_SMS' AND payload->>'kind' = 'DEADLINE_EXTENDED'`, [c.id]))[0]?.payload;
    expect(announced?.reminders).toEqual(['2026-03-11']);
    return {
      run: (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock }),
      reminders: async () => ((await t.ds.query(`SELECT remind_on::text AS d FROM deadline_reminder WHERE deadline_id = $1 ORDER BY remind_on`, [dl])) as { d: string }[]).map((r) => r.d),
    };
  }

  it('DL-10/DL-11: reminders of an extended deadline are the ones the extension announced (counted from the extension day)', async () => {
    const { run, reminders } = await extendedAt(() => day('2026-03-09'));
    await run('2026-03-09');
    expect(await reminders()).toEqual([]); // not the issue-day schedule's late "3 days before" (2026-03-08)
    day('2026-03-11');
    await run('2026-03-11');
    expect(await reminders()).toEqual(['2026-03-11']);
  });

  it('DL-10/DL-11: the extension\'s day is the local day — extended at 00:30 in Copenhagen (still the day before in UTC), "3 days before" that same day is no reminder', async () => {
    const { run, reminders } = await extendedAt(() => t.clock.set('2026-03-08T00:30:00+01:00')); // 2026-03-07T23:30Z
    day('2026-03-08');
    await run('2026-03-08');
    expect(await reminders()).toEqual([]); // the UTC day (2026-03-07) would have made 2026-03-08 a reminder day
    day('2026-03-11');
    await run('2026-03-11');
    expect(await reminders()).toEqual(['2026-03-11']);
  });
});
