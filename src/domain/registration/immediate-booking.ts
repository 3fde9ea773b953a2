import type { Temporal } from 'temporal-polyfill';
import type { EntityManager } from 'typeorm';
import { type Citizen, type Deadline, Holiday, RegistrationPeriod } from '../../entities';
import { type BookingWindow, immediateWindow } from '../booking/booking.rules';
import { activeDeadline } from '../deadline/deadline.queries';
import type { HolidayPeriod } from '../deadline/holiday.rules';
import { registrationStatusOf } from './registration.view';
import { readAll } from '../shared/reads';

/**
 * RG-4 … RG-8: the immediate-booking window a registered citizen books from today — the near days, or 10 days at the
 * next login after a re-registration without a booking (RG-5, RG-6, RG-8) — or null when none is demanded. For the
 * booking service (bookSlot, bookableSlots), so that what Citizen.registration.offeredSlots offers is also bookable.
 */
export async function immediateBookingWindowOf(db: EntityManager, citizen: Citizen, today: Temporal.PlainDate): Promise<BookingWindow | null> {
  const [periods, active, holidays] = await readAll(db, [
    () => db.find(RegistrationPeriod, { where: { citizenId: citizen.id } }),
    () => activeDeadline(db, citizen.id),
    () => db.findBy(Holiday, { citizenId: citizen.id }),
  ] as const);
  return immediateBookingWindowFrom(citizen, periods, active, today, holidays);
}

/** immediateBookingWindowOf from rows the caller already has (a read through the request's DataLoaders). */
export function immediateBookingWindowFrom(
  citizen: Citizen, periods: readonly RegistrationPeriod[], active: Deadline | null, today: Temporal.PlainDate,
  holidays: readonly HolidayPeriod[],
): BookingWindow | null {
  const status = registrationStatusOf(citizen, [...periods], active, today, holidays);
  if (!status.registered || !status.immediateBookingRequired || !status.immediateBookingWindow) return null;
  return immediateWindow(today, status.immediateBookingWindow === 'WIDE');
}
