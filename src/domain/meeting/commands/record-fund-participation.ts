import { Meeting } from '../../../entities';
import { requireStaffOrFund } from '../../../auth/policy';
import { emitEvent } from '../../shared/events';
import { recordMeetingHistory } from '../../shared/history';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import type { FundParticipation, FundParticipationForm, MeetingErrorCode } from '../../../generated/enums';
import { assertNonParticipation, fundParticipationForm } from '../meeting.rules';
import { lockJointInterview } from '../meeting.queries';

export interface RecordFundParticipationInput {
  meetingId: string;
  participation: FundParticipation;
  form?: FundParticipationForm | null;
  citizenRequestsInPerson?: boolean | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}

type R = Promise<Result<{ meeting: Meeting }, MeetingErrorCode>>;

/** JI-5, JI-6, JI-7: the a-kasse's participation decision for a joint interview (recorded by it or the jobcenter). */
export async function recordUnemploymentFundParticipation(scope: Scope, input: RecordFundParticipationInput): R {
  requireStaffOrFund(scope.actor);
  return runInTransaction(scope, { operation: 'recordUnemploymentFundParticipation', idempotencyKey: input.idempotencyKey, input }, async (scope): R => {
    const found = await lockJointInterview(scope, input.meetingId, 'JI-5');
    if (!found.ok) return found;
    const { meeting, citizen } = found.value;
    const reason = input.reason?.trim() || null;
    const citizenRequestsInPerson = input.citizenRequestsInPerson ?? meeting.citizenRequestsFundInPerson;
    let form: FundParticipationForm | null = null;
    if (input.participation === 'PARTICIPATES') {
      if (meeting.fundOptOut) {
        return fail('CITIZEN_OPTED_OUT', 'JI-2: the citizen opted out of the a-kasse\'s participation in this joint interview', ['input', 'participation']);
      }
      const decided = fundParticipationForm(input.form, { citizenRequestsInPerson, sixteenMonth: meeting.sixteenMonth });
      if (!decided.ok) {
        return decided.rule === 'JI-7'
          ? fail('SIXTEEN_MONTH_MUST_BE_IN_PERSON', 'JI-7: the a-kasse takes part in the 16-month joint interview in person', ['input', 'form'])
          : fail('INVALID_INPUT', 'JI-6: the citizen asked for the a-kasse to take part in person, not by video', ['input', 'form']);
      }
      form = decided.form;
    } else {
      const refused = assertNonParticipation(input, reason, meeting);
      if (refused) return refused;
    }
    const change = { fundParticipation: input.participation, fundParticipationForm: form, fundParticipationReason: reason, citizenRequestsFundInPerson: citizenRequestsInPerson };
    Object.assign(meeting, change);
    await scope.db.update(Meeting, { id: meeting.id }, change);
    await recordMeetingHistory(scope, meeting.id, {
      action: 'FUND_DECISION', reason: reason ? `JI-5: ${reason}` : null,
      details: { participation: input.participation, form, citizenRequestsInPerson },
    });
    await emitEvent(scope, 'JOINT_INTERVIEW_FUND_DECISION', citizen, { meetingId: meeting.id, participation: input.participation, form, reason });
    return ok({ meeting });
  });
}
