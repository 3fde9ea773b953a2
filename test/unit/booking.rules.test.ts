import { Temporal } from 'temporal-polyfill';
import {
  IMMEDIATE_BOOKING_WINDOW_DAYS, assertRegisteredToBook, bookingWindowFor, immediateWindow, isPastRebookingCutoff, noSlotsMessage, plannedInterviewClash,
  rebookingCutoff, rebookingLastDay, slotIsInFuture, slotWithinWindow,
} from '../../src/domain/booking/booking.rules';
import { ZONE } from '../../src/domain/shared/clock';
import type { DeadlineStatus, MeetingStatus, MeetingType } from '../../src/generated/enums';

const D = (s: string) => Temporal.PlainDate.from(s);
const I = (s: string) => Temporal.Instant.from(s);
/** Copenhagen wall-clock time → instant. */
const local = (date: string, time: string) => D(date).toZonedDateTime({ timeZone: ZONE, plainTime: time }).toInstant();

function deadline(bookBy: string, status: DeadlineStatus = 'OPEN', availableFrom?: string) {
  const bb = D(bookBy);
  return { status, bookBy: bb, latestInterviewDate: bb.add({ days: 7 }), availableFrom: availableFrom ? D(availableFrom) : bb.subtract({ days: 8 }) };
}

