import { Jobcenter } from '../../entities';
import type { Loaders } from '../../loaders';
import { canSeeJobcenterSettings, ensureJobcenterAccess, selfCitizenId } from '../../auth/policy';
import { ForbiddenError } from '../shared/errors';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import type { SetRebookingCutoffErrorCode } from '../../generated/enums';

/** SL-4: the longest rebooking cutoff a jobcenter may set (2 weeks), as the database CHECK allows. */
const MAX_REBOOKING_CUTOFF_HOURS = 336;

export interface SetRebookingCutoffInput {
  jobcenterId: string;
  hours?: number | null;
  idempotencyKey?: string | null;
}

/** Settings of the jobcenter itself (the tenant), changed by its own staff only. */
export class OrganisationService {
  /**
   * SL-4: the jobcenter's rebooking cutoff, for its own staff and citizens only (canSeeJobcenterSettings);
   * FORBIDDEN for anyone else, though the jobcenter's name and code stay readable.
   */
  async rebookingCutoffHours(scope: Scope, loaders: Loaders, jobcenter: Jobcenter): Promise<number | null> {
    const self = selfCitizenId(scope.actor);
    const citizenJobcenterId = self ? (await loaders.citizen.load(self))?.jobcenterId : undefined;
    if (!canSeeJobcenterSettings(scope.actor, jobcenter.id, citizenJobcenterId)) {
      throw new ForbiddenError('SL-4: a jobcenter\'s settings (rebookingCutoffHours) are shown to its own staff and citizens only');
    }
    return jobcenter.rebookingCutoffHours;
  }

  /**
   * SL-4: the jobcenter may decide that rebooking must happen a reasonable time before the interview (003 2.4):
   * 0–336 hours before it, or null for no cutoff. Only staff of that jobcenter may set it.
   */
  async setRebookingCutoff(scope: Scope, input: SetRebookingCutoffInput): Promise<Result<{ jobcenter: Jobcenter }, SetRebookingCutoffErrorCode>> {
    // Jobcenters are public (the `jobcenters` query lists them), so another jobcenter's id is FORBIDDEN, not hidden.
    ensureJobcenterAccess(scope, input.jobcenterId);
    const hours = input.hours ?? null;
    if (hours !== null && (!Number.isInteger(hours) || hours < 0 || hours > MAX_REBOOKING_CUTOFF_HOURS)) {
      return fail('INVALID_INPUT', `SL-4: the rebooking cutoff must be 0–${MAX_REBOOKING_CUTOFF_HOURS} hours before the interview, or null for none`, ['input', 'hours']);
    }
    return runInTransaction(scope, { operation: 'setRebookingCutoff', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const jobcenter = await scope.db.findOne(Jobcenter, { where: { id: input.jobcenterId }, lock: { mode: 'pessimistic_write' } });
      if (!jobcenter) return fail('NOT_FOUND', `SL-4: no jobcenter ${input.jobcenterId}`, ['input', 'jobcenterId']);
      jobcenter.rebookingCutoffHours = hours;
      await scope.db.update(Jobcenter, { id: jobcenter.id }, { rebookingCutoffHours: hours });
      return ok({ jobcenter });
    });
  }
}
