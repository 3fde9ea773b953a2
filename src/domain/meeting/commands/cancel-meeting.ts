import type { Temporal } from 'temporal-polyfill';
import type { Deadline, Meeting } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { activeDeadline } from '../../deadline/deadline.queries';
import { close as closeDeadline, extend as extendDeadline, reopen as reopenDeadline } from '../../deadline/deadline.transitions';
import type { DeadlineActionOnCancel, MeetingErrorCode } from '../../../generated/enums';
import { assertCancellationInput, assertDeadlineAction, assertPlanned } from '../meeting.rules';
import { lockMeeting } from '../meeting.queries';
import { cancel as cancelPlannedMeeting } from '../meeting.transitions';

export interface CancelMeetingInput {
  meetingId: string;
  reason: string;
  deadlineAction?: DeadlineActionOnCancel | null;
  newBookBy?: Temporal.PlainDate | null;
  idempotencyKey?: string | null;
}

type Cancelled = Promise<Result<{ meeting: Meeting; deadline: Deadline | null }, MeetingErrorCode>>;

/** DL-12: the jobcenter cancels a planned meeting and says what happens with the deadline it fulfils. */
export async function cancelMeeting(scope: Scope, input: CancelMeetingInput): Cancelled {
  requireStaff(scope.actor);
  const refused = assertCancellationInput(input);
  if (refused) return refused;
  const reason = input.reason.trim();
  return runInTransaction(scope, { operation: 'cancelMeeting', idempotencyKey: input.idempotencyKey, input }, async (scope): Cancelled => {
    const found = await lockMeeting(scope, input.meetingId);
    if (!found) return fail('NOT_FOUND', `DL-12: no meeting ${input.meetingId} in your jobcenter`, ['input', 'meetingId']);
    const { meeting, citizen } = found;
    // DL-12: the deadline this (self-booked) interview fulfils, if it is still active.
    const active = await activeDeadline(scope.db, citizen.id);
    const deadline = active && active.meetingId === meeting.id ? active : null;
    const notCancellable = assertPlanned(meeting) ?? assertDeadlineAction(input, deadline, scope.clock.today());
    if (notCancellable) return notCancellable;

    await cancelPlannedMeeting(scope, citizen, meeting, reason);
    if (!deadline) return ok({ meeting, deadline: null });
    if (input.deadlineAction === 'CLOSE') {
      return ok({ meeting, deadline: await closeDeadline(scope, deadline, 'MEETING_CANCELLED', `DL-12: ${reason}`) });
    }
    if (input.deadlineAction === 'REOPEN') {
      return ok({ meeting, deadline: await reopenDeadline(scope, deadline, `DL-12: ${reason}`, meeting.id) });
    }
    // DL-12 EXTEND is DL-10's extension (its DL-5 refusal and DL-11 notices included), answered in DL-12's terms.
    const extended = await extendDeadline(scope, citizen, deadline, {
      bookBy: input.newBookBy!, reason, historyReason: `DL-12: ${reason}`, cancelledMeetingId: meeting.id,
    });
    if (!extended.ok) {
      return fail('INVALID_DEADLINE_ACTION', extended.message, ['input', extended.field?.[0] === 'bookBy' ? 'newBookBy' : 'deadlineAction']);
    }
    return ok({ meeting, deadline: extended.value });
  });
}
