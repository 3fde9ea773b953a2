import { Temporal } from 'temporal-polyfill';
import { ZONE } from './clock';
import { Intern, dateOfEpochDay, epochDay } from './temporal-values';

export function localDay(i: Temporal.Instant): Temporal.PlainDate {
  return i.toZonedDateTimeISO(ZONE).toPlainDate();
}

/** Temporal.PlainDate.compare (-1, 0, 1) of ISO dates, on their epoch days (no polyfill call for a date seen before). */
export function cmpDate(a: Temporal.PlainDate, b: Temporal.PlainDate): number {
  if (a === b) return 0;
  const d = epochDay(a) - epochDay(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** Days from `from` to `to` (negative when `to` is earlier): `from.until(to).days`, in integers. */
export function daysBetween(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
  return epochDay(to) - epochDay(from);
}

/** `d.add({ days: n })`, in integers (the result is shared; PlainDates are immutable). */
export function addDays(d: Temporal.PlainDate, n: number): Temporal.PlainDate {
  return n === 0 ? d : dateOfEpochDay(epochDay(d) + n);
}

export function maxDate(a: Temporal.PlainDate, b: Temporal.PlainDate): Temporal.PlainDate {
  return cmpDate(a, b) >= 0 ? a : b;
}

const monthSteps = new Intern<number, Temporal.PlainDate>(50_000, (key) => {
  const days = key % 100;
  const months = Math.floor(key / 100) % 1000;
  return dateOfEpochDay(Math.floor(key / 100_000)).add({ months, days });
});

/**
 * `d.add({ months, days })` (Temporal's month arithmetic: 31 January + 1 month = 28/29 February), remembered per
 * (day, months, days): the contact course asks the same few steps from the same course starts over and over.
 */
export function addMonths(d: Temporal.PlainDate, months: number, days = 0): Temporal.PlainDate {
  if (!Number.isInteger(months) || !Number.isInteger(days) || months < 0 || months >= 1000 || days < 0 || days >= 100) return d.add({ months, days });
  const n = epochDay(d);
  return n < 0 ? d.add({ months, days }) : monthSteps.get(n * 100_000 + months * 100 + days);
}

/** Start of a local day in Copenhagen as an instant (DST-correct). */
export function startOfDay(d: Temporal.PlainDate): Temporal.Instant {
  return d.toZonedDateTime({ timeZone: ZONE }).toInstant();
}

/**
 * The same two conversions in SQL, for set-based statements (the daily run): `localDay` of a timestamptz expression
 * (a date) and `startOfDay` of a date expression (a timestamptz). test/integration/transitions.sql-parity.test.ts
 * holds them to the functions above at midnight and at both DST changes.
 */
export const localDaySql = (instant: string): string => `((${instant}) AT TIME ZONE '${ZONE}')::date`;
export const startOfDaySql = (date: string): string => `((${date})::timestamp AT TIME ZONE '${ZONE}')`;

export function formatLocal(i: Temporal.Instant): string {
  return i.toZonedDateTimeISO(ZONE).toString({ timeZoneName: 'never', smallestUnit: 'minute' });
}
