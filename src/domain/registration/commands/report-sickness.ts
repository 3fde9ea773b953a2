import { requirePolicy, signedIn } from '../../../auth/policy';
import { ForbiddenError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { lockTarget } from '../registration.queries';
import { assertSicknessDeregisters, channelOf } from '../registration.rules';
import { type Deregistered, deregisterCitizenFromToday } from './deregister';
import type { RegistrationErrorCode } from '../../../generated/enums';

export interface ReportSicknessInput {
  citizenId?: string | null;
  idempotencyKey?: string | null;
}

/**
 * RG-8 (003 2.15): the citizen reports sick (on Jobnet, or to the jobcenter) and is deregistered for sickness from
 * today — except JOB_CLARIFICATION (TG-4) and persons employed with wage subsidy. A deadline running meanwhile is
 * left as it is: if it expires during the sickness, RG-4 applies at the recovery report.
 */
export async function reportSickness(scope: Scope, input: ReportSicknessInput): Promise<Result<Deregistered, RegistrationErrorCode>> {
  requirePolicy(signedIn, scope.actor);
  const via = channelOf(scope.actor, 'RG-8');
  if (via === 'UNEMPLOYMENT_FUND') throw new ForbiddenError('RG-8: a sickness report is made by the citizen on Jobnet or to the jobcenter');
  return runInTransaction(scope, { operation: 'reportSickness', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const found = await lockTarget(scope, input.citizenId, 'RG-8');
    if (!found.ok) return found;
    const refused = assertSicknessDeregisters(found.value);
    if (refused) return refused;
    return deregisterCitizenFromToday(scope, found.value, { reason: 'SICKNESS', via, note: null });
  });
}
