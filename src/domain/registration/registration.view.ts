import type { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline, RegistrationPeriod } from '../../entities';
import { effectiveDeadlineStatus } from '../deadline/deadline.rules';
import { type HolidayPeriod, consequencesFrom, dayAfterHoliday } from '../deadline/holiday.rules';
import { cmpDate } from '../shared/dates';
import { type ImmediateWindowKind, benefitGapDays, immediateBookingState, pendingDeregistration } from '../lifecycle/lifecycle.rules';
import { immediateWindow } from '../booking/booking.rules';
import type { ReasonKey } from '../shared/reasons';
import type { DeregistrationReason, RegistrationChannel } from '../../generated/enums';

/** A citizen's registration as job seeker as of today (RG rules), and the immediate-booking state (RG-4, RG-5). */
export interface RegistrationStatusView {
  citizenId: string;
  /** Registered as job seeker today, a pending RG-1 deregistration counted. */
  registered: boolean;
  /** RG-1: the deregistration is due (bookBy passed) but the daily run has not recorded it yet. */
  pendingDeregistration: boolean;
  registeredFrom: Temporal.PlainDate | null;
  registeredVia: RegistrationChannel | null;
  deregisteredFrom: Temporal.PlainDate | null;
  deregistrationReason: DeregistrationReason | null;
  systemOutage: boolean;
  /** RG-3: benefit gap if re-registered today (0 on the day the deregistration takes effect). */
  benefitGapDaysIfReregisteredToday: number | null;
  immediateBookingRequired: boolean;
  immediateBookingRequiredAtReregistration: boolean;
  deadlineLapsesAtReregistration: boolean;
  immediateBookingWindow: ImmediateWindowKind | null;
  windowFrom: Temporal.PlainDate | null;
  windowTo: Temporal.PlainDate | null;
  /** Issue 14: why the citizen is (de)registered as they are (registrationReasons). */
  because: ReasonKey[];
  /** Issue 14: why an immediate booking is demanded, now or at re-registration, or why not (immediateBookingReasons). */
  immediateBookingBecause: ReasonKey[];
}

/**
 * RG-1 … RG-8, LP-1, LP-2, DL-13: the registration status read from the stored rows, correct before the daily run has
 * happened (a pending deregistration, an expired or lapsed deadline read as the run will store them).
 * `periods` in any order; `activeDeadline` is the stored active deadline (OPEN, BOOKED or EXPIRED).
 */
export function registrationStatusOf(
  citizen: Citizen, periods: readonly RegistrationPeriod[], activeDeadline: Deadline | null, today: Temporal.PlainDate,
  holidays: readonly HolidayPeriod[],
): RegistrationStatusView {
  const open = periods.find((p) => p.deregisteredFrom === null) ?? null;
  const closed = periods.filter((p) => p.deregisteredFrom !== null)
    .sort((a, b) => cmpDate(a.deregisteredFrom!, b.deregisteredFrom!) || cmpDate(a.registeredFrom, b.registeredFrom));
  const lastClosed = closed[closed.length - 1] ?? null;
  const pending = pendingDeregistration(citizen, activeDeadline, open, today, holidays);
  const registered = citizen.registered && !pending;
  const deregisteredFrom = pending ?? (registered ? null : lastClosed?.deregisteredFrom ?? null);
  // The same rule functions as the daily run (DL-13, LP-1, LP-2), so that a read before the run on a
  // boundary day answers what the run will store that day.
  const status = activeDeadline
    ? effectiveDeadlineStatus(activeDeadline, today, { targetGroup: citizen.targetGroup, holidays, deregisteredFrom: registered ? null : deregisteredFrom })
    : null;
  const state = immediateBookingState({
    targetGroup: citizen.targetGroup,
    selfBookingRight: citizen.selfBookingRight,
    lessIntensiveEffort: citizen.lessIntensiveEffort && !citizen.lessIntensiveOverrideJustification,
    registered,
    openPeriodFrom: registered ? open?.registeredFrom ?? null : null,
    deadline: activeDeadline && status ? { status, bookBy: activeDeadline.bookBy, consequencesFrom: consequencesFrom(activeDeadline.bookBy, holidays) } : null,
    deregisteredFrom,
    deregistrationReason: pending ? 'MISSED_DEADLINE' : registered ? null : lastClosed?.deregistrationReason ?? null,
  }, today);
  const window = state.window ? immediateWindow(today, state.window === 'WIDE') : null;
  const deregistrationReason = pending ? 'MISSED_DEADLINE' : registered ? null : lastClosed?.deregistrationReason ?? null;
  const moved = activeDeadline ? dayAfterHoliday(activeDeadline.bookBy, holidays) : null;
  const facts: ExplanationFacts = {
    insured: citizen.targetGroup === 'INSURED_UNEMPLOYED', registered, pending, registeredFrom: registered ? open?.registeredFrom ?? null : null,
    registeredVia: registered ? open?.registeredVia ?? null : null, deregisteredFrom, deregistrationReason,
    systemOutage: !registered && !pending && !!lastClosed?.systemOutage, bookBy: activeDeadline?.bookBy ?? null, holidayMovedTo: moved, state,
  };
  return {
    citizenId: citizen.id,
    registered,
    pendingDeregistration: pending !== null,
    registeredFrom: registered ? open?.registeredFrom ?? null : null,
    registeredVia: registered ? open?.registeredVia ?? null : null,
    deregisteredFrom,
    deregistrationReason: pending ? 'MISSED_DEADLINE' : registered ? null : lastClosed?.deregistrationReason ?? null,
    systemOutage: !registered && !pending && !!lastClosed?.systemOutage,
    benefitGapDaysIfReregisteredToday: deregisteredFrom ? benefitGapDays(deregisteredFrom, today) : null,
    immediateBookingRequired: state.required,
    immediateBookingRequiredAtReregistration: state.requiredAtReregistration,
    deadlineLapsesAtReregistration: state.lapsesAtReregistration,
    immediateBookingWindow: state.window,
    windowFrom: window?.from ?? null,
    windowTo: window?.to ?? null,
    because: registrationReasons(facts),
    immediateBookingBecause: immediateBookingReasons(facts),
  };
}

