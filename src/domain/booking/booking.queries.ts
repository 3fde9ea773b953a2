import type { Temporal } from 'temporal-polyfill';
import { type EntityManager, type EntityTarget, In, type ObjectLiteral } from 'typeorm';
import { type Citizen, Deadline, Holiday, Meeting, Slot } from '../../entities';
import { ACTIVE_DEADLINE_STATUSES } from '../shared/enums';
import { emitEvent } from '../shared/events';
import type { Scope } from '../shared/scope';
import type { Writes } from '../shared/writes';
import type { PlanSpec } from '../meeting/meeting.transitions';
import { plannedInterviewClash } from './booking.rules';
import { type BusyTime, overlappingMeeting } from '../meeting/meeting.rules';

/**
 * SL-2/SL-3: the slot, locked, with whether a non-cancelled booking holds it — one statement. Concurrent bookers
 * of one slot queue on the row lock. Decision: a booker that waited on the lock reads `taken` with the snapshot
 * its statement began with, so it may not see the winner's booking; it then meets the partial unique index
 * `meeting_one_booking_per_slot` at its insert, which answers the same SLOT_TAKEN (BOOKING_CONSTRAINTS).
 */
export async function lockSlotWithBooking(scope: Scope, slotId: string): Promise<{ slot: Slot; taken: boolean } | null> {
  const { entities, raw } = await scope.db.createQueryBuilder(Slot, 's')
    .addSelect(`EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`, 'taken')
    .where('s.id = :id', { id: slotId })
    .setLock('pessimistic_write', undefined, ['s'])
    .getRawAndEntities<{ taken: boolean }>();
  const slot = entities[0];
  return slot ? { slot, taken: raw[0]!.taken } : null;
}

/** SL-1/SL-6: the booked meeting is a self-booked JOB_INTERVIEW in the slot's form, whatever the form (meeting `plan`'s spec). */
export function bookedMeetingOf(slot: Slot, deadlineId: string): PlanSpec['meeting'] {
  return {
    type: 'JOB_INTERVIEW',
    origin: 'SELF_BOOKED',
    form: slot.form,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    // MT-7: the group part and the individual part are one booking; the citizen is busy from the group part.
    groupStartsAt: slot.groupStartsAt,
    slotId: slot.id,
    deadlineId,
    // NS-2: a no-show from a self-booked meeting is sanctionable like a called-in one for these groups (plan's default).
    location: slot.location,
    caseworker: slot.caseworker,
  };
}

/** What bookSlot reads under the citizen's lock after the slot's, in one statement (issue 16 item 5). */
export interface BookingState {
  /** DL-4: the active deadline (OPEN, BOOKED or EXPIRED as stored), row-locked; null when there is none. */
  deadline: Deadline | null;
  /** DL-13: the citizen's holidays, for the booking window. */
  holidays: Holiday[];
  /** NS-3: an insured member's booking now is "contact after no-show" still unreported to the a-kasse. */
  contactAfterNoShowPending: boolean;
  /** MT-2/MT-7: the citizen's meetings that could refuse the booking at the slot's time (bookingConflicts' rows). */
  meetings: Meeting[];
}

/** NS-3: a NO_SHOW of the citizen registered after the last CONTACT_AFTER_NO_SHOW event (`$citizen` is the citizen's id). */
const CONTACT_AFTER_NO_SHOW_PENDING_SQL = (citizen: string) => `EXISTS (
  SELECT 1 FROM meeting m
   WHERE m.citizen_id = ${citizen} AND m.status = 'NO_SHOW'
     AND m.outcome_registered_at > COALESCE(
       (SELECT max(e.occurred_at) FROM domain_event e WHERE e.citizen_id = ${citizen} AND e.type = 'CONTACT_AFTER_NO_SHOW'),
       '-infinity'))`;

/**
 * The active deadline locked (as activeDeadline in deadline.queries.ts, the same statuses), with the citizen's
 * holidays, MT-2/MT-7's meetings around `time` (the predicate of bookingConflicts) and — for INSURED_UNEMPLOYED only —
 * whether NS-3 has a no-show to report, in one statement. Without an active deadline it has no row: the booking is
 * refused (NO_OPEN_DEADLINE) and needs none of them.
 */
export async function lockedBookingState(scope: Scope, citizen: Citizen, time: BusyTime): Promise<BookingState> {
  const { entities, raw } = await scope.db.createQueryBuilder(Deadline, 'd')
    .addSelect(`(SELECT COALESCE(json_agg(h), '[]'::json) FROM holiday h WHERE h.citizen_id = d.citizen_id)`, 'holidays')
    .addSelect(`(SELECT COALESCE(json_agg(m), '[]'::json) FROM meeting m WHERE m.citizen_id = d.citizen_id AND (${CONFLICT_SQL}))`, 'meetings')
    .addSelect(citizen.targetGroup === 'INSURED_UNEMPLOYED' ? CONTACT_AFTER_NO_SHOW_PENDING_SQL('d.citizen_id') : 'false', 'pending')
    .where('d.citizen_id = :citizenId AND d.status IN (:...statuses)', { citizenId: citizen.id, statuses: [...ACTIVE_DEADLINE_STATUSES] })
    .setParameters(busyParams(time))
    .setLock('pessimistic_write', undefined, ['d'])
    .getRawAndEntities<{ holidays: ObjectLiteral[]; meetings: ObjectLiteral[]; pending: boolean }>();
  const row = raw[0];
  return {
    deadline: entities[0] ?? null,
    holidays: (row?.holidays ?? []).map((h) => fromJsonRow(scope.db, Holiday, h)),
    contactAfterNoShowPending: row?.pending ?? false,
    meetings: (row?.meetings ?? []).map((m) => fromJsonRow(scope.db, Meeting, m)),
  };
}

