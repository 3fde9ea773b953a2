import { Temporal } from 'temporal-polyfill';

export const ZONE = 'Europe/Copenhagen';

/** The one source of "now" and "today" for domain code (never Date.now() in src/domain). */
export interface Clock {
  now(): Temporal.Instant;
  /** Today's date in Europe/Copenhagen. */
  today(): Temporal.PlainDate;
}

/**
 * Today in Copenhagen, remembered with the instants its local day runs between (DST-correct: the bounds come
 * from Temporal), so asking again within the day costs a Date.now() instead of a time-zone conversion. A
 * caseworker's list asks once per citizen and rule; the conversion was 3 % of its CPU time.
 */
let todayCache: { date: Temporal.PlainDate; fromMs: number; toMs: number } | undefined;

function systemToday(): Temporal.PlainDate {
  const ms = Date.now();
  if (todayCache && ms >= todayCache.fromMs && ms < todayCache.toMs) return todayCache.date;
  const date = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(ZONE).toPlainDate();
  todayCache = {
    date,
    fromMs: date.toZonedDateTime({ timeZone: ZONE }).epochMilliseconds,
    toMs: date.add({ days: 1 }).toZonedDateTime({ timeZone: ZONE }).epochMilliseconds,
  };
  return date;
}

export const systemClock: Clock = {
  now: () => Temporal.Now.instant(),
  today: systemToday,
};

/** A clock tests can pin and move. */
export class FixedClock implements Clock {
  private current: Temporal.Instant;
  constructor(at: Temporal.Instant | string) {
    this.current = typeof at === 'string' ? parseClockInstant(at) : at;
  }
  now(): Temporal.Instant {
    return this.current;
  }
  today(): Temporal.PlainDate {
    return this.current.toZonedDateTimeISO(ZONE).toPlainDate();
  }
  set(at: Temporal.Instant | string): void {
    this.current = typeof at === 'string' ? parseClockInstant(at) : at;
  }
  advance(d: Temporal.DurationLike): void {
    this.current = this.current.toZonedDateTimeISO(ZONE).add(d).toInstant();
  }
}

/** Accepts an instant ('2026-03-29T10:00:00+02:00') or a plain date ('2026-03-29' = 09:00 Copenhagen that day). */
function parseClockInstant(s: string): Temporal.Instant {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    return Temporal.PlainDate.from(s).toZonedDateTime({ timeZone: ZONE, plainTime: '09:00' }).toInstant();
  }
  return Temporal.Instant.from(s);
}
