import type { Temporal } from 'temporal-polyfill';
import { type Citizen, type Deadline, RegistrationPeriod, Slot } from '../../entities';
import type { Loaders } from '../../loaders';
import { canSeeCitizen } from '../../auth/policy';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate, startOfDay } from '../shared/dates';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import type { Language, Reason } from '../shared/reasons';
import { IMMEDIATE_BOOKING_MAX_SLOTS, SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL } from '../booking/booking.rules';
import { deadlineReasons, effectiveDeadlineStatus } from '../deadline/deadline.rules';
import { LAPSE_AFTER_DEREGISTRATION_MONTHS } from '../lifecycle/lifecycle.rules';
import { type RegistrationStatusView, registrationStatusOf } from './registration.view';
import { assertTargetNamed } from './registration.rules';
import type { DeadlineStatus, RegistrationErrorCode } from '../../generated/enums';

/** RG rules: the registration status of a citizen the caller may see (Citizen.registration). */
export async function statusOf(scope: Scope, loaders: Loaders, citizen: Citizen): Promise<RegistrationStatusView> {
  const [periods, active, holidays] = await Promise.all([
    loaders.registrationPeriodsByCitizen.load(citizen.id), loaders.activeDeadline.load(citizen.id), loaders.holidaysByCitizen.load(citizen.id),
  ]);
  return registrationStatusOf(citizen, periods, active, scope.clock.today(), holidays);
}

/**
 * DL-7, DL-13, LP-1, LP-2: a deadline's status today — what the daily run stores that day, read before it has run
 * too (an unbooked deadline expires after bookBy or after the holiday it fell in; an expired one lapses).
 */
export async function deadlineStatusOf(scope: Scope, loaders: Loaders, d: Deadline): Promise<DeadlineStatus> {
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
  const { registered, deregisteredFrom } = await statusOf(scope, loaders, citizen);
  return effectiveDeadlineStatus(d, scope.clock.today(), { targetGroup: citizen.targetGroup, holidays, deregisteredFrom: registered ? null : deregisteredFrom });
}

/** Issue 14: why `d` has the status deadlineStatusOf gives (deadlineReasons: DL-7, its close rule, DL-13, LP-1/LP-2). */
export async function deadlineReasonsOf(scope: Scope, loaders: Loaders, d: Deadline, lang: Language): Promise<Reason[]> {
  const status = await deadlineStatusOf(scope, loaders, d);
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
export async function offeredSlots(scope: Scope, windowTo: Temporal.PlainDate | null, citizen: Pick<Citizen, 'id' | 'jobcenterId'>, first: number): Promise<Slot[]> {
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

/** Periods of a citizen the caller may see (Citizen.registrationPeriods; loaders keep lists batched). */
export async function periodsOf(scope: Scope, loaders: Loaders, citizen: Citizen): Promise<RegistrationPeriod[]> {
  if (!canSeeCitizen(scope.actor, citizen)) return [];
  return loaders.registrationPeriodsByCitizen.load(citizen.id);
}

/** The citizen an operation is about, locked: the citizen themselves, or one the jobcenter / a-kasse may act on. */
export async function lockTarget(
  scope: Scope, citizenId: string | null | undefined, rule: 'RG-5/RG-6' | 'RG-8',
): Promise<Result<Citizen, RegistrationErrorCode>> {
  const actor = scope.actor;
  const unnamed = assertTargetNamed({ citizenId }, actor, rule);
  if (unnamed) return unnamed;
  const id = citizenId ?? (actor.kind === 'CITIZEN' ? actor.citizenId : '');
  const citizen = await lockCitizenFor(scope, id);
  if (!citizen) return fail('NOT_FOUND', `${rule}: no citizen ${id} you may act on`, ['input', 'citizenId']);
  return ok(citizen);
}

/** The citizen's last ended registration period (the deregistration a re-registration ends), or null. */
export async function lastClosedPeriod(scope: Scope, citizenId: string): Promise<RegistrationPeriod | null> {
  const rows = await scope.db.createQueryBuilder(RegistrationPeriod, 'r')
    .where('r.citizen_id = :citizenId AND r.deregistered_from IS NOT NULL', { citizenId })
    .orderBy('r.deregistered_from', 'DESC').addOrderBy('r.registered_from', 'DESC').limit(1).getMany();
  return rows[0] ?? null;
}
