import { type Citizen, JobInterviewRequest, Meeting, RegistrationPeriod } from '../../entities';
import { requireCitizenOrStaff } from '../../auth/policy';
import { actorLabel } from '../shared/actor';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate } from '../shared/dates';
import { type Result, fail, ok } from '../shared/result';
import { readAll } from '../shared/reads';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { interviewRequestOutstanding } from './contact-course.rules';
import { contactCourseOf } from './contact-course.service';
import type { RequestJobInterviewErrorCode } from '../../generated/enums';

export interface RequestJobInterviewInput {
  citizenId?: string | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

/**
 * CC-11 (003 1.1): "den enkelte ledige har ret til en jobsamtale, hvis personen beder om det". The citizen records the
 * request, or the jobcenter on their behalf (the a-kasse does not: the actors table gives it no part in the course).
 *
 * Decision, from 003 1.1: the right is stated in the paragraph on the time after the first 6 months, where there is no
 * minimum; within the first 6 months the course already has its minimum interviews (CC-1/CC-2) set by the jobcenter.
 * So a request is accepted only in the AFTER_SIX_MONTHS phase of a course of the duty groups, and refused (citing
 * CC-11) in the first 6 months, for groups without the contact course and before it has started. Decision too: a
 * request while an interview is planned, or while an earlier request is outstanding, is refused — both are answered
 * already or pending, and a second row would only duplicate the follow-up entry.
 */
export class InterviewRequestService {
  async request(scope: Scope, input: RequestJobInterviewInput): Promise<Result<{ request: JobInterviewRequest; citizen: Citizen }, RequestJobInterviewErrorCode>> {
    const actor = requireCitizenOrStaff(scope.actor);
    const citizenId = input.citizenId ?? (actor.kind === 'CITIZEN' ? actor.citizenId : null);
    if (!citizenId) return fail('INVALID_INPUT', 'CC-11: jobcenter staff name the citizen (citizenId) whose request they record', ['input', 'citizenId']);
    return runInTransaction(scope, { operation: 'requestJobInterview', idempotencyKey: input.idempotencyKey, input: { ...input, citizenId } }, async (scope) => {
      const citizen = await lockCitizenFor(scope, citizenId);
      if (!citizen) return fail('NOT_FOUND', `CC-11: no citizen ${citizenId} for you`, ['input', 'citizenId']);
      const today = scope.clock.today();
      const [meetings, periods, earlier] = await readAll(scope.db, [
        () => scope.db.find(Meeting, { where: { citizenId: citizen.id } }),
        () => scope.db.find(RegistrationPeriod, { where: { citizenId: citizen.id }, order: { registeredFrom: 'ASC', id: 'ASC' } }),
        () => scope.db.find(JobInterviewRequest, { where: { citizenId: citizen.id }, order: { requestedOn: 'DESC', id: 'DESC' }, take: 1 }),
      ] as const);
      const course = contactCourseOf(citizen, meetings, today, periods);
      if (course.phase !== 'AFTER_SIX_MONTHS') {
        const why = course.phase === 'FIRST_SIX_MONTHS'
          ? `the citizen is in the first 6 months of the contact course (until ${course.firstSixMonthsEnd}), which has its minimum interviews (CC-1/CC-2); the right applies from ${course.firstSixMonthsEnd!.add({ days: 1 })}`
          : course.phase === 'NOT_STARTED' ? 'the contact course has not started' : `${citizen.targetGroup} is not covered by the contact course (TG-1)`;
        return fail('NOT_AFTER_SIX_MONTHS', `CC-11: the right to a job interview on request applies after the first 6 months of the contact course (003 1.1); ${why}`, ['input', 'citizenId']);
      }
      const planned = meetings.find((m) => m.status === 'PLANNED' && (m.type === 'JOB_INTERVIEW' || m.type === 'JOINT_INTERVIEW') && cmpDate(m.localDay, today) >= 0);
      if (planned) {
        return fail('INTERVIEW_ALREADY_PLANNED', `CC-11: a ${planned.type === 'JOINT_INTERVIEW' ? 'joint interview' : 'job interview'} is already planned on ${planned.localDay}`, ['input', 'citizenId']);
      }
      const last = earlier[0];
      if (last && interviewRequestOutstanding(last.requestedOn, meetings)) {
        return fail('ALREADY_REQUESTED', `CC-11: the request of ${last.requestedOn} is still outstanding; the jobcenter follows it up`, ['input', 'citizenId']);
      }
      const row = scope.db.create(JobInterviewRequest, {
        citizenId: citizen.id, requestedOn: today, requestedVia: scope.actor.kind === 'CITIZEN' ? 'CITIZEN' : 'JOBCENTER',
        note: input.note?.trim() || null, recordedBy: actorLabel(scope.actor),
      });
      await scope.db.insert(JobInterviewRequest, row);
      return ok({ request: await scope.db.findOneByOrFail(JobInterviewRequest, { id: row.id }), citizen });
    });
  }
}
