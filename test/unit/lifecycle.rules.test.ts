import { Temporal } from 'temporal-polyfill';
import {
  type ImmediateBookingFacts, type OpenRequirement, benefitGapDays, deductedDays, deregistrationLetter, deregistrationTakesEffect,
  expiryConsequence, immediateBookingState, lapseCutoffOtherGroups, lapsedFromOtherGroups, lapsesAtReregistration, nextInterviewIsJoint,
  outageCoversDay, pendingDeregistration, remindersDue, restartsAtReregistration,
} from '../../src/domain/lifecycle/lifecycle.rules';
import { effectiveDeadlineStatus, reminderDays } from '../../src/domain/deadline/deadline.rules';
import { ZONE } from '../../src/domain/shared/clock';

const D = (s: string) => Temporal.PlainDate.from(s);
const at = (date: string, time: string) => D(date).toZonedDateTime({ timeZone: ZONE, plainTime: time }).toInstant();

describe('lifecycle rules', () => {
  it('RG-1: the deregistration takes effect the day after bookBy, also across 29 February and month ends', () => {
    expect(deregistrationTakesEffect(D('2026-03-10')).toString()).toBe('2026-03-11');
    expect(deregistrationTakesEffect(D('2028-02-28')).toString()).toBe('2028-02-29');
    expect(deregistrationTakesEffect(D('2026-12-31')).toString()).toBe('2027-01-01');
  });

  it('RG-1/RG-7/SA-1/SA-3/TG-2/TG-4: the consequence of an expired deadline depends on the group and on registration at bookBy', () => {
    const bookBy = D('2026-03-10');
    const f = (targetGroup: Parameters<typeof expiryConsequence>[0]['targetGroup'], registered = true, openPeriodFrom: string | null = '2026-01-01') =>
      expiryConsequence({ targetGroup, registered, openPeriodFrom: openPeriodFrom ? D(openPeriodFrom) : null }, bookBy);
    expect(f('INSURED_UNEMPLOYED')).toBe('DEREGISTER');
    expect(f('INSURED_UNEMPLOYED', true, null)).toBe('DEREGISTER');
    // Registered on bookBy itself still had the duty; registered only the day after had not.
    expect(f('INSURED_UNEMPLOYED', true, '2026-03-10')).toBe('DEREGISTER');
    expect(f('INSURED_UNEMPLOYED', true, '2026-03-11')).toBe('NONE');
    expect(f('INSURED_UNEMPLOYED', false)).toBe('NONE');
    for (const g of ['JOB_READY_CASH_BENEFIT', 'JOB_READY_TRANSITION_BENEFIT', 'EDUCATION_READY_EDUCATION_BENEFIT', 'EDUCATION_READY_TRANSITION_BENEFIT'] as const) {
      expect(f(g)).toBe('SANCTION_ASSESSMENT');
      expect(f(g, false)).toBe('NONE');
    }
    // TG-4: never deregistered, whatever the registration flag says; assessed like the other groups.
    expect(f('JOB_CLARIFICATION', false, null)).toBe('SANCTION_ASSESSMENT');
    expect(f('SICKNESS_BENEFIT')).toBe('NONE');
    expect(f('OTHER')).toBe('NONE');
  });

  it('RG-1: a pending deregistration reads from the day after bookBy, not on bookBy', () => {
    const c = { targetGroup: 'INSURED_UNEMPLOYED' as const, registered: true };
    const d = { status: 'OPEN' as const, bookBy: D('2026-03-10') };
    expect(pendingDeregistration(c, d, null, D('2026-03-10'))).toBeNull();
    expect(pendingDeregistration(c, d, null, D('2026-03-11'))?.toString()).toBe('2026-03-11');
    expect(pendingDeregistration(c, { ...d, status: 'BOOKED' }, null, D('2026-03-11'))).toBeNull();
    expect(pendingDeregistration({ ...c, targetGroup: 'JOB_READY_CASH_BENEFIT' }, d, null, D('2026-03-11'))).toBeNull();
  });

  it('RG-3: re-registering on the day the deregistration takes effect gives benefitGapDays 0; a day later 1', () => {
    expect(benefitGapDays(D('2026-03-11'), D('2026-03-11'))).toBe(0);
    expect(benefitGapDays(D('2026-03-11'), D('2026-03-12'))).toBe(1);
    expect(benefitGapDays(D('2026-03-11'), D('2026-03-25'))).toBe(14);
  });

  it('LP-1: lapses at 3 months from deregistration, not a day before; month ends clamp (30 November → 28 February)', () => {
    expect(lapsesAtReregistration(D('2026-03-11'), D('2026-06-10'))).toBe(false);
    expect(lapsesAtReregistration(D('2026-03-11'), D('2026-06-11'))).toBe(true);
    expect(lapsesAtReregistration(D('2026-11-30'), D('2027-02-27'))).toBe(false);
    expect(lapsesAtReregistration(D('2026-11-30'), D('2027-02-28'))).toBe(true);
  });

  it('LP-2/CC-8: the other groups restart after 1 month or more', () => {
    expect(restartsAtReregistration(D('2026-03-11'), D('2026-04-10'))).toBe(false);
    expect(restartsAtReregistration(D('2026-03-11'), D('2026-04-11'))).toBe(true);
  });

  it('LP-2: a deadline lapses at the end of the month after bookBy (bookBy 31 January → lapsed from 1 March; leap years)', () => {
    expect(lapsedFromOtherGroups(D('2026-03-10')).toString()).toBe('2026-05-01');
    expect(lapsedFromOtherGroups(D('2026-01-31')).toString()).toBe('2026-03-01');
    expect(lapsedFromOtherGroups(D('2028-01-31')).toString()).toBe('2028-03-01');
    expect(lapsedFromOtherGroups(D('2026-12-15')).toString()).toBe('2027-02-01');
    // The index-friendly cutoff used by the run agrees with the rule on every day around the boundary.
    for (const bookBy of ['2026-01-31', '2026-02-28', '2026-03-01', '2026-03-10', '2026-12-31']) {
      for (let day = D('2026-02-01'); Temporal.PlainDate.compare(day, D('2027-04-01')) < 0; day = day.add({ days: 1 })) {
        const byRule = Temporal.PlainDate.compare(lapsedFromOtherGroups(D(bookBy)), day) <= 0;
        const byCutoff = Temporal.PlainDate.compare(D(bookBy), lapseCutoffOtherGroups(day)) < 0;
        expect([bookBy, day.toString(), byCutoff]).toEqual([bookBy, day.toString(), byRule]);
      }
    }
  });

  it('LP-2/DL-7: an expired deadline of another group reads LAPSED from the first day after the end of the next month; INSURED_UNEMPLOYED stays EXPIRED', () => {
    const d = { status: 'OPEN' as const, bookBy: D('2026-03-10') };
    expect(effectiveDeadlineStatus(d, D('2026-03-11'))).toBe('EXPIRED');
    expect(effectiveDeadlineStatus(d, D('2026-04-30'), { targetGroup: 'JOB_READY_CASH_BENEFIT' })).toBe('EXPIRED');
    expect(effectiveDeadlineStatus(d, D('2026-05-01'), { targetGroup: 'JOB_READY_CASH_BENEFIT' })).toBe('LAPSED');
    expect(effectiveDeadlineStatus(d, D('2026-05-01'), { targetGroup: 'INSURED_UNEMPLOYED' })).toBe('EXPIRED');
    expect(effectiveDeadlineStatus(d, D('2026-05-01'))).toBe('EXPIRED');
    expect(effectiveDeadlineStatus({ ...d, status: 'BOOKED' }, D('2026-05-01'), { targetGroup: 'JOB_READY_CASH_BENEFIT' })).toBe('BOOKED');
  });

  it('SA-2: deducted days are the days in [bookBy, contact): booking the day after bookBy deducts 1, three days after 3', () => {
    expect(deductedDays(D('2026-03-10'), D('2026-03-11'))).toBe(1);
    expect(deductedDays(D('2026-03-10'), D('2026-03-13'))).toBe(3);
    expect(deductedDays(D('2028-02-28'), D('2028-03-01'))).toBe(2);
    expect(() => deductedDays(D('2026-03-10'), D('2026-03-10'))).toThrow(/SA-2/);
  });

  it('RG-1: an outage covers the local bookBy day, judged in Europe/Copenhagen across the DST change (29 March 2026 has 23 hours)', () => {
    const day = D('2026-03-29');
    expect(outageCoversDay({ startsAt: at('2026-03-29', '23:30'), endsAt: at('2026-03-30', '01:00') }, day)).toBe(true);
    // 00:00 on 30 March local is 22:00 UTC on the 29th: an outage from then on is the next day.
    expect(outageCoversDay({ startsAt: at('2026-03-30', '00:00'), endsAt: at('2026-03-30', '02:00') }, day)).toBe(false);
    // Ending exactly at the start of the day does not cover it.
    expect(outageCoversDay({ startsAt: at('2026-03-28', '20:00'), endsAt: at('2026-03-29', '00:00') }, day)).toBe(false);
    expect(outageCoversDay({ startsAt: at('2026-03-28', '20:00'), endsAt: at('2026-03-29', '00:01') }, day)).toBe(true);
    // 25 October 2026 has 25 hours: 23:30 local is still that day.
    expect(outageCoversDay({ startsAt: at('2026-10-25', '23:30'), endsAt: at('2026-10-25', '23:45') }, D('2026-10-25'))).toBe(true);
  });

  it('DL-11: reminders 3 days before and on bookBy, each on its day; a missed "3 days before" is sent late before bookBy only', () => {
    const issued = D('2026-03-02');
    const bookBy = D('2026-03-10');
    const days = reminderDays(issued, bookBy);
    expect(days.map(String)).toEqual(['2026-03-07', '2026-03-10']);
    expect(remindersDue(days, bookBy, D('2026-03-06'))).toEqual([]);
    expect(remindersDue(days, bookBy, D('2026-03-07')).map(String)).toEqual(['2026-03-07']);
    expect(remindersDue(days, bookBy, D('2026-03-09')).map(String)).toEqual(['2026-03-07']);
    expect(remindersDue(days, bookBy, D('2026-03-10')).map(String)).toEqual(['2026-03-10']);
    expect(remindersDue(days, bookBy, D('2026-03-11'))).toEqual([]);
    // Issued 3 days before bookBy: that reminder is not after issue, so only the one on the day.
    expect(reminderDays(D('2026-03-07'), bookBy).map(String)).toEqual(['2026-03-10']);
  });

  describe('RG-4 … RG-8: the immediate-booking state', () => {
    const base: ImmediateBookingFacts = {
      targetGroup: 'JOB_READY_CASH_BENEFIT', selfBookingRight: 'ALLOWED', lessIntensiveEffort: false, registered: true,
      openPeriodFrom: D('2026-01-01'), deadline: { status: 'EXPIRED', bookBy: D('2026-03-10') }, deregisteredFrom: null,
    };
    const today = D('2026-03-13');

    it('RG-4/RG-7: an expired deadline of a registered citizen demands it at once, from the near days', () => {
      expect(immediateBookingState(base, today)).toEqual({ required: true, window: 'NEAR', requiredAtReregistration: false, lapsesAtReregistration: false });
    });

    it('RG-5/RG-6: registered again after bookBy without a booking → at the next login, from 10 days', () => {
      expect(immediateBookingState({ ...base, targetGroup: 'INSURED_UNEMPLOYED', openPeriodFrom: D('2026-03-12') }, today))
        .toMatchObject({ required: true, window: 'WIDE' });
    });

    it('RG-5/LP-1: a deregistered INSURED_UNEMPLOYED must book to re-register on Jobnet, until 3 months have passed', () => {
      const f = { ...base, targetGroup: 'INSURED_UNEMPLOYED' as const, registered: false, openPeriodFrom: null, deregisteredFrom: D('2026-03-11') };
      expect(immediateBookingState(f, D('2026-06-10'))).toEqual({ required: true, window: 'NEAR', requiredAtReregistration: true, lapsesAtReregistration: false });
      // RG-8: deregistered for sickness, the booking waits for the recovery report.
      expect(immediateBookingState({ ...f, deregistrationReason: 'SICKNESS' }, D('2026-03-20'))).toMatchObject({ required: false, requiredAtReregistration: true });
      expect(immediateBookingState(f, D('2026-06-11'))).toEqual({ required: false, window: null, requiredAtReregistration: false, lapsesAtReregistration: true });
    });

    it('RG-8/LP-2: another group deregistered (sick) is asked at re-registration, not as a condition; after 1 month it restarts', () => {
      const f = { ...base, registered: false, openPeriodFrom: null, deregisteredFrom: D('2026-03-05') };
      expect(immediateBookingState(f, D('2026-03-20'))).toMatchObject({ required: false, requiredAtReregistration: false, window: 'NEAR' });
      expect(immediateBookingState(f, D('2026-04-05'))).toMatchObject({ lapsesAtReregistration: true, window: null });
    });

    it('TG-2/TG-5/EX/TG-4: not for voluntary self-bookers, less intensive effort or exempted citizens; JOB_CLARIFICATION always counts as registered', () => {
      expect(immediateBookingState({ ...base, targetGroup: 'OTHER' }, today).required).toBe(false);
      expect(immediateBookingState({ ...base, targetGroup: 'SICKNESS_BENEFIT' }, today).required).toBe(false);
      expect(immediateBookingState({ ...base, lessIntensiveEffort: true }, today).required).toBe(false);
      expect(immediateBookingState({ ...base, selfBookingRight: 'EXEMPTED' }, today).required).toBe(false);
      expect(immediateBookingState({ ...base, deadline: { status: 'LAPSED', bookBy: D('2026-03-10') } }, today).required).toBe(false);
      expect(immediateBookingState({ ...base, targetGroup: 'JOB_CLARIFICATION', registered: false }, today).required).toBe(true);
    });
  });

  it('RG-9: the next interview is a joint one when its window is open and fewer than 30 days are left to its last day (CC-7 corrected: no monthly order)', () => {
    const r = (kind: OpenRequirement['kind'], status: OpenRequirement['status'], daysLeft: number): OpenRequirement => ({ kind, status, daysLeft });
    // 29 days before the joint interview's last day: no room for two self-booked cycles of 15 days → joint is next.
    expect(nextInterviewIsJoint([r('JOB_INTERVIEW', 'DUE', 120), r('JOINT_INTERVIEW', 'DUE', 29)])).toBe(true);
    // 30 days left: one more deadline still fits before calling in.
    expect(nextInterviewIsJoint([r('JOB_INTERVIEW', 'DUE', 120), r('JOINT_INTERVIEW', 'DUE', 30)])).toBe(false);
    expect(nextInterviewIsJoint([r('JOB_INTERVIEW', 'DUE', 120), r('JOINT_INTERVIEW', 'UPCOMING', 10)])).toBe(false);
    // No job-interview requirement still due (after six months, or all held): a due joint one is next.
    expect(nextInterviewIsJoint([r('SIXTEEN_MONTH_JOINT_INTERVIEW', 'DUE', 300)])).toBe(true);
    expect(nextInterviewIsJoint([r('JOB_INTERVIEW', 'MET', 50), r('JOINT_INTERVIEW', 'DUE', 80)])).toBe(true);
    expect(nextInterviewIsJoint([r('JOINT_INTERVIEW', 'MET', 10)])).toBe(false);
  });

  it('RG-2: the deregistration letter states that, why, re-registration, and that benefits may be affected', () => {
    const l = deregistrationLetter({ deregisteredFrom: D('2026-03-11'), bookBy: D('2026-03-10'), systemOutage: true });
    expect(l).toMatchObject({ statesDeregistered: true, reason: 'MISSED_DEADLINE', canReregister: true, benefitsMayBeAffected: true });
    expect(l.text).toMatch(/afmeldt som jobsøgende fra og med 2026-03-11/);
    expect(l.text).toMatch(/ikke bookede en jobsamtale senest 2026-03-10/);
    expect(l.text).toMatch(/tilmelde dig igen/);
    expect(l.text).toMatch(/dagpenge/);
    expect(l.text).toMatch(/dispensation/);
    expect(deregistrationLetter({ deregisteredFrom: D('2026-03-11'), bookBy: D('2026-03-10'), systemOutage: false }).text).not.toMatch(/dispensation/);
  });
});
