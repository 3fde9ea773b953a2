import type { Temporal } from 'temporal-polyfill';
import type { EntityManager } from 'typeorm';
import { type Citizen, type Deadline, Holiday, RegistrationPeriod } from '../../entities';
import { type BookingWindow, immediateWindow } from '../booking/booking.rules';
import { activeDeadline } from '../deadline/deadline.queries';
import type { HolidayPeriod } from '../deadline/holiday.rules';
import { registrationStatusOf } from './registration.view';
import { readAll } from '../shared/reads';

/**
 * What booking needs of the registration today: whether the citizen is registered as job seeker, a pending RG-1
 * deregistration counted (bookSlot stores it before booking; a read answers as it will), and the immediate-booking
 * window — the near days, or 10 days at the next login after a re-registration without a booking (RG-5, RG-6,
 * RG-8) — or null when none is demanded. For the booking service (bookSlot, bookableSlots), so that what
 * Citizen.registration.offeredSlots offers is also bookable.
 */
export interface BookingRegistration {
  registered: boolean;
  immediateWindow: BookingWindow | null;
}

/** RG-4 … RG-8: the citizen's BookingRegistration today, read from the database. */
export async function bookingRegistrationOf(db: EntityManager, citizen: Citizen, today: Temporal.PlainDate): Promise<BookingRegistration> {
  const [periods, active, holidays] = await readAll(db, [
    () => db.find(RegistrationPeriod, { where: { citizenId: citizen.id } }),
    () => activeDeadline(db, citizen.id),
    () => db.findBy(Holiday, { citizenId: citizen.id }),
  ] as const);
  return bookingRegistrationFrom(citizen, periods, active, today, holidays);
}

/** bookingRegistrationOf from rows the caller already has (a read through the request's DataLoaders). */
export function bookingRegistrationFrom(
  citizen: Citizen, periods: readonly RegistrationPeriod[], active: Deadline | null, today: Temporal.PlainDate,
  holidays: readonly HolidayPeriod[],
): BookingRegistration {
  const status = registrationStatusOf(citizen, [...periods], active, today, holidays);
  const demanded = status.registered && status.immediateBookingRequired && status.immediateBookingWindow;
  return { registered: status.registered, immediateWindow: demanded ? immediateWindow(today, status.immediateBookingWindow === 'WIDE') : null };
}

/** RG-4 … RG-8: the immediate-booking window a registered citizen books from today, or null when none is demanded. */
export async function immediateBookingWindowOf(db: EntityManager, citizen: Citizen, today: Temporal.PlainDate): Promise<BookingWindow | null> {
  return (await bookingRegistrationOf(db, citizen, today)).immediateWindow;
}
