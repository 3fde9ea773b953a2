import { Citizen, type Deadline, type Meeting, RegistrationPeriod } from '../../../entities';
import { hasSelfBookingDuty } from '../../shared/enums';
import { emitEvent } from '../../shared/events';
import { type Failure, type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { bookSlotForLockedCitizen } from '../../booking/commands/book-slot';
import { immediateWindow } from '../../booking/booking.rules';
import { activeDeadline } from '../../deadline/deadline.queries';
import { benefitGapDays } from '../../lifecycle/lifecycle.rules';
import { asDailyRun, runTransitionsForCitizen } from '../../lifecycle/transitions';
import { lastClosedPeriod, offeredSlots } from '../registration.queries';
import { type Course, callInForJointInterview, lapseAtReregistration } from './reregistration-deadline';
import { assertDeregistered, assertReregistrable, assertRightWayBack, assertSlotOnlyOnJobnet } from '../registration.rules';
import type { RegistrationChannel, RegistrationErrorCode } from '../../../generated/enums';
import { MEETING_NO_OVERLAP } from '../../../db/migrations/1700004000000-meeting-no-overlap';
import { OVERLAP_RACE_MSG } from '../../meeting/meeting.rules';

/** What a re-registration (or recovery report) did. */
export interface Reregistered {
  citizen: Citizen;
  registrationPeriod: RegistrationPeriod;
  /** RG-3: days without registration (0 when re-registered on the day the deregistration took effect). */
  benefitGapDays: number;
  /** RG-5: the interview booked with the re-registration. */
  meeting: Meeting | null;
  /** LP-1 / LP-2: the deadline that lapsed at this re-registration. */
  lapsedDeadline: Deadline | null;
  /** RG-9: the deadline closed because the next interview is a joint interview the jobcenter calls in to. */
  closedDeadline: Deadline | null;
  /** RG-9: the citizen is on the jobcenter's call-in list for a joint interview. */
  jointInterviewCallIn: boolean;
  /** RG-4 … RG-6: an immediate booking is still demanded (at the next login), from slots within 10 days. */
  immediateBookingRequired: boolean;
}

type R<T> = Promise<Result<T, RegistrationErrorCode>>;

/** A lost race of a re-registration (with its immediate booking) answers as the check would have. */
export const REREGISTRATION_CONSTRAINTS = {
  meeting_one_booking_per_slot: fail('SLOT_TAKEN', 'SL-3: another citizen booked this slot first; choose another time', ['input', 'slotId']),
  meeting_one_planned_interview_per_day: fail('INTERVIEW_ALREADY_PLANNED', 'MT-2: you already have a job interview planned that day', ['input', 'slotId']),
  registration_one_open_period: fail('ALREADY_REGISTERED', 'RG-5/RG-6/RG-8: the citizen was re-registered at the same moment; reload', ['input', 'citizenId']),
  [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', OVERLAP_RACE_MSG, ['input', 'slotId']),
};

/**
 * RG-3 … RG-6, RG-8, RG-9, LP-1, LP-2: re-registers the locked citizen, inside the caller's transaction (reregister,
 * reportRecovery): the pre-checks, the deadline's lapse, the new period, the joint-interview call-in, the immediate booking.
 */
export async function reregisterCitizen(
  scope: Scope, locked: Citizen, via: RegistrationChannel, opts: { recovery: boolean; slotId: string | null },
): R<Reregistered> {
  const today = scope.clock.today();
  const slotRefused = assertSlotOnlyOnJobnet(opts, via);
  if (slotRefused) return slotRefused;
  // Bring the citizen to the state the daily run would have produced by today (e.g. a pending RG-1 deregistration,
  // or the LP-1 lapse after 3 months), remembering the deadline it may lapse.
  const before = await activeDeadline(scope.db, locked.id);
  await runTransitionsForCitizen(asDailyRun(scope), locked.id);
  const citizen = await scope.db.findOneByOrFail(Citizen, { id: locked.id });
  const last = await lastClosedPeriod(scope, citizen.id);
  const refused = assertReregistrable(citizen) ?? assertDeregistered(opts, citizen) ?? assertRightWayBack(opts, last);
  if (refused) return refused;

  const course = await lapseAtReregistration(scope, citizen, before, last?.deregisteredFrom ?? today);
  const gap = benefitGapDays(course.deregisteredFrom, today);
  const period = await openPeriod(scope, citizen, via, opts.recovery);
  const jointInterviewCallIn = await callInForJointInterview(scope, course);
  const booked = await immediateBooking(scope, course, via, opts);
  if ('ok' in booked) return booked;
  const { meeting, immediateBookingRequired } = booked;

  await emitEvent(scope, 'REREGISTERED', citizen, {
    registrationPeriodId: period.id, via, recoveryReport: opts.recovery, deregisteredFrom: course.deregisteredFrom.toString(),
    deregistrationReason: last?.deregistrationReason ?? null, reregisteredOn: today.toString(), benefitGapDays: gap,
    systemOutage: last?.systemOutage ?? false, deadlineLapsed: course.lapsedDeadline?.id ?? null, meetingId: meeting?.id ?? null,
    immediateBooking: meeting ? 'BOOKED' : immediateBookingRequired ? 'AT_NEXT_LOGIN' : 'NONE', jointInterviewCallIn,
  });
  return ok({
    citizen, registrationPeriod: period, benefitGapDays: gap, meeting, lapsedDeadline: course.lapsedDeadline,
    closedDeadline: course.closedDeadline, jointInterviewCallIn, immediateBookingRequired,
  });
}

/** The new registration period (RG-3: the gap is recorded on the REREGISTERED event and read from the periods). */
async function openPeriod(scope: Scope, citizen: Citizen, via: RegistrationChannel, recovery: boolean): Promise<RegistrationPeriod> {
  const period = scope.db.create(RegistrationPeriod, {
    citizenId: citizen.id, registeredFrom: scope.clock.today(), registeredVia: via, deregisteredFrom: null, deregistrationReason: null,
    systemOutage: false, deregisteredVia: null, deadlineId: null, recoveryReport: recovery, deregistrationNote: null,
  });
  await scope.db.insert(RegistrationPeriod, period);
  await scope.db.update(Citizen, { id: citizen.id }, { registered: true });
  citizen.registered = true;
  return period;
}

/**
 * RG-4/RG-5: the immediate booking. On Jobnet the citizen books with the re-registration (slotId); an
 * INSURED_UNEMPLOYED citizen must when a slot is free (RG-5: "før tilmeldingen er gennemført"). Without a free
 * slot, or when the jobcenter or the a-kasse re-registers (RG-6), it is demanded at the next login (10 days).
 */
async function immediateBooking(
  scope: Scope, course: Course, via: RegistrationChannel, opts: { recovery: boolean; slotId: string | null },
): Promise<Failure<RegistrationErrorCode> | { meeting: Meeting | null; immediateBookingRequired: boolean }> {
  const { citizen, today } = course;
  const demanded = course.expired() && hasSelfBookingDuty(citizen.targetGroup) && citizen.selfBookingRight === 'ALLOWED'
    && !(citizen.lessIntensiveEffort && !citizen.lessIntensiveOverrideJustification);
  if (opts.slotId) {
    const booked = await bookSlotForLockedCitizen(scope, citizen, opts.slotId, ['input', 'slotId'], { atReregistration: true });
    if (!booked.ok) {
      // The citizen was registered just above, so bookSlot's body cannot ask for a re-registration.
      if (booked.code === 'REREGISTRATION_REQUIRED') throw new Error('unreachable: REREGISTRATION_REQUIRED after registering');
      return { ...booked, code: booked.code };
    }
    course.deadline = booked.value.deadline;
    return { meeting: booked.value.meeting, immediateBookingRequired: false };
  }
  if (demanded && via === 'JOBNET' && course.insured) {
    const free = await offeredSlots(scope, immediateWindow(today).to, citizen, 1);
    if (free.length > 0) {
      // RG-8 (003 2.15): after sickness the recovery report is the re-registration that demands it (RG-4), not RG-5.
      return fail('IMMEDIATE_BOOKING_REQUIRED', opts.recovery
        ? `RG-8: the deadline with bookBy ${course.deadline!.bookBy} expired during the sickness; choose one of the offered slots (Citizen.registration.offeredSlots, up to ${immediateWindow(today).to}) to complete the recovery report (RG-4)`
        : `RG-5: the deadline with bookBy ${course.deadline!.bookBy} expired; choose one of the offered slots (Citizen.registration.offeredSlots, up to ${immediateWindow(today).to}) to complete the re-registration`,
        ['input', 'slotId']);
    }
  }
  return { meeting: null, immediateBookingRequired: demanded };
}
