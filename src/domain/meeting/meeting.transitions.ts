import { type Citizen, Meeting } from '../../entities';
import { isNoShowSanctionable } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { recordMeetingHistory } from '../shared/history';
import type { Scope } from '../shared/scope';

/**
 * The meeting's state machine (MT-5): every change of a PLANNED meeting's status goes through one of these, each
 * writing the row, its history and its events together, inside the caller's transaction (the citizen row locked).
 * Placing a meeting (PLANNED) stays with the operation that places it (bookSlot, callInMeeting, …), which each
 * check their own rules first.
 */

/** DL-12, CZ-5, RG-8: cancels a planned meeting; its slot becomes free (SL-1 counts only non-cancelled bookings). */
export async function cancel(scope: Scope, citizen: Citizen, meeting: Meeting, reason: string): Promise<Meeting> {
  const now = scope.clock.now();
  Object.assign(meeting, { status: 'CANCELLED', cancelReason: reason, outcomeRegisteredAt: now });
  await scope.db.update(Meeting, { id: meeting.id }, { status: 'CANCELLED', cancelReason: reason, outcomeRegisteredAt: now });
  await recordMeetingHistory(scope, meeting.id, { action: 'CANCELLED', fromStatus: 'PLANNED', toStatus: 'CANCELLED', reason, details: { slotId: meeting.slotId } });
  await emitEvent(scope, 'MEETING_CANCELLED', citizen, { meetingId: meeting.id, type: meeting.type, startsAt: meeting.startsAt.toString(), reason });
  return meeting;
}

/** MT-5, JI-3: the meeting is HELD (from its start, checked by the caller); a joint interview keeps its opt-out mark. */
export async function hold(scope: Scope, citizen: Citizen, meeting: Meeting): Promise<Meeting> {
  const now = scope.clock.now();
  Object.assign(meeting, { status: 'HELD', outcomeRegisteredAt: now });
  await scope.db.update(Meeting, { id: meeting.id }, { status: 'HELD', outcomeRegisteredAt: now });
  await recordMeetingHistory(scope, meeting.id, {
    action: 'HELD', fromStatus: 'PLANNED', toStatus: 'HELD',
    details: meeting.type === 'JOINT_INTERVIEW' ? { fundOptOut: meeting.fundOptOut, fundParticipation: meeting.fundParticipation } : {},
  });
  await emitEvent(scope, 'MEETING_HELD', citizen, {
    meetingId: meeting.id, type: meeting.type, origin: meeting.origin, startsAt: meeting.startsAt.toString(),
    ...(meeting.type === 'JOINT_INTERVIEW' ? { fundOptOut: meeting.fundOptOut } : {}),
  });
  return meeting;
}

/**
 * NS-1 … NS-3: the citizen did not show up. NS-2: sanctionable for these groups, also when self-booked; NS-3: reported
 * to the a-kasse for INSURED_UNEMPLOYED (underretningspligtig hændelse). The follow-up is the caller's (NS-1).
 */
export async function noShow(scope: Scope, citizen: Citizen, meeting: Meeting, followUp: string): Promise<Meeting> {
  const now = scope.clock.now();
  const sanctionable = isNoShowSanctionable(citizen.targetGroup);
  await scope.db.update(Meeting, { id: meeting.id }, { status: 'NO_SHOW', outcomeRegisteredAt: now, sanctionable });
  Object.assign(meeting, { status: 'NO_SHOW', outcomeRegisteredAt: now, sanctionable });
  await recordMeetingHistory(scope, meeting.id, { action: 'NO_SHOW', fromStatus: 'PLANNED', toStatus: 'NO_SHOW', details: { followUp, sanctionable } });
  if (citizen.targetGroup === 'INSURED_UNEMPLOYED') {
    await emitEvent(scope, 'NO_SHOW', citizen, { meetingId: meeting.id, type: meeting.type, origin: meeting.origin, startsAt: meeting.startsAt.toString(), sanctionable });
  }
  return meeting;
}

/**
 * SL-4: the citizen's rebooking replaces a planned meeting: it is CANCELLED (reason REBOOKED, its slot freed) with
 * a REBOOKED history entry naming the meeting that takes its place. The new meeting and the event are the caller's.
 */
export async function replace(scope: Scope, meeting: Meeting, by: { meetingId: string; slotId: string | null }): Promise<Meeting> {
  const now = scope.clock.now();
  Object.assign(meeting, { status: 'CANCELLED', cancelReason: 'REBOOKED', outcomeRegisteredAt: now });
  await scope.db.update(Meeting, { id: meeting.id }, { status: 'CANCELLED', cancelReason: 'REBOOKED', outcomeRegisteredAt: now });
  await recordMeetingHistory(scope, meeting.id, {
    action: 'REBOOKED', fromStatus: 'PLANNED', toStatus: 'CANCELLED', reason: 'SL-4: rebooked by the citizen',
    details: { toMeetingId: by.meetingId, fromSlotId: meeting.slotId, toSlotId: by.slotId },
  });
  return meeting;
}
