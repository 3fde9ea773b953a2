import type { Temporal } from 'temporal-polyfill';
import { cmpDate } from '../shared/dates';
import type { HolidayKind } from '../../generated/enums';

/** DL-6: a holiday counts only if notified at least this many days before it starts (2 weeks). */
export const HOLIDAY_NOTICE_DAYS = 14;

export interface HolidayPeriod {
  /** HOLIDAY (ferie) unless given. */
  kind?: HolidayKind;
  startDate: Temporal.PlainDate;
  endDate: Temporal.PlainDate;
  notifiedOn: Temporal.PlainDate;
}

/**
 * DL-6: a holiday counts only if notified at least 2 weeks before it starts (003 2.15: "meddelt 2 uger før").
 * The notice condition is about holidays; a 6-week job-oriented education period is counted outside of in any
 * case (DL-6; 003 2.15 lists it beside holidays), since the jobcenter itself grants it and so always knows of it.
 */
export function holidayCounts(h: HolidayPeriod): boolean {
  if (h.kind === 'JOB_ORIENTED_EDUCATION') return true;
  return cmpDate(h.notifiedOn, h.startDate.subtract({ days: HOLIDAY_NOTICE_DAYS })) <= 0;
}

/** DL-6: the counted holidays and job-oriented education periods that contain `d`. */
function countedContaining(d: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): HolidayPeriod[] {
  return holidays.filter((h) => holidayCounts(h) && cmpDate(d, h.startDate) >= 0 && cmpDate(d, h.endDate) <= 0);
}

export function inCountedHoliday(d: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): boolean {
  return countedContaining(d, holidays).length > 0;
}

/**
 * DL-13 (003 2.15: "Overskrides fristen for booking i en ferieperiode, vil personen efter feriens afslutning blive
 * mødt med et krav om straksbooking"): when bookBy falls inside a counted holiday or job-oriented education period,
 * the first day after it; null when bookBy is a day with the duty to book. Decision: periods that touch or overlap
 * are one stretch without the duty, so the day is the first one outside all of them. Each step moves past the end
 * of a period, so the walk is bounded by the number of periods.
 */
export function dayAfterHoliday(bookBy: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): Temporal.PlainDate | null {
  let d = bookBy;
  for (let around = countedContaining(d, holidays); around.length > 0; around = countedContaining(d, holidays)) {
    d = around.map((h) => h.endDate).sort(cmpDate)[around.length - 1]!.add({ days: 1 });
  }
  return d.equals(bookBy) ? null : d;
}

/**
 * DL-13: the day the consequences of a missed deadline count from, "as if that day were bookBy": bookBy itself,
 * or the first day after the counted period it fell in. RG-1 deregisters from the day after it; SA-2 deducts from it.
 */
export function consequencesFrom(bookBy: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): Temporal.PlainDate {
  return dayAfterHoliday(bookBy, holidays) ?? bookBy;
}

/**
 * DL-7/DL-13/RG-4: the first day an unbooked deadline reads EXPIRED and the immediate booking is demanded: the day
 * after bookBy, or — bookBy inside a counted period — the first day after the period (the first login after the
 * holiday, 003 2.15). Until then the deadline stays OPEN and bookable up to its latestInterviewDate (SL-2).
 */
export function expiresOn(bookBy: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): Temporal.PlainDate {
  return dayAfterHoliday(bookBy, holidays) ?? bookBy.add({ days: 1 });
}
