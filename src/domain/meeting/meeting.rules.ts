import { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline, Meeting } from '../../entities';
import { ZONE } from '../shared/clock';
import { cmpDate, daysBetween, formatLocal, localDay } from '../shared/dates';
import type { DeadlineStatus, FundParticipationForm, MeetingType, NoShowFollowUp } from '../../generated/enums';
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

// ─── pre-checks of the meeting commands: (input, state) => Failure | undefined, chained with `??` in order ────────

type CallInCheck = Failure<'INVALID_INPUT' | 'MEETING_IN_PAST' | 'NOT_ELIGIBLE_FOR_JOINT_INTERVIEW' | 'SIXTEEN_MONTH_MUST_BE_IN_PERSON' | 'LESS_INTENSIVE_EFFORT' | 'CALL_IN_TOO_SOON'>;
type CallInShape = {
  type: MeetingType; form: string; startsAt: Temporal.Instant; endsAt: Temporal.Instant;
  shortNotice?: boolean | null; deliveredInPerson?: boolean | null; sixteenMonth?: boolean | null; replacesMeetingId?: string | null;
};

/** MT-1, MT-3: a call-in ends after it starts, and starts in the future. Field paths are under `prefix`. */
export function assertCallInTimes(spec: CallInShape, now: Temporal.Instant, prefix: string[]): CallInCheck | undefined {
  if (Temporal.Instant.compare(spec.endsAt, spec.startsAt) <= 0) {
    return fail('INVALID_INPUT', 'MT-1: endsAt must be after startsAt', [...prefix, 'endsAt']);
  }
  if (Temporal.Instant.compare(spec.startsAt, now) <= 0) {
    return fail('MEETING_IN_PAST', `MT-3: a call-in must be to a future time; ${formatLocal(spec.startsAt)} has passed`, [...prefix, 'startsAt']);
  }
  return undefined;
}

/** JI-1, JI-7: a joint interview is for an eligible citizen, the 16-month one in person; sixteenMonth marks only those. */
export function assertJointInterviewSpec(
  spec: CallInShape, citizen: Pick<Citizen, 'targetGroup' | 'unemploymentFundId'>, prefix: string[],
): CallInCheck | undefined {
  const sixteenMonth = spec.sixteenMonth ?? false;
  if (spec.type !== 'JOINT_INTERVIEW') {
    return sixteenMonth ? fail('INVALID_INPUT', 'JI-7: sixteenMonth marks a JOINT_INTERVIEW only', [...prefix, 'sixteenMonth']) : undefined;
  }
  // JI-1: joint interviews are for INSURED_UNEMPLOYED members of an a-kasse, and always called in.
  if (!isEligibleForJointInterview(citizen)) {
    return fail('NOT_ELIGIBLE_FOR_JOINT_INTERVIEW', citizen.targetGroup !== 'INSURED_UNEMPLOYED'
      ? `JI-1: joint interviews with the a-kasse are for INSURED_UNEMPLOYED; the citizen is ${citizen.targetGroup}`
      : 'JI-1: the citizen is not a member of an a-kasse, so there is no joint interview', [...prefix, 'type']);
  }
  // JI-7: the 16-month joint interview is held by personal attendance (000 2015-08-11).
  if (sixteenMonth && spec.form !== 'IN_PERSON') {
    return fail('SIXTEEN_MONTH_MUST_BE_IN_PERSON', `JI-7: the 16-month joint interview is held in person, not ${spec.form}`, [...prefix, 'form']);
  }
  return undefined;
}

/** TG-5: no call-in to a (joint) job interview under less intensive effort without a § 106(3) justification. */
export function assertNotLessIntensiveEffort(
  spec: Pick<CallInShape, 'type'>, citizen: Pick<Citizen, 'lessIntensiveEffort' | 'lessIntensiveOverrideJustification'>, prefix: string[],
): CallInCheck | undefined {
  if (!blockedByLessIntensiveEffort(citizen, spec.type)) return undefined;
  return fail('LESS_INTENSIVE_EFFORT',
    'TG-5: the citizen is under less intensive effort (LAB § 106(1)) and has no duty to attend job interviews; record a § 106(3) justification first', [...prefix, 'type']);
}

