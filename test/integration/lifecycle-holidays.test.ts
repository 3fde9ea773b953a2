import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForLifecycleHolidays, CitizenOverviewForLifecycleHolidays, DecideSanctionAssessmentForLifecycleHolidays, MeImmediateBookingRequiredActiveDeadline, ReportRecovery, ReportSicknessForLifecycleHolidays } from '../support/operations';

/**
 * DL-13 (003 2.15): no duty to book during a counted holiday. A deadline whose bookBy falls inside one has no
 * consequence while it lasts; from the first day after it the immediate booking is demanded, and after that day an
 * INSURED_UNEMPLOYED citizen is deregistered and deducted days count from it. Through GraphQL and the daily run, at the
 * holiday's last day and the day after. And issue 15 item 10: a read before the run agrees with the run (LP-1).
 */

describe('DL-13: a deadline that runs out in a counted holiday', () => {
  const t = withApp({ now: '2027-01-05T09:00:00+01:00' });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });
  const read = async (c: Citizen) => (await t.as.caseworker(c.jobcenterId).run(CitizenOverviewForLifecycleHolidays, { id: c.id })).citizen;
  const me = async (c: Citizen) => (await t.as.citizen(c.id).run(MeImmediateBookingRequiredActiveDeadline)).me;
  const events = (c: Citizen) => t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id]) as Promise<{ type: string; payload: any }[]>;

  /** The example: holiday 18–29 January notified on 21 December, bookBy 22 January. */
  async function onHoliday(over: Partial<Citizen> = {}, notifiedOn = '2026-12-21') {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-12-01'), ...over });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-12-01', 'INITIAL')`, [c.id]);
    await t.fx.holiday(c, '2027-01-18', '2027-01-29', notifiedOn);
    const d = await t.fx.deadline(c, '2027-01-05', '2027-01-22');
    return { c, deadlineId: d.id };
  }

  it('DL-13/RG-4: JOB_READY_CASH_BENEFIT — no immediate booking on 25 January nor on the holiday\'s last day; demanded on 30 January, before and after the run', async () => {
    const { c, deadlineId } = await onHoliday({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
    for (const d of ['2027-01-23', '2027-01-25', '2027-01-29']) {
      day(d);
      expect(await me(c)).toMatchObject({ immediateBookingRequired: false, activeDeadline: { id: deadlineId, status: 'OPEN' } });
      await run(d);
      expect(await me(c)).toMatchObject({ immediateBookingRequired: false, activeDeadline: { id: deadlineId, status: 'OPEN' } });
    }
    expect((await read(c)).sanctionAssessments).toEqual([]);

    day('2027-01-30', '00:05');
    expect(await me(c)).toMatchObject({ immediateBookingRequired: true, activeDeadline: { id: deadlineId, status: 'EXPIRED' } });
    const counts = await run('2027-01-30');
    expect(counts.deadlinesExpired).toBeGreaterThanOrEqual(1);
    let v = await read(c);
    expect(v).toMatchObject({ immediateBookingRequired: true, activeDeadline: { id: deadlineId, status: 'EXPIRED' } });
    expect(v.deadlines[0].history).toContainEqual(expect.objectContaining({ action: 'EXPIRED', reason: expect.stringMatching(/^DL-13: .*2027-01-30/) }));
    // SA-1/SA-2: no assessment while the first day after the holiday lasts ("as if that day were bookBy").
    expect(v.sanctionAssessments).toEqual([]);

    day('2027-01-31');
    await run('2027-01-31');
    v = await read(c);
    expect(v.registered).toBe(true);
    expect(v.sanctionAssessments).toEqual([{ status: 'OPEN', bookBy: '2027-01-30', deadline: { id: deadlineId } }]);
    // SA-2: deducted days count from the first day after the holiday: contact on 1 February → 2 days (30, 31 January).
    day('2027-02-01');
    const [a] = await t.ds.query(`SELECT id FROM sanction_assessment WHERE deadline_id = $1`, [deadlineId]);
    const r = await t.as.caseworker(jc.id).run(DecideSanctionAssessmentForLifecycleHolidays, { input: { assessmentId: a.id, outcome: 'DEDUCTION', contactOn: '2027-02-01' } });
    expect(r.decideSanctionAssessment.userErrors).toEqual([]);
    expect(r.decideSanctionAssessment.assessment).toMatchObject({ deductedDays: 2, contactOn: '2027-02-01' });
  });

  it('DL-13/SL-2: during the holiday the deadline stays OPEN and the citizen may book it', async () => {
    const { c, deadlineId } = await onHoliday({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
    day('2027-01-26');
    await run('2027-01-26');
    const slot = await t.fx.slot(jc, '2027-01-28', '11:00');
    const r = await t.as.citizen(c.id).run(BookSlotForLifecycleHolidays, { input: { slotId: slot.id } });
    expect(r.bookSlot.userErrors).toEqual([]);
    expect(r.bookSlot.deadline).toEqual({ id: deadlineId, status: 'BOOKED' });
  });

  it('DL-13/RG-1: INSURED_UNEMPLOYED — registered through the holiday and on the day after it (immediate booking demanded); deregistered from the day after that', async () => {
    const { c, deadlineId } = await onHoliday();
    day('2027-01-29');
    await run('2027-01-29');
    let v = await read(c);
    expect(v).toMatchObject({ registered: true, immediateBookingRequired: false, activeDeadline: { status: 'OPEN' } });
    expect(v.registration).toMatchObject({ registered: true, pendingDeregistration: false });

    day('2027-01-30');
    v = await read(c);
    expect(v.registration).toMatchObject({ registered: true, pendingDeregistration: false, immediateBookingRequired: true });
    const counts = await run('2027-01-30');
    v = await read(c);
    expect(v).toMatchObject({ registered: true, immediateBookingRequired: true, activeDeadline: { id: deadlineId, status: 'EXPIRED' } });
    expect(v.registration).toMatchObject({ registered: true, pendingDeregistration: false, immediateBookingRequired: true });
    expect(counts.deregistrations).toBe(0);
    expect((await events(c)).map((e) => e.type)).not.toContain('DEREGISTERED');

    // The day after: before the run the deregistration reads as due; the run records it from that day.
    day('2027-01-31', '00:05');
    v = await read(c);
    expect(v.registration).toMatchObject({ registered: false, pendingDeregistration: true, deregisteredFrom: '2027-01-31' });
    await run('2027-01-31');
    v = await read(c);
    expect(v.registered).toBe(false);
    expect(v.registration).toMatchObject({ registered: false, pendingDeregistration: false, deregisteredFrom: '2027-01-31' });
    expect(v.registrationPeriods).toEqual([{ deregisteredFrom: '2027-01-31', deregistrationReason: 'MISSED_DEADLINE', missedDeadline: { id: deadlineId } }]);
    const ev = await events(c);
    expect(ev.filter((e) => e.type === 'DEREGISTERED')).toEqual([expect.objectContaining({ payload: expect.objectContaining({ deregisteredFrom: '2027-01-31', bookBy: '2027-01-22' }) })]);
    expect(ev.find((e) => e.type === 'LETTER_DEREGISTRATION')!.payload.text).toContain('2027-01-30');
  });

  it('DL-13/RG-4: INSURED_UNEMPLOYED who books at once on the day after the holiday is not deregistered', async () => {
    const { c, deadlineId } = await onHoliday();
    day('2027-01-30');
    await run('2027-01-30');
    const slot = await t.fx.slot(jc, '2027-02-01', '10:00');
    const r = await t.as.citizen(c.id).run(BookSlotForLifecycleHolidays, { input: { slotId: slot.id } });
    expect(r.bookSlot.userErrors).toEqual([]);
    expect(r.bookSlot.deadline).toEqual({ id: deadlineId, status: 'BOOKED' });
    day('2027-01-31');
    await run('2027-01-31');
    expect((await read(c)).registration).toMatchObject({ registered: true, pendingDeregistration: false });
    expect((await events(c)).map((e) => e.type)).not.toContain('DEREGISTERED');
  });

  it('DL-13/DL-6: a holiday notified less than 2 weeks ahead does not count — the deadline expires the day after bookBy', async () => {
    const { c } = await onHoliday({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null }, '2027-01-10');
    day('2027-01-23');
    expect(await me(c)).toMatchObject({ immediateBookingRequired: true, activeDeadline: { status: 'EXPIRED' } });
  });

  it('DL-13: a run that catches up after the holiday expires and deregisters in one go, from the day after the first day after it', async () => {
    const { c, deadlineId } = await onHoliday();
    day('2027-02-03');
    await run('2027-02-03');
    const v = await read(c);
    expect(v.registrationPeriods).toEqual([{ deregisteredFrom: '2027-01-31', deregistrationReason: 'MISSED_DEADLINE', missedDeadline: { id: deadlineId } }]);
  });

  it('DL-13/RG-8: a recovery report during the holiday in which bookBy fell demands no immediate booking; the day after the holiday the read does', async () => {
    const { c } = await onHoliday();
    day('2027-01-12');
    const sick = await t.as.citizen(c.id).run(ReportSicknessForLifecycleHolidays);
    expect(sick.reportSickness.userErrors).toEqual([]);
    day('2027-01-25');
    const r = await t.as.citizen(c.id).run(ReportRecovery);
    expect(r.reportRecovery).toEqual({ immediateBookingRequired: false, userErrors: [] });
    expect(await me(c)).toMatchObject({ immediateBookingRequired: false, activeDeadline: { status: 'OPEN' } });
    day('2027-01-30');
    expect(await me(c)).toMatchObject({ immediateBookingRequired: true, activeDeadline: { status: 'EXPIRED' } });
  });

  it('LP-1/issue 15 item 10: on the 3-month day the read before the run equals the read after it (LAPSED, no longer active, lapsesAtReregistration false)', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-12-01') });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-12-01', 'INITIAL')`, [c.id]);
    const d = await t.fx.deadline(c, '2027-01-02', '2027-01-12');
    day('2027-01-13');
    await run('2027-01-13');
    // The day before the 3-month day: still expired, re-registering today would not lapse it.
    day('2027-04-12');
    await run('2027-04-12');
    expect((await read(c)).registration).toMatchObject({ deadlineLapsesAtReregistration: false, immediateBookingRequiredAtReregistration: true });
    expect((await read(c)).activeDeadline).toMatchObject({ id: d.id, status: 'EXPIRED' });

    day('2027-04-13');
    const pick = (v: any) => ({ activeDeadline: v.activeDeadline, status: v.deadlines[0].status, registration: v.registration, immediate: v.immediateBookingRequired });
    const before = pick(await read(c));
    await run('2027-04-13');
    const after = pick(await read(c));
    expect(before).toEqual(after);
    expect(after).toMatchObject({ activeDeadline: null, status: 'LAPSED', immediate: false, registration: { deadlineLapsesAtReregistration: false, immediateBookingRequiredAtReregistration: false } });
  });
});
