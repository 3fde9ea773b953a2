import { Temporal } from 'temporal-polyfill';
import { type DataSource, type EntityManager, In, Not } from 'typeorm';
import { type Citizen, Deadline, Meeting, Slot } from '../../entities';
import { requireCitizenActor } from '../shared/access';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate, formatLocal, localDay, startOfDay } from '../shared/dates';
import { ACTIVE_DEADLINE_STATUSES, isNoShowSanctionable } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { recordDeadlineHistory, recordMeetingHistory } from '../shared/history';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { effectiveDeadlineStatus } from '../deadline/deadline.rules';
import type { BookSlotErrorCode } from './booking.errors';
import { type BookingWindow, NO_SLOTS_MESSAGE, deadlineWindow, immediateWindow } from './booking.rules';

export interface BookSlotInput {
  slotId: string;
  idempotencyKey?: string | null;
}

export interface Booked {
  meeting: Meeting;
  deadline: Deadline;
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

export class BookingService {
  constructor(private readonly ds: DataSource) {}

  /** SL-2, SL-3, SL-6, SL-7, MT-2, RG-4, NS-3: the citizen books a free slot for their deadline. */
  async bookSlot(scope: Scope, input: BookSlotInput): Promise<Result<Booked, BookSlotErrorCode>> {
    const actor = requireCitizenActor(scope.actor);
    return runInTransaction(
      this.ds, scope,
      {
        operation: 'bookSlot', idempotencyKey: input.idempotencyKey, input,
        constraints: {
          meeting_one_booking_per_slot: fail('SLOT_TAKEN', SLOT_TAKEN_MSG, ['input', 'slotId']),
          meeting_one_planned_interview_per_day: fail('INTERVIEW_ALREADY_PLANNED', 'MT-2: you already have a job interview planned that day', ['input', 'slotId']),
        },
      },
      async (em) => {
        const citizen = await lockCitizenFor(em, actor, actor.citizenId);
        if (!citizen) return fail('NOT_FOUND', 'Citizen not found', ['input']);
        return this.bookFor(em, scope, citizen, input.slotId);
      },
    );
  }

