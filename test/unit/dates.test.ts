import { Temporal } from 'temporal-polyfill';
import { addDays, addMonths, cmpDate, daysBetween } from '../../src/domain/shared/dates';
import { ZONE, systemClock } from '../../src/domain/shared/clock';
import { dateOfEpochDay, epochDay, internDate, internInstant, isoDate } from '../../src/domain/shared/temporal-values';
import { instant, plainDate } from '../../src/entities/transformers';

/**
 * The integer date arithmetic the contact course runs on must agree with Temporal's own everywhere the rules
 * reach: leap days (29 February), month and year ends, and long spans.
 */
describe('integer date arithmetic agrees with Temporal', () => {
  const base = Temporal.PlainDate.from('2023-12-25');
  const days = Array.from({ length: 900 }, (_, i) => base.add({ days: i * 3 - 400 }));

  it('epochDay and dateOfEpochDay are inverse and match Temporal (29 February included)', () => {
    const epoch = Temporal.PlainDate.from('1970-01-01');
    for (const d of [...days, Temporal.PlainDate.from('2024-02-29'), Temporal.PlainDate.from('2028-02-29'), Temporal.PlainDate.from('2100-03-01')]) {
      const n = epochDay(d);
      expect(n).toBe(epoch.until(d).days);
      expect(dateOfEpochDay(n).equals(d)).toBe(true);
    }
    expect(addDays(Temporal.PlainDate.from('2024-02-28'), 1).toString()).toBe('2024-02-29');
    expect(addDays(Temporal.PlainDate.from('2024-02-29'), 1).toString()).toBe('2024-03-01');
    expect(addDays(Temporal.PlainDate.from('2025-02-28'), 1).toString()).toBe('2025-03-01');
  });

  it('addDays, daysBetween and cmpDate match add, until and compare', () => {
    for (const [i, a] of days.entries()) {
      const b = days[(i * 7919) % days.length]!;
      const n = (i % 61) - 30;
      expect(addDays(a, n).equals(a.add({ days: n }))).toBe(true);
      expect(daysBetween(a, b)).toBe(a.until(b, { largestUnit: 'days' }).days);
      expect(cmpDate(a, b)).toBe(Temporal.PlainDate.compare(a, b));
      expect(cmpDate(a, a.add({ days: 0 }))).toBe(0);
    }
  });

  it('addMonths is Temporal month arithmetic (31 January + 1 month = 29 February in a leap year), also when remembered', () => {
    const cases: [string, number, number, string][] = [
      ['2024-01-31', 1, 0, '2024-02-29'], ['2025-01-31', 1, 0, '2025-02-28'], ['2024-02-29', 12, 0, '2025-02-28'],
      ['2024-08-31', 1, 15, '2024-10-15'], ['2023-12-15', 16, 0, '2025-04-15'], ['1969-12-31', 1, 0, '1970-01-31'],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [from, months, plus, want] of cases) expect(addMonths(Temporal.PlainDate.from(from), months, plus).toString()).toBe(want);
    }
    for (const [i, a] of days.entries()) {
      const m = i % 17;
      const d = i % 16;
      expect(addMonths(a, m, d).equals(a.add({ months: m, days: d }))).toBe(true);
    }
  });

  it('the system clock\'s remembered today is Temporal\'s today in Copenhagen', () => {
    expect(systemClock.today().equals(Temporal.Now.plainDateISO(ZONE))).toBe(true);
    expect(systemClock.today()).toBe(systemClock.today());
  });

  it('years before 100 fall back to Temporal instead of Date.UTC mapping them into the 1900s', () => {
    const d = Temporal.PlainDate.from('0050-06-01');
    expect(dateOfEpochDay(epochDay(d)).toString()).toBe('0050-06-01');
    expect(addDays(d, 1).toString()).toBe('0050-06-02');
    expect(cmpDate(d, Temporal.PlainDate.from('0100-01-01'))).toBe(-1);
    expect(cmpDate(Temporal.PlainDate.from('-000001-12-31'), Temporal.PlainDate.from('0000-01-01'))).toBe(-1);
  });

  it('remembered epoch days and ISO texts are those of the date asked, asked first or again, interned or not', () => {
    const fresh = [Temporal.PlainDate.from('2024-02-29'), Temporal.PlainDate.from('0050-06-01'), Temporal.PlainDate.from('+010000-01-01'),
      internDate('2025-12-31'), dateOfEpochDay(20_000), addDays(internDate('2025-12-31'), 1)];
    const epoch = Temporal.PlainDate.from('1970-01-01');
    for (const d of fresh) {
      for (let i = 0; i < 2; i++) {
        expect(epochDay(d)).toBe(epoch.until(d).days);
        expect(isoDate(d)).toBe(d.toString());
      }
    }
    expect(cmpDate(fresh[0]!, fresh[3]!)).toBe(-1);
    expect(cmpDate(fresh[5]!, fresh[3]!)).toBe(1);
    expect(isoDate(fresh[5]!)).toBe('2026-01-01');
  });
});

describe('interned Temporal values read from rows', () => {
  it('a day is one shared, equal PlainDate however often it is read', () => {
    const a = plainDate.from('2024-02-29') as Temporal.PlainDate;
    expect(a.toString()).toBe('2024-02-29');
    expect(plainDate.from('2024-02-29')).toBe(a);
    expect(internDate('2024-02-29')).toBe(a);
    expect(plainDate.from(null)).toBeNull();
  });

  it('an instant from a Date and from row_to_json text is the same millisecond; whole minutes are shared', () => {
    const fromDate = instant.from(new Date('2026-03-29T01:30:00.123Z')) as Temporal.Instant;
    const fromText = instant.from('2026-03-29T03:30:00.123+02:00') as Temporal.Instant;
    expect(fromDate.epochMilliseconds).toBe(Date.UTC(2026, 2, 29, 1, 30, 0, 123));
    expect(fromText.equals(fromDate)).toBe(true);
    // A slot's time (whole minute, the DST change of 29 March 2026): one shared object.
    const slot = instant.from('2026-03-29T03:00:00+02:00') as Temporal.Instant;
    expect(slot.epochMilliseconds).toBe(Date.UTC(2026, 2, 29, 1, 0));
    expect(instant.from(new Date(Date.UTC(2026, 2, 29, 1, 0)))).toBe(slot);
    expect(internInstant(slot.epochMilliseconds)).toBe(slot);
    expect(() => instant.from('not a time')).toThrow(RangeError);
  });

  it('a date outside the four-digit form still parses (the full parser)', () => {
    expect((plainDate.from('+010000-01-01') as Temporal.PlainDate).year).toBe(10000);
  });
});
