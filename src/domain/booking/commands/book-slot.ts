import { type Citizen, Citizen as CitizenEntity } from '../../../entities';
import { citizenSelf, requirePolicy } from '../../../auth/policy';
import { lockCitizenFor } from '../../shared/citizen-access';
import { localDay } from '../../shared/dates';
import { type Result, fail, ok } from '../../shared/result';
import type { Actor } from '../../shared/actor';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { asDailyRun, runTransitionsForCitizen } from '../../lifecycle/transitions';
import { immediateBookingWindowOf } from '../../registration/immediate-booking';
import { MEETING_NO_OVERLAP } from '../../../db/migrations/1700004000000-meeting-no-overlap';
import { OVERLAP_RACE_MSG, overlapMessage } from '../../meeting/meeting.rules';
import { slotBusyTime } from '../../meeting/meeting-overlap';
import type { BookSlotErrorCode } from '../../../generated/enums';
import { book as bookDeadline } from '../../deadline/deadline.transitions';
import { plan } from '../../meeting/meeting.transitions';
import { type NoWindowReason, SAME_DAY_MSG, SLOT_TAKEN_MSG, assertMaySelfBook, assertRegisteredToBook, assertSlotBookable, bookingWindowFor, clashMessage, slotWithinWindow } from '../booking.rules';
import { bookedMeetingOf, bookingConflictsAmong, contactAfterNoShow, lockSlotWithBooking, lockedBookingState } from '../booking.queries';
import type { Deadline, Meeting } from '../../../entities';

export interface BookSlotInput {
  slotId: string;
  idempotencyKey?: string | null;
}

export interface Booked {
  meeting: Meeting;
  deadline: Deadline;
}

/** A lost race on these constraints answers like the pre-check (SL-3, MT-2, MT-7), never as an internal error. */
export const BOOKING_CONSTRAINTS = {
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

/** SL-2, SL-3, SL-6, SL-7, MT-2, RG-4, NS-3: the citizen books a free slot for their deadline. */
export async function bookSlot(scope: Scope, input: BookSlotInput): Promise<Result<Booked, BookSlotErrorCode>> {
  const actor = requirePolicy<Extract<Actor, { kind: 'CITIZEN' }>>(citizenSelf, scope.actor);
  return runInTransaction(
    scope,
    { operation: 'bookSlot', idempotencyKey: input.idempotencyKey, input, constraints: BOOKING_CONSTRAINTS },
    async (scope) => {
      const citizen = await lockCitizenFor(scope, actor.citizenId);
      if (!citizen) return fail('NOT_FOUND', 'SL-2: citizen not found', ['input']);
      return bookSlotForLockedCitizen(scope, citizen, input.slotId);
    },
  );
}

/**
 * Books `slotId` for the (already locked) citizen inside the caller's transaction: bookSlot's own body, shared with
 * the operation that demands an immediate booking as part of something else (RG-5 re-registration), so both book
 * under exactly the same rules. The slot is locked and checked first (SL-3: the loser of a slot is answered
 * before anything else is read).
 */
export async function bookSlotForLockedCitizen(
  scope: Scope, citizen: Citizen, slotId: string, field = ['input', 'slotId'],
  opts: { atReregistration?: boolean } = {},
): Promise<Result<Booked, BookSlotErrorCode>> {
  const today = scope.clock.today();
  const now = scope.clock.now();
  const refused = assertMaySelfBook(citizen, field);
  if (refused) return refused;
  const found = await lockSlotWithBooking(scope, slotId);
  const slotRefused = assertSlotBookable(found, slotId, citizen.jobcenterId, now, field);
  if (slotRefused) return slotRefused;
  const slot = found!.slot;

  // Issue 16 item 5: the active deadline (locked), the holidays, MT-2/MT-7's meetings and NS-3's pending no-show in
  // one statement; the rules below ask them in the order they always did.
  const busy = slotBusyTime(slot);
  let state = await lockedBookingState(scope, citizen, busy);
  let { deadline } = state;
  let w = bookingWindowFor(deadline, today, state.holidays);
  if (w.ok && w.status === 'EXPIRED') {
    // RG-1/LP: before the daily run has stored what an expired deadline causes, bring the citizen to today's
    // state first, so a booking never slips past a deregistration the a-kasse must be told about.
    await runTransitionsForCitizen(asDailyRun(scope), citizen.id);
    Object.assign(citizen, await scope.db.findOneByOrFail(CitizenEntity, { id: citizen.id }));
    state = await lockedBookingState(scope, citizen, busy);
    deadline = state.deadline;
    w = bookingWindowFor(deadline, today, state.holidays);
  }
  const unregistered = assertRegisteredToBook(citizen, field);
  if (unregistered) return unregistered;
  if (!w.ok || !deadline) return fail('NO_OPEN_DEADLINE', NO_WINDOW_MESSAGE[w.ok ? 'NO_DEADLINE' : w.reason], field);
  const { status } = w;
  let { window } = w;
  // RG-5/RG-6/RG-8: at the next login after a re-registration without a booking the citizen books within 10 days;
  // at the re-registration itself (on Jobnet, with the booking) from the near days.
  if (status === 'EXPIRED' && !opts.atReregistration) window = (await immediateBookingWindowOf(scope.db, citizen, today)) ?? window;

  const day = localDay(slot.startsAt);
  if (!slotWithinWindow(slot.startsAt, window)) {
    return fail('SLOT_OUTSIDE_DEADLINE', window.immediate
      ? `RG-4: an immediate booking must be a slot on or before ${window.to}; this slot is on ${day}`
      : `SL-2: the interview must be held by the deadline's latest interview date ${window.to} (DL-3); this slot is on ${day}`, field);
  }
  const { clash, overlap } = bookingConflictsAmong(state.meetings, today, day, busy);
  if (clash) return fail('INTERVIEW_ALREADY_PLANNED', clashMessage(clash), field);
  if (overlap) return fail('MEETING_OVERLAP', overlapMessage(overlap, slot.startsAt, 'you'), field);

  // MT-5 `plan` writes the meeting, its history and INTERVIEW_BOOKED; the deadline's `book` (and NS-3's report)
  // join that one statement (issue 16 item 5).
  const { immediate } = window;
  const meeting = await plan(scope, citizen, {
    meeting: bookedMeetingOf(slot, deadline.id),
    history: { action: 'BOOKED', details: { slotId: slot.id, immediate } },
    event: (m) => ({ type: 'INTERVIEW_BOOKED', payload: { meetingId: m.id, startsAt: slot.startsAt.toString(), immediate } }),
  }, async (writes, m) => {
    await bookDeadline(scope, deadline, m, status, immediate, writes);
    // NS-3: an insured member's booking after a no-show is reported as contact after the no-show, once per no-show.
    if (state.contactAfterNoShowPending) await contactAfterNoShow(scope, citizen, m, writes);
  });
  return ok({ meeting, deadline });
}
