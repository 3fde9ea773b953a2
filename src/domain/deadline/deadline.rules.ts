import { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline } from '../../entities';
import { ACTIVE_DEADLINE_STATUSES, hasSelfBookingDuty } from '../shared/enums';
import { lapsedFromOtherGroups, lapsesAtReregistration } from '../lifecycle/lifecycle.rules';
import { addDays, cmpDate } from '../shared/dates';
import { dateOfEpochDay, epochDay } from '../shared/temporal-values';
import { type Language, type Reason, reason } from '../shared/reasons';
import { type Failure, fail } from '../shared/result';
import { type HolidayPeriod, dayAfterHoliday, expiresOn, holidayCounts } from './holiday.rules';
import type { DeadlineChannel, DeadlineCloseReason, DeadlineStatus, TargetGroup } from '../../generated/enums';

/** DL-2: bookBy is at least this many (duty) days after availableFrom. */
export const MINIMUM_BOOKING_DAYS = 8;
/** DL-3: the latest interview date is exactly this many days after bookBy. */
const INTERVIEW_DAYS_AFTER_BOOK_BY = 7;
export { type HolidayPeriod, holidayCounts } from './holiday.rules';

/**
 * The counted holiday and education days as sorted, merged [first, last] epoch-day intervals. IN-1: the rules below
 * reason over these intervals instead of walking day by day, so their cost does not grow with the dates' distance.
 */
function countedIntervals(holidays: readonly HolidayPeriod[]): [number, number][] {
  const iv = holidays.filter(holidayCounts).map((h): [number, number] => [epochDay(h.startDate), epochDay(h.endDate)])
    .filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of iv) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * DL-2/DL-6: the days with a duty to book in (availableFrom, bookBy]: calendar days after availableFrom
 * up to and including bookBy, not inside a counted holiday or job-oriented education period.
 */
export function dutyDays(availableFrom: Temporal.PlainDate, bookBy: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): number {
  const lo = epochDay(availableFrom) + 1;
  const hi = epochDay(bookBy);
  if (hi < lo) return 0;
  let n = hi - lo + 1;
  for (const [a, b] of countedIntervals(holidays)) {
    const from = Math.max(a, lo);
    const to = Math.min(b, hi);
    if (from <= to) n -= to - from + 1;
  }
  return n;
}

/** DL-2/DL-6 Decision: the earliest valid bookBy, said in the error when a bookBy is too early. */
export function earliestBookBy(availableFrom: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): Temporal.PlainDate {
  let d = epochDay(availableFrom);
  let need = MINIMUM_BOOKING_DAYS;
  for (const [a, b] of countedIntervals(holidays)) {
    if (b <= d) continue;
    const free = Math.max(a, d + 1) - (d + 1); // duty days before this holiday
    if (free >= need) break;
    need -= free;
    d = b;
  }
  return dateOfEpochDay(d + need);
}

/**
 * DL-2 (with DL-6): bookBy leaves at least 8 duty days after availableFrom, also when the citizen
 * agrees to less (000 2016-09-14). Returns the earliest valid bookBy when it does not.
 */
export function assertMinimumBookingPeriod(
  availableFrom: Temporal.PlainDate,
  bookBy: Temporal.PlainDate,
  holidays: readonly HolidayPeriod[],
): { ok: true } | { ok: false; earliest: Temporal.PlainDate; dutyDays: number } {
  const n = dutyDays(availableFrom, bookBy, holidays);
  return n >= MINIMUM_BOOKING_DAYS ? { ok: true } : { ok: false, earliest: earliestBookBy(availableFrom, holidays), dutyDays: n };
}

/** DL-3: the latest interview date is exactly 7 days after bookBy. */
export function latestInterviewDateFor(bookBy: Temporal.PlainDate): Temporal.PlainDate {
  return bookBy.add({ days: INTERVIEW_DAYS_AFTER_BOOK_BY });
}

