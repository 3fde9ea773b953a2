import type { Deadline, Meeting } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import type { MeetingErrorCode } from '../../../generated/enums';
import { assertOutcomeRegistrable } from '../meeting.rules';
import { lockMeeting } from '../meeting.queries';
import { hold as holdMeeting } from '../meeting.transitions';
import { closeDeadlineOnHeld } from './deadline-effects';

export interface RegisterMeetingHeldInput {
  meetingId: string;
  idempotencyKey?: string | null;
}

type Held = Promise<Result<{ meeting: Meeting; closedDeadline: Deadline | null }, MeetingErrorCode>>;

/** MT-5, DL-9, JI-3: register a meeting as held, from its start. */
export async function registerMeetingHeld(scope: Scope, input: RegisterMeetingHeldInput): Held {
  requireStaff(scope.actor);
  return runInTransaction(scope, { operation: 'registerMeetingHeld', idempotencyKey: input.idempotencyKey, input }, async (scope): Held => {
    const found = await lockMeeting(scope, input.meetingId);
    if (!found) return fail('NOT_FOUND', `MT-5: no meeting ${input.meetingId} in your jobcenter`, ['input', 'meetingId']);
    const { meeting, citizen } = found;
    const refused = assertOutcomeRegistrable(meeting, scope.clock.now(), 'HELD');
    if (refused) return refused;
    // JI-3: a joint interview stays JOINT_INTERVIEW and keeps its opt-out mark when held.
    await holdMeeting(scope, citizen, meeting);
    const closedDeadline = await closeDeadlineOnHeld(scope, citizen, meeting);
    return ok({ meeting, closedDeadline });
  });
}
