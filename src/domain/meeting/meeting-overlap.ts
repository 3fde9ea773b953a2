import { Meeting, type Slot } from '../../entities';
import type { Scope } from '../shared/scope';
import { type BusyTime, overlappingMeeting } from './meeting.rules';

/**
 * MT-7: the citizen's PLANNED or HELD meeting that would overlap `time` (the pure rule of meeting.rules applied to the
 * meetings near it), or null; `exceptIds` are meetings the operation replaces. Every operation that places a meeting
 * (booking, rebooking, call-in, walk-in, MT-6's booking of an offer) asks this one query; the exclusion constraint
 * `meeting_no_overlap` makes it race-safe.
 */
export async function findOverlappingMeeting(
  scope: Scope, citizenId: string, time: BusyTime, exceptIds: (string | null | undefined)[] = [],
): Promise<Meeting | null> {
  const near = await scope.db.createQueryBuilder(Meeting, 'm')
    .where('m.citizen_id = :citizenId', { citizenId })
    .andWhere(`m.status IN ('PLANNED', 'HELD')`)
    .andWhere('m.ends_at > :from AND COALESCE(m.group_starts_at, m.starts_at) < :to', {
      from: new Date(time.from.epochMilliseconds), to: new Date(time.to.epochMilliseconds),
    })
    .getMany();
  return overlappingMeeting(near, time, exceptIds) ?? null;
}

/** MT-7: the time a slot's booking holds the citizen: from the group part's start (SL-1) to the end. */
export function slotBusyTime(slot: Pick<Slot, 'startsAt' | 'endsAt' | 'groupStartsAt'>): BusyTime {
  return { from: slot.groupStartsAt ?? slot.startsAt, to: slot.endsAt };
}
