import type { Deadline } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { emitEvent } from '../../shared/events';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { close } from '../deadline.transitions';
import { assertClosable, assertCloseReason } from '../deadline.rules';
import type { CloseDeadlineErrorCode, DeadlineCloseReason } from '../../../generated/enums';
import { lockDeadlineFor } from '../deadline.queries';

export interface CloseDeadlineInput {
  deadlineId: string;
  reason: DeadlineCloseReason;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** DL-7: the jobcenter closes an active deadline administratively, with a reason (OTHER needs a note). */
export async function closeDeadline(scope: Scope, input: CloseDeadlineInput): Promise<Result<{ deadline: Deadline }, CloseDeadlineErrorCode>> {
  requireStaff(scope.actor);
  return runInTransaction(scope, { operation: 'closeDeadline', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const found = await lockDeadlineFor(scope, input.deadlineId);
    if (!found) return fail('NOT_FOUND', `DL-7: no deadline ${input.deadlineId} in your jobcenter`, ['input', 'deadlineId']);
    const { citizen, deadline } = found;
    const note = input.note?.trim() || null;
    const refused = assertCloseReason(input.reason, note) ?? assertClosable(deadline, scope.clock.today(), citizen.targetGroup);
    if (refused) return refused;
    await close(scope, deadline, input.reason, note ?? 'closed by the jobcenter');
    await emitEvent(scope, 'DEADLINE_CLOSED', citizen, { deadlineId: deadline.id, reason: input.reason, note, meetingId: deadline.meetingId });
    return ok({ deadline });
  });
}