  private async bookFor(em: EntityManager, scope: Scope, citizen: Citizen, slotId: string): Promise<Result<Booked, BookSlotErrorCode>> {
    const field = ['input', 'slotId'];
    // SL-7: exempted or revoked citizens are called in instead.
    if (citizen.selfBookingRight === 'EXEMPTED') return fail('CITIZEN_EXEMPTED', 'SL-7/EX-1: you are exempted from self-booking; the jobcenter will call you in', field);
    if (citizen.selfBookingRight === 'REVOKED') return fail('CITIZEN_REVOKED', 'SL-7/EX-3: your right to self-book is revoked; the jobcenter will call you in', field);

    const deadline = await em.findOne(Deadline, { where: { citizenId: citizen.id, status: In([...ACTIVE_DEADLINE_STATUSES]) }, lock: { mode: 'pessimistic_write' } });
    const today = scope.clock.today();
    const status = deadline ? effectiveDeadlineStatus(deadline, today) : undefined;
    if (!deadline || (status !== 'OPEN' && status !== 'EXPIRED')) {
      return fail('NO_OPEN_DEADLINE',
        status === 'BOOKED' ? 'SL-2: your deadline is already booked; use rebookMeeting to move the interview' : 'SL-2: you have no open deadline to book an interview for',
        field);
    }
    const window = status === 'OPEN' ? deadlineWindow(today, deadline.latestInterviewDate) : immediateWindow(today);

    // Lock the slot: concurrent bookers of one slot queue here, and the loser sees the winner's booking.
    const slot = await em.findOne(Slot, { where: { id: slotId }, lock: { mode: 'pessimistic_write' } });
    if (!slot || slot.jobcenterId !== citizen.jobcenterId) return fail('NOT_FOUND', `SL-2: no slot ${slotId} at your jobcenter`, field);
    if (slot.withdrawnAt) return fail('SLOT_WITHDRAWN', 'The jobcenter withdrew this slot; choose another time', field);
    if (Temporal.Instant.compare(slot.startsAt, scope.clock.now()) <= 0) return fail('SLOT_IN_PAST', 'SL-2: the slot has already started', field);
    const taken = await em.exists(Meeting, { where: { slotId: slot.id, status: Not('CANCELLED') } });
    if (taken) return fail('SLOT_TAKEN', SLOT_TAKEN_MSG, field);
    const day = localDay(slot.startsAt);
    if (cmpDate(day, window.to) > 0) {
      return fail('SLOT_OUTSIDE_DEADLINE', window.immediate
        ? `RG-4: an immediate booking must be a slot on or before ${window.to}; this slot is on ${day}`
        : `SL-2: the interview must be held by the deadline's latest interview date ${window.to} (DL-3); this slot is on ${day}`, field);
    }
    const clash = await this.otherPlannedInterview(em, citizen.id, today);
    if (clash) {
      return fail('INTERVIEW_ALREADY_PLANNED', `MT-2: you already have a ${clash.type === 'FOLLOW_UP' ? 'follow-up' : 'job interview'} planned at ${formatLocal(clash.startsAt)}`, field);
    }

    const now = scope.clock.now();
    const meeting = em.create(Meeting, {
      citizenId: citizen.id,
      jobcenterId: citizen.jobcenterId,
      type: 'JOB_INTERVIEW',
      origin: 'SELF_BOOKED',
      form: slot.form,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      localDay: day,
      status: 'PLANNED',
      slotId: slot.id,
      deadlineId: deadline.id,
      // NS-2: a no-show from a self-booked meeting is sanctionable like a called-in one for these groups.
      sanctionable: isNoShowSanctionable(citizen.targetGroup),
      location: slot.location,
      caseworker: slot.caseworker,
      createdAt: now,
    });
    await em.insert(Meeting, meeting);
    await recordMeetingHistory(em, scope, meeting.id, { action: 'BOOKED', toStatus: 'PLANNED', details: { slotId: slot.id, immediate: window.immediate } });
    await em.update(Deadline, { id: deadline.id }, { status: 'BOOKED', meetingId: meeting.id, statusChangedAt: now });
    await recordDeadlineHistory(em, scope, deadline.id, {
      action: 'BOOKED', fromStatus: status, toStatus: 'BOOKED',
      reason: window.immediate ? 'RG-4: immediate booking' : null, details: { meetingId: meeting.id },
    });
    Object.assign(deadline, { status: 'BOOKED', meetingId: meeting.id, statusChangedAt: now });
    await emitEvent(em, scope, 'INTERVIEW_BOOKED', citizen, { meetingId: meeting.id, startsAt: slot.startsAt.toString(), immediate: window.immediate });
    await this.reportContactAfterNoShow(em, scope, citizen, meeting);
    return ok({ meeting, deadline });
  }

  /** MT-2: another PLANNED job interview or follow-up, unless it is on today's date (the exception). */
  async otherPlannedInterview(em: EntityManager, citizenId: string, today: Temporal.PlainDate, excludeMeetingId?: string): Promise<Meeting | null> {
    const planned = await em.find(Meeting, { where: { citizenId, status: 'PLANNED', type: In(['JOB_INTERVIEW', 'FOLLOW_UP']) } });
    return planned.find((m) => m.id !== excludeMeetingId && !m.localDay.equals(today)) ?? null;
  }

