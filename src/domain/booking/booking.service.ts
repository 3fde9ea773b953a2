import { Temporal } from 'temporal-polyfill';
import { In, Not } from 'typeorm';
import { Citizen, Deadline, Holiday, Jobcenter, Meeting, type RegistrationPeriod, Slot } from '../../entities';
import type { HolidayPeriod } from '../deadline/holiday.rules';
import { requireCitizenActor } from '../shared/access';
import { lockCitizenFor } from '../shared/citizen-access';
import { formatLocal, localDay, startOfDay } from '../shared/dates';
import { isNoShowSanctionable } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { recordMeetingHistory } from '../shared/history';
import { type Failure, type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { NO_SLOTS_CONFLICT_TARGET } from '../../db/migrations/1700001000000-no-slots-message-once';
import { runTransitionsForCitizen } from '../lifecycle/transitions';
import { immediateBookingWindowFrom, immediateBookingWindowOf } from '../registration/immediate-booking';
import { MEETING_NO_OVERLAP } from '../../db/migrations/1700004000000-meeting-no-overlap';
import { OVERLAP_RACE_MSG, overlapMessage } from '../meeting/meeting.rules';
import { findOverlappingMeeting, slotBusyTime } from '../meeting/meeting-overlap';
import {
  BOOKABLE_SLOTS_MAX, type BookingWindow, IMMEDIATE_BOOKING_MAX_SLOTS, type NoWindowReason, SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL, bookingWindowFor, isPastRebookingCutoff,
  noSlotsMessage, plannedInterviewClash, rebookingCutoff, rebookingLastDay, slotIsInFuture, slotWithinWindow,
} from './booking.rules';
import type { BookSlotErrorCode } from '../../generated/enums';
import { activeDeadline } from '../deadline/deadline.queries';
import { book as bookDeadline, rebook as rebookDeadline } from '../deadline/deadline.transitions';

/** A citizen's rows as the request already reads them (its DataLoaders), so a read costs no extra statements. */
export interface CitizenRowsSource {
  activeDeadline(): Promise<Deadline | null>;
  registrationPeriods(): Promise<readonly RegistrationPeriod[]>;
  holidays(): Promise<readonly HolidayPeriod[]>;
}

export interface BookSlotInput {
  slotId: string;
  idempotencyKey?: string | null;
}

export interface RebookMeetingInput {
  meetingId: string;
  slotId: string;
  idempotencyKey?: string | null;
}

export interface Booked {
  meeting: Meeting;
  deadline: Deadline;
}

export interface Rebooked {
  meeting: Meeting;
}

/** The slots a citizen may book, or the explicit SL-5 state. */
export interface BookableSlotsView {
  slots: Slot[];
  noSlotsAvailable: boolean;
  message: string | null;
  immediateBooking: boolean;
  windowFrom: BookingWindow['from'] | null;
  windowTo: BookingWindow['to'] | null;
}

const SLOT_TAKEN_MSG = 'SL-3: another citizen booked this slot first; choose another time';
const SAME_DAY_MSG = 'MT-2: you already have a job interview planned that day';

/** A lost race on these constraints answers like the pre-check (SL-3, MT-2), never as an internal error. */
const BOOKING_CONSTRAINTS = {
  meeting_one_booking_per_slot: fail('SLOT_TAKEN', SLOT_TAKEN_MSG, ['input', 'slotId']),
  meeting_one_planned_interview_per_day: fail('INTERVIEW_ALREADY_PLANNED', SAME_DAY_MSG, ['input', 'slotId']),
  [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', OVERLAP_RACE_MSG, ['input', 'slotId']),
};

const NO_WINDOW_MESSAGE: Record<NoWindowReason, string> = {
  NO_DEADLINE: 'SL-2: you have no open deadline to book an interview for',
  NOT_YET_AVAILABLE: 'SL-2: your deadline is not open for booking yet',
  ALREADY_BOOKED: 'SL-2: your deadline is already booked; use rebookMeeting to move the interview',
  NOT_OPEN: 'SL-2: you have no open deadline to book an interview for',
};

export class BookingService {
  /** SL-2, SL-3, SL-6, SL-7, MT-2, RG-4, NS-3: the citizen books a free slot for their deadline. */
  async bookSlot(scope: Scope, input: BookSlotInput): Promise<Result<Booked, BookSlotErrorCode>> {
    const actor = requireCitizenActor(scope.actor);
    return runInTransaction(
      scope,
      { operation: 'bookSlot', idempotencyKey: input.idempotencyKey, input, constraints: BOOKING_CONSTRAINTS },
      async (scope) => {
        const citizen = await lockCitizenFor(scope, actor.citizenId);
        if (!citizen) return fail('NOT_FOUND', 'SL-2: citizen not found', ['input']);
        return this.bookFor(scope, citizen, input.slotId);
      },
    );
  }

  /**
   * Books `slotId` for the (already locked) citizen inside the caller's transaction. Exposed so that an
   * operation that demands an immediate booking as part of something else (RG-5 re-registration) books
   * under exactly the same rules.
   */
  async bookFor(
    scope: Scope, citizen: Citizen, slotId: string, field = ['input', 'slotId'],
    opts: { atReregistration?: boolean } = {},
  ): Promise<Result<Booked, BookSlotErrorCode>> {
    const refused = selfBookingRefusal(citizen, field);
    if (refused) return refused;

    const today = scope.clock.today();
    const now = scope.clock.now();
    const lockedDeadline = () => activeDeadline(scope.db, citizen.id, { lock: true });
    let deadline = await lockedDeadline();
    const holidays = await scope.db.findBy(Holiday, { citizenId: citizen.id });
    let w = bookingWindowFor(deadline, today, holidays);
    if (w.ok && w.status === 'EXPIRED') {
      // RG-1/LP: before the daily run has stored what an expired deadline causes, bring the citizen to today's
      // state first, so a booking never slips past a deregistration the a-kasse must be told about.
      await runTransitionsForCitizen(scope.db, citizen.id, { date: today, now });
      Object.assign(citizen, await scope.db.findOneByOrFail(Citizen, { id: citizen.id }));
      deadline = await lockedDeadline();
      w = bookingWindowFor(deadline, today, holidays);
    }
    // TG-4: JOB_CLARIFICATION persons are not registered as job seekers at all.
    if (!citizen.registered && citizen.targetGroup !== 'JOB_CLARIFICATION') {
      return fail('REREGISTRATION_REQUIRED',
        'RG-5/RG-8: you are deregistered as job seeker; re-register (reregister with this slotId) or report recovery first', field);
    }
    if (!w.ok || !deadline) return fail('NO_OPEN_DEADLINE', NO_WINDOW_MESSAGE[w.ok ? 'NO_DEADLINE' : w.reason], field);
    const { status } = w;
    let { window } = w;
    // RG-5/RG-6/RG-8: at the next login after a re-registration without a booking the citizen books within 10 days;
    // at the re-registration itself (on Jobnet, with the booking) from the near days.
    if (status === 'EXPIRED' && !opts.atReregistration) window = (await immediateBookingWindowOf(scope.db, citizen, today)) ?? window;

    const checked = await this.lockFreeSlot(scope, citizen, slotId, now, field);
    if (!checked.ok) return checked;
    const slot = checked.value;
    const day = localDay(slot.startsAt);
    if (!slotWithinWindow(slot.startsAt, window)) {
      return fail('SLOT_OUTSIDE_DEADLINE', window.immediate
        ? `RG-4: an immediate booking must be a slot on or before ${window.to}; this slot is on ${day}`
        : `SL-2: the interview must be held by the deadline's latest interview date ${window.to} (DL-3); this slot is on ${day}`, field);
    }
    const clash = await this.otherPlannedInterview(scope, citizen.id, today, undefined, day);
    if (clash) return fail('INTERVIEW_ALREADY_PLANNED', clashMessage(clash), field);
    const overlap = await findOverlappingMeeting(scope, citizen.id, slotBusyTime(slot));
    if (overlap) return fail('MEETING_OVERLAP', overlapMessage(overlap, slot.startsAt, 'you'), field);

    const meeting = await this.insertBookedMeeting(scope, citizen, slot, deadline.id, now);
    await recordMeetingHistory(scope, meeting.id, { action: 'BOOKED', toStatus: 'PLANNED', details: { slotId: slot.id, immediate: window.immediate } });
    await bookDeadline(scope, deadline, meeting, status, window.immediate);
    await emitEvent(scope, 'INTERVIEW_BOOKED', citizen, { meetingId: meeting.id, startsAt: slot.startsAt.toString(), immediate: window.immediate });
    await this.reportContactAfterNoShow(scope, citizen, meeting);
    return ok({ meeting, deadline });
  }

  /**
   * SL-4 (003 2.4): the citizen moves their planned, self-booked job interview to another free slot, under the
   * SL-2 conditions of the deadline it fulfils and before the jobcenter's rebooking cutoff. The old meeting is
   * CANCELLED (its slot freed), a new PLANNED meeting takes its place, and the deadline points to it.
   */
  async rebookMeeting(scope: Scope, input: RebookMeetingInput): Promise<Result<Rebooked, BookSlotErrorCode>> {
    const actor = requireCitizenActor(scope.actor);
    return runInTransaction(
      scope,
      { operation: 'rebookMeeting', idempotencyKey: input.idempotencyKey, input, constraints: BOOKING_CONSTRAINTS },
      async (scope) => {
        const citizen = await lockCitizenFor(scope, actor.citizenId);
        if (!citizen) return fail('NOT_FOUND', 'SL-4: citizen not found', ['input']);
        return this.rebookFor(scope, citizen, input);
      },
    );
  }

  private async rebookFor(scope: Scope, citizen: Citizen, input: RebookMeetingInput): Promise<Result<Rebooked, BookSlotErrorCode>> {
    const slotField = ['input', 'slotId'];
    const meetingField = ['input', 'meetingId'];
    const refused = selfBookingRefusal(citizen, slotField);
    if (refused) return refused;
    const now = scope.clock.now();
    const today = scope.clock.today();

    const old = await scope.db.findOne(Meeting, { where: { id: input.meetingId, citizenId: citizen.id }, lock: { mode: 'pessimistic_write' } });
    if (!old) return fail('NOT_FOUND', `SL-4: you have no meeting ${input.meetingId}`, meetingField);
    if (old.status !== 'PLANNED' || old.type !== 'JOB_INTERVIEW' || old.origin !== 'SELF_BOOKED') {
      return fail('NOT_REBOOKABLE', `SL-4: only a planned, self-booked job interview can be rebooked; this is a ${old.status.toLowerCase()} ${old.origin === 'SELF_BOOKED' ? 'self-booked' : old.origin.toLowerCase().replace('_', '-')} ${old.type.toLowerCase().replace('_', ' ')}`, meetingField);
    }
    const jobcenter = await scope.db.findOneByOrFail(Jobcenter, { id: citizen.jobcenterId });
    if (isPastRebookingCutoff(now, old.startsAt, jobcenter.rebookingCutoffHours)) {
      const cutoff = rebookingCutoff(old.startsAt, jobcenter.rebookingCutoffHours)!;
      return fail('REBOOKING_CUTOFF_PASSED',
        `SL-4: rebooking closed at ${formatLocal(cutoff)}, ${jobcenter.rebookingCutoffHours} hours before the interview at ${formatLocal(old.startsAt)}; contact the jobcenter to move it`,
        meetingField);
    }
    if (Temporal.Instant.compare(old.startsAt, now) <= 0) {
      return fail('NOT_REBOOKABLE', `SL-4: the interview started at ${formatLocal(old.startsAt)} and can no longer be rebooked`, meetingField);
    }
    const deadline = old.deadlineId
      ? await scope.db.findOne(Deadline, { where: { id: old.deadlineId }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!deadline || deadline.status !== 'BOOKED' || deadline.meetingId !== old.id) {
      return fail('NOT_REBOOKABLE', 'SL-4: this interview no longer fulfils a booked deadline; contact the jobcenter to move it', meetingField);
    }
    if (input.slotId === old.slotId) return fail('INVALID_INPUT', 'SL-4: the interview is already booked at this slot; choose another time', slotField);

    const checked = await this.lockFreeSlot(scope, citizen, input.slotId, now, slotField);
    if (!checked.ok) return checked;
    const slot = checked.value;
    const day = localDay(slot.startsAt);
    const lastDay = rebookingLastDay(deadline.latestInterviewDate, old.localDay);
    if (!slotWithinWindow(slot.startsAt, { to: lastDay })) {
      return fail('SLOT_OUTSIDE_DEADLINE',
        `SL-4: a rebooked interview must still be held by ${lastDay} (the deadline's latest interview date, DL-3); this slot is on ${day}`, slotField);
    }
    const clash = await this.otherPlannedInterview(scope, citizen.id, today, old.id, day);
    if (clash) return fail('INTERVIEW_ALREADY_PLANNED', clashMessage(clash), slotField);
    const overlap = await findOverlappingMeeting(scope, citizen.id, slotBusyTime(slot), [old.id]);
    if (overlap) return fail('MEETING_OVERLAP', overlapMessage(overlap, slot.startsAt, 'you'), slotField);

    // Cancel first: the freed day and slot are then available to the new meeting under the partial unique indexes.
    await scope.db.update(Meeting, { id: old.id }, { status: 'CANCELLED', cancelReason: 'REBOOKED', outcomeRegisteredAt: now });
    const meeting = await this.insertBookedMeeting(scope, citizen, slot, deadline.id, now);
    await recordMeetingHistory(scope, old.id, {
      action: 'REBOOKED', fromStatus: 'PLANNED', toStatus: 'CANCELLED', reason: 'SL-4: rebooked by the citizen',
      details: { toMeetingId: meeting.id, fromSlotId: old.slotId, toSlotId: slot.id },
    });
    await recordMeetingHistory(scope, meeting.id, {
      action: 'BOOKED', toStatus: 'PLANNED', reason: 'SL-4: rebooked by the citizen',
      details: { slotId: slot.id, rebookedFromMeetingId: old.id },
    });
    await rebookDeadline(scope, deadline, old.id, meeting.id);
    await emitEvent(scope, 'INTERVIEW_REBOOKED', citizen, {
      fromMeetingId: old.id, meetingId: meeting.id, fromStartsAt: old.startsAt.toString(), startsAt: slot.startsAt.toString(),
    });
    return ok({ meeting });
  }

  /**
   * SL-2/SL-3: locks the slot and checks it is the citizen's jobcenter's, not withdrawn, not begun and free.
   * Concurrent bookers of one slot queue on the row lock, and the loser then sees the winner's booking.
   */
  private async lockFreeSlot(scope: Scope, citizen: Citizen, slotId: string, now: Temporal.Instant, field: string[]): Promise<Result<Slot, BookSlotErrorCode>> {
    const slot = await scope.db.findOne(Slot, { where: { id: slotId }, lock: { mode: 'pessimistic_write' } });
    // Another jobcenter's slot reads as not found, so citizens cannot probe other jobcenters.
    if (!slot || slot.jobcenterId !== citizen.jobcenterId) return fail('NOT_FOUND', `SL-2: no slot ${slotId} at your jobcenter`, field);
    if (slot.kind === 'OTHER') {
      return fail('INVALID_INPUT', 'MT-6: this slot is for another meeting than a job interview; book it against the jobcenter\'s offer (bookOtherMeeting)', field);
    }
    if (slot.withdrawnAt) return fail('SLOT_WITHDRAWN', 'SL-2: the jobcenter withdrew this slot; choose another time', field);
    if (!slotIsInFuture(slot, now)) return fail('SLOT_IN_PAST', `SL-2: the slot began at ${formatLocal(slot.groupStartsAt ?? slot.startsAt)}; choose a later time`, field);
    const taken = await scope.db.exists(Meeting, { where: { slotId: slot.id, status: Not('CANCELLED') } });
    if (taken) return fail('SLOT_TAKEN', SLOT_TAKEN_MSG, field);
    return ok(slot);
  }

  /** SL-1/SL-6: the booked meeting is a self-booked JOB_INTERVIEW in the slot's form, whatever the form. */
  private async insertBookedMeeting(scope: Scope, citizen: Citizen, slot: Slot, deadlineId: string, now: Temporal.Instant): Promise<Meeting> {
    const meeting = scope.db.create(Meeting, {
      citizenId: citizen.id,
      jobcenterId: citizen.jobcenterId,
      type: 'JOB_INTERVIEW',
      origin: 'SELF_BOOKED',
      form: slot.form,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      // MT-7: the group part and the individual part are one booking; the citizen is busy from the group part.
      groupStartsAt: slot.groupStartsAt,
      localDay: localDay(slot.startsAt),
      status: 'PLANNED',
      slotId: slot.id,
      deadlineId,
      // NS-2: a no-show from a self-booked meeting is sanctionable like a called-in one for these groups.
      sanctionable: isNoShowSanctionable(citizen.targetGroup),
      location: slot.location,
      caseworker: slot.caseworker,
      createdAt: now,
    });
    await scope.db.insert(Meeting, meeting);
    return meeting;
  }

  /**
   * MT-2: another PLANNED job interview or follow-up that blocks a new one, unless it is on today's date
   * (the exception). With `newDay`, one on the new interview's day blocks too (never two on one day).
   */
  async otherPlannedInterview(
    scope: Scope, citizenId: string, today: Temporal.PlainDate, excludeMeetingId?: string, newDay?: Temporal.PlainDate,
  ): Promise<Meeting | null> {
    const planned = await scope.db.find(Meeting, { where: { citizenId, status: 'PLANNED', type: In(['JOB_INTERVIEW', 'FOLLOW_UP']) } });
    return plannedInterviewClash(planned, today, newDay, excludeMeetingId) ?? null;
  }

  /**
   * MT-7: a PLANNED or HELD meeting of the citizen, of any type, that overlaps `time` (not one of `exceptIds`). The
   * service checks first for a message naming the meeting; the exclusion constraint `meeting_no_overlap` makes it
   * race-safe (migration 1700004000000).
   */

  /**
   * NS-3: for INSURED_UNEMPLOYED, a self-booking (or walk-in) after a no-show is "contact after no-show"
   * (henvendelse efter udeblivelse), reported to the a-kasse once per no-show.
   */
  async reportContactAfterNoShow(scope: Scope, citizen: Citizen, meeting: Meeting): Promise<void> {
    if (citizen.targetGroup !== 'INSURED_UNEMPLOYED') return;
    const rows: { pending: boolean }[] = await scope.db.query(
      `SELECT EXISTS (
         SELECT 1 FROM meeting m
          WHERE m.citizen_id = $1 AND m.status = 'NO_SHOW'
            AND m.outcome_registered_at > COALESCE(
              (SELECT max(e.occurred_at) FROM domain_event e WHERE e.citizen_id = $1 AND e.type = 'CONTACT_AFTER_NO_SHOW'),
              '-infinity')) AS pending`,
      [citizen.id],
    );
    if (rows[0]?.pending) {
      await emitEvent(scope, 'CONTACT_AFTER_NO_SHOW', citizen, { meetingId: meeting.id, origin: meeting.origin });
    }
  }

  /** SL-2, SL-5, RG-4: the slots this citizen may book now, or the explicit "no slots" state. */
  async bookableSlots(scope: Scope, citizen: Citizen, first: number, rows?: CitizenRowsSource): Promise<BookableSlotsView> {
    const today = scope.clock.today();
    const now = scope.clock.now();
    const none: BookableSlotsView = { slots: [], noSlotsAvailable: false, message: null, immediateBooking: false, windowFrom: null, windowTo: null };
    if (citizen.selfBookingRight !== 'ALLOWED') return none;
    const deadline = rows
      ? await rows.activeDeadline()
      : await activeDeadline(scope.db, citizen.id);
    const holidays = rows ? await rows.holidays() : await scope.db.findBy(Holiday, { citizenId: citizen.id });
    const w = bookingWindowFor(deadline, today, holidays);
    if (!w.ok || !deadline) return none;
    // The same window bookSlot accepts (RG-5/RG-6/RG-8: 10 days at the next login after a re-registration).
    const immediate = w.status !== 'EXPIRED' ? null : rows
      ? immediateBookingWindowFrom(citizen, await rows.registrationPeriods(), deadline, today, holidays)
      : await immediateBookingWindowOf(scope.db, citizen, today);
    const window = immediate ?? w.window;
    const limit = Math.max(1, Math.min(first, window.immediate ? IMMEDIATE_BOOKING_MAX_SLOTS : BOOKABLE_SLOTS_MAX));
    const slots = await scope.db.createQueryBuilder(Slot, 's')
      .where('s.jobcenter_id = :jc', { jc: citizen.jobcenterId })
      .andWhere(`s.kind <> 'OTHER'`) // MT-6: OTHER slots are booked against an offer, never for a deadline
      .andWhere('s.withdrawn_at IS NULL')
      // SL-2: not begun (a group slot begins with its group part) and held by the window's last local day.
      .andWhere('s.starts_at > :now AND COALESCE(s.group_starts_at, s.starts_at) > :now', { now: new Date(now.epochMilliseconds) })
      .andWhere('s.starts_at < :end', { end: new Date(startOfDay(window.to.add({ days: 1 })).epochMilliseconds) })
      .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`)
      // MT-7: not at a time the citizen is already in a PLANNED or HELD meeting of any type (half-open: touching is fine).
      .andWhere(SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL, { citizenId: citizen.id })
      .orderBy('s.starts_at', 'ASC').addOrderBy('s.id', 'ASC')
      .limit(limit)
      .getMany();
    const view: BookableSlotsView = {
      slots, noSlotsAvailable: slots.length === 0, message: null,
      immediateBooking: window.immediate, windowFrom: window.from, windowTo: window.to,
    };
    if (view.noSlotsAvailable) {
      view.message = noSlotsMessage(deadline, window);
      // SL-5: the citizen is told (003 2.3); a caseworker looking at the same state does not message the citizen.
      if (scope.actor.kind === 'CITIZEN') await this.recordNoSlotsMessage(scope, citizen.id, view.message);
    }
    return view;
  }

  /**
   * SL-5: the citizen gets a message in the Jobnet inbox to contact the jobcenter — once per deadline and day.
   * The text names the deadline's dates, so "same text today" is "same deadline today". A unique index on
   * (citizen, Copenhagen day of `at`, text) keeps it once, also when two reads arrive together: one statement,
   * outside any transaction (migration 1700001000000).
   */
  private async recordNoSlotsMessage(scope: Scope, citizenId: string, text: string): Promise<void> {
    await scope.db.query(
      `INSERT INTO citizen_message (citizen_id, at, kind, text) VALUES ($1, $2, 'NO_SLOTS_AVAILABLE', $3)
       ON CONFLICT ${NO_SLOTS_CONFLICT_TARGET} DO NOTHING`,
      [citizenId, new Date(scope.clock.now().epochMilliseconds), text],
    );
  }
}

/** SL-7 (EX-1, EX-3): exempted or revoked citizens are called in instead of self-booking. */
function selfBookingRefusal(citizen: Citizen, field: string[]): Failure<BookSlotErrorCode> | undefined {
  if (citizen.selfBookingRight === 'EXEMPTED') return fail('CITIZEN_EXEMPTED', 'SL-7/EX-1: you are exempted from self-booking; the jobcenter will call you in', field);
  if (citizen.selfBookingRight === 'REVOKED') return fail('CITIZEN_REVOKED', 'SL-7/EX-3: your right to self-book is revoked; the jobcenter will call you in', field);
  return undefined;
}


function clashMessage(clash: Meeting): string {
  return `MT-2: you already have a ${clash.type === 'FOLLOW_UP' ? 'follow-up' : 'job interview'} planned at ${formatLocal(clash.startsAt)}`;
}
