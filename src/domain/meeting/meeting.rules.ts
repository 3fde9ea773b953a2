import { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline, Meeting } from '../../entities';
import { ZONE } from '../shared/clock';
import { cmpDate, daysBetween, formatLocal, localDay } from '../shared/dates';
import type { DeadlineStatus, FundParticipationForm, MeetingType } from '../../generated/enums';
import { type Failure, fail } from '../shared/result';

/** MT-3: a digital call-in through Jobnet is dated at least this many days ahead (000 2018-02-13). */
const DIGITAL_CALL_IN_MIN_DAYS = 8;

/** MT-2: the meeting types of which a citizen has at most one planned at a time. */
export const ONE_PLANNED_TYPES: readonly MeetingType[] = ['JOB_INTERVIEW', 'FOLLOW_UP'];

/**
 * MT-3: the earliest day a digital call-in may be dated.
 * Decision: "kan indkaldelsen tidligst ligge 8 dage senere" (000 2018-02-13) is read in local calendar
 * days (Europe/Copenhagen): the meeting's local day must be at least today + 8 days, at any time of
 * that day. Called in on Monday 2 March, the earliest meeting is Tuesday 10 March; 9 March (day 7) is too
 * soon. Counting days rather than 8 × 24 hours keeps the rule the same across the DST changes.
 */
export function earliestDigitalCallInDay(today: Temporal.PlainDate): Temporal.PlainDate {
  return today.add({ days: DIGITAL_CALL_IN_MIN_DAYS });
}

/**
 * MT-3: a digital call-in (neither short notice nor handed over in person) starts at least 8 days ahead;
 * a call-in marked short notice or delivered in person may be sooner (003 2.1).
 */
export function assertCallInNotice(
  today: Temporal.PlainDate,
  startsAt: Temporal.Instant,
  opts: { shortNotice?: boolean | null; deliveredInPerson?: boolean | null },
): { ok: true } | { ok: false; earliest: Temporal.PlainDate; day: Temporal.PlainDate } {
  if (opts.shortNotice || opts.deliveredInPerson) return { ok: true };
  const day = localDay(startsAt);
  const earliest = earliestDigitalCallInDay(today);
  return cmpDate(day, earliest) >= 0 ? { ok: true } : { ok: false, earliest, day };
}

/**
 * JI-1 (with CC-2): joint interviews with the a-kasse are for INSURED_UNEMPLOYED members of an a-kasse.
 */
export function isEligibleForJointInterview(c: Pick<Citizen, 'targetGroup' | 'unemploymentFundId'>): boolean {
  return c.targetGroup === 'INSURED_UNEMPLOYED' && c.unemploymentFundId !== null;
}

/**
 * TG-5: under less intensive effort (LAB § 106(1)) there is no duty to attend CV or job interviews, so the
 * jobcenter does not call in to them, unless a § 106(3) justification keeps the duties (004).
 * Decision: a joint interview is a job interview with the a-kasse taking part (fælles jobsamtale), so it is
 * blocked too; follow-ups and other meetings are not job interviews in this sense and stay possible.
 */
export function blockedByLessIntensiveEffort(
  c: Pick<Citizen, 'lessIntensiveEffort' | 'lessIntensiveOverrideJustification'>,
  type: MeetingType,
): boolean {
  return (type === 'JOB_INTERVIEW' || type === 'JOINT_INTERVIEW') && c.lessIntensiveEffort && !c.lessIntensiveOverrideJustification;
}

/**
 * DL-9 / MT-6: only a JOB_INTERVIEW satisfies a self-booking deadline (the deadline is bound to that
 * meeting type, 000 2019-11-01). Joint interviews, follow-ups and other meetings never do.
 */
export function satisfiesDeadline(type: MeetingType): boolean {
  return type === 'JOB_INTERVIEW';
}

/**
 * DL-9: which active deadline a held job interview (registered, or a walk-in) closes with INTERVIEW_HELD.
 * Decision: the active deadline is closed when it is OPEN or EXPIRED, or BOOKED with this very interview.
 * It is left alone when it is BOOKED with another interview (the MT-2 same-day exception: a new interview
 * booked on the day of this one), or when it was issued after this interview began (MT-5: the next
 * deadline, issued after the interview, is not consumed by registering the interview late).
 */