/** What the explanations of a registration status are derived from: the values registrationStatusOf computed. */
interface ExplanationFacts {
  insured: boolean;
  registered: boolean;
  pending: Temporal.PlainDate | null;
  registeredFrom: Temporal.PlainDate | null;
  registeredVia: RegistrationChannel | null;
  deregisteredFrom: Temporal.PlainDate | null;
  deregistrationReason: DeregistrationReason | null;
  systemOutage: boolean;
  bookBy: Temporal.PlainDate | null;
  /** DL-13: the first day after the counted holiday bookBy falls in, when it does. */
  holidayMovedTo: Temporal.PlainDate | null;
  state: ReturnType<typeof immediateBookingState>;
}

/**
 * Issue 14: why the citizen is registered or not: CZ-1 (registered from), RG-1 (a pending or recorded deregistration
 * for a missed deadline, DL-13 when a holiday moved it), RG-8 (sickness), CZ-6 (employment or another end), RG-10 (a
 * system outage), and what re-registering today would do (RG-5, LP-1/LP-2).
 */
function registrationReasons(f: ExplanationFacts): ReasonKey[] {
  const out: ReasonKey[] = [];
  if (f.registered) out.push({ ruleId: 'CZ-1', variant: f.registeredFrom ? 'REGISTERED' : undefined, params: { from: f.registeredFrom?.toString() } });
  else if (f.deregistrationReason === 'MISSED_DEADLINE') {
    out.push({ ruleId: 'RG-1', variant: f.pending ? 'PENDING' : 'DEREGISTERED', params: { bookBy: f.bookBy?.toString(), from: f.deregisteredFrom?.toString() } });
    if (f.pending && f.holidayMovedTo) out.push({ ruleId: 'DL-13', params: { from: f.holidayMovedTo.toString() } });
  } else if (f.deregistrationReason === 'SICKNESS') out.push({ ruleId: 'RG-8' });
  else if (f.deregistrationReason) out.push({ ruleId: 'CZ-6' });
  if (f.systemOutage) out.push({ ruleId: 'RG-10' });
  if (f.state.requiredAtReregistration) out.push({ ruleId: 'RG-5' });
  if (f.state.lapsesAtReregistration) out.push({ ruleId: f.insured ? 'LP-1' : 'LP-2' });
  return out;
}

/**
 * Issue 14: why an immediate booking is demanded (the same immediateBookingState the Boolean comes from): RG-4 for an
 * expired deadline (RG-7 for other groups); a wide window after a re-registration without booking names how it was
 * made — RG-5 (Jobnet), RG-6 (the jobcenter or the a-kasse), RG-8 (a recovery report); a deregistered citizen's demand
 * at re-registration RG-5, or RG-8 after sickness; DL-13 when a holiday moved the consequences. When none is demanded
 * but re-registering would lapse the deadline, LP-1/LP-2; otherwise nothing.
 */
function immediateBookingReasons(f: ExplanationFacts): ReasonKey[] {
  const out: ReasonKey[] = [];
  if (f.state.required || f.state.requiredAtReregistration) {
    if (f.registered && f.state.window === 'WIDE') {
      const via = f.registeredVia;
      out.push({ ruleId: via === 'RECOVERY_REPORT' ? 'RG-8' : via === 'JOBCENTER' || via === 'UNEMPLOYMENT_FUND' ? 'RG-6' : 'RG-5' });
    } else if (f.registered) {
      out.push({ ruleId: 'RG-4' });
      if (!f.insured) out.push({ ruleId: 'RG-7' });
    } else out.push({ ruleId: f.deregistrationReason === 'SICKNESS' ? 'RG-8' : 'RG-5' });
    if (f.holidayMovedTo) out.push({ ruleId: 'DL-13', params: { from: f.holidayMovedTo.toString() } });
  } else if (f.state.lapsesAtReregistration) out.push({ ruleId: f.insured ? 'LP-1' : 'LP-2' });
  return out;
}

/** RG-3: the gap before each period (days deregistered since the previous one ended); null for the first. */
export function gapBefore(period: RegistrationPeriod, periods: readonly RegistrationPeriod[]): number | null {
  const previous = periods
    .filter((p) => p.id !== period.id && p.deregisteredFrom !== null && cmpDate(p.deregisteredFrom, period.registeredFrom) <= 0)
    .sort((a, b) => cmpDate(a.deregisteredFrom!, b.deregisteredFrom!))
    .pop();
  return previous ? benefitGapDays(previous.deregisteredFrom!, period.registeredFrom) : null;
}
