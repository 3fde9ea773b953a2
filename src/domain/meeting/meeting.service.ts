import { Temporal } from 'temporal-polyfill';
import { In } from 'typeorm';
import { Citizen, Deadline, Meeting, RegistrationPeriod } from '../../entities';
import { requireJobcenterActor, requireJobcenterOrFundActor } from '../shared/access';
import { actorLabel } from '../shared/actor';
import { lockCitizenFor } from '../shared/citizen-access';
import { formatLocal, localDay } from '../shared/dates';
import { hasSelfBookingDuty, isNoShowSanctionable } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { runTransitionsForCitizen } from '../lifecycle/transitions';
import { recordMeetingHistory } from '../shared/history';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { findOverlappingMeeting } from './meeting-overlap';
import { type CancelMeetingInput, cancelMeeting } from './commands/cancel-meeting';
import { lockMeeting } from './meeting.queries';
export type { CancelMeetingInput } from './commands/cancel-meeting';
import { cancel as cancelPlannedMeeting, hold as holdMeeting, noShow as registerNoShowOf } from './meeting.transitions';
import { runInTransaction } from '../shared/transaction';
import type { BookingService } from '../booking/booking.service';
import type { DeadlineService } from '../deadline/deadline.service';
import { effectiveDeadlineStatus } from '../deadline/deadline.rules';
import { close as closeDeadline } from '../deadline/deadline.transitions';
import {
  ONE_PLANNED_TYPES, assertCallInNotice, benefitGapDays, blockedByLessIntensiveEffort, closesOnHeld,
  OVERLAP_RACE_MSG, fundParticipationForm, isEligibleForJointInterview, overlapMessage,
} from './meeting.rules';
import { MEETING_NO_OVERLAP } from '../../db/migrations/1700004000000-meeting-no-overlap';
import type { FundParticipation, MeetingErrorCode, MeetingForm, MeetingType } from '../../generated/enums';
import { activeDeadline } from '../deadline/deadline.queries';

/** What a call-in needs (callInMeeting, and registerNoShow's CALL_IN follow-up). */
export interface CallInSpec {
  type: MeetingType;
  form: MeetingForm;
  startsAt: Temporal.Instant;
  endsAt: Temporal.Instant;
  shortNotice?: boolean | null;
  deliveredInPerson?: boolean | null;
  location?: string | null;
  caseworker?: string | null;
  sixteenMonth?: boolean | null;
  replacesMeetingId?: string | null;
}

export interface CallInMeetingInput extends CallInSpec {
  citizenId: string;
  idempotencyKey?: string | null;
}

export interface CalledIn {
  meeting: Meeting;
  replacedMeeting: Meeting | null;
  closedDeadline: Deadline | null;
}

export interface RegisterNoShowInput {
  meetingId: string;
  followUp: 'NEW_DEADLINE' | 'CALL_IN';
  newDeadline?: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate } | null;
  callIn?: {
    type: MeetingType; form: MeetingForm; startsAt: Temporal.Instant; endsAt: Temporal.Instant;
    shortNotice?: boolean | null; location?: string | null;
  } | null;
  idempotencyKey?: string | null;
}

export interface NoShowRegistered {
  meeting: Meeting;
  newDeadline: Deadline | null;
  calledInMeeting: Meeting | null;
}

export interface RegisterWalkInInput {
  citizenId: string;
  startsAt?: Temporal.Instant | null;
  durationMinutes?: number | null;
  form: MeetingForm;
  /** ST-3: held at once at the citizen's first contact: origin CALLED_IN (counts as called in), not WALK_IN. */
  firstContact?: boolean | null;
  idempotencyKey?: string | null;
}

export interface RecordFundParticipationInput {
  meetingId: string;
  participation: FundParticipation;
  form?: 'IN_PERSON' | 'VIDEO' | null;
  citizenRequestsInPerson?: boolean | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}

type R<T> = Promise<Result<T, MeetingErrorCode>>;

const MT2_CONSTRAINT = 'meeting_one_planned_interview_per_day';
/** MT-4 Decision: a walk-in interview lasts 1 minute to 8 hours. */
const WALK_IN_MAX_MINUTES = 480;

