import { Temporal } from 'temporal-polyfill';
import { cmpDate, daysBetween, startOfDay } from './dates';
import { epochDay } from './temporal-values';

/**
 * IN-1: the one place that says which dates the API accepts. Every `Date`/`DateTime` input of every operation is
 * listed in DATE_INPUTS with its kind of day, and every input period with a length limit in PERIOD_INPUTS; the field
 * guard (src/auth/input-edge.ts) checks them against the clock's today before any resolver runs, and the scalars
 * (src/resolvers/scalars.ts) refuse years outside SCALAR_YEARS at parse time, so no code ever sees year 9999 or 0.
 * docs/input-limits.md lists the same windows for callers.
 */

/** Years a `Date` or `DateTime` value may have at all (parse time, before any window). Decision: 1900–2200. */
export const SCALAR_YEARS = { min: 1900, max: 2200 } as const;

/** IN-1: planning days (bookBy, slots, call-ins, holidays, outages) lie from 1 year before to 2 years after today. */
const PLANNING_YEARS_BEFORE = 1;
const PLANNING_YEARS_AFTER = 2;
/** IN-1: history days (unemployedSince, benefit period) lie from this day to today. */
const HISTORY_FIRST_DAY = Temporal.PlainDate.from('1950-01-01');
/** IN-1 (003 2.15, 6-week job-oriented education): a holiday or education period is at most 6 weeks long. */
const MAX_PERIOD_DAYS = 42;

export type DayKind = 'PLANNING' | 'HISTORY';

/**
 * Every position of the schema that accepts a `Date` or `DateTime`: `InputType.field` for input fields,
 * `Query.field(arg)` for arguments. test/unit/date-windows.test.ts fails when the schema gains one not listed here
 * (and the guard treats an unlisted one as PLANNING meanwhile, the narrower window).
 *
 * Decision: notifiedOn (the day the citizen told of a holiday) and contactOn (the day the citizen made contact
 * after a missed deadline) are days of the same case handling as the deadline and holiday they belong to, so they
 * get the planning window; their services add that they lie not after today.
 */
export const DATE_INPUTS: Readonly<Record<string, DayKind>> = {
  'RegisterHolidayInput.startDate': 'PLANNING',
  'RegisterHolidayInput.endDate': 'PLANNING',
  'RegisterHolidayInput.notifiedOn': 'PLANNING',
  'IssueDeadlineInput.availableFrom': 'PLANNING',
  'IssueDeadlineInput.bookBy': 'PLANNING',
  'ExtendDeadlineInput.bookBy': 'PLANNING',
  'RecordSelfBookingGuidanceInput.givenOn': 'PLANNING',
  'RecordSystemOutageInput.startsAt': 'PLANNING',
  'RecordSystemOutageInput.endsAt': 'PLANNING',
  'DecideSanctionAssessmentInput.contactOn': 'PLANNING',
  'CallInMeetingInput.startsAt': 'PLANNING',
  'CallInMeetingInput.endsAt': 'PLANNING',
  'CancelMeetingInput.newBookBy': 'PLANNING',
  'NoShowDeadlineInput.availableFrom': 'PLANNING',
  'NoShowDeadlineInput.bookBy': 'PLANNING',
  'OfferOtherMeetingInput.bookBy': 'PLANNING',
  'OfferOtherMeetingInput.latestMeetingDate': 'PLANNING',
  'NoShowCallInInput.startsAt': 'PLANNING',
  'NoShowCallInInput.endsAt': 'PLANNING',
  'RegisterWalkInInterviewInput.startsAt': 'PLANNING',
  'SlotFilter.from': 'PLANNING',
  'SlotFilter.to': 'PLANNING',
  'SlotInput.startsAt': 'PLANNING',
  'SlotInput.endsAt': 'PLANNING',
  'SlotInput.groupStartsAt': 'PLANNING',
  'Query.jointInterviewOptOuts(from)': 'PLANNING',
  'Query.jointInterviewOptOuts(to)': 'PLANNING',
  // CZ-1 … CZ-5: days of the citizen's history (IN-1); their services add "not before the previous change".
  'RegisterJobSeekerInput.unemployedSince': 'HISTORY',
  'SetBenefitPeriodStartInput.benefitPeriodStart': 'HISTORY',
  'ChangeTargetGroupInput.effectiveFrom': 'HISTORY',
  'ChangeUnemploymentFundInput.effectiveFrom': 'HISTORY',
  'MoveCitizenInput.effectiveFrom': 'HISTORY',
  'Query.previewDeadline(bookBy)': 'PLANNING',
};

