import { randomUUID } from 'node:crypto';
import { type Citizen, Deadline, Jobcenter, Meeting } from '../../../entities';
import { citizenSelf, requirePolicy } from '../../../auth/policy';
import { lockCitizenFor } from '../../shared/citizen-access';
import { localDay } from '../../shared/dates';
import { type Result, fail, ok } from '../../shared/result';
import type { Actor } from '../../shared/actor';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { overlapMessage } from '../../meeting/meeting.rules';
import { slotBusyTime } from '../../meeting/meeting-overlap';
import { plan, replace as replaceMeeting } from '../../meeting/meeting.transitions';
import type { BookSlotErrorCode } from '../../../generated/enums';
import { rebook as rebookDeadline } from '../../deadline/deadline.transitions';
import {
  assertDeadlineRebookable, assertMaySelfBook, assertNewSlot, assertRebookable, assertRebookingSlotInWindow, assertSlotBookable, clashMessage,
} from '../booking.rules';
import { bookedMeetingOf, bookingConflicts, lockSlotWithBooking } from '../booking.queries';
import { BOOKING_CONSTRAINTS } from './book-slot';

export interface RebookMeetingInput {
  meetingId: string;
  slotId: string;
  idempotencyKey?: string | null;
}

export interface Rebooked {
  meeting: Meeting;
}

/**
 * SL-4 (003 2.4): the citizen moves their planned, self-booked job interview to another free slot, under the
 * SL-2 conditions of the deadline it fulfils and before the jobcenter's rebooking cutoff. The old meeting is
 * CANCELLED (its slot freed, meeting.transitions `replace`), a new PLANNED meeting takes its place, and the
 * deadline points to it.
 */
export async function rebookMeeting(scope: Scope, input: RebookMeetingInput): Promise<Result<Rebooked, BookSlotErrorCode>> {
  const actor = requirePolicy<Extract<Actor, { kind: 'CITIZEN' }>>(citizenSelf, scope.actor);
  return runInTransaction(
    scope,
    { operation: 'rebookMeeting', idempotencyKey: input.idempotencyKey, input, constraints: BOOKING_CONSTRAINTS },
    async (scope) => {
      const citizen = await lockCitizenFor(scope, actor.citizenId);
      if (!citizen) return fail('NOT_FOUND', 'SL-4: citizen not found', ['input']);
      return rebook(scope, citizen, input);
    },
  );
}

async function rebook(scope: Scope, citizen: Citizen, input: RebookMeetingInput): Promise<Result<Rebooked, BookSlotErrorCode>> {
  const slotField = ['input', 'slotId'];
  const meetingField = ['input', 'meetingId'];
  const now = scope.clock.now();
  const today = scope.clock.today();
  const refused = assertMaySelfBook(citizen, slotField);
  if (refused) return refused;

  const old = await scope.db.findOne(Meeting, { where: { id: input.meetingId, citizenId: citizen.id }, lock: { mode: 'pessimistic_write' } });
  const jobcenter = old && await scope.db.findOneByOrFail(Jobcenter, { id: citizen.jobcenterId });
  const notRebookable = assertRebookable(old, jobcenter, input.meetingId, now, meetingField);
  if (notRebookable) return notRebookable;
  const deadline = old!.deadlineId
    ? await scope.db.findOne(Deadline, { where: { id: old!.deadlineId }, lock: { mode: 'pessimistic_write' } })
    : null;
  const deadlineRefused = assertDeadlineRebookable(deadline, old!, meetingField) ?? assertNewSlot(input.slotId, old!, slotField);
  if (deadlineRefused) return deadlineRefused;

  const found = await lockSlotWithBooking(scope, input.slotId);
  const slotRefused = assertSlotBookable(found, input.slotId, citizen.jobcenterId, now, slotField)
    ?? assertRebookingSlotInWindow(found!.slot, deadline!, old!, slotField);
  if (slotRefused) return slotRefused;
  const slot = found!.slot;
  const { clash, overlap } = await bookingConflicts(scope, citizen.id, today, localDay(slot.startsAt), slotBusyTime(slot), old!.id);
  if (clash) return fail('INTERVIEW_ALREADY_PLANNED', clashMessage(clash), slotField);
  if (overlap) return fail('MEETING_OVERLAP', overlapMessage(overlap, slot.startsAt, 'you'), slotField);

  // Cancel first: the freed day and slot are then available to the new meeting under the partial unique indexes.
  const newId = randomUUID();
  await replaceMeeting(scope, old!, { meetingId: newId, slotId: slot.id });
  // MT-5 `plan`: the new meeting, its history and INTERVIEW_REBOOKED, with the deadline's `rebook` in one statement.
  const meeting = await plan(scope, citizen, {
    id: newId,
    meeting: bookedMeetingOf(slot, deadline!.id),
    history: { action: 'BOOKED', reason: 'SL-4: rebooked by the citizen', details: { slotId: slot.id, rebookedFromMeetingId: old!.id } },
    event: (m) => ({
      type: 'INTERVIEW_REBOOKED',
      payload: { fromMeetingId: old!.id, meetingId: m.id, fromStartsAt: old!.startsAt.toString(), startsAt: slot.startsAt.toString() },
    }),
  }, (writes, m) => rebookDeadline(scope, deadline!, old!.id, m.id, writes));
  return ok({ meeting });
}
