import { requirePolicy, signedIn } from '../../../auth/policy';
import type { Failure, Result } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { lockTarget } from '../registration.queries';
import { channelOf } from '../registration.rules';
import { REREGISTRATION_CONSTRAINTS, type Reregistered, reregisterCitizen } from './reregister-citizen';
import type { Citizen } from '../../../entities';
import type { RegistrationChannel, RegistrationErrorCode } from '../../../generated/enums';

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
  return runReregistration(scope, input, { operation: 'reregister', rule: 'RG-5/RG-6', recovery: false });
}

/**
 * What gentilmelding (reregister) and raskmelding (reportRecovery, RG-8) share: any signed-in caller of the
 * citizen's channel (citizen, jobcenter, a-kasse), the target citizen locked, the operation's own check on that
 * channel, then the re-registration itself (reregister-citizen.ts) — in one transaction with the key and races.
 */
export async function runReregistration(
  scope: Scope, input: ReregisterInput,
  how: { operation: string; rule: 'RG-5/RG-6' | 'RG-8'; recovery: boolean; check?: (via: RegistrationChannel, citizen: Citizen) => Failure<RegistrationErrorCode> | undefined },
): Promise<Result<Reregistered, RegistrationErrorCode>> {
  requirePolicy(signedIn, scope.actor);
  const via = channelOf(scope.actor, 'RG-5/RG-6');
  const tx = { operation: how.operation, idempotencyKey: input.idempotencyKey, input, constraints: REREGISTRATION_CONSTRAINTS };
  return runInTransaction(scope, tx, async (scope) => {
    const found = await lockTarget(scope, input.citizenId, how.rule);
    if (!found.ok) return found;
    const refused = how.check?.(via, found.value);
    if (refused) return refused;
    return reregisterCitizen(scope, found.value, via, { recovery: how.recovery, slotId: input.slotId ?? null });
  });
}
