import {
  buildASTSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, parse,
} from 'graphql';
import { Temporal } from 'temporal-polyfill';
import { DATE_INPUTS, PERIOD_INPUTS, dateWindowError, dayWindow, periodLengthError } from '../../src/domain/shared/date-windows';
import { type HolidayPeriod, MINIMUM_BOOKING_DAYS, dutyDays, earliestBookBy } from '../../src/domain/deadline/deadline.rules';
import { type Timeline, completeMonths, elapsedDays, unemploymentDaysFor } from '../../src/domain/contact-course/contact-course.rules';
import { formatZoned } from '../../src/resolvers/datetime-format';
import { parseDate, parseDateTime } from '../../src/resolvers/scalars';
import { loadTypeDefs } from '../../src/server';

const d = (s: string) => Temporal.PlainDate.from(s);
const today = d('2026-03-02');
const schema = buildASTSchema(parse(loadTypeDefs()));

describe('IN-1: the date windows (src/domain/shared/date-windows.ts), with a fixed today', () => {
  it('IN-1: planning days run from 1 year before to 2 years after today (both ends inclusive)', () => {
    expect(dayWindow('PLANNING', today)).toMatchObject({ first: d('2025-03-02'), last: d('2028-03-02') });
    expect(dateWindowError('PLANNING', 'bookBy', d('2025-03-02'), today)).toBeNull();
    expect(dateWindowError('PLANNING', 'bookBy', d('2028-03-02'), today)).toBeNull();
    expect(dateWindowError('PLANNING', 'bookBy', d('2025-03-01'), today)).toBe('IN-1: bookBy 2025-03-01 is before 2025-03-02, the first allowed day (1 year before to 2 years after today)');
    expect(dateWindowError('PLANNING', 'bookBy', d('2028-03-03'), today)).toMatch(/^IN-1: bookBy 2028-03-03 is after 2028-03-02/);
  });

  it('IN-1: an instant is judged by its Copenhagen day (23:00 UTC on the last day is already the next day there)', () => {
    expect(dateWindowError('PLANNING', 'startsAt', Temporal.Instant.from('2028-03-02T22:59:00Z'), today)).toBeNull();
    expect(dateWindowError('PLANNING', 'startsAt', Temporal.Instant.from('2028-03-02T23:00:00Z'), today)).toMatch(/^IN-1: startsAt/);
  });

  it('IN-1: history days run from 1950-01-01 to today', () => {
    expect(dateWindowError('HISTORY', 'unemployedSince', d('1950-01-01'), today)).toBeNull();
    expect(dateWindowError('HISTORY', 'unemployedSince', d('1949-12-31'), today)).toMatch(/^IN-1: unemployedSince 1949-12-31 is before 1950-01-01/);
    expect(dateWindowError('HISTORY', 'unemployedSince', today, today)).toBeNull();
    expect(dateWindowError('HISTORY', 'unemployedSince', d('2026-03-03'), today)).toMatch(/is after 2026-03-02/);
  });

  it('IN-1: a holiday or education period is at most 6 weeks (42 days, inclusive)', () => {
    expect(periodLengthError('startDate', d('2026-04-01'), 'endDate', d('2026-05-12'), 42)).toBeNull();
    expect(periodLengthError('startDate', d('2026-04-01'), 'endDate', d('2026-05-13'), 42)).toMatch(/^IN-1: .* is 43 days/);
  });

  it('IN-1: every Date/DateTime input of the schema (input fields and arguments) has its window listed', () => {
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isInputObjectType(type)) {
        for (const f of Object.values(type.getFields())) {
          const n = getNamedType(f.type);
          if (isScalarType(n) && (n.name === 'Date' || n.name === 'DateTime')) found.push(`${type.name}.${f.name}`);
        }
      } else if (isObjectType(type) && !type.name.startsWith('__')) {
        for (const f of Object.values(type.getFields())) {
          for (const a of f.args) {
            const n = getNamedType(a.type);
            if (isScalarType(n) && (n.name === 'Date' || n.name === 'DateTime')) found.push(`${type.name}.${f.name}(${a.name})`);
          }
        }
      }
    }
    expect(found.sort()).toEqual(Object.keys(DATE_INPUTS).sort());
    for (const [type, p] of Object.entries(PERIOD_INPUTS)) expect(Object.keys(DATE_INPUTS)).toEqual(expect.arrayContaining([`${type}.${p.from}`, `${type}.${p.to}`]));
  });

  it('IN-1: every mutation payload can answer a refused input at once: INVALID_INPUT in its codes, other non-null fields only lists or flags', () => {
    for (const m of Object.values(schema.getMutationType()!.getFields())) {
      const payload = getNamedType(m.type);
      if (!isObjectType(payload)) continue;
      const fields = payload.getFields();
      const code = getNamedType((getNamedType(fields.userErrors!.type) as never as { getFields(): Record<string, { type: never }> }).getFields().code!.type);
      expect([m.name, isEnumType(code) && !!code.getValue('INVALID_INPUT')]).toEqual([m.name, true]);
      for (const f of Object.values(fields)) {
        if (f.name === 'userErrors' || !isNonNullType(f.type)) continue;
        const inner = f.type.ofType;
        expect([m.name, f.name, isListType(inner) || (isScalarType(inner) && inner.name === 'Boolean')]).toEqual([m.name, f.name, true]);
      }
    }
  });
});

