import { Temporal } from 'temporal-polyfill';

/**
 * Interning of the Temporal values rows are read into. Temporal values are immutable, so one PlainDate per
 * calendar day (and one Instant per whole minute) can be shared by every row that holds it. A caseworker's
 * list reads about 700 rows with 5–6 dates and instants each; building each value anew through the polyfill
 * (2 µs for `PlainDate.from`, 1 µs for an Instant) and collecting them again was half of the list's CPU time
 * (`npm run bench:profile`). Dates repeat across rows almost always (a few thousand distinct days), and
 * meeting and slot times often (slots lie on a grid). The caches are bounded: when one is full it is
 * emptied and refills with what is in use, so memory stays small whatever the traffic.
 */
export class Intern<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number, private readonly make: (k: K) => V) {}
  get(k: K): V {
    let v = this.map.get(k);
    if (v === undefined) {
      if (this.map.size >= this.max) this.map.clear();
      v = this.make(k);
      this.map.set(k, v);
    }
    return v;
  }
}

const DATE_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO texts of the PlainDates seen (weak, like epochDays below). */
const isoTexts = new WeakMap<Temporal.PlainDate, string>();

const dates = new Intern<string, Temporal.PlainDate>(20_000, (s) => {
  const m = DATE_FORM.exec(s);
  // The pg driver and row_to_json give 'YYYY-MM-DD'; anything else takes the full parser (ISO forms such as
  // '+010000-01-01'). PostgreSQL's own text for years beyond 9999 or BC is not ISO and is refused there; no stored
  // date has such a year (the Date scalar accepts SCALAR_YEARS only, date-windows.ts).
  if (!m) return Temporal.PlainDate.from(s);
  const d = new Temporal.PlainDate(Number(m[1]), Number(m[2]), Number(m[3]));
  isoTexts.set(d, s);
  return d;
});

/**
 * `d.toString()` ('YYYY-MM-DD'), remembered per date object: the polyfill's toString costs about 1 µs, and the same
 * interned dates are written out again and again (every Date in a response, the daily run's parameters).
 */
export function isoDate(d: Temporal.PlainDate): string {
  let s = isoTexts.get(d);
  if (s === undefined) {
    s = d.toString();
    isoTexts.set(d, s);
  }
  return s;
}

const instants = new Intern<number, Temporal.Instant>(50_000, (ms) => Temporal.Instant.fromEpochMilliseconds(ms));

/** The PlainDate of an ISO 'YYYY-MM-DD' string, shared with every other reader of that day. */
export function internDate(s: string): Temporal.PlainDate {
  return dates.get(s);
}

/**
 * The Instant of epoch milliseconds. Whole minutes are shared with every other reader of that minute: those are
 * the times of slots and meetings, laid on a schedule's grid, read again and again. Others (creation and
 * registration times, to the microsecond) almost never repeat, so remembering them would only churn the cache.
 */
export function internInstant(ms: number): Temporal.Instant {
  return ms % 60_000 === 0 ? instants.get(ms) : Temporal.Instant.fromEpochMilliseconds(ms);
}

const MS_PER_DAY = 86_400_000;

/** Epoch days of the PlainDates seen (weak: a date nobody holds any more is dropped with it). */
const epochDays = new WeakMap<Temporal.PlainDate, number>();

/**
 * Days since 1970-01-01 of a date. Date arithmetic of the rules (days between, plus n days, compare) runs on
 * these integers: the polyfill's `until` and `add` cost about 2 µs each, this 0.1 µs, and a caseworker's list
 * computes 50 contact courses per page. Years before 100 take Temporal (Date.UTC maps 0–99 to 1900–1999).
 * Remembered per date object: the polyfill's field getters (year, month, day) cost about 0.1 µs each, a lookup
 * here 0.01 µs, and the contact-course rules and the daily run ask the same interned dates again and again
 * (issue 16: the getters were 9 % of the daily run's CPU).
 */
export function epochDay(d: Temporal.PlainDate): number {
  let n = epochDays.get(d);
  if (n === undefined) {
    const y = d.year;
    n = y >= 100 ? Date.UTC(y, d.month - 1, d.day) / MS_PER_DAY : Temporal.PlainDate.from('1970-01-01').until(d).days;
    epochDays.set(d, n);
  }
  return n;
}

const byEpochDay = new Intern<number, Temporal.PlainDate>(20_000, (n) => {
  const t = new Date(n * MS_PER_DAY);
  const y = t.getUTCFullYear();
  const d = y >= 100 ? new Temporal.PlainDate(y, t.getUTCMonth() + 1, t.getUTCDate()) : Temporal.PlainDate.from('1970-01-01').add({ days: n });
  epochDays.set(d, n);
  return d;
});

/** The date `n` days after 1970-01-01 (shared, like internDate). */
export function dateOfEpochDay(n: number): Temporal.PlainDate {
  return byEpochDay.get(n);
}
