import type { Temporal } from 'temporal-polyfill';
import { type Citizen, Deadline, Holiday, Meeting, RegistrationPeriod } from '../../../entities';
import { readAll } from '../../shared/reads';
import type { Scope } from '../../shared/scope';
import { effectiveDeadlineStatus } from '../../deadline/deadline.rules';
import { activeDeadline } from '../../deadline/deadline.queries';
import { close as closeDeadline, lapse as lapseDeadline } from '../../deadline/deadline.transitions';
import { jointInterviewIsNext } from '../../lifecycle/lifecycle.service';
import { lapsesAtReregistration, restartsAtReregistration } from '../../lifecycle/lifecycle.rules';

/** What a re-registration does to the citizen's active deadline (LP-1, LP-2/CC-8, RG-9), through deadline.transitions.ts. */

/** The re-registration's state as it goes: the citizen's active deadline and what happened to it. */
export interface Course {
  citizen: Citizen; today: Temporal.PlainDate; deregisteredFrom: Temporal.PlainDate; insured: boolean;
  deadline: Deadline | null; lapsedDeadline: Deadline | null; closedDeadline: Deadline | null; expired: () => boolean;
}

/**
 * LP-1 (INSURED_UNEMPLOYED, 3 months or more) / LP-2 with CC-8 (the other groups, 1 month or more): the expired
 * deadline lapses; no immediate booking; the jobcenter issues a new deadline (follow-up list) or calls in.
 */
export async function lapseAtReregistration(scope: Scope, citizen: Citizen, before: Deadline | null, deregisteredFrom: Temporal.PlainDate): Promise<Course> {
  const today = scope.clock.today();
  const insured = citizen.targetGroup === 'INSURED_UNEMPLOYED';
  const deadline = await activeDeadline(scope.db, citizen.id, { lock: true });
  const lapsedDeadline = before && !deadline ? await scope.db.findOne(Deadline, { where: { id: before.id, status: 'LAPSED' } }) : null;
  // DL-13: a deadline whose bookBy fell in a holiday that lasts today is not expired yet (no immediate booking).
  const holidays = await scope.db.findBy(Holiday, { citizenId: citizen.id });
  const course: Course = {
    citizen, today, deregisteredFrom, insured, deadline, lapsedDeadline, closedDeadline: null,
    expired: () => course.deadline !== null && effectiveDeadlineStatus(course.deadline, today, { targetGroup: citizen.targetGroup, holidays }) === 'EXPIRED',
  };
  if (course.expired() && (insured ? lapsesAtReregistration(deregisteredFrom, today) : restartsAtReregistration(deregisteredFrom, today))) {
    course.lapsedDeadline = await lapseDeadline(scope, course.deadline!, insured
      ? `LP-1: re-registered on ${today}, 3 months or more after the deregistration from ${deregisteredFrom}`
      : `LP-2/CC-8: re-registered on ${today}, 1 month or more after the deregistration from ${deregisteredFrom}; the contact course starts over`);
    course.deadline = null;
  }
  return course;
}

/** RG-9 (003 2.9.3): when the next interview is a joint interview, no deadline becomes active; the jobcenter calls in. */
export async function callInForJointInterview(scope: Scope, course: Course): Promise<boolean> {
  if (!course.insured) return false;
  const { citizen, today, deadline } = course;
  const [meetings, periods] = await readAll(scope.db, [
    () => scope.db.find(Meeting, { where: { citizenId: citizen.id } }),
    () => scope.db.find(RegistrationPeriod, { where: { citizenId: citizen.id }, order: { registeredFrom: 'ASC', id: 'ASC' } }),
  ] as const);
  const callIn = jointInterviewIsNext(citizen, meetings, periods, today);
  if (callIn && deadline && (course.expired() || effectiveDeadlineStatus(deadline, today) === 'OPEN')) {
    course.closedDeadline = await closeDeadline(scope, deadline, 'CALLED_IN_INSTEAD', 'RG-9: re-registered when the next interview is a joint interview; the jobcenter calls in');
    course.deadline = null;
  }
  return callIn;
}
