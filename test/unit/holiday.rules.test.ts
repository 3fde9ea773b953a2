import { Temporal } from 'temporal-polyfill';
import { type HolidayPeriod, consequencesFrom, dayAfterHoliday, expiresOn } from '../../src/domain/deadline/holiday.rules';
import { effectiveDeadlineStatus } from '../../src/domain/deadline/deadline.rules';
import { immediateBookingState, pendingDeregistration } from '../../src/domain/lifecycle/lifecycle.rules';

const d = (s: string) => Temporal.PlainDate.from(s);
const holiday = (start: string, end: string, notified: string, kind?: HolidayPeriod['kind']): HolidayPeriod =>
  ({ startDate: d(start), endDate: d(end), notifiedOn: d(notified), ...(kind ? { kind } : {}) });
/** The example: holiday 18–29 January notified on 21 December; bookBy 22 January. */
const JANUARY = [holiday('2027-01-18', '2027-01-29', '2026-12-21')];
const BOOK_BY = d('2027-01-22');

describe('DL-13: holidays and the consequences of a missed deadline (pure, fixed dates)', () => {
  it('DL-13: bookBy inside a counted holiday → the first day after it; a duty day → null', () => {
    expect(dayAfterHoliday(BOOK_BY, JANUARY)).toEqual(d('2027-01-30'));
    expect(dayAfterHoliday(d('2027-01-29'), JANUARY)).toEqual(d('2027-01-30'));
    expect(dayAfterHoliday(d('2027-01-18'), JANUARY)).toEqual(d('2027-01-30'));
    expect(dayAfterHoliday(d('2027-01-17'), JANUARY)).toBeNull();
    expect(dayAfterHoliday(d('2027-01-30'), JANUARY)).toBeNull();
  });

  it('DL-13/DL-6: a holiday notified 13 days ahead does not count; a job-oriented education period always does', () => {
    expect(dayAfterHoliday(BOOK_BY, [holiday('2027-01-18', '2027-01-29', '2027-01-05')])).toBeNull();
    expect(dayAfterHoliday(BOOK_BY, [holiday('2027-01-18', '2027-01-29', '2027-01-17', 'JOB_ORIENTED_EDUCATION')])).toEqual(d('2027-01-30'));
  });

  it('DL-13 Decision: periods that touch are one stretch without the duty', () => {
    const touching = [...JANUARY, holiday('2027-01-30', '2027-02-05', '2027-01-01', 'JOB_ORIENTED_EDUCATION')];
    expect(dayAfterHoliday(BOOK_BY, touching)).toEqual(d('2027-02-06'));
  });

  it('DL-13/DL-7/RG-4: expires (immediate booking demanded) on the first day after the holiday, not the day after bookBy', () => {
    expect(expiresOn(BOOK_BY, JANUARY)).toEqual(d('2027-01-30'));
    expect(expiresOn(BOOK_BY, [])).toEqual(d('2027-01-23'));
    const open = { status: 'OPEN' as const, bookBy: BOOK_BY };
    expect(effectiveDeadlineStatus(open, d('2027-01-29'), { holidays: JANUARY })).toBe('OPEN');
    expect(effectiveDeadlineStatus(open, d('2027-01-30'), { holidays: JANUARY })).toBe('EXPIRED');
    expect(effectiveDeadlineStatus(open, d('2027-01-23'))).toBe('EXPIRED');
  });

  it('DL-13/SA-2/RG-1: consequences count from the first day after the holiday; deregistration from the day after that', () => {
    expect(consequencesFrom(BOOK_BY, JANUARY)).toEqual(d('2027-01-30'));
    expect(consequencesFrom(BOOK_BY, [])).toEqual(BOOK_BY);
    const c = { targetGroup: 'INSURED_UNEMPLOYED' as const, registered: true };
    const period = { registeredFrom: d('2026-12-01') };
    expect(pendingDeregistration(c, { status: 'EXPIRED', bookBy: BOOK_BY }, period, d('2027-01-30'), JANUARY)).toBeNull();
    expect(pendingDeregistration(c, { status: 'EXPIRED', bookBy: BOOK_BY }, period, d('2027-01-31'), JANUARY)).toEqual(d('2027-01-31'));
    expect(pendingDeregistration(c, { status: 'OPEN', bookBy: BOOK_BY }, period, d('2027-01-29'), JANUARY)).toBeNull();
  });

  it('LP-1: an expired deadline of an INSURED_UNEMPLOYED citizen deregistered 3 months reads LAPSED (as the run stores it that day)', () => {
    const expired = { status: 'EXPIRED' as const, bookBy: d('2027-01-12') };
    const facts = { targetGroup: 'INSURED_UNEMPLOYED' as const, deregisteredFrom: d('2027-01-13') };
    expect(effectiveDeadlineStatus(expired, d('2027-04-12'), facts)).toBe('EXPIRED');
    expect(effectiveDeadlineStatus(expired, d('2027-04-13'), facts)).toBe('LAPSED');
    expect(effectiveDeadlineStatus(expired, d('2027-04-13'), { ...facts, deregisteredFrom: null })).toBe('EXPIRED');
    const state = immediateBookingState({
      targetGroup: 'INSURED_UNEMPLOYED', selfBookingRight: 'ALLOWED', lessIntensiveEffort: false, registered: false, openPeriodFrom: null,
      deadline: { status: 'LAPSED', bookBy: expired.bookBy }, deregisteredFrom: facts.deregisteredFrom, deregistrationReason: 'MISSED_DEADLINE',
    }, d('2027-04-13'));
    expect(state).toEqual({ required: false, window: null, requiredAtReregistration: false, lapsesAtReregistration: false });
  });
});
