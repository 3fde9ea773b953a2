import { Citizen } from '../../entities';
import { markCitizenChanged } from '../../audit/access-log';
import { ensureCitizenAccess } from '../../auth/policy';
import { type Failure, fail } from './result';
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

/**
 * The NOT_FOUND answer of a jobcenter staff operation that finds no citizen of the caller's jobcenter (lockCitizenFor
 * undefined): it opens with the operation's rule (issue 15 item 10: `EX-1: no citizen … in your jobcenter`), and is
 * the same for a citizen that does not exist and one of another jobcenter (ABSENT).
 */
export function noCitizenInYourJobcenter(rule: string, citizenId: string, field: string[] = ['input', 'citizenId']): Failure<'NOT_FOUND'> {
  return fail('NOT_FOUND', `${rule}: no citizen ${citizenId} in your jobcenter`, field);
}
