import { requirePolicy, signedIn } from '../../../auth/policy';
import type { Result } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { lockTarget } from '../registration.queries';
import { channelOf } from '../registration.rules';
import { REREGISTRATION_CONSTRAINTS, type Reregistered, reregisterCitizen } from './reregister-citizen';
import type { RegistrationErrorCode } from '../../../generated/enums';

export interface ReregisterInput {
  /** Omitted by the citizen (themselves); required for the jobcenter and the a-kasse. */
  citizenId?: string | null;
  /** RG-5: the slot of the immediate booking that completes a re-registration on Jobnet. */
  slotId?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Gentilmelding (RG-3 … RG-6, RG-9, LP-1, LP-2): the citizen on Jobnet, the jobcenter, or the citizen's a-kasse
 * re-registers a deregistered citizen (not one deregistered for sickness: RG-8, reportRecovery).
 */
export async function reregister(scope: Scope, input: ReregisterInput): Promise<Result<Reregistered, RegistrationErrorCode>> {
  requirePolicy(signedIn, scope.actor);
  const via = channelOf(scope.actor);
  const tx = { operation: 'reregister', idempotencyKey: input.idempotencyKey, input, constraints: REREGISTRATION_CONSTRAINTS };
  return runInTransaction(scope, tx, async (scope) => {
    const found = await lockTarget(scope, input.citizenId, 'RG-5/RG-6');
    if (!found.ok) return found;
    return reregisterCitizen(scope, found.value, via, { recovery: false, slotId: input.slotId ?? null });
  });
}