  /**
   * NS-3: for INSURED_UNEMPLOYED, a self-booking (or walk-in) after a no-show is "contact after no-show"
   * (henvendelse efter udeblivelse), reported to the a-kasse once per no-show.
   */
  async reportContactAfterNoShow(em: EntityManager, scope: Scope, citizen: Citizen, meeting: Meeting): Promise<void> {
    if (citizen.targetGroup !== 'INSURED_UNEMPLOYED') return;
    const rows: { pending: boolean }[] = await em.query(
      `SELECT EXISTS (
         SELECT 1 FROM meeting m
          WHERE m.citizen_id = $1 AND m.status = 'NO_SHOW'
            AND m.outcome_registered_at > COALESCE(
              (SELECT max(e.occurred_at) FROM domain_event e WHERE e.citizen_id = $1 AND e.type = 'CONTACT_AFTER_NO_SHOW'),
              '-infinity')) AS pending`,
      [citizen.id],
    );
    if (rows[0]?.pending) {
      await emitEvent(em, scope, 'CONTACT_AFTER_NO_SHOW', citizen, { meetingId: meeting.id, origin: meeting.origin });
    }
  }

  /** SL-2, SL-5, RG-4: the slots this citizen may book now, or the explicit "no slots" state. */
  async bookableSlots(scope: Scope, citizen: Citizen, first: number): Promise<BookableSlotsView> {
    const today = scope.clock.today();
    const none: BookableSlotsView = { slots: [], noSlotsAvailable: false, message: null, immediateBooking: false, windowFrom: null, windowTo: null };
    if (citizen.selfBookingRight !== 'ALLOWED') return none;
    const deadline = await this.ds.manager.findOne(Deadline, { where: { citizenId: citizen.id, status: In([...ACTIVE_DEADLINE_STATUSES]) } });
    if (!deadline) return none;
    const status = effectiveDeadlineStatus(deadline, today);
    if (status !== 'OPEN' && status !== 'EXPIRED') return none;
    const window = status === 'OPEN' ? deadlineWindow(today, deadline.latestInterviewDate) : immediateWindow(today);
    const limit = Math.max(1, Math.min(first, window.immediate ? 10 : 100));
    const slots = await this.ds.manager.query(
      `SELECT s.id FROM slot s
        WHERE s.jobcenter_id = $1 AND s.withdrawn_at IS NULL AND s.starts_at > $2 AND s.starts_at < $3
          AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')
        ORDER BY s.starts_at, s.id LIMIT $4`,
      [citizen.jobcenterId, new Date(scope.clock.now().epochMilliseconds), new Date(startOfDay(window.to.add({ days: 1 })).epochMilliseconds), limit],
    ) as { id: string }[];
    const loaded = slots.length ? await this.ds.manager.findBy(Slot, { id: In(slots.map((s) => s.id)) }) : [];
    const byId = new Map(loaded.map((s) => [s.id, s]));
    const ordered = slots.map((s) => byId.get(s.id)!).filter(Boolean);
    const view: BookableSlotsView = {
      slots: ordered, noSlotsAvailable: ordered.length === 0, message: null,
      immediateBooking: window.immediate, windowFrom: window.from, windowTo: window.to,
    };
    if (view.noSlotsAvailable) {
      view.message = NO_SLOTS_MESSAGE;
      if (scope.actor.kind === 'CITIZEN') await this.recordNoSlotsMessage(scope, citizen.id, deadline.id);
    }
    return view;
  }

  /** SL-5: the citizen gets a message in the Jobnet inbox to contact the jobcenter — once per deadline and day. */
  private async recordNoSlotsMessage(scope: Scope, citizenId: string, deadlineId: string): Promise<void> {
    const now = scope.clock.now();
    await this.ds.query(
      `INSERT INTO citizen_message (citizen_id, at, kind, text)
       SELECT $1, $2, 'NO_SLOTS_AVAILABLE', $3
        WHERE NOT EXISTS (SELECT 1 FROM citizen_message WHERE citizen_id = $1 AND kind = 'NO_SLOTS_AVAILABLE'
                            AND at >= $4 AND text = $3)`,
      [citizenId, new Date(now.epochMilliseconds), `${NO_SLOTS_MESSAGE} [deadline ${deadlineId}]`, new Date(startOfDay(scope.clock.today()).epochMilliseconds)],
    );
  }
}
