import { Temporal } from 'temporal-polyfill';
import { withApp } from '../support/app';
import { deadlineSql, lapseCutoffParam } from '../../src/domain/deadline/deadline.transitions.sql';
import { expiresOn, holidayCounts } from '../../src/domain/deadline/holiday.rules';
import { reminderDays } from '../../src/domain/deadline/deadline.rules';
import { localDay, localDaySql, startOfDay, startOfDaySql } from '../../src/domain/shared/dates';
import { lapsedFromOtherGroups, lapsesAtReregistration, remindersDue } from '../../src/domain/lifecycle/lifecycle.rules';

/**
 * Issue 13 (1): the daily run's SQL predicates (deadline.transitions.sql.ts) decide as the TypeScript rules they are
 * built from, evaluated by PostgreSQL at each rule's boundaries (the day before, on, after), month ends included.
 */

const P = (s: string) => Temporal.PlainDate.from(s);
const around = (d: Temporal.PlainDate) => [d.subtract({ days: 1 }), d, d.add({ days: 1 })];

describe('transitions: the daily run\'s SQL predicates decide as the TypeScript rules', () => {
  const t = withApp();
  const sql = async (expr: string, from: string, params: unknown[]) =>
    ((await t.ds.query(`SELECT (${expr}) AS v FROM ${from}`, params)) as { v: boolean }[])[0]!.v;

  it('LP-1: lapsed 3 months or more after the deregistration, as lapsesAtReregistration (month ends clamp)', async () => {
    for (const from of ['2026-03-11', '2026-01-31', '2026-11-30', '2027-11-30', '2026-08-31'].map(P)) {
      for (const date of around(from.add({ months: 3 }))) {
        const inSql = await sql(deadlineSql.lapsesAtReregistration('$1::date', '$2'), '(SELECT 1) x', [from.toString(), date.toString()]);
        expect({ from: from.toString(), date: date.toString(), lapsed: inSql }).toEqual({ from: from.toString(), date: date.toString(), lapsed: lapsesAtReregistration(from, date) });
      }
    }
  });

  it('LP-2: the other groups\' deadline lapsed after the end of the month after bookBy, as lapsedFromOtherGroups', async () => {
    for (const bookBy of ['2026-01-31', '2026-03-10', '2026-12-01', '2026-11-30', '2027-02-28'].map(P)) {
      for (const date of around(lapsedFromOtherGroups(bookBy))) {
        const inSql = await sql(deadlineSql.lapsedOtherGroups('$2'), `(SELECT $1::date AS book_by) d, (SELECT 'JOB_READY_CASH_BENEFIT'::text AS target_group) c`,
          [bookBy.toString(), lapseCutoffParam(date)]);
        expect({ bookBy: bookBy.toString(), date: date.toString(), lapsed: inSql })
          .toEqual({ bookBy: bookBy.toString(), date: date.toString(), lapsed: Temporal.PlainDate.compare(date, lapsedFromOtherGroups(bookBy)) >= 0 });
        const insured = await sql(deadlineSql.lapsedOtherGroups('$2'), `(SELECT $1::date AS book_by) d, (SELECT 'INSURED_UNEMPLOYED'::text AS target_group) c`,
          [bookBy.toString(), lapseCutoffParam(date)]);
        expect(insured).toBe(false);
      }
    }
  });

  it('DL-7: expired from the day after bookBy, as expiresOn without a holiday', async () => {
    for (const bookBy of ['2026-03-10', '2026-02-28', '2026-12-31'].map(P)) {
      for (const date of around(bookBy.add({ days: 1 }))) {
        const inSql = await sql(deadlineSql.bookByPassed('$2'), '(SELECT $1::date AS book_by) d', [bookBy.toString(), date.toString()]);
        expect(inSql).toBe(Temporal.PlainDate.compare(date, expiresOn(bookBy, [])) >= 0);
      }
    }
  });

  it('DL-6/DL-13: a holiday counts when notified 14 days or more before it starts, a job-oriented education period always, as holidayCounts', async () => {
    const start = P('2026-07-06');
    for (const kind of ['HOLIDAY', 'JOB_ORIENTED_EDUCATION'] as const) {
      for (const notifiedOn of around(start.subtract({ days: 14 }))) {
        const inSql = await sql(deadlineSql.holidayCounts, '(SELECT $1::text AS kind, $2::date AS start_date, $3::date AS notified_on) h',
          [kind, start.toString(), notifiedOn.toString()]);
        expect({ kind, notifiedOn: notifiedOn.toString(), counts: inSql })
          .toEqual({ kind, notifiedOn: notifiedOn.toString(), counts: holidayCounts({ kind, startDate: start, endDate: start.add({ days: 13 }), notifiedOn }) });
      }
    }
  });

  it('DL-11: the run reads a deadline for reminders exactly on the days a reminder is due (3 days before bookBy to bookBy)', async () => {
    const bookBy = P('2026-03-31');
    const issuedOn = P('2026-03-02');
    for (const date of [...around(bookBy.subtract({ days: 3 })), ...around(bookBy)]) {
      const inSql = await sql(deadlineSql.reminderWindow('$2'), '(SELECT $1::date AS book_by) d', [bookBy.toString(), date.toString()]);
      expect({ date: date.toString(), read: inSql }).toEqual({ date: date.toString(), read: remindersDue(reminderDays(issuedOn, bookBy), bookBy, date).length > 0 });
    }
  });

  it('DL-11, RG-10, SA-2: localDaySql and startOfDaySql are localDay and startOfDay (midnight, both DST changes of 2026)', async () => {
    // The reminder days count from the local day a deadline was issued or extended on (DL-11), RG-10's "no free slot"
    // message counts until the end of the last day to book, SA-2's contact day is a local day.
    const instants = ['2026-03-28T22:59:59.999Z', '2026-03-28T23:00:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T21:59:59Z',
      '2026-03-29T22:00:00Z', '2026-10-24T21:59:59Z', '2026-10-24T22:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T22:59:59Z',
      '2026-10-25T23:00:00Z', '2026-12-31T22:59:59Z', '2026-12-31T23:00:00Z'].map((s) => Temporal.Instant.from(s));
    for (const i of instants) {
      const [row] = (await t.ds.query(`SELECT ${localDaySql('$1::timestamptz')}::text AS v`, [i.toString()])) as { v: string }[];
      expect({ at: i.toString(), day: row!.v }).toEqual({ at: i.toString(), day: localDay(i).toString() });
    }
    for (const day of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26', '2027-01-01'].map(P)) {
      const [row] = (await t.ds.query(`SELECT ${startOfDaySql('$1::date')} AS v`, [day.toString()])) as { v: Date }[];
      expect({ day: day.toString(), start: row!.v.getTime() }).toEqual({ day: day.toString(), start: startOfDay(day).epochMilliseconds });
    }
  });
});
