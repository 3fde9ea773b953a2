import type { Temporal } from 'temporal-polyfill';
import type { Deadline } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { extend } from '../deadline.transitions';
import { assertExtensionReason } from '../deadline.rules';
import type { ExtendDeadlineErrorCode } from '../../../generated/enums';
import { lockDeadlineFor } from '../deadline.queries';

export interface ExtendDeadlineInput {
  deadlineId: string;
  bookBy: Temporal.PlainDate;
  reason: string;
  idempotencyKey?: string | null;
}

/**
 * DL-10: the jobcenter extends a deadline to a later bookBy, with a reason (003 2.3: "Forlænges fristen skal
 * dette registreres"). DL-2/DL-6 are re-checked from the original availableFrom; DL-3 moves the latest
 * interview date along. originalBookBy keeps the first bookBy. The extension itself (and its DL-5 refusal and
 * DL-11 notices) is deadline.transitions `extend`.
 */
export async function extendDeadline(scope: Scope, input: ExtendDeadlineInput): Promise<Result<{ deadline: Deadline }, ExtendDeadlineErrorCode>> {
  requireStaff(scope.actor);
  return runInTransaction(scope, { operation: 'extendDeadline', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const found = await lockDeadlineFor(scope, input.deadlineId);
    if (!found) return fail('NOT_FOUND', `DL-10: no deadline ${input.deadlineId} in your jobcenter`, ['input', 'deadlineId']);
    const { citizen, deadline } = found;
    const reason = input.reason.trim();
    const refused = assertExtensionReason(reason);
    if (refused) return refused;
    const extended = await extend(scope, citizen, deadline, { bookBy: input.bookBy, reason });
    if (!extended.ok) return fail<ExtendDeadlineErrorCode>(extended.code, extended.message, ['input', ...(extended.field ?? [])]);
    return ok({ deadline: extended.value });
  });
}
