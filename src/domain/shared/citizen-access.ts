import { Citizen } from '../../entities';
import { markCitizenChanged } from '../../audit/access-log';
import { ensureCitizenAccess } from '../../auth/policy';
import type { Scope } from './scope';

/**
 * Loads a citizen the scope's actor may act on, locking the row for the rest of the scope's transaction. Every change
 * to a citizen's deadlines and meetings takes this lock first, so the rules that span rows (one active
 * deadline, one planned interview, MT-2) are checked without races for that citizen.
 * Returns undefined when the citizen does not exist or is outside the actor's scope (ensureCitizenAccess: another
 * tenant's citizen is ABSENT, reported as NOT_FOUND, so that a caseworker cannot probe other jobcenters' citizens).
 */
export async function lockCitizenFor(scope: Scope, citizenId: string): Promise<Citizen | undefined> {
  const c = ensureCitizenAccess(scope, await scope.db.createQueryBuilder(Citizen, 'c').setLock('pessimistic_write').where('c.id = :id', { id: citizenId }).getOne());
  if (!c) return undefined;
  markCitizenChanged(scope.db, c.id); // access log: the transaction's CHANGE entry names this citizen
  return c;
}