describe('booking.rules', () => {
  describe('bookingWindowFor (SL-2, RG-4)', () => {
    it('SL-2: an OPEN deadline gives the window from today to its latest interview date', () => {
      const w = bookingWindowFor(deadline('2026-03-10'), D('2026-03-02'));
      expect(w).toEqual({ ok: true, status: 'OPEN', window: { from: D('2026-03-02'), to: D('2026-03-17'), immediate: false } });
    });

    it('SL-2: on bookBy itself the deadline is still OPEN; the day after it reads EXPIRED and demands an immediate booking (RG-4)', () => {
      expect(bookingWindowFor(deadline('2026-03-10'), D('2026-03-10'))).toMatchObject({ ok: true, status: 'OPEN' });
      const after = bookingWindowFor(deadline('2026-03-10'), D('2026-03-11'));
      expect(after).toEqual({ ok: true, status: 'EXPIRED', window: { from: D('2026-03-11'), to: D('2026-03-16'), immediate: true } });
    });

    it('RG-4: a deadline already stored as EXPIRED gives the immediate window', () => {
      expect(bookingWindowFor(deadline('2026-03-10', 'EXPIRED'), D('2026-03-20'))).toMatchObject({ ok: true, window: { to: D('2026-03-25'), immediate: true } });
    });

    it('SL-2: no deadline, a BOOKED one and a CLOSED one give no window, each with its reason', () => {
      expect(bookingWindowFor(null, D('2026-03-02'))).toEqual({ ok: false, reason: 'NO_DEADLINE' });
      expect(bookingWindowFor(deadline('2026-03-10', 'BOOKED'), D('2026-03-02'))).toEqual({ ok: false, reason: 'ALREADY_BOOKED' });
      expect(bookingWindowFor(deadline('2026-03-10', 'CLOSED'), D('2026-03-02'))).toEqual({ ok: false, reason: 'NOT_OPEN' });
      expect(bookingWindowFor(deadline('2026-03-10', 'LAPSED'), D('2026-03-02'))).toEqual({ ok: false, reason: 'NOT_OPEN' });
    });

    it('SL-2: a deadline is bookable from its availableFrom day, not the day before', () => {
      const d = deadline('2026-03-20', 'OPEN', '2026-03-05');
      expect(bookingWindowFor(d, D('2026-03-04'))).toEqual({ ok: false, reason: 'NOT_YET_AVAILABLE' });
      expect(bookingWindowFor(d, D('2026-03-05'))).toMatchObject({ ok: true });
    });
  });

  it('RG-4: the immediate window ends on the 5th day after today (10 days in the wide RG-5 case), across month ends', () => {
    expect(immediateWindow(D('2026-02-26'))).toEqual({ from: D('2026-02-26'), to: D('2026-03-03'), immediate: true });
    expect(immediateWindow(D('2028-02-26')).to).toEqual(D('2028-03-02')); // leap year: 29 February counts as a day
    expect(immediateWindow(D('2026-03-02'), true).to).toEqual(D('2026-03-12'));
    expect(IMMEDIATE_BOOKING_WINDOW_DAYS).toBe(5);
  });

  describe('slotWithinWindow (SL-2, DL-3) by the Copenhagen local day', () => {
    it('SL-2: a slot on the latest interview date is inside, one on the day after is outside', () => {
      const w = { to: D('2026-03-17') };
      expect(slotWithinWindow(local('2026-03-17', '15:00'), w)).toBe(true);
      expect(slotWithinWindow(local('2026-03-18', '08:00'), w)).toBe(false);
    });

    it('SL-2: on 2026-10-25 (25 hours) 23:30 local is still that day, although it is more than 24 hours after midnight', () => {
      const w = { to: D('2026-10-25') };
      const lateOnDay = local('2026-10-25', '23:30');
      expect(lateOnDay.toString()).toBe('2026-10-25T22:30:00Z');
      expect(slotWithinWindow(lateOnDay, w)).toBe(true);
      // 00:30 local on the 26th is still the 25th in UTC: judged locally, it is outside.
      const nextDay = local('2026-10-26', '00:30');
      expect(nextDay.toString()).toBe('2026-10-25T23:30:00Z');
      expect(slotWithinWindow(nextDay, w)).toBe(false);
    });

    it('SL-2: on 2026-03-29 (23 hours; 02:30 does not exist) the local day decides too', () => {
      const w = { to: D('2026-03-29') };
      expect(local('2026-03-29', '02:30').toString()).toBe('2026-03-29T01:30:00Z'); // 02:30 is pushed to 03:30 CEST
      expect(slotWithinWindow(local('2026-03-29', '23:30'), w)).toBe(true);
      const nextDay = local('2026-03-30', '00:30');
      expect(nextDay.toString()).toBe('2026-03-29T22:30:00Z');
      expect(slotWithinWindow(nextDay, w)).toBe(false);
    });
  });

  it('SL-2: a slot that starts exactly now has begun; a group slot has begun when its group part has', () => {
    const now = I('2026-03-02T09:00:00Z');
    expect(slotIsInFuture({ startsAt: I('2026-03-02T09:00:00Z'), groupStartsAt: null }, now)).toBe(false);
    expect(slotIsInFuture({ startsAt: I('2026-03-02T09:01:00Z'), groupStartsAt: null }, now)).toBe(true);
    expect(slotIsInFuture({ startsAt: I('2026-03-02T09:30:00Z'), groupStartsAt: I('2026-03-02T08:59:00Z') }, now)).toBe(false);
    expect(slotIsInFuture({ startsAt: I('2026-03-02T09:30:00Z'), groupStartsAt: I('2026-03-02T09:01:00Z') }, now)).toBe(true);
  });

  describe('plannedInterviewClash (MT-2)', () => {
    const m = (id: string, day: string, type: MeetingType = 'JOB_INTERVIEW', status: MeetingStatus = 'PLANNED') => ({ id, localDay: D(day), type, status });
    const today = D('2026-03-05');

    it('MT-2: a planned job interview or follow-up on a later day blocks a new one', () => {
      expect(plannedInterviewClash([m('a', '2026-03-09')], today, D('2026-03-12'))?.id).toBe('a');
      expect(plannedInterviewClash([m('f', '2026-03-09', 'FOLLOW_UP')], today, D('2026-03-12'))?.id).toBe('f');
    });

    it('MT-2: on the day of the planned one a new one may be booked — but not for that same day', () => {
      expect(plannedInterviewClash([m('a', '2026-03-05')], today, D('2026-03-12'))).toBeUndefined();
      expect(plannedInterviewClash([m('a', '2026-03-05')], today, D('2026-03-05'))?.id).toBe('a');
    });

    it('MT-2: joint interviews, other meetings, cancelled or held ones, the excluded one and an earlier day awaiting its outcome do not block', () => {
      expect(plannedInterviewClash([m('j', '2026-03-09', 'JOINT_INTERVIEW'), m('o', '2026-03-09', 'OTHER')], today, D('2026-03-12'))).toBeUndefined();
      expect(plannedInterviewClash([m('c', '2026-03-09', 'JOB_INTERVIEW', 'CANCELLED'), m('h', '2026-03-09', 'JOB_INTERVIEW', 'HELD')], today, D('2026-03-12'))).toBeUndefined();
      expect(plannedInterviewClash([m('x', '2026-03-09')], today, D('2026-03-12'), 'x')).toBeUndefined();
      expect(plannedInterviewClash([m('old', '2026-03-04')], today, D('2026-03-12'))).toBeUndefined();
    });
  });

  describe('rebooking cutoff (SL-4)', () => {
    const startsAt = local('2026-03-12', '10:00');

    it('SL-4: exactly at the cutoff rebooking is allowed; one minute past it is refused', () => {
      const cutoff = rebookingCutoff(startsAt, 24)!;
      expect(cutoff).toEqual(local('2026-03-11', '10:00'));
      expect(isPastRebookingCutoff(cutoff, startsAt, 24)).toBe(false);
      expect(isPastRebookingCutoff(cutoff.add({ minutes: 1 }), startsAt, 24)).toBe(true);
    });

    it('SL-4: no cutoff (null) never refuses; a cutoff of 0 hours refuses once the interview has started', () => {
      expect(rebookingCutoff(startsAt, null)).toBeNull();
      expect(isPastRebookingCutoff(startsAt.add({ hours: 1 }), startsAt, null)).toBe(false);
      expect(isPastRebookingCutoff(startsAt, startsAt, 0)).toBe(false);
      expect(isPastRebookingCutoff(startsAt.add({ minutes: 1 }), startsAt, 0)).toBe(true);
    });

    it('SL-4: a 24-hour cutoff across the spring DST change is 24 elapsed hours (Sunday 10:00 → Saturday 09:00 local)', () => {
      const monday = local('2026-03-30', '10:00');
      expect(rebookingCutoff(monday, 24)!.toZonedDateTimeISO(ZONE).toString({ timeZoneName: 'never' })).toBe('2026-03-29T10:00:00+02:00');
      const sunday = local('2026-03-29', '10:00');
      expect(rebookingCutoff(sunday, 24)!.toZonedDateTimeISO(ZONE).toString({ timeZoneName: 'never' })).toBe('2026-03-28T09:00:00+01:00');
    });
  });

  it('SL-4: a rebooking stays within the latest interview date, or within an immediate booking already past it', () => {
    expect(rebookingLastDay(D('2026-03-17'), D('2026-03-12'))).toEqual(D('2026-03-17'));
    expect(rebookingLastDay(D('2026-03-17'), D('2026-03-20'))).toEqual(D('2026-03-20'));
  });

  it('SL-5: the no-slots message tells the citizen to contact the jobcenter and names the deadline', () => {
    const d = deadline('2026-03-10');
    const msg = noSlotsMessage(d, { from: D('2026-03-02'), to: D('2026-03-17'), immediate: false });
    expect(msg).toMatch(/Kontakt jobcenteret/);
    expect(msg).toMatch(/2026-03-10.*2026-03-17/);
    expect(noSlotsMessage(d, immediateWindow(D('2026-03-11')))).toMatch(/Straksbooking.*2026-03-16/);
  });
});

describe('assertRegisteredToBook (RG-5/RG-8, TG-4)', () => {
  const field = ['input', 'slotId'];
  it('RG-5/RG-8: a deregistered citizen must re-register first; a registered one may book', () => {
    expect(assertRegisteredToBook({ registered: false, targetGroup: 'INSURED_UNEMPLOYED' }, field)).toEqual({
      ok: false, code: 'REREGISTRATION_REQUIRED', field,
      message: 'RG-5/RG-8: you are deregistered as job seeker; re-register (reregister with this slotId) or report recovery first',
    });
    expect(assertRegisteredToBook({ registered: true, targetGroup: 'INSURED_UNEMPLOYED' }, field)).toBeUndefined();
  });

  it('TG-4: a JOB_CLARIFICATION person is never registered as job seeker and may book all the same', () => {
    expect(assertRegisteredToBook({ registered: false, targetGroup: 'JOB_CLARIFICATION' }, field)).toBeUndefined();
  });
});
