import { Temporal } from 'temporal-polyfill';

/**
 * `Temporal.Instant` → ISO 8601 in Europe/Copenhagen local time with its offset, seconds precision, e.g.
 * "2026-11-23T09:00:00+01:00" — exactly what
 * `instant.toZonedDateTimeISO(zone).toString({ timeZoneName: 'never', fractionalSecondDigits: 0 })` returns, at a
 * tenth of the cost (issue 7: a citizen's obligations serialise ~25 DateTime values; through temporal-polyfill's
 * ZonedDateTime each took ~15 µs, a tenth of the request's CPU).
 *
 * The zone's offset is looked up once per UTC hour and cached; an hour in which the offset changes (none in
 * Copenhagen since 1894: its transitions fall on whole UTC hours) is left to Temporal, as are years outside
 * 1000–9999. test/unit/datetime-format.test.ts compares both around the DST changes and over years.
 */
const HOUR = 3_600_000;
const offsets = new Map<number, number | null>();

function offsetMsOfHour(zone: string, hour: number): number | null {
  const key = hour;
  let off = offsets.get(key);
  if (off === undefined) {
    const at = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
    const start = at(hour * HOUR);
    off = start === at(hour * HOUR + HOUR - 1) ? start : null;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatZoned(instant: Temporal.Instant, zone = 'Europe/Copenhagen'): string {
  const ms = instant.epochMilliseconds;
  const off = zone === 'Europe/Copenhagen' ? offsetMsOfHour(zone, Math.floor(ms / HOUR)) : null;
  const local = off === null ? NaN : ms + off;
  const year = new Date(local).getUTCFullYear();
  if (off === null || !(year >= 1000 && year <= 9999) || off % 60_000 !== 0) {
    return instant.toZonedDateTimeISO(zone).toString({ timeZoneName: 'never', fractionalSecondDigits: 0 });
  }
  // Seconds precision truncates (towards the past), as Temporal's rounding mode 'trunc' does for the local time.
  const iso = new Date(Math.floor(local / 1000) * 1000).toISOString().slice(0, 19);
  const m = Math.abs(off) / 60_000;
  return `${iso}${off < 0 ? '-' : '+'}${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}
