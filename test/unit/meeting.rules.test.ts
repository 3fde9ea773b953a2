import { Temporal } from 'temporal-polyfill';
import {
  assertCallInNotice, assertCancellationInput, assertDeadlineAction, assertPlanned, benefitGapDays, blockedByLessIntensiveEffort, canReopen, closesOnHeld, earliestDigitalCallInDay,
  fundParticipationForm, isEligibleForJointInterview, satisfiesDeadline,
} from '../../src/domain/meeting/meeting.rules';

const d = (s: string) => Temporal.PlainDate.from(s);
const i = (s: string) => Temporal.Instant.from(s);

describe('meeting rules', () => {
  describe('MT-3: a digital call-in is at least 8 days ahead', () => {
    const today = d('2026-03-02');
    it('MT-3: day 7 is too soon, day 8 is allowed (local calendar days)', () => {
      expect(earliestDigitalCallInDay(today)).toEqual(d('2026-03-10'));
      expect(assertCallInNotice(today, i('2026-03-09T15:00:00+01:00'), {})).toEqual({ ok: false, earliest: d('2026-03-10'), day: d('2026-03-09') });
      expect(assertCallInNotice(today, i('2026-03-10T08:00:00+01:00'), {})).toEqual({ ok: true });
    });
    it('MT-3: short notice or delivered in person may be sooner', () => {
      expect(assertCallInNotice(today, i('2026-03-03T10:00:00+01:00'), { shortNotice: true }).ok).toBe(true);
      expect(assertCallInNotice(today, i('2026-03-02T14:00:00+01:00'), { deliveredInPerson: true }).ok).toBe(true);
      expect(assertCallInNotice(today, i('2026-03-03T10:00:00+01:00'), { shortNotice: false, deliveredInPerson: false }).ok).toBe(false);
    });
    it('MT-3: the meeting day is the Copenhagen day, not the UTC day (DST change 2026-03-29)', () => {
      const sat = d('2026-03-21');
      // 23:30 UTC on the 28th is 00:30 on the 29th in Copenhagen (still CET): day 8.
      expect(assertCallInNotice(sat, i('2026-03-28T23:30:00Z'), {}).ok).toBe(true);
      // 22:30 UTC on the 28th is 23:30 on the 28th in Copenhagen: day 7.
      expect(assertCallInNotice(sat, i('2026-03-28T22:30:00Z'), {}).ok).toBe(false);
      // After the change: 10:00 CEST on the 29th.
      expect(assertCallInNotice(sat, i('2026-03-29T10:00:00+02:00'), {}).ok).toBe(true);
    });
    it('MT-3: across 29 February in a leap year', () => {
      expect(earliestDigitalCallInDay(d('2028-02-22'))).toEqual(d('2028-03-01'));
      expect(assertCallInNotice(d('2028-02-22'), i('2028-02-29T10:00:00+01:00'), {}).ok).toBe(false);
    });
  });

  it('JI-1: joint interviews only for INSURED_UNEMPLOYED members of an a-kasse', () => {
    expect(isEligibleForJointInterview({ targetGroup: 'INSURED_UNEMPLOYED', unemploymentFundId: 'f' })).toBe(true);
    expect(isEligibleForJointInterview({ targetGroup: 'INSURED_UNEMPLOYED', unemploymentFundId: null })).toBe(false);
    expect(isEligibleForJointInterview({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: 'f' })).toBe(false);
  });

  it('TG-5: job and joint interviews are blocked under less intensive effort unless § 106(3) is recorded', () => {
    const lie = { lessIntensiveEffort: true, lessIntensiveOverrideJustification: null };
    expect(blockedByLessIntensiveEffort(lie, 'JOB_INTERVIEW')).toBe(true);
    expect(blockedByLessIntensiveEffort(lie, 'JOINT_INTERVIEW')).toBe(true);
    expect(blockedByLessIntensiveEffort(lie, 'FOLLOW_UP')).toBe(false);
    expect(blockedByLessIntensiveEffort(lie, 'OTHER')).toBe(false);
    expect(blockedByLessIntensiveEffort({ ...lie, lessIntensiveOverrideJustification: 'benefits the person' }, 'JOB_INTERVIEW')).toBe(false);
    expect(blockedByLessIntensiveEffort({ lessIntensiveEffort: false, lessIntensiveOverrideJustification: null }, 'JOB_INTERVIEW')).toBe(false);
  });

  it('MT-6/DL-9: only a JOB_INTERVIEW satisfies a deadline', () => {
    expect(satisfiesDeadline('JOB_INTERVIEW')).toBe(true);
    for (const t of ['JOINT_INTERVIEW', 'FOLLOW_UP', 'OTHER'] as const) expect(satisfiesDeadline(t)).toBe(false);
  });

  describe('DL-9: which deadline a held job interview closes', () => {
    const m = { id: 'm1', type: 'JOB_INTERVIEW' as const, startsAt: i('2026-03-10T10:00:00+01:00') };
    const created = i('2026-03-01T10:00:00+01:00');
    it('DL-9: closes an OPEN or EXPIRED deadline, or one BOOKED with this interview', () => {
      expect(closesOnHeld({ status: 'OPEN', meetingId: null, createdAt: created }, 'OPEN', m)).toBe(true);
      expect(closesOnHeld({ status: 'OPEN', meetingId: null, createdAt: created }, 'EXPIRED', m)).toBe(true);
      expect(closesOnHeld({ status: 'BOOKED', meetingId: 'm1', createdAt: created }, 'BOOKED', m)).toBe(true);
    });
    it('DL-9: leaves a deadline BOOKED with another interview (MT-2 same-day exception) or issued after the interview began', () => {
      expect(closesOnHeld({ status: 'BOOKED', meetingId: 'm2', createdAt: created }, 'BOOKED', m)).toBe(false);
      expect(closesOnHeld({ status: 'OPEN', meetingId: null, createdAt: i('2026-03-10T10:45:00+01:00') }, 'OPEN', m)).toBe(false);
    });
    it('DL-9: a held JOINT_INTERVIEW closes nothing', () => {
      expect(closesOnHeld({ status: 'OPEN', meetingId: null, createdAt: created }, 'OPEN', { ...m, type: 'JOINT_INTERVIEW' })).toBe(false);
    });
  });

  it('DL-12: a deadline can be reopened up to and including its bookBy day, not the day after', () => {
    expect(canReopen({ bookBy: d('2026-03-10') }, d('2026-03-10'))).toBe(true);
    expect(canReopen({ bookBy: d('2026-03-10') }, d('2026-03-11'))).toBe(false);
  });

  describe('JI-6/JI-7: how the a-kasse takes part', () => {
    it('JI-6: video by default, in person when the citizen asks', () => {
      expect(fundParticipationForm(null, { citizenRequestsInPerson: false, sixteenMonth: false })).toEqual({ ok: true, form: 'VIDEO' });
      expect(fundParticipationForm(null, { citizenRequestsInPerson: true, sixteenMonth: false })).toEqual({ ok: true, form: 'IN_PERSON' });
      expect(fundParticipationForm('VIDEO', { citizenRequestsInPerson: true, sixteenMonth: false })).toEqual({ ok: false, rule: 'JI-6' });
      expect(fundParticipationForm('IN_PERSON', { citizenRequestsInPerson: false, sixteenMonth: false })).toEqual({ ok: true, form: 'IN_PERSON' });
    });
    it('JI-7: the 16-month interview is in person', () => {
      expect(fundParticipationForm(undefined, { citizenRequestsInPerson: false, sixteenMonth: true })).toEqual({ ok: true, form: 'IN_PERSON' });
      expect(fundParticipationForm('VIDEO', { citizenRequestsInPerson: false, sixteenMonth: true })).toEqual({ ok: false, rule: 'JI-7' });
    });
  });

  it('RG-3: re-registering on the day the deregistration takes effect gives no benefit gap', () => {
    expect(benefitGapDays(d('2026-03-11'), d('2026-03-11'))).toBe(0);
    expect(benefitGapDays(d('2026-03-11'), d('2026-03-13'))).toBe(2);
  });

  describe('DL-12: the pre-checks of cancelMeeting, chained in order', () => {
    const booked = { bookBy: d('2026-03-10') };
    it('DL-12: REOPEN up to and including the bookBy day, not the day after; an action is needed for, and only for, a deadline', () => {
      expect(assertDeadlineAction({ deadlineAction: 'REOPEN' }, booked, d('2026-03-10'))).toBeUndefined();
      expect(assertDeadlineAction({ deadlineAction: 'REOPEN' }, booked, d('2026-03-11'))).toMatchObject({ code: 'INVALID_DEADLINE_ACTION', message: expect.stringMatching(/^DL-12: bookBy 2026-03-10 has passed/) });
      expect(assertDeadlineAction({ deadlineAction: 'EXTEND' }, booked, d('2026-03-11'))).toBeUndefined();
      expect(assertDeadlineAction({}, booked, d('2026-03-09'))).toMatchObject({ field: ['input', 'deadlineAction'] });
      expect(assertDeadlineAction({ deadlineAction: 'CLOSE' }, null, d('2026-03-09'))).toMatchObject({ code: 'INVALID_DEADLINE_ACTION' });
      expect(assertDeadlineAction({}, null, d('2026-03-09'))).toBeUndefined();
    });
    it('DL-12/MT-5: a reason, newBookBy only with EXTEND, and only a PLANNED meeting', () => {
      expect(assertCancellationInput({ reason: '  ' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'reason'] });
      expect(assertCancellationInput({ reason: 'x', deadlineAction: 'CLOSE', newBookBy: d('2026-03-20') })).toMatchObject({ field: ['input', 'newBookBy'] });
      expect(assertCancellationInput({ reason: 'x', deadlineAction: 'EXTEND' })).toMatchObject({ field: ['input', 'newBookBy'] });
      expect(assertCancellationInput({ reason: 'x', deadlineAction: 'EXTEND', newBookBy: d('2026-03-20') })).toBeUndefined();
      expect(assertPlanned({ status: 'HELD' })).toMatchObject({ code: 'NOT_PLANNED', message: 'MT-5: the meeting is already HELD' });
      expect(assertPlanned({ status: 'PLANNED' })).toBeUndefined();
    });
  });
});