export function closesOnHeld(
  d: Pick<Deadline, 'status' | 'meetingId' | 'createdAt'>,
  effectiveStatus: DeadlineStatus,
  m: Pick<Meeting, 'id' | 'type' | 'startsAt'>,
): boolean {
  if (!satisfiesDeadline(m.type)) return false;
  if (d.createdAt.epochMilliseconds > m.startsAt.epochMilliseconds) return false;
  if (effectiveStatus === 'OPEN' || effectiveStatus === 'EXPIRED') return true;
  return effectiveStatus === 'BOOKED' && d.meetingId === m.id;
}

/** DL-12: a deadline can be reopened only while its bookBy has not passed. */
export function canReopen(d: Pick<Deadline, 'bookBy'>, today: Temporal.PlainDate): boolean {
  return cmpDate(today, d.bookBy) <= 0;
}

/**
 * JI-6, JI-7: how the a-kasse takes part in a joint interview. Video by default (003 1.1.1), in person
 * when the citizen asks for it (JI-6) or for the 16-month interview (JI-7, 000 2015-08-11).
 */
export function fundParticipationForm(
  requested: FundParticipationForm | null | undefined,
  ctx: { citizenRequestsInPerson: boolean; sixteenMonth: boolean },
): { ok: true; form: FundParticipationForm } | { ok: false; rule: 'JI-6' | 'JI-7' } {
  const inPersonRequired = ctx.citizenRequestsInPerson || ctx.sixteenMonth;
  if (requested === 'VIDEO' && inPersonRequired) return { ok: false, rule: ctx.sixteenMonth ? 'JI-7' : 'JI-6' };
  return { ok: true, form: requested ?? (inPersonRequired ? 'IN_PERSON' : 'VIDEO') };
}

/**
 * RG-3: days without registration between the day a deregistration took effect and the day of
 * re-registration; re-registering on the day the deregistration takes effect gives 0.
 */
export function benefitGapDays(deregisteredFrom: Temporal.PlainDate, reregisteredOn: Temporal.PlainDate): number {
  return Math.max(0, daysBetween(deregisteredFrom, reregisteredOn));
}

/** MT-7: the exclusion constraint's answer when a meeting at an overlapping time was registered at the same moment. */
export const OVERLAP_RACE_MSG = 'MT-7: another meeting at an overlapping time was registered for this citizen at the same moment; reload and choose another time';

/** MT-7: the time a meeting keeps the citizen busy — a GROUP_THEN_INDIVIDUAL booking from its group part (SL-1). */
export interface BusyTime {
  from: Temporal.Instant;
  to: Temporal.Instant;
}

export function busyTimeOf(m: Pick<Meeting, 'startsAt' | 'endsAt' | 'groupStartsAt'>): BusyTime {
  return { from: m.groupStartsAt ?? m.startsAt, to: m.endsAt };
}

/** MT-7: half-open ranges, so meetings that only touch (10:00–11:00 and 11:00–11:30) do not overlap. */
export function overlaps(a: BusyTime, b: BusyTime): boolean {
  return Temporal.Instant.compare(a.from, b.to) < 0 && Temporal.Instant.compare(b.from, a.to) < 0;
}

/**
 * MT-7: the first PLANNED or HELD meeting (soonest first) of the citizen that would overlap `time`, whatever its
 * type; `exceptIds` are meetings the operation replaces (a rebooking's old interview, a call-in's replaced one).
 * NO_SHOW and CANCELLED meetings do not hold the citizen's time.
 */
export function overlappingMeeting<M extends Pick<Meeting, 'id' | 'status' | 'startsAt' | 'endsAt' | 'groupStartsAt'>>(
  meetings: readonly M[], time: BusyTime, exceptIds: readonly (string | null | undefined)[] = [],
): M | undefined {
  return [...meetings]
    .filter((m) => (m.status === 'PLANNED' || m.status === 'HELD') && !exceptIds.includes(m.id) && overlaps(busyTimeOf(m), time))
    .sort((a, b) => Temporal.Instant.compare(busyTimeOf(a).from, busyTimeOf(b).from))[0];
}

