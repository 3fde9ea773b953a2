import type { Temporal } from 'temporal-polyfill';
import { Citizen, type CitizenChange } from '../../../entities';
import { requireStaffOrFund } from '../../../auth/policy';
import { lockCitizenFor } from '../../shared/citizen-access';
import { cmpDate } from '../../shared/dates';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { recordCitizenChange } from '../citizen-history';
import { historyDateError } from '../citizen.rules';
import type { SetBenefitPeriodStartErrorCode } from '../../../generated/enums';

export interface SetBenefitPeriodStartInput {
  citizenId: string;
  benefitPeriodStart: Temporal.PlainDate;
  idempotencyKey?: string | null;
}

/**
 * CZ-3: the first day of the benefit period (første dag i dagpengeperioden), reported by the member's a-kasse or the
 * jobcenter. The contact course counts from it (CC-6, 000 2018-07-06): it is computed from the stored day on every
 * read, so it recounts at once — interviews held from that day count, also those held while in another group.
 * Decision: only for a member of an a-kasse (the benefit period is the a-kasse's); the a-kasse may set it for its own
 * members only (lockCitizenFor: another a-kasse's member is NOT_FOUND). The day may lie before unemployedSince: a
 * benefit period spans spells of unemployment (TG-3, cumulative).
 */
export async function setBenefitPeriodStart(scope: Scope, input: SetBenefitPeriodStartInput): Promise<Result<{ citizen: Citizen; change: CitizenChange }, SetBenefitPeriodStartErrorCode>> {
  requireStaffOrFund(scope.actor);
  const outOfRange = historyDateError('benefitPeriodStart', input.benefitPeriodStart, scope.clock.today());
  if (outOfRange) return fail('DATE_OUT_OF_RANGE', outOfRange, ['input', 'benefitPeriodStart']);
  return runInTransaction(scope, { operation: 'setBenefitPeriodStart', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const citizen = await lockCitizenFor(scope, input.citizenId);
    if (!citizen) return fail('NOT_FOUND', `CZ-3: no citizen ${input.citizenId} you may act on`, ['input', 'citizenId']);
    if (!citizen.unemploymentFundId) return fail('NOT_A_MEMBER', 'CZ-3: the benefit period is reported for a member of an a-kasse; the citizen has none', ['input', 'citizenId']);
    const from = citizen.benefitPeriodStart;
    if (from && cmpDate(from, input.benefitPeriodStart) === 0) {
      return fail('UNCHANGED', `CZ-3: the first day of the benefit period is already ${from}`, ['input', 'benefitPeriodStart']);
    }
    await scope.db.update(Citizen, { id: citizen.id }, { benefitPeriodStart: input.benefitPeriodStart });
    citizen.benefitPeriodStart = input.benefitPeriodStart;
    const change = await recordCitizenChange(scope, citizen.id, {
      kind: 'BENEFIT_PERIOD_START', effectiveFrom: input.benefitPeriodStart, fromValue: from?.toString() ?? null, toValue: input.benefitPeriodStart.toString(),
    });
    return ok({ citizen, change });
  });
}
