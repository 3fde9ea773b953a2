import { randomUUID } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import { Citizen, type Deadline, type Meeting, RegistrationPeriod } from '../../../entities';
import { requirePolicy, staff } from '../../../auth/policy';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../../shared/citizen-access';
import { hasSelfBookingDuty } from '../../shared/enums';
import { emitEvent } from '../../shared/events';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { asDailyRun, runTransitionsForCitizen } from '../../lifecycle/transitions';
import { MEETING_NO_OVERLAP } from '../../../db/migrations/1700004000000-meeting-no-overlap';
import type { MeetingErrorCode, MeetingForm } from '../../../generated/enums';
import { findOverlappingMeeting } from '../meeting-overlap';
import { assertFirstContact, assertWalkInAllowed, assertWalkInInput, benefitGapDays, overlapMessage } from '../meeting.rules';
import { firstHeldMeeting, lastRegistrationPeriod } from '../meeting.queries';
import { plan } from '../meeting.transitions';
import { closeDeadlineOnHeld } from './deadline-effects';
import { reportContactAfterNoShow } from '../../booking/booking.queries';

export interface RegisterWalkInInput {
  citizenId: string;
  startsAt?: Temporal.Instant | null;
  durationMinutes?: number | null;
  form: MeetingForm;
  /** ST-3: held at once at the citizen's first contact: origin CALLED_IN (counts as called in), not WALK_IN. */
  firstContact?: boolean | null;
  idempotencyKey?: string | null;
}

type R = Promise<Result<{ meeting: Meeting; closedDeadline: Deadline | null; reregistered: boolean }, MeetingErrorCode>>;

/**
 * MT-4 (003 2.6): the citizen turned up (or phoned while in an offer) and the job interview was held at once.
 * With `firstContact` (ST-3, 003 2.1) it was held at once at the citizen's first contact and counts as called in
 * (origin CALLED_IN, marked firstContact); otherwise it is a walk-in.
 * Registered as a HELD JOB_INTERVIEW with origin WALK_IN (counts as self-booked); closes the active deadline
 * (DL-9); re-registers a citizen deregistered for a missed deadline; reports contact after a no-show (NS-3).
 */
export async function registerWalkInInterview(scope: Scope, input: RegisterWalkInInput): R {
  requirePolicy(staff, scope.actor);
  const refused = assertWalkInInput(input);
  if (refused) return refused;
  return runInTransaction(scope, {
    operation: 'registerWalkInInterview', idempotencyKey: input.idempotencyKey, input,
    // MT-8: two identical submissions at once (no idempotency key): the constraint lets one through.
    constraints: { [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', 'MT-8: this visit was registered at the same moment by another submission; it is registered once — reload the citizen\'s meetings', ['input', 'startsAt']) },
  }, async (scope): R => {
    const locked = await lockCitizenFor(scope, input.citizenId);
    if (!locked) return noCitizenInYourJobcenter('MT-4', input.citizenId);
    // RG-1 before the daily run: a walk-in the day after bookBy first deregisters (the a-kasse is told), and then
    // re-registers below (MT-4), rather than silently skipping both.
    await runTransitionsForCitizen(asDailyRun(scope), locked.id);
    const citizen = await scope.db.findOneByOrFail(Citizen, { id: locked.id });
    const now = scope.clock.now();
    const startsAt = input.startsAt ?? now;
    const notAllowed = assertWalkInAllowed(citizen, hasSelfBookingDuty(citizen.targetGroup), startsAt, now);
    if (notAllowed) return notAllowed;
    // ST-3 (003 2.1): held at once at the first contact, the interview counts as called in, not as a walk-in.
    const firstContact = input.firstContact ?? false;
    const origin = firstContact ? 'CALLED_IN' : 'WALK_IN';
    const endsAt = startsAt.add({ minutes: input.durationMinutes ?? 30 });
    // MT-7/MT-8: one visit is registered once, and never inside another meeting of the citizen.
    const overlap = await findOverlappingMeeting(scope, citizen.id, { from: startsAt, to: endsAt });
    if (overlap) {
      return fail('MEETING_OVERLAP', overlapMessage(overlap, startsAt, 'the citizen', { visit: { type: 'JOB_INTERVIEW', origin } }), ['input', 'startsAt']);
    }
    const notFirst = assertFirstContact(firstContact, firstContact ? await firstHeldMeeting(scope, citizen.id) : null);
    if (notFirst) return notFirst;

    const reregistered = await reregisterAfterMissedDeadline(scope, citizen);
    // DL-9: the deadline the visit closes is closed first, so the meeting is placed naming it (its id chosen here).
    const id = randomUUID();
    const closedDeadline = await closeDeadlineOnHeld(scope, citizen, { id, type: 'JOB_INTERVIEW', origin, firstContact, startsAt });
    // MT-4/MT-5: the visit is placed HELD at once (meeting.transitions `plan`), with its history and MEETING_HELD.
    const meeting = await plan(scope, citizen, {
      id, held: true,
      meeting: {
        type: 'JOB_INTERVIEW', origin, firstContact, form: input.form, startsAt, endsAt, deadlineId: closedDeadline?.id ?? null,
        caseworker: scope.actor.kind === 'CASEWORKER' ? scope.actor.userId : null,
      },
      history: {
        action: firstContact ? 'FIRST_CONTACT_HELD' : 'WALK_IN_HELD',
        reason: firstContact ? 'ST-3: held at once at the first contact; counts as called in (003 2.1)' : null,
        details: { reregistered, closedDeadlineId: closedDeadline?.id ?? null },
      },
      event: (m) => ({
        type: 'MEETING_HELD',
        payload: { meetingId: m.id, type: m.type, origin, startsAt: startsAt.toString(), ...(firstContact ? { firstContact } : {}) },
      }),
    });
    // NS-3: turning up after a no-show is "contact after no-show" for the a-kasse.
    await reportContactAfterNoShow(scope, citizen, meeting);
    return ok({ meeting, closedDeadline, reregistered });
  });
}

/**
 * MT-4 / RG (003 2.6): an INSURED_UNEMPLOYED deregistered for a missed deadline is re-registered by the walk-in.
 * Only then; a citizen deregistered for other reasons (sickness: RG-8) keeps their registration state.
 */
async function reregisterAfterMissedDeadline(scope: Scope, citizen: Citizen): Promise<boolean> {
  if (citizen.registered) return false;
  const last = await lastRegistrationPeriod(scope, citizen.id);
  if (!last || !last.deregisteredFrom || last.deregistrationReason !== 'MISSED_DEADLINE') return false;
  const today = scope.clock.today();
  await scope.db.insert(RegistrationPeriod, {
    citizenId: citizen.id, registeredFrom: today, registeredVia: 'WALK_IN', deregisteredFrom: null, deregistrationReason: null, systemOutage: false,
  });
  await scope.db.update(Citizen, { id: citizen.id }, { registered: true });
  citizen.registered = true;
  // RG-3: re-registering on the day the deregistration takes effect has no consequence for benefit.
  await emitEvent(scope, 'REREGISTERED', citizen, {
    via: 'WALK_IN', deregisteredFrom: last.deregisteredFrom.toString(), reregisteredOn: today.toString(),
    benefitGapDays: benefitGapDays(last.deregisteredFrom, today), systemOutage: last.systemOutage,
  });
  return true;
}