/** MT-3: a digital call-in is at least 8 days ahead (assertCallInNotice) unless short notice or delivered in person. */
export function assertCallInNoticeGiven(spec: CallInShape, today: Temporal.PlainDate, prefix: string[]): CallInCheck | undefined {
  const notice = assertCallInNotice(today, spec.startsAt, spec);
  if (notice.ok) return undefined;
  return fail('CALL_IN_TOO_SOON',
    `MT-3: a digital call-in must be at least 8 days ahead, on ${notice.earliest} or later (this one is on ${notice.day}); ` +
    'mark it shortNotice or deliveredInPerson to call in sooner', [...prefix, 'startsAt']);
}

/** DL-9: an OTHER meeting replaces no job interview (cancel it with cancelMeeting instead, DL-12). */
export function assertReplacementType(spec: Pick<CallInShape, 'type' | 'replacesMeetingId'>, prefix: string[]): CallInCheck | undefined {
  if (!spec.replacesMeetingId || spec.type !== 'OTHER') return undefined;
  return fail('INVALID_INPUT', 'DL-9: an OTHER meeting does not replace a job interview; cancel it with cancelMeeting and choose what happens with the deadline (DL-12)', [...prefix, 'replacesMeetingId']);
}

/** MT-1, MT-3, JI-1, JI-7, TG-5, DL-9: every check of a call-in that needs no further reads, in order. */
export function assertCallIn(
  spec: CallInShape, state: { citizen: Pick<Citizen, 'targetGroup' | 'unemploymentFundId' | 'lessIntensiveEffort' | 'lessIntensiveOverrideJustification'>; now: Temporal.Instant; today: Temporal.PlainDate },
  prefix: string[],
): CallInCheck | undefined {
  return assertCallInTimes(spec, state.now, prefix)
    ?? assertJointInterviewSpec(spec, state.citizen, prefix)
    ?? assertNotLessIntensiveEffort(spec, state.citizen, prefix)
    ?? assertCallInNoticeGiven(spec, state.today, prefix)
    ?? assertReplacementType(spec, prefix);
}

/** DL-9: the meeting a call-in replaces exists for the citizen, is PLANNED and is a job interview or follow-up. */
export function assertReplaceable(
  id: string, replaced: Pick<Meeting, 'status' | 'type'> | null, prefix: string[],
): Failure<'NOT_FOUND' | 'NOT_PLANNED' | 'INVALID_INPUT'> | undefined {
  const field = [...prefix, 'replacesMeetingId'];
  if (!replaced) return fail('NOT_FOUND', `DL-9: the citizen has no meeting ${id}`, field);
  if (replaced.status !== 'PLANNED') return fail('NOT_PLANNED', `DL-9: the meeting to replace is already ${replaced.status}`, field);
  if (!ONE_PLANNED_TYPES.includes(replaced.type)) {
    return fail('INVALID_INPUT', `DL-9: only a planned job interview or follow-up can be replaced, not a ${replaced.type}`, field);
  }
  return undefined;
}

/** MT-2: no other planned job interview or follow-up (`clash`) stands in the way of a new one. */
export function assertNoPlannedInterview(
  type: MeetingType, clash: Pick<Meeting, 'type' | 'startsAt'> | null, prefix: string[],
): Failure<'INTERVIEW_ALREADY_PLANNED'> | undefined {
  if (!ONE_PLANNED_TYPES.includes(type) || !clash) return undefined;
  return fail('INTERVIEW_ALREADY_PLANNED',
    `MT-2: the citizen already has a ${clash.type === 'FOLLOW_UP' ? 'follow-up' : 'job interview'} planned at ${formatLocal(clash.startsAt)}; ` +
    'replace it (replacesMeetingId) or call in on the day of that meeting', [...prefix, 'startsAt']);
}

