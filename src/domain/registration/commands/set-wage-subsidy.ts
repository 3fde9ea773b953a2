import { Citizen } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../../shared/citizen-access';
import { type Result, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import type { RegistrationErrorCode } from '../../../generated/enums';

export interface SetWageSubsidyInput {
  citizenId: string;
  wageSubsidy: boolean;
  idempotencyKey?: string | null;
}

/** RG-8: the jobcenter records that the citizen is employed with wage subsidy (not deregistered for sickness). */
export async function setWageSubsidy(scope: Scope, input: SetWageSubsidyInput): Promise<Result<{ citizen: Citizen }, RegistrationErrorCode>> {
  requireStaff(scope.actor);
  return runInTransaction(scope, { operation: 'setWageSubsidy', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const citizen = await lockCitizenFor(scope, input.citizenId);
    if (!citizen) return noCitizenInYourJobcenter('RG-8', input.citizenId);
    await scope.db.update(Citizen, { id: citizen.id }, { wageSubsidy: input.wageSubsidy });
    citizen.wageSubsidy = input.wageSubsidy;
    return ok({ citizen });
  });
}
