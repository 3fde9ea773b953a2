import type { Temporal } from 'temporal-polyfill';
import type { Deadline, Meeting } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { MEETING_NO_OVERLAP } from '../../../db/migrations/1700004000000-meeting-no-overlap';
import type { MeetingErrorCode, MeetingForm, MeetingType, NoShowFollowUp } from '../../../generated/enums';
import { OVERLAP_RACE_MSG, assertNoShowFollowUp, assertOutcomeRegistrable } from '../meeting.rules';
import { lockMeeting } from '../meeting.queries';
import { noShow as registerNoShowOf } from '../meeting.transitions';
import { callInMeetingForLockedCitizen } from './call-in-meeting';
import { closeDeadlineOfMissed } from './deadline-effects';
import { MT2_CONSTRAINT } from './deps';
import { issueDeadlineForLockedCitizen } from '../../deadline/commands/issue-deadline';

export interface RegisterNoShowInput {
  meetingId: string;
  followUp: NoShowFollowUp;
  newDeadline?: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate } | null;
  callIn?: {
    type: MeetingType; form: MeetingForm; startsAt: Temporal.Instant; endsAt: Temporal.Instant;
    shortNotice?: boolean | null; location?: string | null;
  } | null;
  idempotencyKey?: string | null;
}

export interface NoShowRegistered {
  meeting: Meeting;
  newDeadline: Deadline | null;
  calledInMeeting: Meeting | null;
}

type R = Promise<Result<NoShowRegistered, MeetingErrorCode>>;

/**
 * NS-1 … NS-3: record a no-show (udeblivelse) and, in the same transaction, issue a new deadline or call
 * the citizen in — the citizen is never left without a deadline or a planned meeting. An invalid follow-up
 * rolls back everything, the no-show included.
 */
export async function registerNoShow(scope: Scope, input: RegisterNoShowInput): R {
  requireStaff(scope.actor);
  const refused = assertNoShowFollowUp(input);
  if (refused) return refused;
  return runInTransaction(
    scope,
    {
      operation: 'registerNoShow', idempotencyKey: input.idempotencyKey, input,
      constraints: {
        [MT2_CONSTRAINT]: fail('INVALID_FOLLOW_UP', 'NS-1: MT-2: another job interview or follow-up was planned that day at the same moment; reload and try again', ['input', 'callIn', 'startsAt']),
        [MEETING_NO_OVERLAP]: fail('INVALID_FOLLOW_UP', `NS-1: ${OVERLAP_RACE_MSG}`, ['input', 'callIn', 'startsAt']),
      },
    },
    async (scope): R => {
      const found = await lockMeeting(scope, input.meetingId);
      if (!found) return fail('NOT_FOUND', `NS-1: no meeting ${input.meetingId} in your jobcenter`, ['input', 'meetingId']);
      const { meeting, citizen } = found;
      const notRegistrable = assertOutcomeRegistrable(meeting, scope.clock.now(), 'NO_SHOW');
      if (notRegistrable) return notRegistrable;
      // NS-2, NS-3: sanctionable for these groups; reported to the a-kasse for INSURED_UNEMPLOYED.
      await registerNoShowOf(scope, citizen, meeting, input.followUp);

      if (input.followUp === 'NEW_DEADLINE') {
        const issued = await issueDeadlineForLockedCitizen(scope, citizen, input.newDeadline!, { prefix: ['input', 'newDeadline'] });
        if (!issued.ok) return fail('INVALID_FOLLOW_UP', `NS-1: ${issued.message}`, issued.field);
        return ok({ meeting, newDeadline: issued.value.deadline, calledInMeeting: null });
      }

      await closeDeadlineOfMissed(scope, citizen, meeting);
      const c = input.callIn!;
      const called = await callInMeetingForLockedCitizen(scope, citizen, {
        type: c.type, form: c.form, startsAt: c.startsAt, endsAt: c.endsAt, shortNotice: c.shortNotice, location: c.location,
      }, ['input', 'callIn']);
      if (!called.ok) return fail('INVALID_FOLLOW_UP', `NS-1: ${called.message}`, called.field);
      return ok({ meeting, newDeadline: null, calledInMeeting: called.value.meeting });
    },
  );
}
