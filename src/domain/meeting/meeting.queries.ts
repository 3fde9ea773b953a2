import type { Temporal } from 'temporal-polyfill';
import { In } from 'typeorm';
import { type Citizen, Meeting, OtherMeetingOffer, RegistrationPeriod, Slot } from '../../entities';
import { lockCitizenFor } from '../shared/citizen-access';
import { startOfDay } from '../shared/dates';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL } from '../booking/booking.rules';
import { ONE_PLANNED_TYPES, assertPlannedJointInterview } from './meeting.rules';
import { otherMeetingOfferStatus } from './other-meeting.rules';

/** Loads a meeting with its citizen locked (undefined when it does not exist or is outside the actor's scope). */
export async function lockMeeting(scope: Scope, meetingId: string) {
  const m = await scope.db.findOne(Meeting, { where: { id: meetingId }, select: { id: true, citizenId: true } });
  if (!m) return undefined;
  const citizen = await lockCitizenFor(scope, m.citizenId);
  if (!citizen) return undefined;
  const meeting = await scope.db.findOne(Meeting, { where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
  return meeting ? { meeting, citizen } : undefined;
}

/**
 * A planned joint interview the actor may act on: NOT_FOUND outside the jobcenter / a-kasse's members (JI-4), citing
 * `rule`, the operation's (JI-2 the opt-out, JI-5 the a-kasse's participation).
 */
export async function lockJointInterview(
  scope: Scope, meetingId: string, rule: 'JI-2' | 'JI-5',
): Promise<Result<{ meeting: Meeting; citizen: Citizen }, 'NOT_FOUND' | 'NOT_A_JOINT_INTERVIEW' | 'NOT_PLANNED'>> {
  const found = await lockMeeting(scope, meetingId);
  if (!found) return fail('NOT_FOUND', `${rule}: no meeting ${meetingId} for one of your citizens or members`, ['input', 'meetingId']);
  return assertPlannedJointInterview(found.meeting) ?? ok(found);
}

/** DL-9: the citizen's meeting a call-in replaces, locked (null when the citizen has none with that id). */
export function findReplaceableMeeting(scope: Scope, citizenId: string, meetingId: string): Promise<Meeting | null> {
  return scope.db.findOne(Meeting, { where: { id: meetingId, citizenId }, lock: { mode: 'pessimistic_write' } });
}

/** MT-2: a planned job interview or follow-up of the citizen on `day` (other than `exceptId`). */
export async function plannedInterviewOnDay(scope: Scope, citizenId: string, day: Temporal.PlainDate, exceptId?: string): Promise<Meeting | null> {
  const planned = await scope.db.find(Meeting, { where: { citizenId, status: 'PLANNED', type: In([...ONE_PLANNED_TYPES]), localDay: day } });
  return planned.find((m) => m.id !== exceptId) ?? null;
}

/** ST-3: the citizen's first held meeting, if any. */
export function firstHeldMeeting(scope: Scope, citizenId: string): Promise<Meeting | null> {
  return scope.db.findOne(Meeting, { where: { citizenId, status: 'HELD' }, order: { startsAt: 'ASC' } });
}

/** RG-3: the citizen's latest registration period (an open one before closed ones of the same start). */
export function lastRegistrationPeriod(scope: Scope, citizenId: string): Promise<RegistrationPeriod | null> {
  return scope.db.findOne(RegistrationPeriod, { where: { citizenId }, order: { registeredFrom: 'DESC', deregisteredFrom: { direction: 'DESC', nulls: 'FIRST' } } });
}

/** JI-5: how many joint interviews of the citizen were held before `meeting`. */
export function jointInterviewsHeldBefore(scope: Scope, meeting: Meeting): Promise<number> {
  return scope.db.createQueryBuilder(Meeting, 'm')
    .where('m.citizen_id = :c AND m.type = :t AND m.status = :s AND m.id <> :id', { c: meeting.citizenId, t: 'JOINT_INTERVIEW', s: 'HELD', id: meeting.id })
    .andWhere('m.starts_at < :at', { at: new Date(meeting.startsAt.epochMilliseconds) }).getCount();
}

/** MT-6: the free OTHER slots the citizen may book for an open offer: from now to its last meeting day, soonest first. */
export async function bookableSlots(scope: Scope, offer: OtherMeetingOffer, first: number): Promise<Slot[]> {
  if (otherMeetingOfferStatus(offer, scope.clock.today()) !== 'OPEN') return [];
  const now = new Date(scope.clock.now().epochMilliseconds);
  return scope.db.createQueryBuilder(Slot, 's')
    .where('s.jobcenter_id = :jc', { jc: offer.jobcenterId })
    .andWhere(`s.kind = 'OTHER' AND s.withdrawn_at IS NULL AND s.starts_at > :now`, { now })
    .andWhere('s.starts_at < :end', { end: new Date(startOfDay(offer.latestMeetingDate.add({ days: 1 })).epochMilliseconds) })
    .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`)
    // MT-7: not a slot the booking would refuse for overlapping one of the citizen's meetings.
    .andWhere(SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL, { citizenId: offer.citizenId })
    .orderBy('s.starts_at', 'ASC').addOrderBy('s.id', 'ASC')
    .limit(Math.max(1, Math.min(first, 50)))
    .getMany();
}

/** MT-6: a citizen's offers, newest first (the caller may see the citizen: the field guard checks every row). */
export function offersOf(scope: Scope, citizenId: string): Promise<OtherMeetingOffer[]> {
  return scope.db.find(OtherMeetingOffer, { where: { citizenId: In([citizenId]) }, order: { createdAt: 'DESC', id: 'ASC' } });
}
