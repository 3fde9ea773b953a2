import { Meeting } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { actorLabel } from '../../shared/actor';
import { recordMeetingHistory } from '../../shared/history';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import type { FundParticipationRequester, MeetingErrorCode } from '../../../generated/enums';
import { assertFirstJointInterview } from '../meeting.rules';
import { jointInterviewsHeldBefore, lockJointInterview } from '../meeting.queries';

export interface RequestFundParticipationInput {
  meetingId: string;
  requestedBy: FundParticipationRequester;
  withdraw: boolean;
  idempotencyKey?: string | null;
}

type R = Promise<Result<{ meeting: Meeting }, MeetingErrorCode>>;

/**
 * JI-5 (003 1.1.1): the jobcenter records its own or the citizen's request that the a-kasse take part in the first
 * joint interview (or withdraws it). Decision: the request is recorded on the planned first joint interview — the
 * one with no joint interview of the citizen held before it — since it is for that meeting; a decision not to take
 * part made before the request is cleared, so the a-kasse decides again (now only to take part).
 */
export async function requestUnemploymentFundParticipation(scope: Scope, input: RequestFundParticipationInput): R {
  requireStaff(scope.actor);
  return runInTransaction(scope, { operation: 'requestUnemploymentFundParticipation', idempotencyKey: input.idempotencyKey, input }, async (scope): R => {
    const found = await lockJointInterview(scope, input.meetingId, 'JI-5');
    if (!found.ok) return found;
    const { meeting } = found.value;
    const notFirst = assertFirstJointInterview(await jointInterviewsHeldBefore(scope, meeting));
    if (notFirst) return notFirst;
    const who = input.requestedBy === 'CITIZEN' ? 'citizen' : 'jobcenter';
    if (input.withdraw) {
      if (meeting.fundRequestedBy !== input.requestedBy) {
        return fail('INVALID_INPUT', `JI-5: no standing request by the ${who} to withdraw`, ['input', 'requestedBy']);
      }
      const change = { fundRequestedBy: null, fundRequestRecordedBy: null, fundRequestRecordedAt: null };
      Object.assign(meeting, change);
      await scope.db.update(Meeting, { id: meeting.id }, change);
      await recordMeetingHistory(scope, meeting.id, { action: 'FUND_REQUEST_WITHDRAWN', reason: `JI-5: the ${who} withdrew the request that the a-kasse take part` });
      return ok({ meeting });
    }
    if (meeting.fundOptOut) {
      return fail('CITIZEN_OPTED_OUT', 'JI-2: the citizen opted out of the a-kasse\'s participation in this joint interview', ['input', 'meetingId']);
    }
    // The same request again changes nothing.
    if (meeting.fundRequestedBy === input.requestedBy) return ok({ meeting });
    const change = {
      fundRequestedBy: input.requestedBy, fundRequestRecordedBy: actorLabel(scope.actor), fundRequestRecordedAt: scope.clock.now(),
      ...(meeting.fundParticipation === 'DOES_NOT_PARTICIPATE' ? { fundParticipation: null, fundParticipationReason: null } : {}),
    };
    Object.assign(meeting, change);
    await scope.db.update(Meeting, { id: meeting.id }, change);
    await recordMeetingHistory(scope, meeting.id, {
      action: 'FUND_REQUESTED', reason: `JI-5: the ${who} asked that the a-kasse take part in the first joint interview`,
      details: { requestedBy: input.requestedBy },
    });
    return ok({ meeting });
  });
}
