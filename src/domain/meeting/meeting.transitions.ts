import { randomUUID } from 'node:crypto';
import { type Citizen, Meeting } from '../../entities';
import { localDay } from '../shared/dates';
import { isNoShowSanctionable } from '../shared/enums';
import { type EventType, emitEvent } from '../shared/events';
import { type HistoryChange, recordMeetingHistory } from '../shared/history';
import type { Scope } from '../shared/scope';
import { Writes } from '../shared/writes';

/**
 * The meeting's state machine (MT-5), its one home: placing a meeting (`plan` → PLANNED, or HELD for a visit
 * registered as held at once, MT-4) and every change of a PLANNED meeting's status after that (cancel, replace, hold,
 * noShow), each writing the row, its history and its events together, inside the caller's transaction (the citizen
 * row locked). The operations that place a meeting (bookSlot, rebookMeeting, callInMeeting, registerWalkInInterview,
 * bookOtherMeeting) check their own rules first, then call `plan`.
 */

/** What a placer decides about its new meeting; `plan` adds the citizen, the day, the status and the times. */
export interface PlanSpec {
  /** Chosen beforehand when another write must name the meeting before it exists (SL-4: the replaced meeting). */
  id?: string;
  meeting: Pick<Meeting, 'type' | 'origin' | 'form' | 'startsAt' | 'endsAt'> & Partial<Omit<Meeting,
    'id' | 'citizenId' | 'jobcenterId' | 'localDay' | 'status' | 'outcomeRegisteredAt' | 'createdAt'>>;
  /** MT-4/ST-3: a visit registered as held at once is placed HELD (its outcome registered now), not PLANNED. */
  held?: boolean;
  /** The first history entry (toStatus is the placed status). */
  history: Omit<HistoryChange, 'fromStatus' | 'toStatus'>;
  /** The event of the placement (EV-1), if any; it may name the meeting. */
  event?: (meeting: Meeting) => { type: EventType; payload: Record<string, unknown> };
}

/**
 * MT-5: places a meeting (→ PLANNED; HELD with `spec.held`): the row, its first history entry and its event, sent as
 * one statement (writes.ts). `also` composes further transitions into that statement (bookSlot: the deadline's
 * `book`; rebookMeeting: its `rebook`), so a booking's writes are one round trip. NS-2: `sanctionable` is the
 * citizen group's unless the spec says otherwise (an OTHER meeting is never sanctionable).
 */
export async function plan(
  scope: Scope, citizen: Citizen, spec: PlanSpec, also?: (writes: Writes, meeting: Meeting) => Promise<unknown>,
): Promise<Meeting> {
  const now = scope.clock.now();
  const status = spec.held ? 'HELD' : 'PLANNED';
  const meeting = scope.db.create(Meeting, {
    id: spec.id ?? randomUUID(),
    citizenId: citizen.id,
    jobcenterId: citizen.jobcenterId,
    slotId: null,
    deadlineId: null,
    groupStartsAt: null,
    sanctionable: isNoShowSanctionable(citizen.targetGroup),
    location: null,
    caseworker: null,
    ...spec.meeting,
    localDay: localDay(spec.meeting.startsAt),
    status,
    outcomeRegisteredAt: spec.held ? now : null,
    createdAt: now,
  });
  withColumnDefaults(scope, meeting);
  const writes = new Writes(scope.db);
  writes.insert(Meeting, meeting);
  await recordMeetingHistory(scope, meeting.id, { ...spec.history, toStatus: status }, writes);
  const event = spec.event?.(meeting);
  if (event) await emitEvent(scope, event.type, citizen, event.payload, writes);
  await also?.(writes, meeting);
  await writes.flush();
  return meeting;
}

/** The entity as an INSERT … RETURNING would have filled it: unset columns take their default (or null). */
function withColumnDefaults(scope: Scope, meeting: Meeting): void {
  for (const col of scope.db.connection.getMetadata(Meeting).columns) {
    if (col.getEntityValue(meeting) !== undefined) continue;
    if (col.default !== undefined) col.setEntityValue(meeting, col.default);
    else if (col.isNullable) col.setEntityValue(meeting, null);
  }
}

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