/** An entity from a `row_to_json`/`json_agg` row (database column names), through the columns' own transformers. */
function fromJsonRow<E extends ObjectLiteral>(db: EntityManager, target: EntityTarget<E>, row: ObjectLiteral): E {
  const meta = db.connection.getMetadata(target);
  const entity = meta.create() as E;
  for (const col of meta.columns) col.setEntityValue(entity, db.connection.driver.prepareHydratedValue(row[col.databaseName], col));
  return entity;
}

/**
 * MT-2: another PLANNED job interview or follow-up that blocks a new one, unless it is on today's date
 * (the exception). With `newDay`, one on the new interview's day blocks too (never two on one day).
 */
export async function otherPlannedInterview(
  scope: Scope, citizenId: string, today: Temporal.PlainDate, excludeMeetingId?: string, newDay?: Temporal.PlainDate,
): Promise<Meeting | null> {
  const planned = await scope.db.find(Meeting, { where: { citizenId, status: 'PLANNED', type: In(['JOB_INTERVIEW', 'FOLLOW_UP']) } });
  return plannedInterviewClash(planned, today, newDay, excludeMeetingId) ?? null;
}

/**
 * NS-3: for INSURED_UNEMPLOYED, a self-booking (or walk-in) after a no-show is "contact after no-show"
 * (henvendelse efter udeblivelse), reported to the a-kasse once per no-show.
 */
export async function reportContactAfterNoShow(scope: Scope, citizen: Citizen, meeting: Meeting): Promise<void> {
  if (citizen.targetGroup !== 'INSURED_UNEMPLOYED') return;
  const rows: { pending: boolean }[] = await scope.db.query(`SELECT ${CONTACT_AFTER_NO_SHOW_PENDING_SQL('$1')} AS pending`, [citizen.id]);
  if (rows[0]?.pending) await contactAfterNoShow(scope, citizen, meeting);
}

/** NS-3: the report itself (bookSlot knows `pending` from lockedBookingState and adds it to its statement's `writes`). */
export function contactAfterNoShow(scope: Scope, citizen: Citizen, meeting: Meeting, writes?: Writes): Promise<void> {
  return emitEvent(scope, 'CONTACT_AFTER_NO_SHOW', citizen, { meetingId: meeting.id, origin: meeting.origin }, writes);
}

/**
 * MT-2 and MT-7's rows (alias `m`; parameters :from/:to, busyParams): every PLANNED job interview or follow-up
 * (MT-2, any day) and every PLANNED or HELD meeting near the time (MT-7).
 */
const CONFLICT_SQL = `(m.status = 'PLANNED' AND m.type IN ('JOB_INTERVIEW', 'FOLLOW_UP'))
  OR (m.status IN ('PLANNED', 'HELD') AND m.ends_at > :from AND COALESCE(m.group_starts_at, m.starts_at) < :to)`;

const busyParams = (time: BusyTime) => ({ from: new Date(time.from.epochMilliseconds), to: new Date(time.to.epochMilliseconds) });

/**
 * MT-2 and MT-7 from one read: the citizen's meetings that could refuse a booking at `time` (CONFLICT_SQL), decided
 * by bookingConflictsAmong.
 */
export async function bookingConflicts(
  scope: Scope, citizenId: string, today: Temporal.PlainDate, newDay: Temporal.PlainDate, time: BusyTime, exceptId?: string,
): Promise<{ clash: Meeting | null; overlap: Meeting | null }> {
  const rows = await scope.db.createQueryBuilder(Meeting, 'm')
    .where('m.citizen_id = :citizenId', { citizenId })
    .andWhere(`(${CONFLICT_SQL})`, busyParams(time))
    .getMany();
  return bookingConflictsAmong(rows, today, newDay, time, exceptId);
}

/**
 * The pure rules over those rows: `clash` is MT-2's blocking interview (asked first, as before), `overlap` MT-7's
 * overlapping meeting.
 */
export function bookingConflictsAmong(
  rows: Meeting[], today: Temporal.PlainDate, newDay: Temporal.PlainDate, time: BusyTime, exceptId?: string,
): { clash: Meeting | null; overlap: Meeting | null } {
  const planned = rows.filter((m) => m.status === 'PLANNED' && (m.type === 'JOB_INTERVIEW' || m.type === 'FOLLOW_UP'));
  return {
    clash: plannedInterviewClash(planned, today, newDay, exceptId) ?? null,
    overlap: overlappingMeeting(rows, time, exceptId ? [exceptId] : []) ?? null,
  };
}
