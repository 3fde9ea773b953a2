import { type EntityManager, In } from 'typeorm';
import { type Citizen, Deadline } from '../../entities';
import { lockCitizenFor } from '../shared/citizen-access';
import type { Scope } from '../shared/scope';
import { ACTIVE_DEADLINE_STATUSES } from '../shared/enums';

/**
 * DL-4: the citizen's active deadline (OPEN, BOOKED or EXPIRED as stored; at most one, by the partial unique index
 * `deadline_one_active_per_citizen`), or null. The one definition of "the active deadline" in the domain; `lock`
 * takes a row lock for the rest of the caller's transaction. `db` is the scope's handle (scope.db).
 */
export function activeDeadline(db: EntityManager, citizenId: string, opts: { lock?: boolean } = {}): Promise<Deadline | null> {
  return db.findOne(Deadline, {
    where: { citizenId, status: In([...ACTIVE_DEADLINE_STATUSES]) },
    ...(opts.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

/**
 * Loads a deadline and locks its citizen (serialising with booking and every other change of that citizen's
 * deadlines), then re-reads the deadline under the lock. Undefined when it does not exist or is outside the actor's scope.
 */
export async function lockDeadlineFor(scope: Scope, deadlineId: string): Promise<{ citizen: Citizen; deadline: Deadline } | undefined> {
  const peek = await scope.db.findOne(Deadline, { where: { id: deadlineId }, select: { id: true, citizenId: true } });
  if (!peek) return undefined;
  const citizen = await lockCitizenFor(scope, peek.citizenId);
  if (!citizen) return undefined;
  const deadline = await scope.db.findOneBy(Deadline, { id: deadlineId });
  return deadline ? { citizen, deadline } : undefined;
}
