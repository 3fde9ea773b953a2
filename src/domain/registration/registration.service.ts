import { Temporal } from 'temporal-polyfill';
import { IsNull } from 'typeorm';
import { Citizen, Deadline, Holiday, Meeting, RegistrationPeriod, Slot } from '../../entities';
import type { Loaders } from '../../loaders';
import { canSeeCitizen, requireAuthenticated, requireJobcenterActor } from '../shared/access';
import type { Actor } from '../shared/actor';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate, startOfDay } from '../shared/dates';
import { hasSelfBookingDuty } from '../shared/enums';
import { ForbiddenError } from '../shared/errors';
import { emitEvent } from '../shared/events';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { MEETING_NO_OVERLAP } from '../../db/migrations/1700004000000-meeting-no-overlap';
import { OVERLAP_RACE_MSG } from '../meeting/meeting.rules';
import type { BookingService } from '../booking/booking.service';
import { IMMEDIATE_BOOKING_MAX_SLOTS, SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL, immediateWindow } from '../booking/booking.rules';
import { deadlineReasons, effectiveDeadlineStatus } from '../deadline/deadline.rules';
import type { Language, Reason } from '../shared/reasons';
import { jointInterviewIsNext } from '../lifecycle/lifecycle.service';
import { LAPSE_AFTER_DEREGISTRATION_MONTHS, benefitGapDays, lapsesAtReregistration, restartsAtReregistration } from '../lifecycle/lifecycle.rules';
import { runTransitionsForCitizen } from '../lifecycle/transitions';
import { type RegistrationStatusView, registrationStatusOf } from './registration.view';
import type { DeadlineStatus, RegistrationChannel, RegistrationErrorCode } from '../../generated/enums';
// The test suite and older callers import it from here; it lives in immediate-booking.ts (no booking ↔ registration cycle).
export { immediateBookingWindowOf } from './immediate-booking';
import { activeDeadline } from '../deadline/deadline.queries';
import { close as closeDeadline, lapse as lapseDeadline } from '../deadline/deadline.transitions';
import { cancel as cancelPlannedMeeting } from '../meeting/meeting.transitions';


export interface ReregisterInput {
  /** Omitted by the citizen (themselves); required for the jobcenter and the a-kasse. */
  citizenId?: string | null;
  /** RG-5: the slot of the immediate booking that completes a re-registration on Jobnet. */
  slotId?: string | null;
  idempotencyKey?: string | null;
}

export interface ReportSicknessInput {
  citizenId?: string | null;
  idempotencyKey?: string | null;
}

export interface DeregisterCitizenInput {
  citizenId: string;
  reason: 'EMPLOYMENT' | 'OTHER';
  note?: string | null;
  idempotencyKey?: string | null;
}

export interface SetWageSubsidyInput {
  citizenId: string;
  wageSubsidy: boolean;
  idempotencyKey?: string | null;
}

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

export interface Deregistered {
  citizen: Citizen;
  registrationPeriod: RegistrationPeriod;
  /** CZ-6: the active deadline the end of unemployment closed (null for sickness, RG-8, which leaves it running). */
  closedDeadline: Deadline | null;
  /** CZ-6: the planned meetings the end of unemployment cancelled (none for sickness). */
  cancelledMeetings: Meeting[];
}

type R<T> = Promise<Result<T, RegistrationErrorCode>>;

