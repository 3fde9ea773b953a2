import { requirePolicy, signedIn } from '../../../auth/policy';
import type { Result } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { lockTarget } from '../registration.queries';
import { assertFundMayReportRecovery, channelOf } from '../registration.rules';
import { REREGISTRATION_CONSTRAINTS, type Reregistered, reregisterCitizen } from './reregister-citizen';
import type { ReregisterInput } from './reregister';
import type { RegistrationErrorCode } from '../../../generated/enums';

/**
 * RG-8 (003 2.7.2, 2.15): raskmelding. The citizen reports recovery on Jobnet; the jobcenter — and for
 * INSURED_UNEMPLOYED the a-kasse — may register it on the citizen's behalf. Re-registers the citizen; a deadline
 * that expired during the sickness demands an immediate booking (RG-4), as at any re-registration.
 */
export async function reportRecovery(scope: Scope, input: ReregisterInput): Promise<Result<Reregistered, RegistrationErrorCode>> {
  requirePolicy(signedIn, scope.actor);
  const via = channelOf(scope.actor);
  const tx = { operation: 'reportRecovery', idempotencyKey: input.idempotencyKey, input, constraints: REREGISTRATION_CONSTRAINTS };
  return runInTransaction(scope, tx, async (scope) => {
    const found = await lockTarget(scope, input.citizenId, 'RG-8');
    if (!found.ok) return found;
    const refused = assertFundMayReportRecovery(via, found.value);
    if (refused) return refused;
    return reregisterCitizen(scope, found.value, via, { recovery: true, slotId: input.slotId ?? null });
  });
}
