import { Meeting } from '../../entities';
import { lockCitizenFor } from '../shared/citizen-access';
import type { Scope } from '../shared/scope';

/** Loads a meeting with its citizen locked (undefined when it does not exist or is outside the actor's scope). */
export async function lockMeeting(scope: Scope, meetingId: string) {
  const m = await scope.db.findOne(Meeting, { where: { id: meetingId }, select: { id: true, citizenId: true } });
  if (!m) return undefined;
  const citizen = await lockCitizenFor(scope, m.citizenId);
  if (!citizen) return undefined;
  const meeting = await scope.db.findOne(Meeting, { where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
  return meeting ? { meeting, citizen } : undefined;
}
