import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForLifecycleHolidays, CitizenRegisteredActiveDeadline, DeadlineStatusCloseReason, IssueDeadline, RegisterNoShowForMeetingWalkIn, RegisterWalkInInterviewForMeetingWalkIn, type RegisterWalkInInterviewInput } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

describe('registerWalkInInterview (MT-4, DL-9, NS-3, RG re-registration)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  const walkIn = (input: RegisterWalkInInterviewInput) => t.as(cw()).run(RegisterWalkInInterviewForMeetingWalkIn, { input }).then((r) => r.registerWalkInInterview);
  const member = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, { unemploymentFundId: fund.id, ...over });
  const events = async (c: Citizen, type?: string) =>
    (await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ${type ? 'AND type = $2' : ''} ORDER BY seq`, type ? [c.id, type] : [c.id])) as
      { type: string; payload: Record<string, unknown> }[];

  /** An INSURED_UNEMPLOYED deregistered for missing bookBy 10 March, with effect from 11 March (RG-1). */
  async function deregisteredForMissedDeadline(reason = 'MISSED_DEADLINE') {
    const c = await member({ registered: false });
    const d = await t.fx.deadline(c, '2026-03-02', '2026-03-10', { createdAt: t.clock.now(), statusChangedAt: t.clock.now() });
    await t.ds.query(
      `INSERT INTO registration_period (citizen_id, registered_from, registered_via, deregistered_from, deregistration_reason)
       VALUES ($1, '2026-01-05', 'INITIAL', '2026-03-11', $2)`, [c.id, reason]);
    return { c, deadlineId: d.id };
  }

  it('MT-4: a walk-in is registered as a HELD JOB_INTERVIEW with origin WALK_IN and closes the active deadline (INTERVIEW_HELD)', async () => {
    const c = await member();
    const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.deadline;
    t.clock.set('2026-03-04T13:15:00+01:00');
    const r = await walkIn({ citizenId: c.id });
    expect(r.userErrors).toEqual([]);
    expect(r.meeting).toMatchObject({
      type: 'JOB_INTERVIEW', origin: 'WALK_IN', status: 'HELD', form: 'IN_PERSON',
      startsAt: '2026-03-04T13:15:00+01:00', endsAt: '2026-03-04T13:45:00+01:00', deadline: { id: d.id },
    });
    expect(r.meeting.history).toEqual([expect.objectContaining({ action: 'WALK_IN_HELD', toStatus: 'HELD' })]);
    expect(r.closedDeadline).toMatchObject({ id: d.id, status: 'CLOSED', closeReason: 'INTERVIEW_HELD' });
    expect(r.closedDeadline.history.at(-1)).toMatchObject({ action: 'CLOSED', toStatus: 'CLOSED' });
    expect(r.reregistered).toBe(false);
    expect((await events(c)).map((e) => e.type)).toContain('MEETING_HELD');
    // MT-5: the jobcenter may now issue the next deadline.
    expect((await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-20' } })).issueDeadline.userErrors).toEqual([]);
  });

  it('MT-4: after bookBy (an EXPIRED deadline) the walk-in closes it too; by phone, with a given start and length', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.deadline;
    t.clock.set('2026-03-12T11:00:00+01:00');
    const r = await walkIn({ citizenId: c.id, form: 'PHONE', startsAt: '2026-03-12T10:40:00+01:00', durationMinutes: 20 });
    expect(r.userErrors).toEqual([]);
    expect(r.meeting).toMatchObject({ form: 'PHONE', startsAt: '2026-03-12T10:40:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
    expect(r.closedDeadline).toMatchObject({ id: d.id, closeReason: 'INTERVIEW_HELD' });
    expect(r.closedDeadline.history.at(-1)).toMatchObject({ action: 'CLOSED' });
  });

  it('MT-4/RG-3: a citizen deregistered for a missed deadline is re-registered by the walk-in on the day it took effect (benefitGapDays 0)', async () => {
    const { c, deadlineId } = await deregisteredForMissedDeadline();
    t.clock.set('2026-03-11T10:00:00+01:00');
    const r = await walkIn({ citizenId: c.id });
    expect(r.userErrors).toEqual([]);
    expect(r.reregistered).toBe(true);
    expect(r.closedDeadline).toMatchObject({ id: deadlineId, closeReason: 'INTERVIEW_HELD' });
    expect((await t.as(cw()).run(CitizenRegisteredActiveDeadline, { id: c.id })).citizen).toMatchObject({ registered: true, activeDeadline: null });
    const periods = await t.ds.query(`SELECT registered_from::text, registered_via, deregistered_from::text, deregistration_reason FROM registration_period WHERE citizen_id = $1 ORDER BY registered_from`, [c.id]);
    expect(periods).toEqual([
      { registered_from: '2026-01-05', registered_via: 'INITIAL', deregistered_from: '2026-03-11', deregistration_reason: 'MISSED_DEADLINE' },
      { registered_from: '2026-03-11', registered_via: 'WALK_IN', deregistered_from: null, deregistration_reason: null },
    ]);
    const [ev] = await events(c, 'REREGISTERED');
    expect(ev.payload).toMatchObject({ via: 'WALK_IN', deregisteredFrom: '2026-03-11', reregisteredOn: '2026-03-11', benefitGapDays: 0 });
  });

  it('MT-4/RG-3: re-registered by a walk-in the day after the deregistration took effect: benefitGapDays 1', async () => {
    const { c } = await deregisteredForMissedDeadline();
    t.clock.set('2026-03-12T10:00:00+01:00');
    const r = await walkIn({ citizenId: c.id });
    expect(r.reregistered).toBe(true);
    expect((await events(c, 'REREGISTERED'))[0].payload).toMatchObject({ benefitGapDays: 1 });
  });

  it('MT-4: a citizen deregistered for another reason (sickness, RG-8) is not re-registered by a walk-in', async () => {
    const { c } = await deregisteredForMissedDeadline('SICKNESS');
    t.clock.set('2026-03-12T10:00:00+01:00');
    const r = await walkIn({ citizenId: c.id });
    expect(r.userErrors).toEqual([]);
    expect(r.reregistered).toBe(false);
    expect((await t.as(cw()).run(CitizenRegisteredActiveDeadline, { id: c.id })).citizen.registered).toBe(false);
    expect(await events(c, 'REREGISTERED')).toEqual([]);
  });

  it('NS-3: turning up after a no-show emits CONTACT_AFTER_NO_SHOW exactly once', async () => {
    const c = await member();
    const m = await t.fx.meeting(c, '2026-03-02', '08:00', { type: 'JOB_INTERVIEW' });
    expect((await t.as(cw()).run(RegisterNoShowForMeetingWalkIn, { input: { meetingId: m.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-10' } } })).registerNoShow.userErrors).toEqual([]);
    t.clock.set('2026-03-03T10:00:00+01:00');
    expect((await walkIn({ citizenId: c.id })).userErrors).toEqual([]);
    const first = await events(c, 'CONTACT_AFTER_NO_SHOW');
    expect(first).toHaveLength(1);
    expect(first[0].payload).toMatchObject({ origin: 'WALK_IN' });
    t.clock.set('2026-03-04T10:00:00+01:00');
    expect((await walkIn({ citizenId: c.id })).userErrors).toEqual([]);
    expect(await events(c, 'CONTACT_AFTER_NO_SHOW')).toHaveLength(1);
  });

  it('MT-4/MT-2 Decision: a deadline booked with a later planned interview is left alone (that interview still stands)', async () => {
    const c = await member();
    const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.deadline;
    const slot = await t.fx.slot(jc, '2026-03-09', '10:00');
    expect((await t.as.citizen(c.id).run(BookSlotForLifecycleHolidays, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
    const r = await walkIn({ citizenId: c.id });
    expect(r.userErrors).toEqual([]);
    expect(r.closedDeadline).toBeNull();
    expect((await t.as(cw()).run(DeadlineStatusCloseReason, { id: d.id })).deadline.status).toBe('BOOKED');
  });

  it('MT-4: only for citizens with the duty to self-book (or offered it voluntarily, TG-2)', async () => {
    const other = await t.fx.citizen(jc, { targetGroup: 'OTHER' });
    const before = await t.fx.snapshot();
    const r = await walkIn({ citizenId: other.id });
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'NO_SELF_BOOKING_DUTY', field: ['input', 'citizenId'] })]);
    expect(r.userErrors[0].message).toMatch(/^MT-4: /);
    expect(await t.fx.snapshot()).toEqual(before);
    const voluntary = await t.fx.citizen(jc, { targetGroup: 'OTHER', voluntarySelfBooking: true });
    expect((await walkIn({ citizenId: voluntary.id })).userErrors).toEqual([]);
  });

  it('MT-4: a walk-in is registered once held: not in the future, in person or by phone, 1–480 minutes', async () => {
    const c = await member();
    const before = await t.fx.snapshot();
    expect((await walkIn({ citizenId: c.id, startsAt: '2026-03-02T09:01:00+01:00' })).userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'startsAt'] });
    expect((await walkIn({ citizenId: c.id, form: 'VIDEO' })).userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'form'] });
    expect((await walkIn({ citizenId: c.id, durationMinutes: 0 })).userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'durationMinutes'] });
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('MT-4: only jobcenter staff register walk-ins (FORBIDDEN for the citizen); another jobcenter gets NOT_FOUND', async () => {
    const c = await member();
    expect((await t.as.citizen(c.id).exec(RegisterWalkInInterviewForMeetingWalkIn, { input: { citizenId: c.id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await t.fx.jobcenter();
    const r = await t.as.caseworker(other.id).run(RegisterWalkInInterviewForMeetingWalkIn, { input: { citizenId: c.id } });
    expect(r.registerWalkInInterview.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
  });
});