/** What a read may know besides the deadline itself (optional; without it only DL-7's expiry applies). */
export interface DeadlineStatusFacts {
  /** LP-2: the citizen's group; deadlines of groups other than INSURED_UNEMPLOYED lapse at the end of the month after bookBy. */
  targetGroup?: TargetGroup;
  /** DL-13: the citizen's holidays; an unbooked deadline whose bookBy falls in a counted one reads OPEN until the day after it. */
  holidays?: readonly HolidayPeriod[];
  /**
   * LP-1: the day an INSURED_UNEMPLOYED citizen who is deregistered today (a pending RG-1 deregistration counted) was
   * deregistered from; null or absent when registered. The run lapses the deadline 3 months after it.
   */
  deregisteredFrom?: Temporal.PlainDate | null;
}

/**
 * DL-7: the status as of `today`. An OPEN deadline whose bookBy has passed reads EXPIRED from the day after bookBy
 * (DL-13: from the day after a counted holiday bookBy fell in), before (and whether or not) the daily transition run
 * has stored it. Given the citizen's group, an expired deadline of a group other than INSURED_UNEMPLOYED reads LAPSED
 * from the first day after the end of the month after bookBy (LP-2), and one of an INSURED_UNEMPLOYED citizen
 * deregistered 3 months or more reads LAPSED (LP-1) — what the run stores that day (lifecycle/transitions.ts).
 */
export function effectiveDeadlineStatus(d: Pick<Deadline, 'status' | 'bookBy'>, today: Temporal.PlainDate, facts?: DeadlineStatusFacts): DeadlineStatus {
  const status = d.status === 'OPEN' && cmpDate(today, expiresOn(d.bookBy, facts?.holidays ?? [])) >= 0 ? 'EXPIRED' : d.status;
  if (status !== 'EXPIRED' || !facts?.targetGroup) return status;
  if (facts.targetGroup !== 'INSURED_UNEMPLOYED') return cmpDate(today, lapsedFromOtherGroups(d.bookBy)) >= 0 ? 'LAPSED' : status;
  return facts.deregisteredFrom && lapsesAtReregistration(facts.deregisteredFrom, today) ? 'LAPSED' : status;
}

/** The rule each close reason rests on (DL-4, DL-8, DL-9, DL-12, EX-4, TG-5, CZ-6, CZ-2); OTHER has only its note. */
const CLOSE_REASON_RULE: Record<DeadlineCloseReason, string | null> = {
  SUPERSEDED: 'DL-4', INTERVIEW_HELD: 'DL-9', MEETING_DAY_REACHED: 'DL-8', CALLED_IN_INSTEAD: 'DL-9', MEETING_CANCELLED: 'DL-12',
  EXEMPTED: 'EX-4', REVOKED: 'EX-4', LESS_INTENSIVE_EFFORT: 'TG-5', DEREGISTERED: 'CZ-6', TARGET_GROUP_CHANGED: 'CZ-2', OTHER: null,
};

/**
 * Issue 14: why a deadline has `status` (the one effectiveDeadlineStatus gave): DL-7 with the status's sentence; for
 * CLOSED the rule of its close reason; DL-13 when a counted holiday moves an unbooked deadline's consequences to the
 * day after it (the same dayAfterHoliday that expiresOn uses); LP-1 / LP-2 for LAPSED by the citizen's group.
 */
export function deadlineReasons(
  d: Pick<Deadline, 'bookBy' | 'closeReason'>, status: DeadlineStatus, lang: Language,
  facts: { targetGroup?: TargetGroup; holidays?: readonly HolidayPeriod[] },
): Reason[] {
  const out = [reason('DL-7', lang, status, { bookBy: d.bookBy.toString(), closeReason: d.closeReason ?? 'OTHER' })];
  if (status === 'CLOSED' && d.closeReason && CLOSE_REASON_RULE[d.closeReason]) out.push(reason(CLOSE_REASON_RULE[d.closeReason]!, lang));
  if (status === 'OPEN' || status === 'EXPIRED') {
    const from = dayAfterHoliday(d.bookBy, facts.holidays ?? []);
    if (from) out.push(reason('DL-13', lang, undefined, { from: from.toString() }));
  }
  if (status === 'LAPSED') out.push(reason(facts.targetGroup === 'INSURED_UNEMPLOYED' ? 'LP-1' : 'LP-2', lang));
  return out;
}

