import { Temporal } from 'temporal-polyfill';
import type { Deadline } from '../../entities';
import type { DeadlineStatus } from '../shared/enums';
import { cmpDate } from '../shared/dates';

/** DL-2: bookBy is at least this many (duty) days after availableFrom. */
export const MINIMUM_BOOKING_DAYS = 8;
/** DL-3: the latest interview date is exactly this many days after bookBy. */
export const INTERVIEW_DAYS_AFTER_BOOK_BY = 7;
/** DL-6: a holiday counts only if notified at least this many days before it starts (2 weeks). */
export const HOLIDAY_NOTICE_DAYS = 14;

export interface HolidayPeriod {
  startDate: Temporal.PlainDate;
  endDate: Temporal.PlainDate;
  notifiedOn: Temporal.PlainDate;
}

/** DL-6: a holiday counts only if notified at least 2 weeks before it starts (003 2.15). */
export function holidayCounts(h: HolidayPeriod): boolean {
  return cmpDate(h.notifiedOn, h.startDate.subtract({ days: HOLIDAY_NOTICE_DAYS })) <= 0;
}

function inCountedHoliday(d: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): boolean {
  return holidays.some((h) => holidayCounts(h) && cmpDate(d, h.startDate) >= 0 && cmpDate(d, h.endDate) <= 0);
}

/**
 * DL-2/DL-6: the days with a duty to book in (availableFrom, bookBy]: calendar days after availableFrom
 * up to and including bookBy, not inside a counted holiday or job-oriented education period.
 */
export function dutyDays(availableFrom: Temporal.PlainDate, bookBy: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): number {
  let n = 0;
  for (let d = availableFrom.add({ days: 1 }); cmpDate(d, bookBy) <= 0; d = d.add({ days: 1 })) {
    if (!inCountedHoliday(d, holidays)) n++;
  }
  return n;
}

/** DL-2/DL-6 Decision: the earliest valid bookBy, said in the error when a bookBy is too early. */
export function earliestBookBy(availableFrom: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): Temporal.PlainDate {
  let d = availableFrom;
  let n = 0;
  while (n < MINIMUM_BOOKING_DAYS) {
    d = d.add({ days: 1 });
    if (!inCountedHoliday(d, holidays)) n++;
  }
  return d;
}

/**
 * DL-2 (with DL-6): bookBy leaves at least 8 duty days after availableFrom, also when the citizen
 * agrees to less (000 2016-09-14). Returns the earliest valid bookBy when it does not.
 */
export function assertMinimumBookingPeriod(
  availableFrom: Temporal.PlainDate,
  bookBy: Temporal.PlainDate,
  holidays: readonly HolidayPeriod[],
): { ok: true } | { ok: false; earliest: Temporal.PlainDate; dutyDays: number } {
  const n = dutyDays(availableFrom, bookBy, holidays);
  return n >= MINIMUM_BOOKING_DAYS ? { ok: true } : { ok: false, earliest: earliestBookBy(availableFrom, holidays), dutyDays: n };
}

/** DL-3: the latest interview date is exactly 7 days after bookBy. */
export function latestInterviewDateFor(bookBy: Temporal.PlainDate): Temporal.PlainDate {
  return bookBy.add({ days: INTERVIEW_DAYS_AFTER_BOOK_BY });
}

/**
 * DL-7: the status as of `today`. An OPEN deadline whose bookBy has passed reads EXPIRED from the day
 * after bookBy, before (and whether or not) the daily transition run has stored it.
 */
export function effectiveDeadlineStatus(d: Pick<Deadline, 'status' | 'bookBy'>, today: Temporal.PlainDate): DeadlineStatus {
  if (d.status === 'OPEN' && cmpDate(today, d.bookBy) > 0) return 'EXPIRED';
  return d.status;
}

/** DL-11 Decision: reminders 3 days before and on the day of bookBy, where those days are after issue. */
export function reminderDays(issuedOn: Temporal.PlainDate, bookBy: Temporal.PlainDate): Temporal.PlainDate[] {
  return [bookBy.subtract({ days: 3 }), bookBy].filter((d) => cmpDate(d, issuedOn) > 0);
}