/**
 * MT-7/MT-8: the user error's text for a clash, naming the clashing meeting (type, origin, status, time, id). For
 * the registration of a visit (`visit`: a walk-in, a first-contact interview), a clash starting at the same instant,
 * or a held interview of the same kind, is that visit registered again (MT-8).
 */
export function overlapMessage(
  clash: Pick<Meeting, 'id' | 'type' | 'origin' | 'status' | 'startsAt' | 'endsAt' | 'groupStartsAt'>,
  newStart: Temporal.Instant, who: 'you' | 'the citizen', opts: { visit?: Pick<Meeting, 'type' | 'origin'> } = {},
): string {
  const busy = busyTimeOf(clash);
  const what = `${clash.status === 'HELD' ? 'held' : 'planned'} ${clash.type.toLowerCase().replace('_', ' ')} (${clash.origin.toLowerCase().replace('_', '-')}) ` +
    `${formatLocal(busy.from)}–${busy.to.toZonedDateTimeISO(ZONE).toPlainTime().toString({ smallestUnit: 'minute' })}, meeting ${clash.id}`;
  const sameVisit = opts.visit && (Temporal.Instant.compare(clash.startsAt, newStart) === 0
    || (clash.status === 'HELD' && clash.type === opts.visit.type && clash.origin === opts.visit.origin));
  if (sameVisit) {
    return `MT-8: this visit is already registered: the ${what}${clash.status === 'PLANNED' ? '; register that meeting as held instead' : ''}`;
  }
  return `MT-7: ${who === 'you' ? 'you have' : 'the citizen has'} a ${what}, which overlaps this time; choose a time outside it`;
}

/** DL-12: a cancellation has a reason, and newBookBy goes with (and only with) deadlineAction EXTEND. */
export function assertCancellationInput(input: { reason: string; deadlineAction?: string | null; newBookBy?: unknown }): Failure<'INVALID_INPUT' | 'INVALID_DEADLINE_ACTION'> | undefined {
  if (!input.reason.trim()) return fail('INVALID_INPUT', 'DL-12: a cancellation needs a reason', ['input', 'reason']);
  if (input.newBookBy && input.deadlineAction !== 'EXTEND') {
    return fail('INVALID_DEADLINE_ACTION', 'DL-12: newBookBy goes with deadlineAction EXTEND only', ['input', 'newBookBy']);
  }
  if (input.deadlineAction === 'EXTEND' && !input.newBookBy) {
    return fail('INVALID_DEADLINE_ACTION', 'DL-12: deadlineAction EXTEND needs newBookBy', ['input', 'newBookBy']);
  }
  return undefined;
}

/** MT-5: only a PLANNED meeting gets an outcome (cancelled, held, no-show). */
export function assertPlanned(meeting: Pick<Meeting, 'status'>): Failure<'NOT_PLANNED'> | undefined {
  return meeting.status === 'PLANNED' ? undefined : fail('NOT_PLANNED', `MT-5: the meeting is already ${meeting.status}`, ['input', 'meetingId']);
}

/**
 * DL-12: the deadline action fits the cancelled meeting: required when it is the booked interview of the active
 * deadline `deadline`, refused when it fulfils none; REOPEN only up to and including the bookBy day (canReopen).
 */
export function assertDeadlineAction(
  input: { deadlineAction?: string | null }, deadline: Pick<Deadline, 'bookBy'> | null, today: Temporal.PlainDate,
): Failure<'INVALID_DEADLINE_ACTION'> | undefined {
  if (deadline && !input.deadlineAction) {
    return fail('INVALID_DEADLINE_ACTION',
      `DL-12: the interview fulfils the deadline with bookBy ${deadline.bookBy}; say whether to REOPEN, EXTEND or CLOSE it`, ['input', 'deadlineAction']);
  }
  if (!deadline && input.deadlineAction) {
    return fail('INVALID_DEADLINE_ACTION', 'DL-12: the meeting fulfils no active deadline; leave deadlineAction out (issue a new deadline if one is needed)', ['input', 'deadlineAction']);
  }
  if (deadline && input.deadlineAction === 'REOPEN' && !canReopen(deadline, today)) {
    return fail('INVALID_DEADLINE_ACTION', `DL-12: bookBy ${deadline.bookBy} has passed, so the deadline cannot be reopened; EXTEND or CLOSE it`, ['input', 'deadlineAction']);
  }
  return undefined;
}