/** DL-11 Decision: reminders 3 days before bookBy and on bookBy. */
export const REMINDER_DAYS_BEFORE = 3;

/** DL-11 Decision: reminders 3 days before and on the day of bookBy, where those days are after issue. */
export function reminderDays(issuedOn: Temporal.PlainDate, bookBy: Temporal.PlainDate): Temporal.PlainDate[] {
  return [addDays(bookBy, -REMINDER_DAYS_BEFORE), bookBy].filter((d) => cmpDate(d, issuedOn) > 0);
}

/** Why a citizen may not be given (or keep extending) a deadline: DL-5. */
export type DeadlineRefusalCode = 'NO_SELF_BOOKING_DUTY' | 'CITIZEN_EXEMPTED' | 'CITIZEN_REVOKED' | 'LESS_INTENSIVE_EFFORT' | 'CITIZEN_DEREGISTERED';

type DeadlineCitizen = Pick<Citizen,
  'targetGroup' | 'voluntarySelfBooking' | 'selfBookingRight' | 'lessIntensiveEffort' | 'lessIntensiveOverrideJustification' | 'registered'>;

/**
 * DL-5 (with TG-1, TG-2, TG-4, TG-5, EX-1, EX-3): the reason this citizen may not have a deadline, or null
 * when they may. The message starts with the rule ID.
 */
export function deadlineRefusal(c: DeadlineCitizen): { code: DeadlineRefusalCode; message: string } | null {
  // SICKNESS_BENEFIT has its own duty to self-book (TG-1: outside 003, "may self-book"), so the jobcenter may issue to them.
  if (!hasSelfBookingDuty(c.targetGroup) && c.targetGroup !== 'SICKNESS_BENEFIT' && !c.voluntarySelfBooking) {
    return { code: 'NO_SELF_BOOKING_DUTY', message: `DL-5/TG-2: ${c.targetGroup} has no duty to self-book and was not offered voluntary self-booking` };
  }
  if (c.selfBookingRight === 'EXEMPTED') {
    return { code: 'CITIZEN_EXEMPTED', message: 'DL-5/EX-1: the citizen is exempted from self-booking; call the citizen in instead' };
  }
  if (c.selfBookingRight === 'REVOKED') {
    return { code: 'CITIZEN_REVOKED', message: 'DL-5/EX-3: the citizen\'s right to self-book is revoked; call the citizen in instead' };
  }
  if (c.lessIntensiveEffort && !c.lessIntensiveOverrideJustification) {
    return { code: 'LESS_INTENSIVE_EFFORT', message: 'DL-5/TG-5: no deadlines under less intensive effort (LAB § 106(1)) unless the jobcenter records a § 106(3) justification' };
  }
  // TG-4: JOB_CLARIFICATION persons are not registered as job seekers, so "deregistered" does not apply to them.
  if (!c.registered && c.targetGroup !== 'JOB_CLARIFICATION') {
    return { code: 'CITIZEN_DEREGISTERED', message: 'DL-5: the citizen is deregistered as job seeker; no deadline until re-registered' };
  }
  return null;
}

/**
 * DL-7 Decision: close reasons `closeDeadline` refuses, each with the operation that sets it. They are the
 * consequence of an operation that records more than the closing (the new deadline, the held interview, the EX
 * decision, the § 106 status, the interview day), so closing with them by hand would leave the record inconsistent.
 */
export const CLOSE_REASON_OPERATION: Partial<Record<DeadlineCloseReason, string>> = {
  SUPERSEDED: 'issueDeadline (DL-4)',
  // A held interview must be registered as such (it counts in the contact course, CC); closing alone would lose it.
  INTERVIEW_HELD: 'registerMeetingHeld or registerWalkInInterview (DL-9, MT-4, MT-5)',
  EXEMPTED: 'exemptFromSelfBooking (EX-1, EX-4)',
  REVOKED: 'revokeSelfBookingRight (EX-3, EX-4)',
  LESS_INTENSIVE_EFFORT: 'setLessIntensiveEffort (TG-5)',
  MEETING_DAY_REACHED: 'the daily run on the interview day (DL-8)',
  TARGET_GROUP_CHANGED: 'changeTargetGroup (CZ-2)',
};

