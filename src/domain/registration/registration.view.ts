import type { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline, RegistrationPeriod } from '../../entities';
import { effectiveDeadlineStatus } from '../deadline/deadline.rules';
import { type HolidayPeriod, consequencesFrom } from '../deadline/holiday.rules';
import { cmpDate } from '../shared/dates';
import { type ImmediateWindowKind, benefitGapDays, immediateBookingState, pendingDeregistration } from '../lifecycle/lifecycle.rules';
import { immediateWindow } from '../booking/booking.rules';

/** A citizen's registration as job seeker as of today (RG rules), and the immediate-booking state (RG-4, RG-5). */
export interface RegistrationStatusView {
  citizenId: string;
  /** Registered as job seeker today, a pending RG-1 deregistration counted. */
  registered: boolean;
  /** RG-1: the deregistration is due (bookBy passed) but the daily run has not recorded it yet. */
  pendingDeregistration: boolean;
  registeredFrom: Temporal.PlainDate | null;
  registeredVia: string | null;
  deregisteredFrom: Temporal.PlainDate | null;
  deregistrationReason: string | null;
  systemOutage: boolean;
  /** RG-3: benefit gap if re-registered today (0 on the day the deregistration takes effect). */
  benefitGapDaysIfReregisteredToday: number | null;
  immediateBookingRequired: boolean;
  immediateBookingRequiredAtReregistration: boolean;
  deadlineLapsesAtReregistration: boolean;
  immediateBookingWindow: ImmediateWindowKind | null;
  windowFrom: Temporal.PlainDate | null;
  windowTo: Temporal.PlainDate | null;
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
  };
}

/** RG-3: the gap before each period (days deregistered since the previous one ended); null for the first. */
export function gapBefore(period: RegistrationPeriod, periods: readonly RegistrationPeriod[]): number | null {
  const previous = periods
    .filter((p) => p.id !== period.id && p.deregisteredFrom !== null && cmpDate(p.deregisteredFrom, period.registeredFrom) <= 0)
    .sort((a, b) => cmpDate(a.deregisteredFrom!, b.deregisteredFrom!))
    .pop();
  return previous ? benefitGapDays(previous.deregisteredFrom!, period.registeredFrom) : null;
}