/** IN-1: input periods whose length is bounded (first and last day inclusive). */
export const PERIOD_INPUTS: Readonly<Record<string, { from: string; to: string; maxDays: number }>> = {
  RegisterHolidayInput: { from: 'startDate', to: 'endDate', maxDays: MAX_PERIOD_DAYS },
};

export interface DayWindow {
  first: Temporal.PlainDate;
  last: Temporal.PlainDate;
  /** How the bounds are set, for messages: "1 year before to 2 years after today". */
  says: string;
  /** The instants the window's Copenhagen days run between: [fromMs, toMs). */
  fromMs: number;
  toMs: number;
}

/** The last windows computed, by kind and today (a day has one; Temporal's year arithmetic costs microseconds). */
const windows = new Map<string, DayWindow>();
const byToday = new WeakMap<Temporal.PlainDate, Partial<Record<DayKind, DayWindow>>>();

/** IN-1: the window of a kind of day, as of `today`. */
export function dayWindow(kind: DayKind, today: Temporal.PlainDate): DayWindow {
  // The system clock hands out one PlainDate a day: known by identity, no field reads (each a polyfill call).
  const mine = byToday.get(today);
  if (mine?.[kind]) return mine[kind];
  const key = `${kind}|${epochDay(today)}`;
  let w = windows.get(key);
  if (!w) {
    const [first, last, says] = kind === 'HISTORY'
      ? [HISTORY_FIRST_DAY, today, `not before ${HISTORY_FIRST_DAY} and not after today`]
      : [today.subtract({ years: PLANNING_YEARS_BEFORE }), today.add({ years: PLANNING_YEARS_AFTER }),
        `${PLANNING_YEARS_BEFORE} year before to ${PLANNING_YEARS_AFTER} years after today`];
    w = { first, last, says, fromMs: startOfDay(first).epochMilliseconds, toMs: startOfDay(last.add({ days: 1 })).epochMilliseconds };
    if (windows.size > 16) windows.clear();
    windows.set(key, w);
  }
  byToday.set(today, { ...mine, [kind]: w });
  return w;
}

/** The kind of day of a schema position; an unlisted one gets the narrower PLANNING window. */
export function dayKindOf(position: string): DayKind {
  return DATE_INPUTS[position] ?? 'PLANNING';
}

/**
 * IN-1: null when `value` (a day, or an instant taken as its Copenhagen day) lies in the window of its kind,
 * else the user-error message naming the field and the bound.
 */
export function dateWindowError(kind: DayKind, field: string, value: Temporal.PlainDate | Temporal.Instant, today: Temporal.PlainDate): string | null {
  const w = dayWindow(kind, today);
  if (value instanceof Temporal.Instant) {
    const ms = value.epochMilliseconds;
    if (ms < w.fromMs) return `IN-1: ${field} ${value} is before ${w.first}, the first allowed day (${w.says})`;
    if (ms >= w.toMs) return `IN-1: ${field} ${value} is after ${w.last}, the last allowed day (${w.says})`;
    return null;
  }
  if (cmpDate(value, w.first) < 0) return `IN-1: ${field} ${value} is before ${w.first}, the first allowed day (${w.says})`;
  if (cmpDate(value, w.last) > 0) return `IN-1: ${field} ${value} is after ${w.last}, the last allowed day (${w.says})`;
  return null;
}

/** IN-1: null when the period from…to (inclusive) is at most `maxDays` long, else the message. */
export function periodLengthError(fromField: string, from: Temporal.PlainDate, toField: string, to: Temporal.PlainDate, maxDays: number): string | null {
  const days = daysBetween(from, to) + 1;
  if (days <= maxDays) return null;
  return `IN-1: ${fromField} ${from} to ${toField} ${to} is ${days} days; a holiday or job-oriented education period is at most ${maxDays} days (6 weeks)`;
}