/**
 * DL-10: whether a deadline in this (effective) status may be extended. OPEN may; EXPIRED may too
 * (Decision: 003 2.3 and 2.12 let the jobcenter "udskyde fristen" when the citizen contacts it, also the
 * day after bookBy); BOOKED is fulfilled (move the interview instead); CLOSED and LAPSED are final.
 */
export function isExtendable(status: DeadlineStatus): boolean {
  return status === 'OPEN' || status === 'EXPIRED';
}

/** DL-2/DL-6: the BOOKING_PERIOD_TOO_SHORT message (naming the earliest valid bookBy), or null when the period is long enough. */
export function bookingPeriodError(availableFrom: Temporal.PlainDate, bookBy: Temporal.PlainDate, holidays: readonly HolidayPeriod[]): string | null {
  const period = assertMinimumBookingPeriod(availableFrom, bookBy, holidays);
  if (period.ok) return null;
  return `DL-2: bookBy must leave at least 8 days to book after availableFrom ${availableFrom}` +
    `${period.dutyDays < availableFrom.until(bookBy).days ? ' outside counted holidays (DL-6)' : ''}; ` +
    `${bookBy} leaves ${Math.max(period.dutyDays, 0)}. The earliest valid bookBy is ${period.earliest}.`;
}

export type ExtensionRefusalCode = 'NOT_EXTENDABLE' | 'NOT_LATER' | 'BOOKING_PERIOD_TOO_SHORT';

/**
 * DL-10 (and DL-12 EXTEND): the checks of an extension to `bookBy`, in order; undefined when it may be made. `from` is
 * the deadline's status today; a BOOKED deadline is extendable only when its interview is being cancelled (DL-12,
 * `releasesMeeting`). Fields: 'deadlineId' (the deadline may not be extended) or 'bookBy' (the new date is wrong).
 */
export function assertExtension(
  d: Pick<Deadline, 'bookBy' | 'availableFrom'>, from: DeadlineStatus, citizen: DeadlineCitizen,
  input: { bookBy: Temporal.PlainDate; releasesMeeting?: boolean }, today: Temporal.PlainDate, holidays: readonly HolidayPeriod[],
): Failure<ExtensionRefusalCode> | undefined {
  if (!isExtendable(from) && !(from === 'BOOKED' && input.releasesMeeting)) {
    return fail('NOT_EXTENDABLE', from === 'BOOKED'
      ? 'DL-10: the deadline is booked (fulfilled); rebook or cancel the interview instead (SL-4, DL-12)'
      : `DL-10: a ${from} deadline cannot be extended; issue a new deadline instead (DL-1)`, ['deadlineId']);
  }
  // An extension must not hand a deadline to someone who may not have one now (DL-5), e.g. an INSURED_UNEMPLOYED
  // deregistered the day after an expired bookBy (RG-1): re-register first, then RG-4/RG-5 apply.
  const refusal = deadlineRefusal(citizen);
  if (refusal) return fail('NOT_EXTENDABLE', `DL-10: ${refusal.message}`, ['deadlineId']);
  if (cmpDate(input.bookBy, d.bookBy) <= 0) {
    return fail('NOT_LATER', `DL-10: the new bookBy ${input.bookBy} must be later than the current bookBy ${d.bookBy}`, ['bookBy']);
  }
  // Decision: an extended deadline must be bookable again; a bookBy before today would read EXPIRED at once.
  if (cmpDate(input.bookBy, today) < 0) {
    return fail('NOT_LATER', `DL-10: the new bookBy ${input.bookBy} is before today (${today}); choose today or later`, ['bookBy']);
  }
  const tooShort = bookingPeriodError(d.availableFrom, input.bookBy, holidays);
  return tooShort ? fail('BOOKING_PERIOD_TOO_SHORT', tooShort, ['bookBy']) : undefined;
}

