import { Temporal } from 'temporal-polyfill';
import {
  CLOSE_REASON_OPERATION, type HolidayPeriod, assertMinimumBookingPeriod, deadlineRefusal, dutyDays, earliestBookBy,
  effectiveDeadlineStatus, holidayCounts, isExtendable, latestInterviewDateFor, reminderDays,
} from '../../src/domain/deadline/deadline.rules';
import type { Citizen } from '../../src/entities';

const d = (s: string) => Temporal.PlainDate.from(s);
const holiday = (start: string, end: string, notified: string, kind?: HolidayPeriod['kind']): HolidayPeriod =>
  ({ startDate: d(start), endDate: d(end), notifiedOn: d(notified), ...(kind ? { kind } : {}) });

describe('deadline rules', () => {
  describe('DL-6: holidayCounts', () => {
    it('DL-6: a holiday notified exactly 14 days before it starts counts; 13 days before does not', () => {
      expect(holidayCounts(holiday('2026-03-20', '2026-03-27', '2026-03-06'))).toBe(true);
      expect(holidayCounts(holiday('2026-03-20', '2026-03-27', '2026-03-07'))).toBe(false);
      expect(holidayCounts(holiday('2026-03-20', '2026-03-27', '2026-03-05'))).toBe(true);
    });

    it('DL-6: the 14 days are counted across 29 February in a leap year', () => {
      // 2028-03-14 minus 14 days is 2028-02-29.
      expect(holidayCounts(holiday('2028-03-14', '2028-03-20', '2028-02-29'))).toBe(true);
      expect(holidayCounts(holiday('2028-03-14', '2028-03-20', '2028-03-01'))).toBe(false);
      // 2027 has no 29 February: 2027-03-14 minus 14 days is 2027-02-28.
      expect(holidayCounts(holiday('2027-03-14', '2027-03-20', '2027-02-28'))).toBe(true);
      expect(holidayCounts(holiday('2027-03-14', '2027-03-20', '2027-03-01'))).toBe(false);
    });

    it('DL-6: a 6-week job-oriented education period counts whenever it was notified', () => {
      expect(holidayCounts(holiday('2026-03-20', '2026-05-01', '2026-03-19', 'JOB_ORIENTED_EDUCATION'))).toBe(true);
      expect(holidayCounts(holiday('2026-03-20', '2026-05-01', '2026-03-19', 'HOLIDAY'))).toBe(false);
    });
  });

  describe('DL-2/DL-6: dutyDays, earliestBookBy, assertMinimumBookingPeriod', () => {
    it('DL-2: 8 days after availableFrom is valid; 7 days is not, and the earliest valid bookBy is named', () => {
      expect(dutyDays(d('2026-03-02'), d('2026-03-10'), [])).toBe(8);
      expect(assertMinimumBookingPeriod(d('2026-03-02'), d('2026-03-10'), [])).toEqual({ ok: true });
      expect(assertMinimumBookingPeriod(d('2026-03-02'), d('2026-03-09'), [])).toEqual({ ok: false, earliest: d('2026-03-10'), dutyDays: 7 });
    });

    it('DL-2: a bookBy on or before availableFrom leaves no days', () => {
      expect(assertMinimumBookingPeriod(d('2026-03-02'), d('2026-03-02'), [])).toEqual({ ok: false, earliest: d('2026-03-10'), dutyDays: 0 });
      expect(assertMinimumBookingPeriod(d('2026-03-02'), d('2026-02-20'), [])).toMatchObject({ ok: false, dutyDays: 0 });
    });

    it('DL-2: the 8 days run over 29 February in a leap year and over 28 February otherwise', () => {
      expect(earliestBookBy(d('2028-02-21'), [])).toEqual(d('2028-02-29'));
      expect(assertMinimumBookingPeriod(d('2028-02-21'), d('2028-02-28'), [])).toEqual({ ok: false, earliest: d('2028-02-29'), dutyDays: 7 });
      expect(assertMinimumBookingPeriod(d('2028-02-21'), d('2028-02-29'), [])).toEqual({ ok: true });
      expect(earliestBookBy(d('2027-02-21'), [])).toEqual(d('2027-03-01'));
    });

    it('DL-2: the DST change (2026-03-29, 2026-10-25) does not change a count of days', () => {
      expect(earliestBookBy(d('2026-03-25'), [])).toEqual(d('2026-04-02'));
      expect(earliestBookBy(d('2026-10-20'), [])).toEqual(d('2026-10-28'));
    });

    it('DL-6: days in a counted holiday are not duty days; days in a holiday notified too late are', () => {
      const counted = holiday('2026-03-05', '2026-03-08', '2026-02-19');
      const late = holiday('2026-03-05', '2026-03-08', '2026-02-20');
      expect(dutyDays(d('2026-03-02'), d('2026-03-10'), [counted])).toBe(4);
      expect(dutyDays(d('2026-03-02'), d('2026-03-10'), [late])).toBe(8);
      expect(earliestBookBy(d('2026-03-02'), [counted])).toEqual(d('2026-03-14'));
      expect(earliestBookBy(d('2026-03-02'), [late])).toEqual(d('2026-03-10'));
    });

    it('DL-6: a deadline may end the day after a holiday ends, when 8 duty days lie outside it', () => {
      // Duty days 3–9 March (7), holiday 10–20 March, then 21 March is the 8th duty day.
      const h = holiday('2026-03-10', '2026-03-20', '2026-02-01');
      expect(assertMinimumBookingPeriod(d('2026-03-02'), d('2026-03-21'), [h])).toEqual({ ok: true });
      expect(assertMinimumBookingPeriod(d('2026-03-02'), d('2026-03-20'), [h])).toEqual({ ok: false, earliest: d('2026-03-21'), dutyDays: 7 });
    });

    it('DL-6: a holiday that starts on availableFrom shifts all 8 duty days after it', () => {
      const h = holiday('2026-03-02', '2026-03-04', '2026-02-01');
      expect(earliestBookBy(d('2026-03-02'), [h])).toEqual(d('2026-03-12'));
    });

    it('DL-6: overlapping holidays are not subtracted twice', () => {
      const a = holiday('2026-03-05', '2026-03-08', '2026-02-01');
      const b = holiday('2026-03-07', '2026-03-09', '2026-02-01');
      expect(dutyDays(d('2026-03-02'), d('2026-03-10'), [a, b])).toBe(3);
      expect(earliestBookBy(d('2026-03-02'), [a, b])).toEqual(d('2026-03-15'));
    });

    it('DL-6: a holiday across 29 February counts the leap day as a holiday day', () => {
      const h = holiday('2028-02-28', '2028-03-01', '2028-02-01');
      expect(earliestBookBy(d('2028-02-21'), [h])).toEqual(d('2028-03-03'));
    });
  });

  describe('DL-3: latestInterviewDateFor', () => {
    it('DL-3: is exactly 7 days after bookBy, also over 29 February and the DST change', () => {
      expect(latestInterviewDateFor(d('2026-03-10'))).toEqual(d('2026-03-17'));
      expect(latestInterviewDateFor(d('2028-02-22'))).toEqual(d('2028-02-29'));
      expect(latestInterviewDateFor(d('2028-02-28'))).toEqual(d('2028-03-06'));
      expect(latestInterviewDateFor(d('2027-02-28'))).toEqual(d('2027-03-07'));
      expect(latestInterviewDateFor(d('2026-03-25'))).toEqual(d('2026-04-01'));
      expect(latestInterviewDateFor(d('2026-10-22'))).toEqual(d('2026-10-29'));
    });
  });

  describe('DL-7: effectiveDeadlineStatus', () => {
    const bookBy = d('2026-03-10');
    it('DL-7: an OPEN deadline reads OPEN on bookBy itself and EXPIRED from the day after', () => {
      expect(effectiveDeadlineStatus({ status: 'OPEN', bookBy }, d('2026-03-09'))).toBe('OPEN');
      expect(effectiveDeadlineStatus({ status: 'OPEN', bookBy }, d('2026-03-10'))).toBe('OPEN');
      expect(effectiveDeadlineStatus({ status: 'OPEN', bookBy }, d('2026-03-11'))).toBe('EXPIRED');
    });

    it('DL-7: a 29 February bookBy expires on 1 March', () => {
      expect(effectiveDeadlineStatus({ status: 'OPEN', bookBy: d('2028-02-29') }, d('2028-02-29'))).toBe('OPEN');
      expect(effectiveDeadlineStatus({ status: 'OPEN', bookBy: d('2028-02-29') }, d('2028-03-01'))).toBe('EXPIRED');
    });

    it('DL-7: other stored statuses are read as stored after bookBy', () => {
      for (const status of ['BOOKED', 'CLOSED', 'EXPIRED', 'LAPSED'] as const) {
        expect(effectiveDeadlineStatus({ status, bookBy }, d('2026-03-20'))).toBe(status);
      }
    });
  });

  describe('DL-11: reminderDays', () => {
    it('DL-11: reminders 3 days before and on bookBy', () => {
      expect(reminderDays(d('2026-03-02'), d('2026-03-10'))).toEqual([d('2026-03-07'), d('2026-03-10')]);
    });

    it('DL-11: a reminder day on or before the issue day is left out', () => {
      expect(reminderDays(d('2026-03-06'), d('2026-03-10'))).toEqual([d('2026-03-07'), d('2026-03-10')]);
      expect(reminderDays(d('2026-03-07'), d('2026-03-10'))).toEqual([d('2026-03-10')]);
      expect(reminderDays(d('2026-03-10'), d('2026-03-10'))).toEqual([]);
    });

    it('DL-11: 3 days before a 2 March bookBy is 28 February in a leap year', () => {
      expect(reminderDays(d('2028-02-20'), d('2028-03-02'))).toEqual([d('2028-02-28'), d('2028-03-02')]);
      expect(reminderDays(d('2027-02-20'), d('2027-03-02'))).toEqual([d('2027-02-27'), d('2027-03-02')]);
    });
  });

  describe('DL-5: deadlineRefusal', () => {
    const base: Pick<Citizen, 'targetGroup' | 'voluntarySelfBooking' | 'selfBookingRight' | 'lessIntensiveEffort' | 'lessIntensiveOverrideJustification' | 'registered'> = {
      targetGroup: 'INSURED_UNEMPLOYED', voluntarySelfBooking: false, selfBookingRight: 'ALLOWED',
      lessIntensiveEffort: false, lessIntensiveOverrideJustification: null, registered: true,
    };

    it('TG-1: every duty group may get a deadline, and SICKNESS_BENEFIT may self-book', () => {
      for (const targetGroup of ['INSURED_UNEMPLOYED', 'JOB_READY_CASH_BENEFIT', 'JOB_READY_TRANSITION_BENEFIT',
        'EDUCATION_READY_EDUCATION_BENEFIT', 'EDUCATION_READY_TRANSITION_BENEFIT', 'JOB_CLARIFICATION', 'SICKNESS_BENEFIT'] as const) {
        expect(deadlineRefusal({ ...base, targetGroup })).toBeNull();
      }
    });

    it('TG-2: OTHER only with voluntary self-booking', () => {
      expect(deadlineRefusal({ ...base, targetGroup: 'OTHER' })).toMatchObject({ code: 'NO_SELF_BOOKING_DUTY', message: expect.stringMatching(/^DL-5/) });
      expect(deadlineRefusal({ ...base, targetGroup: 'OTHER', voluntarySelfBooking: true })).toBeNull();
    });

    it('DL-5: exempted, revoked, deregistered are refused, each with its code and a message starting with the rule', () => {
      expect(deadlineRefusal({ ...base, selfBookingRight: 'EXEMPTED' })?.code).toBe('CITIZEN_EXEMPTED');
      expect(deadlineRefusal({ ...base, selfBookingRight: 'REVOKED' })?.code).toBe('CITIZEN_REVOKED');
      expect(deadlineRefusal({ ...base, registered: false })).toMatchObject({ code: 'CITIZEN_DEREGISTERED', message: expect.stringMatching(/^DL-5/) });
    });

    it('TG-4: a JOB_CLARIFICATION person is not registered as job seeker and still may get a deadline', () => {
      expect(deadlineRefusal({ ...base, targetGroup: 'JOB_CLARIFICATION', registered: false })).toBeNull();
    });

    it('TG-5: less intensive effort refuses unless a § 106(3) justification is recorded', () => {
      expect(deadlineRefusal({ ...base, lessIntensiveEffort: true })?.code).toBe('LESS_INTENSIVE_EFFORT');
      expect(deadlineRefusal({ ...base, lessIntensiveEffort: true, lessIntensiveOverrideJustification: 'benefits the person' })).toBeNull();
    });
  });

  describe('DL-10 / DL-7: what may be extended or closed by hand', () => {
    it('DL-10: OPEN and EXPIRED deadlines are extendable; BOOKED, CLOSED, LAPSED are not', () => {
      expect(isExtendable('OPEN')).toBe(true);
      expect(isExtendable('EXPIRED')).toBe(true);
      expect(isExtendable('BOOKED')).toBe(false);
      expect(isExtendable('CLOSED')).toBe(false);
      expect(isExtendable('LAPSED')).toBe(false);
    });

    it('DL-7: reasons set by their own operation are not accepted by closeDeadline', () => {
      expect(Object.keys(CLOSE_REASON_OPERATION).sort()).toEqual(['EXEMPTED', 'INTERVIEW_HELD', 'LESS_INTENSIVE_EFFORT', 'MEETING_DAY_REACHED', 'REVOKED', 'SUPERSEDED', 'TARGET_GROUP_CHANGED']);
    });
  });
});