/** MT-5: an outcome (held, no-show) is registered for a PLANNED meeting once it has started. */
export function assertOutcomeRegistrable(
  meeting: Pick<Meeting, 'status' | 'startsAt'>, now: Temporal.Instant, outcome: 'HELD' | 'NO_SHOW',
): Failure<'NOT_PLANNED' | 'MEETING_NOT_STARTED'> | undefined {
  if (meeting.status !== 'PLANNED') return fail('NOT_PLANNED', `MT-5: the meeting is already ${meeting.status}`, ['input', 'meetingId']);
  if (Temporal.Instant.compare(meeting.startsAt, now) <= 0) return undefined;
  return fail('MEETING_NOT_STARTED', outcome === 'HELD'
    ? `MT-5: the meeting starts ${formatLocal(meeting.startsAt)}; it can be registered as held from then`
    : 'MT-5: a no-show can be registered once the meeting has started', ['input', 'meetingId']);
}

/** NS-1: the follow-up of a no-show comes with its details, and a call-in is not to an OTHER meeting. */
export function assertNoShowFollowUp(
  input: { followUp: NoShowFollowUp; newDeadline?: unknown; callIn?: { type: MeetingType } | null },
): Failure<'INVALID_FOLLOW_UP'> | undefined {
  if (input.followUp === 'NEW_DEADLINE' && !input.newDeadline) {
    return fail('INVALID_FOLLOW_UP', 'NS-1: followUp NEW_DEADLINE needs newDeadline { bookBy }', ['input', 'newDeadline']);
  }
  if (input.followUp === 'CALL_IN' && !input.callIn) {
    return fail('INVALID_FOLLOW_UP', 'NS-1: followUp CALL_IN needs callIn { startsAt, endsAt }', ['input', 'callIn']);
  }
  if (input.followUp === 'CALL_IN' && input.callIn!.type === 'OTHER') {
    return fail('INVALID_FOLLOW_UP', 'NS-1: call the citizen in to a job interview, follow-up or joint interview; an OTHER meeting does not replace the missed one', ['input', 'callIn', 'type']);
  }
  return undefined;
}

/** MT-4 Decision: a walk-in interview lasts 1 minute to 8 hours. */
export const WALK_IN_MAX_MINUTES = 480;

/** MT-4: a walk-in lasts 1–480 whole minutes and is held in person or by phone (003 2.6). */
export function assertWalkInInput(input: { durationMinutes?: number | null; form: string }): Failure<'INVALID_INPUT'> | undefined {
  const minutes = input.durationMinutes ?? 30;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > WALK_IN_MAX_MINUTES) {
    return fail('INVALID_INPUT', `MT-4: durationMinutes must be 1–${WALK_IN_MAX_MINUTES}`, ['input', 'durationMinutes']);
  }
  if (input.form === 'VIDEO') return fail('INVALID_INPUT', 'MT-4: a walk-in interview is held in person or by phone (003 2.6)', ['input', 'form']);
  return undefined;
}

/**
 * MT-4: a walk-in is for a citizen with the duty to self-book (003 2.6), and registered once held (not in the future).
 * Decision: also SICKNESS_BENEFIT (own duty) and voluntary self-bookers (TG-2) — the citizens who may hold a
 * deadline — since the walk-in stands in for a booking.
 */
export function assertWalkInAllowed(
  citizen: Pick<Citizen, 'targetGroup' | 'voluntarySelfBooking'>, selfBookingDuty: boolean, startsAt: Temporal.Instant, now: Temporal.Instant,
): Failure<'NO_SELF_BOOKING_DUTY' | 'INVALID_INPUT'> | undefined {
  if (!selfBookingDuty && citizen.targetGroup !== 'SICKNESS_BENEFIT' && !citizen.voluntarySelfBooking) {
    return fail('NO_SELF_BOOKING_DUTY', `MT-4: ${citizen.targetGroup} has no duty to self-book; call the citizen in or register the meeting otherwise`, ['input', 'citizenId']);
  }
  if (Temporal.Instant.compare(startsAt, now) > 0) {
    return fail('INVALID_INPUT', 'MT-4: a walk-in interview is registered once held; startsAt cannot be in the future', ['input', 'startsAt']);
  }
  return undefined;
}

