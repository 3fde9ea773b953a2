import { Meeting } from '../../../entities';
import { requireStaffOrFund } from '../../../auth/policy';
import { actorLabel } from '../../shared/actor';
import { emitEvent } from '../../shared/events';
import { recordMeetingHistory } from '../../shared/history';
import { type Result, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import type { MeetingErrorCode } from '../../../generated/enums';
import { lockJointInterview } from '../meeting.queries';

export interface RegisterJointInterviewOptOutInput {
  meetingId: string;
  idempotencyKey?: string | null;
}

type R = Promise<Result<{ meeting: Meeting }, MeetingErrorCode>>;

/**
 * JI-2, JI-3: the citizen opted out of the a-kasse's participation in one joint interview. Registered by the
 * jobcenter or the citizen's a-kasse, never by the citizen; the meeting keeps its type and stays called in.
 */
export async function registerJointInterviewOptOut(scope: Scope, input: RegisterJointInterviewOptOutInput): R {
  requireStaffOrFund(scope.actor);
  return runInTransaction(scope, { operation: 'registerJointInterviewOptOut', idempotencyKey: input.idempotencyKey, input }, async (scope): R => {
    const found = await lockJointInterview(scope, input.meetingId, 'JI-2');
    if (!found.ok) return found;
    const { meeting, citizen } = found.value;
    // Registering the same opt-out again changes nothing (no second event for the a-kasse).
    if (meeting.fundOptOut) return ok({ meeting });
    const now = scope.clock.now();
    const by = actorLabel(scope.actor);
    Object.assign(meeting, { fundOptOut: true, fundOptOutRegisteredBy: by, fundOptOutRegisteredAt: now });
    await scope.db.update(Meeting, { id: meeting.id }, { fundOptOut: true, fundOptOutRegisteredBy: by, fundOptOutRegisteredAt: now });
    await recordMeetingHistory(scope, meeting.id, { action: 'FUND_OPT_OUT', reason: 'JI-2: the citizen opted out of the a-kasse\'s participation in this joint interview' });
    // JI-4: both the jobcenter and the a-kasse see it.
    await emitEvent(scope, 'JOINT_INTERVIEW_OPT_OUT', citizen, { meetingId: meeting.id, startsAt: meeting.startsAt.toString(), registeredBy: by });
    return ok({ meeting });
  });
}