export class MeetingService {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly booking: BookingService,
  ) {}

  // ─── callInMeeting ─────────────────────────────────────────────────────────

  /** MT-2, MT-3, TG-5, JI-1, JI-7, DL-9: the jobcenter calls a citizen in (indkaldelse). */
  async callInMeeting(scope: Scope, input: CallInMeetingInput): R<CalledIn> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(
      scope,
      {
        operation: 'callInMeeting', idempotencyKey: input.idempotencyKey, input,
        constraints: {
          [MT2_CONSTRAINT]: fail('INTERVIEW_ALREADY_PLANNED', 'MT-2: another job interview or follow-up was planned for this citizen that day at the same moment; reload and try again', ['input', 'startsAt']),
          [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', OVERLAP_RACE_MSG, ['input', 'startsAt']),
        },
      },
      async (scope) => {
        const citizen = await lockCitizenFor(scope, input.citizenId);
        if (!citizen) return fail('NOT_FOUND', `No citizen ${input.citizenId} in your jobcenter`, ['input', 'citizenId']);
        return this.callInFor(scope, citizen, input, ['input']);
      },
    );
  }

  /**
   * The call-in itself, inside the caller's transaction with the citizen locked (callInMeeting, and
   * registerNoShow's CALL_IN follow-up, NS-1). Field paths are under `prefix`.
   */
  private async callInFor(scope: Scope, citizen: Citizen, spec: CallInSpec, prefix: string[]): R<CalledIn> {
    const now = scope.clock.now();
    const today = scope.clock.today();
    const f = (name: string) => [...prefix, name];
    if (Temporal.Instant.compare(spec.endsAt, spec.startsAt) <= 0) {
      return fail('INVALID_INPUT', 'MT-1: endsAt must be after startsAt', f('endsAt'));
    }
    if (Temporal.Instant.compare(spec.startsAt, now) <= 0) {
      return fail('MEETING_IN_PAST', `MT-3: a call-in must be to a future time; ${formatLocal(spec.startsAt)} has passed`, f('startsAt'));
    }
    const sixteenMonth = spec.sixteenMonth ?? false;
    if (spec.type === 'JOINT_INTERVIEW') {
      // JI-1: joint interviews are for INSURED_UNEMPLOYED members of an a-kasse, and always called in.
      if (!isEligibleForJointInterview(citizen)) {
        return fail('NOT_ELIGIBLE_FOR_JOINT_INTERVIEW', citizen.targetGroup !== 'INSURED_UNEMPLOYED'
          ? `JI-1: joint interviews with the a-kasse are for INSURED_UNEMPLOYED; the citizen is ${citizen.targetGroup}`
          : 'JI-1: the citizen is not a member of an a-kasse, so there is no joint interview', f('type'));
      }
      // JI-7: the 16-month joint interview is held by personal attendance (000 2015-08-11).
      if (sixteenMonth && spec.form !== 'IN_PERSON') {
        return fail('SIXTEEN_MONTH_MUST_BE_IN_PERSON', `JI-7: the 16-month joint interview is held in person, not ${spec.form}`, f('form'));
      }
    } else if (sixteenMonth) {
      return fail('INVALID_INPUT', 'JI-7: sixteenMonth marks a JOINT_INTERVIEW only', f('sixteenMonth'));
    }
    if (blockedByLessIntensiveEffort(citizen, spec.type)) {
      return fail('LESS_INTENSIVE_EFFORT',
        'TG-5: the citizen is under less intensive effort (LAB § 106(1)) and has no duty to attend job interviews; record a § 106(3) justification first', f('type'));
    }
    const notice = assertCallInNotice(today, spec.startsAt, spec);
    if (!notice.ok) {
      return fail('CALL_IN_TOO_SOON',
        `MT-3: a digital call-in must be at least 8 days ahead, on ${notice.earliest} or later (this one is on ${notice.day}); ` +
        'mark it shortNotice or deliveredInPerson to call in sooner', f('startsAt'));
    }

    // DL-9: the meeting this call-in replaces.
    let replaced: Meeting | null = null;
    if (spec.replacesMeetingId) {
      if (spec.type === 'OTHER') {
        return fail('INVALID_INPUT', 'DL-9: an OTHER meeting does not replace a job interview; cancel it with cancelMeeting and choose what happens with the deadline (DL-12)', f('replacesMeetingId'));
      }
      replaced = await scope.db.findOne(Meeting, { where: { id: spec.replacesMeetingId, citizenId: citizen.id }, lock: { mode: 'pessimistic_write' } });
      if (!replaced) return fail('NOT_FOUND', `DL-9: the citizen has no meeting ${spec.replacesMeetingId}`, f('replacesMeetingId'));
      if (replaced.status !== 'PLANNED') return fail('NOT_PLANNED', `DL-9: the meeting to replace is already ${replaced.status}`, f('replacesMeetingId'));
      if (!ONE_PLANNED_TYPES.includes(replaced.type)) {
        return fail('INVALID_INPUT', `DL-9: only a planned job interview or follow-up can be replaced, not a ${replaced.type}`, f('replacesMeetingId'));
      }
    }

    // MT-2: one planned job interview or follow-up at a time; on the day of one, a new one may be called in.
    const newDay = localDay(spec.startsAt);
    if (ONE_PLANNED_TYPES.includes(spec.type)) {
      const clash = await this.booking.otherPlannedInterview(scope, citizen.id, today, replaced?.id);
      const sameDay = clash ?? (await scope.db.find(Meeting, { where: { citizenId: citizen.id, status: 'PLANNED', type: In([...ONE_PLANNED_TYPES]), localDay: newDay } }))
        .find((m) => m.id !== replaced?.id) ?? null;
      if (sameDay) {
        return fail('INTERVIEW_ALREADY_PLANNED',
          `MT-2: the citizen already has a ${sameDay.type === 'FOLLOW_UP' ? 'follow-up' : 'job interview'} planned at ${formatLocal(sameDay.startsAt)}; ` +
          'replace it (replacesMeetingId) or call in on the day of that meeting', f('startsAt'));
      }
    }

    // MT-7: never two meetings at overlapping times, whatever their types (the replaced meeting is cancelled below).
    const overlap = await findOverlappingMeeting(scope, citizen.id, { from: spec.startsAt, to: spec.endsAt }, [replaced?.id]);
    if (overlap) return fail('MEETING_OVERLAP', overlapMessage(overlap, spec.startsAt, 'the citizen'), f('startsAt'));

    let closedDeadline: Deadline | null = null;
    if (replaced) {
      await cancelPlannedMeeting(scope, citizen, replaced, `DL-9: replaced by a ${spec.type} call-in`);
      // DL-9 Beyond (000 2017-02-06): the deadline the replaced interview was booked for is closed in the same
      // operation, rather than left for the caseworker to remember. Decision: also when the replacement is a job
      // interview or follow-up — the citizen is now called in instead of self-booking for that deadline.
      const d = await activeDeadline(scope.db, citizen.id);
      if (d && d.meetingId === replaced.id) {
        closedDeadline = await closeDeadline(scope, d, 'CALLED_IN_INSTEAD', `DL-9: the booked interview was replaced by a ${spec.type} call-in`);
      }
    }
    if (spec.type === 'JOB_INTERVIEW' && !closedDeadline) {
      // Decision (DL-9): a called-in job interview takes the place of self-booking for an OPEN (or EXPIRED) deadline.
      // Left open, MT-2 would stop the citizen booking while the deadline ran out, and an INSURED_UNEMPLOYED citizen
      // would be deregistered (RG-1) despite the interview. A BOOKED deadline stays: it is fulfilled by its own interview.
      const d = await activeDeadline(scope.db, citizen.id);
      if (d) {
        const status = effectiveDeadlineStatus(d, today);
        if (status === 'OPEN' || status === 'EXPIRED') {
          closedDeadline = await closeDeadline(scope, d, 'CALLED_IN_INSTEAD', 'DL-9: the citizen was called in to a job interview instead');
        }
      }
    }

    const meeting = scope.db.create(Meeting, {
      citizenId: citizen.id,
      jobcenterId: citizen.jobcenterId,
      type: spec.type,
      // JI-1: joint interviews are always called in.
      origin: 'CALLED_IN',
      form: spec.form,
      startsAt: spec.startsAt,
      endsAt: spec.endsAt,
      localDay: newDay,
      status: 'PLANNED',
      slotId: null,
      deadlineId: null,
      shortNotice: spec.shortNotice ?? false,
      deliveredInPerson: spec.deliveredInPerson ?? false,
      // NS-2: sanctionable for these groups, whether called in or self-booked.
      sanctionable: isNoShowSanctionable(citizen.targetGroup),
      location: spec.location ?? null,
      caseworker: spec.caseworker ?? null,
      sixteenMonth,
      createdAt: now,
    });
    await scope.db.insert(Meeting, meeting);
    await recordMeetingHistory(scope, meeting.id, {
      action: 'CALLED_IN', toStatus: 'PLANNED',
      details: { shortNotice: meeting.shortNotice, deliveredInPerson: meeting.deliveredInPerson, replaces: replaced?.id ?? null, sixteenMonth },
    });
    const facts = { meetingId: meeting.id, type: meeting.type, form: meeting.form, startsAt: meeting.startsAt.toString(), location: meeting.location, shortNotice: meeting.shortNotice };
    // EV-1: the call-in is a letter on Jobnet; a joint interview is also reported to the a-kasse.
    await emitEvent(scope, spec.type === 'JOINT_INTERVIEW' ? 'JOINT_INTERVIEW_CALLED_IN' : 'MEETING_CALLED_IN', citizen, { ...facts, sixteenMonth });
    return ok({ meeting, replacedMeeting: replaced, closedDeadline });
  }

  /** DL-12: the jobcenter cancels a planned meeting and says what happens with the deadline it fulfils. */
  cancelMeeting(scope: Scope, input: CancelMeetingInput) {
    return cancelMeeting(scope, input);
  }

  // ─── registerMeetingHeld ───────────────────────────────────────────────────

  /** MT-5, DL-9, JI-3: register a meeting as held, from its start. */
  async registerMeetingHeld(scope: Scope, input: { meetingId: string; idempotencyKey?: string | null }): R<{ meeting: Meeting; closedDeadline: Deadline | null }> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(scope, { operation: 'registerMeetingHeld', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const found = await lockMeeting(scope, input.meetingId);
      if (!found) return fail('NOT_FOUND', `No meeting ${input.meetingId} in your jobcenter`, ['input', 'meetingId']);
      const { meeting, citizen } = found;
      if (meeting.status !== 'PLANNED') return fail('NOT_PLANNED', `MT-5: the meeting is already ${meeting.status}`, ['input', 'meetingId']);
      const now = scope.clock.now();
      if (Temporal.Instant.compare(meeting.startsAt, now) > 0) {
        return fail('MEETING_NOT_STARTED', `MT-5: the meeting starts ${formatLocal(meeting.startsAt)}; it can be registered as held from then`, ['input', 'meetingId']);
      }
      // JI-3: a joint interview stays JOINT_INTERVIEW and keeps its opt-out mark when held.
      await holdMeeting(scope, citizen, meeting);
      const closedDeadline = await this.closeDeadlineOnHeld(scope, citizen, meeting);
      return ok({ meeting, closedDeadline });
    });
  }

  /** DL-9: a held JOB_INTERVIEW closes the active deadline (INTERVIEW_HELD); other types do not (see closesOnHeld). */
  private async closeDeadlineOnHeld(scope: Scope, citizen: Citizen, meeting: Meeting): Promise<Deadline | null> {
    const d = await activeDeadline(scope.db, citizen.id);
    if (!d || !closesOnHeld(d, effectiveDeadlineStatus(d, scope.clock.today()), meeting)) return null;
    const kind = meeting.origin === 'WALK_IN' ? 'walk-in ' : meeting.firstContact ? 'first-contact ' : '';
    return closeDeadline(scope, d, 'INTERVIEW_HELD', `DL-9: ${kind}job interview held ${formatLocal(meeting.startsAt)}`);
  }

  // ─── registerNoShow ────────────────────────────────────────────────────────

  /**
   * NS-1 … NS-3: record a no-show (udeblivelse) and, in the same transaction, issue a new deadline or call
   * the citizen in — the citizen is never left without a deadline or a planned meeting. An invalid follow-up
   * rolls back everything, the no-show included.
   */
  async registerNoShow(scope: Scope, input: RegisterNoShowInput): R<NoShowRegistered> {
    requireJobcenterActor(scope.actor);
    if (input.followUp === 'NEW_DEADLINE' && !input.newDeadline) {
      return fail('INVALID_FOLLOW_UP', 'NS-1: followUp NEW_DEADLINE needs newDeadline { bookBy }', ['input', 'newDeadline']);
    }
    if (input.followUp === 'CALL_IN' && !input.callIn) {
      return fail('INVALID_FOLLOW_UP', 'NS-1: followUp CALL_IN needs callIn { startsAt, endsAt }', ['input', 'callIn']);
    }
    if (input.followUp === 'CALL_IN' && input.callIn!.type === 'OTHER') {
      return fail('INVALID_FOLLOW_UP', 'NS-1: call the citizen in to a job interview, follow-up or joint interview; an OTHER meeting does not replace the missed one', ['input', 'callIn', 'type']);
    }
    return runInTransaction(
      scope,
      {
        operation: 'registerNoShow', idempotencyKey: input.idempotencyKey, input,
        constraints: {
          [MT2_CONSTRAINT]: fail('INVALID_FOLLOW_UP', 'NS-1: MT-2: another job interview or follow-up was planned that day at the same moment; reload and try again', ['input', 'callIn', 'startsAt']),
          [MEETING_NO_OVERLAP]: fail('INVALID_FOLLOW_UP', `NS-1: ${OVERLAP_RACE_MSG}`, ['input', 'callIn', 'startsAt']),
        },
      },
      async (scope): R<NoShowRegistered> => {
        const found = await lockMeeting(scope, input.meetingId);
        if (!found) return fail('NOT_FOUND', `No meeting ${input.meetingId} in your jobcenter`, ['input', 'meetingId']);
        const { meeting, citizen } = found;
        if (meeting.status !== 'PLANNED') return fail('NOT_PLANNED', `MT-5: the meeting is already ${meeting.status}`, ['input', 'meetingId']);
        if (Temporal.Instant.compare(meeting.startsAt, scope.clock.now()) > 0) {
          return fail('MEETING_NOT_STARTED', 'MT-5: a no-show can be registered once the meeting has started', ['input', 'meetingId']);
        }
        // NS-2, NS-3: sanctionable for these groups; reported to the a-kasse for INSURED_UNEMPLOYED.
        await registerNoShowOf(scope, citizen, meeting, input.followUp);

        if (input.followUp === 'NEW_DEADLINE') {
          const issued = await this.deadlines.issueFor(scope, citizen, input.newDeadline!, { prefix: ['input', 'newDeadline'] });
          if (!issued.ok) return fail('INVALID_FOLLOW_UP', `NS-1: ${issued.message}`, issued.field);
          return ok({ meeting, newDeadline: issued.value.deadline, calledInMeeting: null });
        }

        // NS-1 CALL_IN: the deadline the missed interview was booked for must not stay active (it would read BOOKED
        // with a no-show, or reopen a booking duty the jobcenter has replaced by a call-in). Decision: close it with
        // CALLED_IN_INSTEAD — the jobcenter calls the citizen in instead of self-booking (000 2018-02-13).
        const active = await activeDeadline(scope.db, citizen.id);
        if (active && active.meetingId === meeting.id) {
          await closeDeadline(scope, active, 'CALLED_IN_INSTEAD', 'NS-1: no-show; the citizen is called in instead');
        }
        const c = input.callIn!;
        const called = await this.callInFor(scope, citizen, {
          type: c.type, form: c.form, startsAt: c.startsAt, endsAt: c.endsAt, shortNotice: c.shortNotice, location: c.location,
        }, ['input', 'callIn']);
        if (!called.ok) return fail('INVALID_FOLLOW_UP', `NS-1: ${called.message}`, called.field);
        return ok({ meeting, newDeadline: null, calledInMeeting: called.value.meeting });
      },
    );
  }

  // ─── registerWalkInInterview ───────────────────────────────────────────────

  /**
   * MT-4 (003 2.6): the citizen turned up (or phoned while in an offer) and the job interview was held at once.
   * With `firstContact` (ST-3, 003 2.1) it was held at once at the citizen's first contact and counts as called in
   * (origin CALLED_IN, marked firstContact); otherwise it is a walk-in.
   * Registered as a HELD JOB_INTERVIEW with origin WALK_IN (counts as self-booked); closes the active deadline
   * (DL-9); re-registers a citizen deregistered for a missed deadline; reports contact after a no-show (NS-3).
   */
  async registerWalkInInterview(scope: Scope, input: RegisterWalkInInput): R<{ meeting: Meeting; closedDeadline: Deadline | null; reregistered: boolean }> {
    requireJobcenterActor(scope.actor);
    const minutes = input.durationMinutes ?? 30;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > WALK_IN_MAX_MINUTES) {
      return fail('INVALID_INPUT', `MT-4: durationMinutes must be 1–${WALK_IN_MAX_MINUTES}`, ['input', 'durationMinutes']);
    }
    if (input.form === 'VIDEO') {
      return fail('INVALID_INPUT', 'MT-4: a walk-in interview is held in person or by phone (003 2.6)', ['input', 'form']);
    }
    return runInTransaction(scope, {
      operation: 'registerWalkInInterview', idempotencyKey: input.idempotencyKey, input,
      // MT-8: two identical submissions at once (no idempotency key): the constraint lets one through.
      constraints: { [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', 'MT-8: this visit was registered at the same moment by another submission; it is registered once — reload the citizen\'s meetings', ['input', 'startsAt']) },
    }, async (scope) => {
      const locked = await lockCitizenFor(scope, input.citizenId);
      if (!locked) return fail('NOT_FOUND', `No citizen ${input.citizenId} in your jobcenter`, ['input', 'citizenId']);
      // RG-1 before the daily run: a walk-in the day after bookBy first deregisters (the a-kasse is told), and then
      // re-registers below (MT-4), rather than silently skipping both.
      await runTransitionsForCitizen(scope.db, locked.id, { date: scope.clock.today(), now: scope.clock.now() });
      const citizen = await scope.db.findOneByOrFail(Citizen, { id: locked.id });
      // MT-4: for citizens with the duty to self-book (003 2.6). Decision: also SICKNESS_BENEFIT (own duty) and
      // voluntary self-bookers (TG-2) — the citizens who may hold a deadline — since the walk-in stands in for a booking.
      if (!hasSelfBookingDuty(citizen.targetGroup) && citizen.targetGroup !== 'SICKNESS_BENEFIT' && !citizen.voluntarySelfBooking) {
        return fail('NO_SELF_BOOKING_DUTY', `MT-4: ${citizen.targetGroup} has no duty to self-book; call the citizen in or register the meeting otherwise`, ['input', 'citizenId']);
      }
      const now = scope.clock.now();
      const startsAt = input.startsAt ?? now;
      if (Temporal.Instant.compare(startsAt, now) > 0) {
        return fail('INVALID_INPUT', 'MT-4: a walk-in interview is registered once held; startsAt cannot be in the future', ['input', 'startsAt']);
      }
      const today = scope.clock.today();
      // ST-3 (003 2.1): held at once at the first contact, the interview counts as called in, not as a walk-in.
      const firstContact = input.firstContact ?? false;
      const origin = firstContact ? 'CALLED_IN' : 'WALK_IN';
      // MT-7/MT-8: one visit is registered once, and never inside another meeting of the citizen.
      const overlap = await findOverlappingMeeting(scope, citizen.id, { from: startsAt, to: startsAt.add({ minutes }) });
      if (overlap) {
        return fail('MEETING_OVERLAP', overlapMessage(overlap, startsAt, 'the citizen', { visit: { type: 'JOB_INTERVIEW', origin } }), ['input', 'startsAt']);
      }
      if (firstContact) {
        // ST-3 Decision: a citizen who already had a meeting held has been in contact with the jobcenter, so a later
        // interview is not the first contact; it is a walk-in (MT-4) or a call-in registered as held (MT-5).
        const earlier = await scope.db.findOne(Meeting, { where: { citizenId: citizen.id, status: 'HELD' }, order: { startsAt: 'ASC' } });
        if (earlier) {
          return fail('NOT_FIRST_CONTACT',
            `ST-3: the citizen already had a held ${earlier.type.toLowerCase().replace('_', ' ')} on ${formatLocal(earlier.startsAt)} (meeting ${earlier.id}), so this is not their first contact; register it as a walk-in (firstContact false)`,
            ['input', 'firstContact']);
        }
      }

      // MT-4 / RG (003 2.6): an INSURED_UNEMPLOYED deregistered for a missed deadline is re-registered by the same
      // operation. Only then; a citizen deregistered for other reasons (sickness: RG-8) keeps their registration state.
      let reregistered = false;
      if (!citizen.registered) {
        const last = await scope.db.findOne(RegistrationPeriod, { where: { citizenId: citizen.id }, order: { registeredFrom: 'DESC', deregisteredFrom: { direction: 'DESC', nulls: 'FIRST' } } });
        if (last && last.deregisteredFrom && last.deregistrationReason === 'MISSED_DEADLINE') {
          await scope.db.insert(RegistrationPeriod, {
            citizenId: citizen.id, registeredFrom: today, registeredVia: 'WALK_IN', deregisteredFrom: null, deregistrationReason: null, systemOutage: false,
          });
          await scope.db.update(Citizen, { id: citizen.id }, { registered: true });
          citizen.registered = true;
          reregistered = true;
          // RG-3: re-registering on the day the deregistration takes effect has no consequence for benefit.
          await emitEvent(scope, 'REREGISTERED', citizen, {
            via: 'WALK_IN', deregisteredFrom: last.deregisteredFrom.toString(), reregisteredOn: today.toString(),
            benefitGapDays: benefitGapDays(last.deregisteredFrom, today), systemOutage: last.systemOutage,
          });
        }
      }

      const meeting = scope.db.create(Meeting, {
        citizenId: citizen.id,
        jobcenterId: citizen.jobcenterId,
        type: 'JOB_INTERVIEW',
        origin,
        firstContact,
        form: input.form,
        startsAt,
        endsAt: startsAt.add({ minutes }),
        localDay: localDay(startsAt),
        status: 'HELD',
        slotId: null,
        deadlineId: null,
        shortNotice: false,
        deliveredInPerson: false,
        sanctionable: isNoShowSanctionable(citizen.targetGroup),
        location: null,
        caseworker: scope.actor.kind === 'CASEWORKER' ? scope.actor.userId : null,
        outcomeRegisteredAt: now,
        createdAt: now,
      });
      await scope.db.insert(Meeting, meeting);
      const closedDeadline = await this.closeDeadlineOnHeld(scope, citizen, meeting);
      if (closedDeadline) {
        meeting.deadlineId = closedDeadline.id;
        await scope.db.update(Meeting, { id: meeting.id }, { deadlineId: closedDeadline.id });
      }
      await recordMeetingHistory(scope, meeting.id, {
        action: firstContact ? 'FIRST_CONTACT_HELD' : 'WALK_IN_HELD', toStatus: 'HELD',
        reason: firstContact ? 'ST-3: held at once at the first contact; counts as called in (003 2.1)' : null,
        details: { reregistered, closedDeadlineId: closedDeadline?.id ?? null },
      });
      await emitEvent(scope, 'MEETING_HELD', citizen, {
        meetingId: meeting.id, type: meeting.type, origin, startsAt: startsAt.toString(), ...(firstContact ? { firstContact } : {}),
      });
      // NS-3: turning up after a no-show is "contact after no-show" for the a-kasse.
      await this.booking.reportContactAfterNoShow(scope, citizen, meeting);
      return ok({ meeting, closedDeadline, reregistered });
    });
  }

  // ─── joint interviews ──────────────────────────────────────────────────────

  /**
   * JI-2, JI-3: the citizen opted out of the a-kasse's participation in one joint interview. Registered by the
   * jobcenter or the citizen's a-kasse, never by the citizen; the meeting keeps its type and stays called in.
   */
  async registerJointInterviewOptOut(scope: Scope, input: { meetingId: string; idempotencyKey?: string | null }): R<{ meeting: Meeting }> {
    requireJobcenterOrFundActor(scope.actor);
    return runInTransaction(scope, { operation: 'registerJointInterviewOptOut', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const found = await this.lockJointInterview(scope, input.meetingId);
      if (!found.ok) return found;
      const { meeting, citizen } = found.value;
      // Registering the same opt-out again changes nothing (no second event for the a-kasse).
      if (meeting.fundOptOut) return ok({ meeting });
      const now = scope.clock.now();
      const by = actorLabel(scope.actor);
      Object.assign(meeting, { fundOptOut: true, fundOptOutRegisteredBy: by, fundOptOutRegisteredAt: now });
      await scope.db.update(Meeting, { id: meeting.id }, { fundOptOut: true, fundOptOutRegisteredBy: by, fundOptOutRegisteredAt: now });
      await recordMeetingHistory(scope, meeting.id, { action: 'FUND_OPT_OUT', reason: 'JI-2: the citizen opted out of the a-kasse\'s participation in this joint interview' });
      // JI-4: both the jobcenter and the a-kasse see it.
      await emitEvent(scope, 'JOINT_INTERVIEW_OPT_OUT', citizen, { meetingId: meeting.id, startsAt: meeting.startsAt.toString(), registeredBy: by });
      return ok({ meeting });
    });
  }

  /** JI-5, JI-6, JI-7: the a-kasse's participation decision for a joint interview (recorded by it or the jobcenter). */
  async recordUnemploymentFundParticipation(scope: Scope, input: RecordFundParticipationInput): R<{ meeting: Meeting }> {
    requireJobcenterOrFundActor(scope.actor);
    return runInTransaction(scope, { operation: 'recordUnemploymentFundParticipation', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const found = await this.lockJointInterview(scope, input.meetingId);
      if (!found.ok) return found;
      const { meeting, citizen } = found.value;
      const reason = input.reason?.trim() || null;
      const citizenRequestsInPerson = input.citizenRequestsInPerson ?? meeting.citizenRequestsFundInPerson;
      let form: 'IN_PERSON' | 'VIDEO' | null = null;
      if (input.participation === 'PARTICIPATES') {
        if (meeting.fundOptOut) {
          return fail('CITIZEN_OPTED_OUT', 'JI-2: the citizen opted out of the a-kasse\'s participation in this joint interview', ['input', 'participation']);
        }
        const decided = fundParticipationForm(input.form, { citizenRequestsInPerson, sixteenMonth: meeting.sixteenMonth });
        if (!decided.ok) {
          return decided.rule === 'JI-7'
            ? fail('SIXTEEN_MONTH_MUST_BE_IN_PERSON', 'JI-7: the a-kasse takes part in the 16-month joint interview in person', ['input', 'form'])
            : fail('INVALID_INPUT', 'JI-6: the citizen asked for the a-kasse to take part in person, not by video', ['input', 'form']);
        }
        form = decided.form;
      } else {
        if (input.form) return fail('INVALID_INPUT', 'JI-5: a form goes with PARTICIPATES only', ['input', 'form']);
        // JI-5 (003 1.1.1): at the first joint interview the a-kasse takes part "if the jobcenter or the citizen asks".
        // Decision: the citizen's later opt-out (JI-2) is their own choice for this meeting and prevails.
        if (meeting.fundRequestedBy && !meeting.fundOptOut) {
          return fail('FUND_PARTICIPATION_REQUESTED',
            `JI-5: the ${meeting.fundRequestedBy === 'CITIZEN' ? 'citizen' : 'jobcenter'} asked that the a-kasse take part in this first joint interview (recorded ${meeting.fundRequestRecordedAt!.toString()}); the a-kasse cannot decide not to take part while the request stands`,
            ['input', 'participation']);
        }
        // JI-5 Decision: not taking part is recorded with its reason (the a-kasse is expected to take part in the second).
        if (!reason && !meeting.fundOptOut) return fail('INVALID_INPUT', 'JI-5: say why the a-kasse does not take part', ['input', 'reason']);
      }
      const change = { fundParticipation: input.participation, fundParticipationForm: form, fundParticipationReason: reason, citizenRequestsFundInPerson: citizenRequestsInPerson };
      Object.assign(meeting, change);
      await scope.db.update(Meeting, { id: meeting.id }, change);
      await recordMeetingHistory(scope, meeting.id, {
        action: 'FUND_DECISION', reason: reason ? `JI-5: ${reason}` : null,
        details: { participation: input.participation, form, citizenRequestsInPerson },
      });
      await emitEvent(scope, 'JOINT_INTERVIEW_FUND_DECISION', citizen, { meetingId: meeting.id, participation: input.participation, form, reason });
      return ok({ meeting });
    });
  }

  /**
   * JI-5 (003 1.1.1): the jobcenter records its own or the citizen's request that the a-kasse take part in the first
   * joint interview (or withdraws it). Decision: the request is recorded on the planned first joint interview — the
   * one with no joint interview of the citizen held before it — since it is for that meeting; a decision not to take
   * part made before the request is cleared, so the a-kasse decides again (now only to take part).
   */
  async requestUnemploymentFundParticipation(
    scope: Scope, input: { meetingId: string; requestedBy: 'JOBCENTER' | 'CITIZEN'; withdraw: boolean; idempotencyKey?: string | null },
  ): R<{ meeting: Meeting }> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(scope, { operation: 'requestUnemploymentFundParticipation', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const found = await this.lockJointInterview(scope, input.meetingId);
      if (!found.ok) return found;
      const { meeting } = found.value;
      const heldBefore = await scope.db.createQueryBuilder(Meeting, 'm')
        .where('m.citizen_id = :c AND m.type = :t AND m.status = :s AND m.id <> :id', { c: meeting.citizenId, t: 'JOINT_INTERVIEW', s: 'HELD', id: meeting.id })
        .andWhere('m.starts_at < :at', { at: new Date(meeting.startsAt.epochMilliseconds) }).getCount();
      if (heldBefore > 0) {
        return fail('NOT_FIRST_JOINT_INTERVIEW', 'JI-5: the request concerns the first joint interview; at the second the a-kasse is expected to take part anyway', ['input', 'meetingId']);
      }
      if (input.withdraw) {
        if (meeting.fundRequestedBy !== input.requestedBy) {
          return fail('INVALID_INPUT', `JI-5: no standing request by the ${input.requestedBy === 'CITIZEN' ? 'citizen' : 'jobcenter'} to withdraw`, ['input', 'requestedBy']);
        }
        const change = { fundRequestedBy: null, fundRequestRecordedBy: null, fundRequestRecordedAt: null };
        Object.assign(meeting, change);
        await scope.db.update(Meeting, { id: meeting.id }, change);
        await recordMeetingHistory(scope, meeting.id, { action: 'FUND_REQUEST_WITHDRAWN', reason: `JI-5: the ${input.requestedBy === 'CITIZEN' ? 'citizen' : 'jobcenter'} withdrew the request that the a-kasse take part` });
        return ok({ meeting });
      }
      if (meeting.fundOptOut) {
        return fail('CITIZEN_OPTED_OUT', 'JI-2: the citizen opted out of the a-kasse\'s participation in this joint interview', ['input', 'meetingId']);
      }
      // The same request again changes nothing.
      if (meeting.fundRequestedBy === input.requestedBy) return ok({ meeting });
      const change = {
        fundRequestedBy: input.requestedBy, fundRequestRecordedBy: actorLabel(scope.actor), fundRequestRecordedAt: scope.clock.now(),
        ...(meeting.fundParticipation === 'DOES_NOT_PARTICIPATE' ? { fundParticipation: null, fundParticipationReason: null } : {}),
      };
      Object.assign(meeting, change);
      await scope.db.update(Meeting, { id: meeting.id }, change);
      await recordMeetingHistory(scope, meeting.id, {
        action: 'FUND_REQUESTED', reason: `JI-5: the ${input.requestedBy === 'CITIZEN' ? 'citizen' : 'jobcenter'} asked that the a-kasse take part in the first joint interview`,
        details: { requestedBy: input.requestedBy },
      });
      return ok({ meeting });
    });
  }

  /** A planned joint interview the actor may act on: NOT_FOUND outside the jobcenter / a-kasse's members (JI-4). */
  private async lockJointInterview(scope: Scope, meetingId: string): R<{ meeting: Meeting; citizen: Citizen }> {
    const found = await lockMeeting(scope, meetingId);
    if (!found) return fail('NOT_FOUND', `No meeting ${meetingId} for one of your citizens or members`, ['input', 'meetingId']);
    if (found.meeting.type !== 'JOINT_INTERVIEW') return fail('NOT_A_JOINT_INTERVIEW', `JI-2: the meeting is a ${found.meeting.type}, not a joint interview`, ['input', 'meetingId']);
    if (found.meeting.status !== 'PLANNED') return fail('NOT_PLANNED', `JI-2: the joint interview is already ${found.meeting.status}`, ['input', 'meetingId']);
    return ok(found);
  }
}