const CONSTRAINTS = {
  meeting_one_booking_per_slot: fail('SLOT_TAKEN', 'SL-3: another citizen booked this slot first; choose another time', ['input', 'slotId']),
  meeting_one_planned_interview_per_day: fail('INTERVIEW_ALREADY_PLANNED', 'MT-2: you already have a job interview planned that day', ['input', 'slotId']),
  registration_one_open_period: fail('ALREADY_REGISTERED', 'RG-5/RG-6/RG-8: the citizen was re-registered at the same moment; reload', ['input', 'citizenId']),
  [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', OVERLAP_RACE_MSG, ['input', 'slotId']),
};

function channelOf(actor: Actor): RegistrationChannel {
  switch (actor.kind) {
    case 'CITIZEN': return 'JOBNET';
    case 'CASEWORKER':
    case 'INTEGRATION': return 'JOBCENTER';
    case 'UNEMPLOYMENT_FUND': return 'UNEMPLOYMENT_FUND';
    default: throw new ForbiddenError('Only the citizen, the jobcenter or the citizen\'s a-kasse may do this');
  }
}

export class RegistrationService {
  constructor(private readonly booking: BookingService) {}

  // ─── reads ──────────────────────────────────────────────────────────────

  /** RG rules: the registration status of a citizen the caller may see (Citizen.registration). */
  async statusOf(scope: Scope, loaders: Loaders, citizen: Citizen): Promise<RegistrationStatusView> {
    const [periods, active, holidays] = await Promise.all([
      loaders.registrationPeriodsByCitizen.load(citizen.id), loaders.activeDeadline.load(citizen.id), loaders.holidaysByCitizen.load(citizen.id),
    ]);
    return registrationStatusOf(citizen, periods, active, scope.clock.today(), holidays);
  }

  /**
   * DL-7, DL-13, LP-1, LP-2: a deadline's status today — what the daily run stores that day, read before it has run
   * too (an unbooked deadline expires after bookBy or after the holiday it fell in; an expired one lapses).
   */
  async deadlineStatusOf(scope: Scope, loaders: Loaders, d: Deadline): Promise<DeadlineStatus> {
    // Most deadlines need nothing more: BOOKED, CLOSED and LAPSED are final for a read, an OPEN one is open until bookBy.
    if (d.status !== 'OPEN' && d.status !== 'EXPIRED') return d.status;
    const today = scope.clock.today();
    if (d.status === 'OPEN' && cmpDate(today, d.bookBy) <= 0) return 'OPEN';
    // A stored EXPIRED deadline lapses by LP-2 (bookBy alone) or, for a registered INSURED_UNEMPLOYED citizen, no
    // sooner than 3 months after bookBy (LP-1 counts from a deregistration after it): no more rows needed before then.
    const known = await loaders.citizen.load(d.citizenId);
    if (d.status === 'EXPIRED' && known && (known.targetGroup !== 'INSURED_UNEMPLOYED'
      || (known.registered && cmpDate(today, d.bookBy.add({ months: LAPSE_AFTER_DEREGISTRATION_MONTHS })) < 0))) {
      return effectiveDeadlineStatus(d, today, { targetGroup: known.targetGroup });
    }
    const [citizen, holidays] = await Promise.all([loaders.citizen.load(d.citizenId), loaders.holidaysByCitizen.load(d.citizenId)]);
    if (!citizen) return effectiveDeadlineStatus(d, scope.clock.today(), { holidays });
    const { registered, deregisteredFrom } = await this.statusOf(scope, loaders, citizen);
    return effectiveDeadlineStatus(d, scope.clock.today(), { targetGroup: citizen.targetGroup, holidays, deregisteredFrom: registered ? null : deregisteredFrom });
  }

  /** Issue 14: why `d` has the status deadlineStatusOf gives (deadlineReasons: DL-7, its close rule, DL-13, LP-1/LP-2). */
  async deadlineReasonsOf(scope: Scope, loaders: Loaders, d: Deadline, lang: Language): Promise<Reason[]> {
    const status = await this.deadlineStatusOf(scope, loaders, d);
    const unbooked = status === 'OPEN' || status === 'EXPIRED';
    const [citizen, holidays] = await Promise.all([
      status === 'LAPSED' ? loaders.citizen.load(d.citizenId) : null,
      unbooked ? loaders.holidaysByCitizen.load(d.citizenId) : [],
    ]);
    return deadlineReasons(d, status, lang, { targetGroup: citizen?.targetGroup, holidays });
  }

  /**
   * RG-4, RG-5: the short list of free slots an immediate booking offers: from now to the end of the window (the
   * near days, or 10 days at the next login after a re-registration without booking), at most
   * IMMEDIATE_BOOKING_MAX_SLOTS, soonest first. Empty when no immediate booking is demanded.
   */
  async offeredSlots(scope: Scope, windowTo: Temporal.PlainDate | null, citizen: Pick<Citizen, 'id' | 'jobcenterId'>, first: number): Promise<Slot[]> {
    if (!windowTo) return [];
    const now = scope.clock.now();
    return scope.db.createQueryBuilder(Slot, 's')
      .where('s.jobcenter_id = :jc', { jc: citizen.jobcenterId })
      // MT-7: not a slot the booking would refuse for overlapping one of the citizen's meetings.
      .andWhere(SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL, { citizenId: citizen.id })
      .andWhere(`s.kind <> 'OTHER'`) // MT-6: never offered for an immediate booking
      .andWhere('s.withdrawn_at IS NULL')
      .andWhere('COALESCE(s.group_starts_at, s.starts_at) > :now', { now: new Date(now.epochMilliseconds) })
      .andWhere('s.starts_at < :end', { end: new Date(startOfDay(windowTo.add({ days: 1 })).epochMilliseconds) })
      .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`)
      .orderBy('s.starts_at', 'ASC').addOrderBy('s.id', 'ASC')
      .limit(Math.max(1, Math.min(first, IMMEDIATE_BOOKING_MAX_SLOTS)))
      .getMany();
  }

  // ─── re-registration (RG-3 … RG-6, RG-9, LP-1, LP-2) ─────────────────────

  /**
   * Gentilmelding: the citizen on Jobnet, the jobcenter, or the citizen's a-kasse re-registers a deregistered
   * citizen (not one deregistered for sickness: RG-8, reportRecovery).
   */
  async reregister(scope: Scope, input: ReregisterInput): R<Reregistered> {
    requireAuthenticated(scope.actor);
    const via = channelOf(scope.actor);
    return runInTransaction(scope, { operation: 'reregister', idempotencyKey: input.idempotencyKey, input, constraints: CONSTRAINTS }, async (scope) => {
      const found = await this.lockTarget(scope, input.citizenId, 'RG-5/RG-6');
      if (!found.ok) return found;
      return this.reregisterTx(scope, found.value, via, { recovery: false, slotId: input.slotId ?? null });
    });
  }

  /**
   * RG-8 (003 2.7.2, 2.15): raskmelding. The citizen reports recovery on Jobnet; the jobcenter — and for
   * INSURED_UNEMPLOYED the a-kasse — may register it on the citizen's behalf. Re-registers the citizen; a deadline
   * that expired during the sickness demands an immediate booking (RG-4), as at any re-registration.
   */
  async reportRecovery(scope: Scope, input: ReregisterInput): R<Reregistered> {
    requireAuthenticated(scope.actor);
    const via = channelOf(scope.actor);
    return runInTransaction(scope, { operation: 'reportRecovery', idempotencyKey: input.idempotencyKey, input, constraints: CONSTRAINTS }, async (scope) => {
      const found = await this.lockTarget(scope, input.citizenId, 'RG-8');
      if (!found.ok) return found;
      if (via === 'UNEMPLOYMENT_FUND' && found.value.targetGroup !== 'INSURED_UNEMPLOYED') {
        return fail('NOT_ALLOWED', 'RG-8: the a-kasse registers recovery for INSURED_UNEMPLOYED members only; the citizen reports it on Jobnet', ['input', 'citizenId']);
      }
      return this.reregisterTx(scope, found.value, via, { recovery: true, slotId: input.slotId ?? null });
    });
  }

  private async reregisterTx(
    scope: Scope, locked: Citizen, via: RegistrationChannel, opts: { recovery: boolean; slotId: string | null },
  ): R<Reregistered> {
    const today = scope.clock.today();
    const now = scope.clock.now();
    if (opts.slotId && via !== 'JOBNET') {
      return fail('INVALID_INPUT', 'RG-6: when the jobcenter or the a-kasse re-registers the citizen, the citizen books at the next login; leave slotId out', ['input', 'slotId']);
    }
    // Bring the citizen to the state the daily run would have produced by today (e.g. a pending RG-1 deregistration,
    // or the LP-1 lapse after 3 months), remembering the deadline it may lapse.
    const before = await activeDeadline(scope.db, locked.id);
    await runTransitionsForCitizen(scope.db, locked.id, { date: today, now });
    const citizen = await scope.db.findOneByOrFail(Citizen, { id: locked.id });
    if (citizen.targetGroup === 'JOB_CLARIFICATION') {
      return fail('NOT_A_JOB_SEEKER', 'TG-4: persons in a job clarification course are not registered as job seekers, so never deregistered', ['input', 'citizenId']);
    }
    if (citizen.registered) return fail('ALREADY_REGISTERED', opts.recovery
      ? 'RG-8: the citizen is registered as job seeker; there is no sickness deregistration to end'
      : 'RG-5/RG-6: the citizen is registered as job seeker; there is nothing to re-register', ['input', 'citizenId']);
    const last = await this.lastClosedPeriod(scope, citizen.id);
    const sick = last?.deregistrationReason === 'SICKNESS';
    if (!opts.recovery && sick) {
      return fail('DEREGISTERED_FOR_SICKNESS', 'RG-8: the citizen is deregistered for sickness and re-registers by a recovery report (reportRecovery)', ['input', 'citizenId']);
    }
    if (opts.recovery && !sick) {
      return fail('NOT_DEREGISTERED_FOR_SICKNESS', 'RG-8: the citizen is not deregistered for sickness; re-register instead (reregister)', ['input', 'citizenId']);
    }
    const deregisteredFrom = last?.deregisteredFrom ?? today;
    const gap = benefitGapDays(deregisteredFrom, today);
    const insured = citizen.targetGroup === 'INSURED_UNEMPLOYED';

    let deadline = await activeDeadline(scope.db, citizen.id, { lock: true });
    let lapsedDeadline: Deadline | null = before && !deadline ? await scope.db.findOne(Deadline, { where: { id: before.id, status: 'LAPSED' } }) : null;
    let closedDeadline: Deadline | null = null;
    // DL-13: a deadline whose bookBy fell in a holiday that lasts today is not expired yet (no immediate booking).
    const holidays = await scope.db.findBy(Holiday, { citizenId: citizen.id });
    const expired = () => deadline !== null && effectiveDeadlineStatus(deadline, today, { targetGroup: citizen.targetGroup, holidays }) === 'EXPIRED';

    // LP-1 (INSURED_UNEMPLOYED, 3 months or more) / LP-2 with CC-8 (the other groups, 1 month or more): the expired
    // deadline lapses; no immediate booking; the jobcenter issues a new deadline (follow-up list) or calls in.
    if (expired() && (insured ? lapsesAtReregistration(deregisteredFrom, today) : restartsAtReregistration(deregisteredFrom, today))) {
      lapsedDeadline = await lapseDeadline(scope, deadline!, insured
        ? `LP-1: re-registered on ${today}, 3 months or more after the deregistration from ${deregisteredFrom}`
        : `LP-2/CC-8: re-registered on ${today}, 1 month or more after the deregistration from ${deregisteredFrom}; the contact course starts over`);
      deadline = null;
    }

    // The new registration period (RG-3: the gap is recorded on the REREGISTERED event and read from the periods).
    const period = scope.db.create(RegistrationPeriod, {
      citizenId: citizen.id, registeredFrom: today, registeredVia: via, deregisteredFrom: null, deregistrationReason: null,
      systemOutage: false, deregisteredVia: null, deadlineId: null, recoveryReport: opts.recovery, deregistrationNote: null,
    });
    await scope.db.insert(RegistrationPeriod, period);
    await scope.db.update(Citizen, { id: citizen.id }, { registered: true });
    citizen.registered = true;

    // RG-9 (003 2.9.3): when the next interview is a joint interview, no deadline becomes active; the jobcenter calls in.
    let jointInterviewCallIn = false;
    if (insured) {
      const [meetings, periods] = await Promise.all([
        scope.db.find(Meeting, { where: { citizenId: citizen.id } }),
        scope.db.find(RegistrationPeriod, { where: { citizenId: citizen.id }, order: { registeredFrom: 'ASC', id: 'ASC' } }),
      ]);
      jointInterviewCallIn = jointInterviewIsNext(citizen, meetings, periods, today);
      if (jointInterviewCallIn && deadline && (expired() || effectiveDeadlineStatus(deadline, today) === 'OPEN')) {
        closedDeadline = await closeDeadline(scope, deadline, 'CALLED_IN_INSTEAD', 'RG-9: re-registered when the next interview is a joint interview; the jobcenter calls in');
        deadline = null;
      }
    }

    // RG-4/RG-5: the immediate booking. On Jobnet the citizen books with the re-registration (slotId); an
    // INSURED_UNEMPLOYED citizen must when a slot is free (RG-5: "før tilmeldingen er gennemført"). Without a free
    // slot, or when the jobcenter or the a-kasse re-registers (RG-6), it is demanded at the next login (10 days).
    let meeting: Meeting | null = null;
    const demanded = expired() && hasSelfBookingDuty(citizen.targetGroup) && citizen.selfBookingRight === 'ALLOWED'
      && !(citizen.lessIntensiveEffort && !citizen.lessIntensiveOverrideJustification);
    if (opts.slotId) {
      const booked = await this.booking.bookFor(scope, citizen, opts.slotId, ['input', 'slotId'], { atReregistration: true });
      if (!booked.ok) {
        // The citizen was registered just above, so bookFor cannot ask for a re-registration.
        if (booked.code === 'REREGISTRATION_REQUIRED') throw new Error('unreachable: REREGISTRATION_REQUIRED after registering');
        return { ...booked, code: booked.code };
      }
      meeting = booked.value.meeting;
      deadline = booked.value.deadline;
    } else if (demanded && via === 'JOBNET' && insured) {
      const free = await this.offeredSlots(scope, immediateWindow(today).to, citizen, 1);
      if (free.length > 0) {
        // RG-8 (003 2.15): after sickness the recovery report is the re-registration that demands it (RG-4), not RG-5.
        return fail('IMMEDIATE_BOOKING_REQUIRED', opts.recovery
          ? `RG-8: the deadline with bookBy ${deadline!.bookBy} expired during the sickness; choose one of the offered slots (Citizen.registration.offeredSlots, up to ${immediateWindow(today).to}) to complete the recovery report (RG-4)`
          : `RG-5: the deadline with bookBy ${deadline!.bookBy} expired; choose one of the offered slots (Citizen.registration.offeredSlots, up to ${immediateWindow(today).to}) to complete the re-registration`,
          ['input', 'slotId']);
      }
    }
    const stillDemanded = meeting === null && demanded;

    await emitEvent(scope, 'REREGISTERED', citizen, {
      registrationPeriodId: period.id, via, recoveryReport: opts.recovery, deregisteredFrom: deregisteredFrom.toString(),
      deregistrationReason: last?.deregistrationReason ?? null, reregisteredOn: today.toString(), benefitGapDays: gap,
      systemOutage: last?.systemOutage ?? false, deadlineLapsed: lapsedDeadline?.id ?? null, meetingId: meeting?.id ?? null,
      immediateBooking: meeting ? 'BOOKED' : stillDemanded ? 'AT_NEXT_LOGIN' : 'NONE', jointInterviewCallIn,
    });
    return ok({
      citizen, registrationPeriod: period, benefitGapDays: gap, meeting, lapsedDeadline, closedDeadline, jointInterviewCallIn, immediateBookingRequired: stillDemanded,
    });
  }

  // ─── deregistration (RG-8 sickness, employment, other) ───────────────────

  /**
   * RG-8 (003 2.15): the citizen reports sick (on Jobnet, or to the jobcenter) and is deregistered for sickness from
   * today — except JOB_CLARIFICATION (TG-4) and persons employed with wage subsidy. A deadline running meanwhile is
   * left as it is: if it expires during the sickness, RG-4 applies at the recovery report.
   */
  async reportSickness(scope: Scope, input: ReportSicknessInput): R<Deregistered> {
    requireAuthenticated(scope.actor);
    const via = channelOf(scope.actor);
    if (via === 'UNEMPLOYMENT_FUND') throw new ForbiddenError('RG-8: a sickness report is made by the citizen on Jobnet or to the jobcenter');
    return runInTransaction(scope, { operation: 'reportSickness', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const found = await this.lockTarget(scope, input.citizenId, 'RG-8');
      if (!found.ok) return found;
      const citizen = found.value;
      if (citizen.targetGroup === 'JOB_CLARIFICATION' || citizen.wageSubsidy) {
        return fail('SICKNESS_DOES_NOT_DEREGISTER', citizen.targetGroup === 'JOB_CLARIFICATION'
          ? 'RG-8/TG-4: persons in a job clarification course are not deregistered for sickness'
          : 'RG-8: persons employed with wage subsidy are not deregistered for sickness', ['input', 'citizenId']);
      }
      return this.deregisterTx(scope, citizen, { reason: 'SICKNESS', via, note: null });
    });
  }

  /** The jobcenter deregisters a citizen for employment or another reason (with a note), from today. */
  async deregisterCitizen(scope: Scope, input: DeregisterCitizenInput): R<Deregistered> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(scope, { operation: 'deregisterCitizen', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return fail('NOT_FOUND', `CZ-6: no citizen ${input.citizenId} in your jobcenter`, ['input', 'citizenId']);
      const note = input.note?.trim() || null;
      if (input.reason === 'OTHER' && !note) return fail('INVALID_INPUT', 'CZ-6: deregistering for another reason needs a note saying why', ['input', 'note']);
      if (citizen.targetGroup === 'JOB_CLARIFICATION') {
        return fail('NOT_A_JOB_SEEKER', 'TG-4: persons in a job clarification course are not registered as job seekers', ['input', 'citizenId']);
      }
      const done = await this.deregisterTx(scope, citizen, { reason: input.reason, via: 'JOBCENTER', note });
      if (!done.ok) return done;
      return ok({ ...done.value, ...(await this.endUnemploymentTx(scope, done.value.citizen, input.reason)) });
    });
  }

  /**
   * CZ-6 (Decision): the end of unemployment — deregistration for employment or another reason — leaves nothing
   * running: the active deadline is closed (reason DEREGISTERED) and every planned meeting from now on (job
   * interviews, joint interviews, follow-ups) is cancelled, its slot freed. A meeting earlier today stays for the
   * caseworker to register as held or missed. Each cancellation and the closing are events in the log (EV-1), as
   * anywhere else; the a-kasse's feed shows the DEREGISTERED event only (FUND_EVENT_TYPES).
   */
  private async endUnemploymentTx(scope: Scope, citizen: Citizen, reason: 'EMPLOYMENT' | 'OTHER') {
    const why = `CZ-6: deregistered for ${reason === 'EMPLOYMENT' ? 'employment' : 'another reason'} (end of unemployment)`;
    const planned = await scope.db.createQueryBuilder(Meeting, 'm')
      .where('m.citizen_id = :id AND m.status = :planned AND m.starts_at >= :now', { id: citizen.id, planned: 'PLANNED', now: new Date(scope.clock.now().epochMilliseconds) })
      .orderBy('m.starts_at', 'ASC').getMany();
    for (const m of planned) await cancelPlannedMeeting(scope, citizen, m, why);
    const active = await activeDeadline(scope.db, citizen.id);
    let closedDeadline: Deadline | null = null;
    if (active) {
      closedDeadline = await closeDeadline(scope, active, 'DEREGISTERED', why);
      await emitEvent(scope, 'DEADLINE_CLOSED', citizen, { deadlineId: active.id, reason: 'DEREGISTERED', note: why, meetingId: active.meetingId });
    }
    return { closedDeadline, cancelledMeetings: planned };
  }

  private async deregisterTx(
    scope: Scope, locked: Citizen, d: { reason: 'SICKNESS' | 'EMPLOYMENT' | 'OTHER'; via: RegistrationChannel; note: string | null },
  ): R<Deregistered> {
    const today = scope.clock.today();
    await runTransitionsForCitizen(scope.db, locked.id, { date: today, now: scope.clock.now() });
    const citizen = await scope.db.findOneByOrFail(Citizen, { id: locked.id });
    if (!citizen.registered) return fail('ALREADY_DEREGISTERED', `${d.reason === 'SICKNESS' ? 'RG-8' : 'CZ-6'}: the citizen is already deregistered as job seeker`, ['input', 'citizenId']);
    const change = { deregisteredFrom: today, deregistrationReason: d.reason, deregisteredVia: d.via, deregistrationNote: d.note };
    let period = await scope.db.findOne(RegistrationPeriod, { where: { citizenId: citizen.id, deregisteredFrom: IsNull() } });
    if (period) {
      await scope.db.update(RegistrationPeriod, { id: period.id }, change);
      Object.assign(period, change);
    } else {
      // Registered without a recorded period: record it from the start of unemployment when known.
      const from = citizen.unemployedSince && cmpDate(citizen.unemployedSince, today) <= 0 ? citizen.unemployedSince : today;
      period = scope.db.create(RegistrationPeriod, {
        citizenId: citizen.id, registeredFrom: from, registeredVia: 'INITIAL', systemOutage: false, deadlineId: null, recoveryReport: false, ...change,
      });
      await scope.db.insert(RegistrationPeriod, period);
    }
    await scope.db.update(Citizen, { id: citizen.id }, { registered: false });
    citizen.registered = false;
    await emitEvent(scope, 'DEREGISTERED', citizen, {
      registrationPeriodId: period.id, reason: d.reason, via: d.via, deregisteredFrom: today.toString(), note: d.note, systemOutage: false,
    });
    return ok({ citizen, registrationPeriod: period, closedDeadline: null, cancelledMeetings: [] });
  }

  /** RG-8: the jobcenter records that the citizen is employed with wage subsidy (not deregistered for sickness). */
  async setWageSubsidy(scope: Scope, input: SetWageSubsidyInput): R<{ citizen: Citizen }> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(scope, { operation: 'setWageSubsidy', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return fail('NOT_FOUND', `RG-8: no citizen ${input.citizenId} in your jobcenter`, ['input', 'citizenId']);
      await scope.db.update(Citizen, { id: citizen.id }, { wageSubsidy: input.wageSubsidy });
      citizen.wageSubsidy = input.wageSubsidy;
      return ok({ citizen });
    });
  }

  // ─── helpers ────────────────────────────────────────────────────────────

  /** The citizen an operation is about, locked: the citizen themselves, or one the jobcenter / a-kasse may act on. */
  private async lockTarget(
    scope: Scope, citizenId: string | null | undefined, rule: 'RG-5/RG-6' | 'RG-8',
  ): Promise<Result<Citizen, RegistrationErrorCode>> {
    const actor = scope.actor;
    if (actor.kind === 'CITIZEN') {
      if (citizenId && citizenId !== actor.citizenId) return fail('NOT_FOUND', `${rule}: a citizen acts for themselves only; leave citizenId out`, ['input', 'citizenId']);
    } else if (!citizenId) {
      return fail('INVALID_INPUT', `${rule}: the jobcenter or the a-kasse acting for a citizen names the citizen (citizenId)`, ['input', 'citizenId']);
    }
    const id = citizenId ?? (actor.kind === 'CITIZEN' ? actor.citizenId : '');
    const citizen = await lockCitizenFor(scope, id);
    if (!citizen) return fail('NOT_FOUND', `${rule}: no citizen ${id} you may act on`, ['input', 'citizenId']);
    return ok(citizen);
  }

  private async lastClosedPeriod(scope: Scope, citizenId: string): Promise<RegistrationPeriod | null> {
    const rows = await scope.db.createQueryBuilder(RegistrationPeriod, 'r')
      .where('r.citizen_id = :citizenId AND r.deregistered_from IS NOT NULL', { citizenId })
      .orderBy('r.deregistered_from', 'DESC').addOrderBy('r.registered_from', 'DESC').limit(1).getMany();
    return rows[0] ?? null;
  }

  /** Periods of a citizen the caller may see (Citizen.registrationPeriods; loaders keep lists batched). */
  async periodsOf(scope: Scope, loaders: Loaders, citizen: Citizen): Promise<RegistrationPeriod[]> {
    if (!canSeeCitizen(scope.actor, citizen)) return [];
    return loaders.registrationPeriodsByCitizen.load(citizen.id);
  }
}