/** TG-6 (003 2.10): exempted from being actively job-seeking → the deadline is communicated in writing outside Jobnet. */
export function deadlineChannelFor(c: Pick<Citizen, 'exemptFromActiveJobSeeking'>): DeadlineChannel {
  return c.exemptFromActiveJobSeeking ? 'LETTER' : 'JOBNET';
}

/** DL-1: a deadline is available from today or later. */
export function assertAvailableFromNotPast(
  availableFrom: Temporal.PlainDate, today: Temporal.PlainDate, prefix: string[],
): Failure<'AVAILABLE_FROM_IN_PAST'> | undefined {
  if (cmpDate(availableFrom, today) >= 0) return undefined;
  return fail('AVAILABLE_FROM_IN_PAST', `DL-1: availableFrom ${availableFrom} is before today (${today})`, [...prefix, 'availableFrom']);
}

/** DL-5: who may not get a deadline, on the citizenId field. */
export function assertDeadlineAllowed(c: DeadlineCitizen, prefix: string[]): Failure<DeadlineRefusalCode> | undefined {
  const refusal = deadlineRefusal(c);
  return refusal ? fail(refusal.code, refusal.message, [...prefix, 'citizenId']) : undefined;
}

/** DL-2, DL-6: the booking period is long enough, holidays not counted. */
export function assertBookingPeriod(
  availableFrom: Temporal.PlainDate, bookBy: Temporal.PlainDate, holidays: readonly HolidayPeriod[], prefix: string[],
): Failure<'BOOKING_PERIOD_TOO_SHORT'> | undefined {
  const tooShort = bookingPeriodError(availableFrom, bookBy, holidays);
  return tooShort ? fail('BOOKING_PERIOD_TOO_SHORT', tooShort, [...prefix, 'bookBy']) : undefined;
}

/** DL-4 Decision: the active deadline is booked with a planned interview on a later day: a new one waits for that day. */
export function assertNoLaterPlannedInterview(day: Temporal.PlainDate, prefix: string[]): Failure<'INTERVIEW_ALREADY_PLANNED'> {
  return fail('INTERVIEW_ALREADY_PLANNED',
    `DL-4: the active deadline is booked with an interview on ${day}; a new deadline may be issued from that day (MT-2)`,
    [...prefix, 'citizenId']);
}

/** DL-10: an extension is registered with its reason. */
export function assertExtensionReason(reason: string): Failure<'INVALID_INPUT'> | undefined {
  return reason ? undefined : fail('INVALID_INPUT', 'DL-10: an extension must be registered with its reason', ['input', 'reason']);
}

/** DL-7: the reasons the jobcenter closes a deadline with here (the others are set by their operations); OTHER needs a note. */
export function assertCloseReason(reason: DeadlineCloseReason, note: string | null): Failure<'INVALID_INPUT'> | undefined {
  const viaOperation = CLOSE_REASON_OPERATION[reason];
  if (viaOperation) return fail('INVALID_INPUT', `DL-7: reason ${reason} is set by ${viaOperation}; use that operation`, ['input', 'reason']);
  if (reason === 'OTHER' && !note) return fail('INVALID_INPUT', 'DL-7: closing with reason OTHER needs a note saying why', ['input', 'note']);
  return undefined;
}

/** DL-7: only an active deadline (as of today) can be closed. */
export function assertClosable(
  d: Pick<Deadline, 'status' | 'bookBy' | 'closeReason'>, today: Temporal.PlainDate, targetGroup: TargetGroup,
): Failure<'NOT_ACTIVE'> | undefined {
  const from = effectiveDeadlineStatus(d, today, { targetGroup });
  if ((ACTIVE_DEADLINE_STATUSES as readonly string[]).includes(from)) return undefined;
  return fail('NOT_ACTIVE', `DL-7: the deadline is already ${from}${d.closeReason ? ` (${d.closeReason})` : ''}; only an active deadline can be closed`, ['input', 'deadlineId']);
}
