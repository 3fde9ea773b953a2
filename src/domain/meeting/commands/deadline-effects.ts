import type { Citizen, Deadline, Meeting } from '../../../entities';
import { formatLocal } from '../../shared/dates';
import type { Scope } from '../../shared/scope';
import { activeDeadline } from '../../deadline/deadline.queries';
import { effectiveDeadlineStatus } from '../../deadline/deadline.rules';
import { close as closeDeadline } from '../../deadline/deadline.transitions';
import type { MeetingType } from '../../../generated/enums';
import { closesOnHeld } from '../meeting.rules';

/**
 * What a meeting command does to the citizen's active deadline, inside its transaction (the citizen row locked),
 * through deadline.transitions.ts.
 */

/**
 * DL-9: a held JOB_INTERVIEW closes the active deadline (INTERVIEW_HELD); other types do not (see closesOnHeld).
 * `meeting` may be one about to be placed (a walk-in: its id chosen beforehand, so its history can name the deadline).
 */
export async function closeDeadlineOnHeld(
  scope: Scope, citizen: Citizen, meeting: Pick<Meeting, 'id' | 'type' | 'origin' | 'firstContact' | 'startsAt'>,
): Promise<Deadline | null> {
  const d = await activeDeadline(scope.db, citizen.id);
  if (!d || !closesOnHeld(d, effectiveDeadlineStatus(d, scope.clock.today()), meeting)) return null;
  const kind = meeting.origin === 'WALK_IN' ? 'walk-in ' : meeting.firstContact ? 'first-contact ' : '';
  return closeDeadline(scope, d, 'INTERVIEW_HELD', `DL-9: ${kind}job interview held ${formatLocal(meeting.startsAt)}`);
}

/** DL-9: the deadline a call-in closes (CALLED_IN_INSTEAD), after the meeting it replaces (`replaced`) was cancelled. */
export async function deadlineClosedByCallIn(scope: Scope, citizen: Citizen, type: MeetingType, replaced: Meeting | null): Promise<Deadline | null> {
  if (replaced) {
    // DL-9 Beyond (000 2017-02-06): the deadline the replaced interview was booked for is closed in the same
    // operation, rather than left for the caseworker to remember. Decision: also when the replacement is a job
    // interview or follow-up — the citizen is now called in instead of self-booking for that deadline.
    const d = await activeDeadline(scope.db, citizen.id);
    if (d && d.meetingId === replaced.id) {
      return closeDeadline(scope, d, 'CALLED_IN_INSTEAD', `DL-9: the booked interview was replaced by a ${type} call-in`);
    }
  }
  if (type !== 'JOB_INTERVIEW') return null;
  // Decision (DL-9): a called-in job interview takes the place of self-booking for an OPEN (or EXPIRED) deadline.
  // Left open, MT-2 would stop the citizen booking while the deadline ran out, and an INSURED_UNEMPLOYED citizen
  // would be deregistered (RG-1) despite the interview. A BOOKED deadline stays: it is fulfilled by its own interview.
  const d = await activeDeadline(scope.db, citizen.id);
  if (!d) return null;
  const status = effectiveDeadlineStatus(d, scope.clock.today());
  return status === 'OPEN' || status === 'EXPIRED'
    ? closeDeadline(scope, d, 'CALLED_IN_INSTEAD', 'DL-9: the citizen was called in to a job interview instead')
    : null;
}

/**
 * NS-1 CALL_IN: the deadline the missed interview was booked for must not stay active (it would read BOOKED with a
 * no-show, or reopen a booking duty the jobcenter has replaced by a call-in). Decision: close it with
 * CALLED_IN_INSTEAD — the jobcenter calls the citizen in instead of self-booking (000 2018-02-13).
 */
export async function closeDeadlineOfMissed(scope: Scope, citizen: Citizen, missed: Meeting): Promise<void> {
  const active = await activeDeadline(scope.db, citizen.id);
  if (active && active.meetingId === missed.id) {
    await closeDeadline(scope, active, 'CALLED_IN_INSTEAD', 'NS-1: no-show; the citizen is called in instead');
  }
}
