import { Temporal } from 'temporal-polyfill';
import { formatZoned } from '../../src/resolvers/datetime-format';

const temporal = (i: Temporal.Instant) => i.toZonedDateTimeISO('Europe/Copenhagen').toString({ timeZoneName: 'never', fractionalSecondDigits: 0 });

describe('DateTime output in Europe/Copenhagen (fast path equals Temporal)', () => {
  it('around the DST changes of 2026-03-29 and 2026-10-25, minute by minute', () => {
    for (const utc of ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z']) {
      const from = Temporal.Instant.from(utc);
      for (let m = 0; m < 180; m++) {
        const i = from.add({ minutes: m });
        expect(formatZoned(i)).toBe(temporal(i));
      }
    }
    expect(formatZoned(Temporal.Instant.from('2026-03-29T00:59:59Z'))).toBe('2026-03-29T01:59:59+01:00');
    expect(formatZoned(Temporal.Instant.from('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(formatZoned(Temporal.Instant.from('2026-10-25T00:59:59Z'))).toBe('2026-10-25T02:59:59+02:00');
    expect(formatZoned(Temporal.Instant.from('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00+01:00');
  });

  it('truncates fractions of a second like Temporal, before and after 1970', () => {
    for (const s of ['2026-11-23T08:00:00.999Z', '1969-12-31T23:59:59.500Z', '2026-02-28T23:30:00.001Z', '2028-02-29T12:00:00.123456789Z']) {
      const i = Temporal.Instant.from(s);
      expect(formatZoned(i)).toBe(temporal(i));
    }
  });

  it('over many years (and old offsets, e.g. before 1894 local mean time, by Temporal itself)', () => {
    let i = Temporal.Instant.from('1850-01-01T00:00:00Z');
    const end = Temporal.Instant.from('2100-01-01T00:00:00Z');
    while (Temporal.Instant.compare(i, end) < 0) {
      expect(formatZoned(i)).toBe(temporal(i));
      i = i.add({ hours: 24 * 17 + 7, minutes: 13, seconds: 11 });
    }
  });
});
