import { Temporal } from 'temporal-polyfill';
import { ZONE } from './clock';

export function localDay(i: Temporal.Instant): Temporal.PlainDate {
  return i.toZonedDateTimeISO(ZONE).toPlainDate();
}

export function cmpDate(a: Temporal.PlainDate, b: Temporal.PlainDate): number {
  return Temporal.PlainDate.compare(a, b);
}

export function daysBetween(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
  return from.until(to, { largestUnit: 'days' }).days;
}

export function maxDate(a: Temporal.PlainDate, b: Temporal.PlainDate): Temporal.PlainDate {
  return cmpDate(a, b) >= 0 ? a : b;
}

/** Start of a local day in Copenhagen as an instant (DST-correct). */
export function startOfDay(d: Temporal.PlainDate): Temporal.Instant {
  return d.toZonedDateTime({ timeZone: ZONE }).toInstant();
}

export function formatLocal(i: Temporal.Instant): string {
  return i.toZonedDateTimeISO(ZONE).toString({ timeZoneName: 'never', smallestUnit: 'minute' });
}
