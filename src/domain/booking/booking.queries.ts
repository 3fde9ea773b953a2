import type { Temporal } from 'temporal-polyfill';
import { Brackets, In } from 'typeorm';
import { type Citizen, Meeting, Slot } from '../../entities';
import { isNoShowSanctionable } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { localDay } from '../shared/dates';
import type { Scope } from '../shared/scope';
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

/** SL-1/SL-6: the booked meeting is a self-booked JOB_INTERVIEW in the slot's form, whatever the form. */
export async function insertBookedMeeting(scope: Scope, citizen: Citizen, slot: Slot, deadlineId: string, now: Temporal.Instant, id?: string): Promise<Meeting> {
  const meeting = scope.db.create(Meeting, {
    ...(id ? { id } : {}),
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

/**
 * MT-2 and MT-7 from one read: the citizen's meetings that could refuse a booking at `time` — every PLANNED job
 * interview or follow-up (MT-2, any day) and every PLANNED or HELD meeting near `time` (MT-7). The pure rules
 * decide: `clash` is MT-2's blocking interview (asked first, as before), `overlap` MT-7's overlapping meeting.
 */
export async function bookingConflicts(
  scope: Scope, citizenId: string, today: Temporal.PlainDate, newDay: Temporal.PlainDate, time: BusyTime, exceptId?: string,
): Promise<{ clash: Meeting | null; overlap: Meeting | null }> {
  const rows = await scope.db.createQueryBuilder(Meeting, 'm')
    .where('m.citizen_id = :citizenId', { citizenId })
    .andWhere(new Brackets((q) => q
      .where(`m.status = 'PLANNED' AND m.type IN ('JOB_INTERVIEW', 'FOLLOW_UP')`)
      .orWhere(`m.status IN ('PLANNED', 'HELD') AND m.ends_at > :from AND COALESCE(m.group_starts_at, m.starts_at) < :to`, {
        from: new Date(time.from.epochMilliseconds), to: new Date(time.to.epochMilliseconds),
      })))
    .getMany();
  const planned = rows.filter((m) => m.status === 'PLANNED' && (m.type === 'JOB_INTERVIEW' || m.type === 'FOLLOW_UP'));
  return {
    clash: plannedInterviewClash(planned, today, newDay, exceptId) ?? null,
    overlap: overlappingMeeting(rows, time, exceptId ? [exceptId] : []) ?? null,
  };
}