describe('IN-1: the Date and DateTime scalars', () => {
  it('IN-1: years 1900–2200 parse; outside them is BAD_USER_INPUT at parse time', () => {
    expect(parseDate('1900-01-01').toString()).toBe('1900-01-01');
    expect(parseDate('2200-12-31').toString()).toBe('2200-12-31');
    for (const s of ['1899-12-31', '2201-01-01', '9999-12-31', '0000-01-01']) {
      expect(() => parseDate(s)).toThrow(/^IN-1: (Date|DateTime) cannot represent .*: expected a year from 1900 to 2200$/);
    }
    expect(parseDateTime('2200-12-31T10:00:00+01:00').toString()).toBe('2200-12-31T09:00:00Z');
    for (const s of ['1899-12-31T10:00:00Z', '2201-01-01T00:00:00Z', '9999-12-31T23:59:59+14:00', '0000-01-01T00:00:00Z']) {
      expect(() => parseDateTime(s)).toThrow(/^IN-1: (Date|DateTime) cannot represent .*: expected a year from 1900 to 2200$/);
    }
  });

  it('IN-1: every value the API prints is one it accepts: DateTime output parses back to the same instant (seconds), 1901–2199', () => {
    let i = Temporal.Instant.from('1901-01-01T00:00:00Z');
    const end = Temporal.Instant.from('2199-12-31T00:00:00Z');
    let n = 0;
    while (Temporal.Instant.compare(i, end) < 0) {
      const shown = formatZoned(i);
      expect([shown, parseDateTime(shown).epochMilliseconds]).toEqual([shown, Math.floor(i.epochMilliseconds / 1000) * 1000]);
      const day = i.toZonedDateTimeISO('Europe/Copenhagen').toPlainDate();
      expect(parseDate(day.toString()).equals(day)).toBe(true);
      i = i.add({ hours: 24 * 61 + 7, seconds: 13, milliseconds: 501 });
      n++;
    }
    expect(n).toBeGreaterThan(1700);
  });
});

describe('IN-1: the deadline rules no longer walk day by day (DL-2/DL-6 over intervals)', () => {
  /** The day-by-day definition the rules had, as the reference. */
  const counted = (x: Temporal.PlainDate, hs: HolidayPeriod[]) => hs.some((h) => (h.kind === 'JOB_ORIENTED_EDUCATION'
    || Temporal.PlainDate.compare(h.notifiedOn, h.startDate.subtract({ days: 14 })) <= 0)
    && Temporal.PlainDate.compare(x, h.startDate) >= 0 && Temporal.PlainDate.compare(x, h.endDate) <= 0);
  const refDuty = (from: Temporal.PlainDate, to: Temporal.PlainDate, hs: HolidayPeriod[]) => {
    let n = 0;
    for (let x = from.add({ days: 1 }); Temporal.PlainDate.compare(x, to) <= 0; x = x.add({ days: 1 })) if (!counted(x, hs)) n++;
    return n;
  };
  const refEarliest = (from: Temporal.PlainDate, hs: HolidayPeriod[]) => {
    let x = from;
    for (let n = 0; n < MINIMUM_BOOKING_DAYS;) {
      x = x.add({ days: 1 });
      if (!counted(x, hs)) n++;
    }
    return x;
  };

  it('DL-2/DL-6/IN-1: dutyDays and earliestBookBy equal the day-by-day definition over overlapping, adjacent and uncounted holidays', () => {
    let seed = 7;
    const rnd = (k: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
    const base = d('2026-03-01');
    for (let run = 0; run < 400; run++) {
      const hs: HolidayPeriod[] = Array.from({ length: rnd(4) }, () => {
        const start = base.add({ days: rnd(40) });
        return { kind: rnd(3) === 0 ? 'JOB_ORIENTED_EDUCATION' as const : 'HOLIDAY' as const, startDate: start, endDate: start.add({ days: rnd(15) - 1 }),
          notifiedOn: start.subtract({ days: rnd(30) }) };
      });
      const from = base.add({ days: rnd(30) });
      const to = from.add({ days: rnd(50) - 5 });
      expect(dutyDays(from, to, hs)).toBe(refDuty(from, to, hs));
      expect(earliestBookBy(from, hs).toString()).toBe(refEarliest(from, hs).toString());
    }
  });

  it('IN-1: dutyDays over the widest dates the scalars let through is computed, not walked', () => {
    expect(dutyDays(d('1900-01-01'), d('2200-12-31'), [])).toBe(d('1900-01-01').until(d('2200-12-31')).days);
  });
});

describe('IN-1: the contact course does not walk month by month from the course start', () => {
  it('CC-1/TG-3/IN-1: completeMonths equals the month-by-month definition, for starts back to 1950 and month ends', () => {
    const today = d('2026-03-02');
    for (const start of ['1950-01-01', '1990-01-31', '2024-02-29', '2025-08-31', '2026-01-30', '2026-02-28', '2026-03-02', '2026-03-03']) {
      const tl: Timeline = { measure: 'CUMULATIVE', start: d(start), periods: [{ from: d(start), to: null }], registered: true, paused: false };
      const elapsed = elapsedDays(tl, today);
      let k = 0;
      while (unemploymentDaysFor(tl, k + 1) <= elapsed) k++;
      expect([start, completeMonths(tl, today)]).toEqual([start, k]);
    }
  });
});
