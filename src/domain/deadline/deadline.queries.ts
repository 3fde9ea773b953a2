import { type EntityManager, In } from 'typeorm';
import { Deadline } from '../../entities';
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