/**
 * ST-3 Decision: a citizen who already had a meeting held (`earlier`) has been in contact with the jobcenter, so a
 * later interview is not the first contact; it is a walk-in (MT-4) or a call-in registered as held (MT-5).
 */
export function assertFirstContact(
  firstContact: boolean, earlier: Pick<Meeting, 'id' | 'type' | 'startsAt'> | null,
): Failure<'NOT_FIRST_CONTACT'> | undefined {
  if (!firstContact || !earlier) return undefined;
  return fail('NOT_FIRST_CONTACT',
    `ST-3: the citizen already had a held ${earlier.type.toLowerCase().replace('_', ' ')} on ${formatLocal(earlier.startsAt)} (meeting ${earlier.id}), so this is not their first contact; register it as a walk-in (firstContact false)`,
    ['input', 'firstContact']);
}

/** JI-2: the meeting acted on is a PLANNED joint interview. */
export function assertPlannedJointInterview(meeting: Pick<Meeting, 'type' | 'status'>): Failure<'NOT_A_JOINT_INTERVIEW' | 'NOT_PLANNED'> | undefined {
  if (meeting.type !== 'JOINT_INTERVIEW') return fail('NOT_A_JOINT_INTERVIEW', `JI-2: the meeting is a ${meeting.type}, not a joint interview`, ['input', 'meetingId']);
  if (meeting.status !== 'PLANNED') return fail('NOT_PLANNED', `JI-2: the joint interview is already ${meeting.status}`, ['input', 'meetingId']);
  return undefined;
}

/**
 * JI-5: the a-kasse's decision not to take part: no form, refused while a request for the first joint interview
 * stands (Decision: the citizen's later opt-out, JI-2, prevails), and with a reason unless the citizen opted out.
 */
export function assertNonParticipation(
  input: { form?: string | null }, reason: string | null,
  meeting: Pick<Meeting, 'fundOptOut' | 'fundRequestedBy' | 'fundRequestRecordedAt'>,
): Failure<'INVALID_INPUT' | 'FUND_PARTICIPATION_REQUESTED'> | undefined {
  if (input.form) return fail('INVALID_INPUT', 'JI-5: a form goes with PARTICIPATES only', ['input', 'form']);
  // JI-5 (003 1.1.1): at the first joint interview the a-kasse takes part "if the jobcenter or the citizen asks".
  if (meeting.fundRequestedBy && !meeting.fundOptOut) {
    return fail('FUND_PARTICIPATION_REQUESTED',
      `JI-5: the ${meeting.fundRequestedBy === 'CITIZEN' ? 'citizen' : 'jobcenter'} asked that the a-kasse take part in this first joint interview (recorded ${meeting.fundRequestRecordedAt!.toString()}); the a-kasse cannot decide not to take part while the request stands`,
      ['input', 'participation']);
  }
  // JI-5 Decision: not taking part is recorded with its reason (the a-kasse is expected to take part in the second).
  if (!reason && !meeting.fundOptOut) return fail('INVALID_INPUT', 'JI-5: say why the a-kasse does not take part', ['input', 'reason']);
  return undefined;
}

/** JI-5: the request for the a-kasse's participation concerns the first joint interview (none held before it). */
export function assertFirstJointInterview(heldBefore: number): Failure<'NOT_FIRST_JOINT_INTERVIEW'> | undefined {
  if (heldBefore === 0) return undefined;
  return fail('NOT_FIRST_JOINT_INTERVIEW', 'JI-5: the request concerns the first joint interview; at the second the a-kasse is expected to take part anyway', ['input', 'meetingId']);
}
