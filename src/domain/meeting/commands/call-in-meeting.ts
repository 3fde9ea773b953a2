import type { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline, Meeting } from '../../../entities';
import { requirePolicy, staff } from '../../../auth/policy';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../../shared/citizen-access';
import { localDay } from '../../shared/dates';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { MEETING_NO_OVERLAP } from '../../../db/migrations/1700004000000-meeting-no-overlap';
import type { MeetingErrorCode, MeetingForm, MeetingType } from '../../../generated/enums';
import { findOverlappingMeeting } from '../meeting-overlap';
import { ONE_PLANNED_TYPES, OVERLAP_RACE_MSG, assertCallIn, assertNoPlannedInterview, assertReplaceable, overlapMessage } from '../meeting.rules';
import { cancel as cancelPlannedMeeting, plan } from '../meeting.transitions';
import { findReplaceableMeeting, plannedInterviewOnDay } from '../meeting.queries';
import { deadlineClosedByCallIn } from './deadline-effects';
import { MT2_CONSTRAINT } from './deps';
import { otherPlannedInterview } from '../../booking/booking.queries';

/** What a call-in needs (callInMeeting, and registerNoShow's CALL_IN follow-up). */
export interface CallInSpec {
  type: MeetingType;
  form: MeetingForm;
  startsAt: Temporal.Instant;
  endsAt: Temporal.Instant;
  shortNotice?: boolean | null;
  deliveredInPerson?: boolean | null;
  location?: string | null;
  caseworker?: string | null;
  sixteenMonth?: boolean | null;
  replacesMeetingId?: string | null;
}

export interface CallInMeetingInput extends CallInSpec {
  citizenId: string;
  idempotencyKey?: string | null;
}

export interface CalledIn {
  meeting: Meeting;
  replacedMeeting: Meeting | null;
  closedDeadline: Deadline | null;
}

type R<T> = Promise<Result<T, MeetingErrorCode>>;

/** MT-2, MT-3, TG-5, JI-1, JI-7, DL-9: the jobcenter calls a citizen in (indkaldelse). */
export async function callInMeeting(scope: Scope, input: CallInMeetingInput): R<CalledIn> {
  requirePolicy(staff, scope.actor);
  return runInTransaction(
    scope,
    {
      operation: 'callInMeeting', idempotencyKey: input.idempotencyKey, input,
      constraints: {
        [MT2_CONSTRAINT]: fail('INTERVIEW_ALREADY_PLANNED', 'MT-2: another job interview or follow-up was planned for this citizen that day at the same moment; reload and try again', ['input', 'startsAt']),
        [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', OVERLAP_RACE_MSG, ['input', 'startsAt']),
      },
    },
    async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('MT-3', input.citizenId);
      return callInMeetingForLockedCitizen(scope, citizen, input, ['input']);
    },
  );
}

/**
 * The call-in itself, inside the caller's transaction with the citizen locked (callInMeeting, and
 * registerNoShow's CALL_IN follow-up, NS-1). Field paths are under `prefix`.
 */
export async function callInMeetingForLockedCitizen(scope: Scope, citizen: Citizen, spec: CallInSpec, prefix: string[]): R<CalledIn> {
  const today = scope.clock.today();
  const refused = assertCallIn(spec, { citizen, now: scope.clock.now(), today }, prefix);
  if (refused) return refused;

  // DL-9: the meeting this call-in replaces.
  const replaced = spec.replacesMeetingId ? await findReplaceableMeeting(scope, citizen.id, spec.replacesMeetingId) : null;
  const notReplaceable = spec.replacesMeetingId ? assertReplaceable(spec.replacesMeetingId, replaced, prefix) : undefined;
  if (notReplaceable) return notReplaceable;

  // MT-2: one planned job interview or follow-up at a time; on the day of one, a new one may be called in.
  const clash = ONE_PLANNED_TYPES.includes(spec.type)
    ? await otherPlannedInterview(scope, citizen.id, today, replaced?.id)
      ?? await plannedInterviewOnDay(scope, citizen.id, localDay(spec.startsAt), replaced?.id)
    : null;
  const planned = assertNoPlannedInterview(spec.type, clash, prefix);
  if (planned) return planned;

  // MT-7: never two meetings at overlapping times, whatever their types (the replaced meeting is cancelled below).
  const overlap = await findOverlappingMeeting(scope, citizen.id, { from: spec.startsAt, to: spec.endsAt }, [replaced?.id]);
  if (overlap) return fail('MEETING_OVERLAP', overlapMessage(overlap, spec.startsAt, 'the citizen'), [...prefix, 'startsAt']);

  if (replaced) await cancelPlannedMeeting(scope, citizen, replaced, `DL-9: replaced by a ${spec.type} call-in`);
  const closedDeadline = await deadlineClosedByCallIn(scope, citizen, spec.type, replaced);
  const meeting = await placeCalledInMeeting(scope, citizen, spec, replaced);
  return ok({ meeting, replacedMeeting: replaced, closedDeadline });
}

/** MT-5: the PLANNED meeting of a call-in, with its history and events (EV-1), through meeting.transitions `plan`. */
function placeCalledInMeeting(scope: Scope, citizen: Citizen, spec: CallInSpec, replaced: Meeting | null): Promise<Meeting> {
  const sixteenMonth = spec.sixteenMonth ?? false;
  const shortNotice = spec.shortNotice ?? false;
  const deliveredInPerson = spec.deliveredInPerson ?? false;
  return plan(scope, citizen, {
    meeting: {
      type: spec.type,
      // JI-1: joint interviews are always called in.
      origin: 'CALLED_IN',
      form: spec.form,
      startsAt: spec.startsAt,
      endsAt: spec.endsAt,
      shortNotice,
      deliveredInPerson,
      // NS-2: sanctionable for these groups, whether called in or self-booked (plan's default).
      location: spec.location ?? null,
      caseworker: spec.caseworker ?? null,
      sixteenMonth,
    },
    history: { action: 'CALLED_IN', details: { shortNotice, deliveredInPerson, replaces: replaced?.id ?? null, sixteenMonth } },
    // EV-1: the call-in is a letter on Jobnet; a joint interview is also reported to the a-kasse.
    event: (m) => ({
      type: spec.type === 'JOINT_INTERVIEW' ? 'JOINT_INTERVIEW_CALLED_IN' : 'MEETING_CALLED_IN',
      payload: { meetingId: m.id, type: m.type, form: m.form, startsAt: m.startsAt.toString(), location: m.location, shortNotice, sixteenMonth },
    }),
  });
}
