import { type Citizen, type Deadline, Holiday, type RegistrationPeriod, type Slot } from '../../entities';
import type { HolidayPeriod } from '../deadline/holiday.rules';
import { startOfDay } from '../shared/dates';
import type { Scope } from '../shared/scope';
import { NO_SLOTS_CONFLICT_TARGET } from '../../db/migrations/1700001000000-no-slots-message-once';
import { type BookingRegistration, bookingRegistrationFrom, bookingRegistrationOf } from '../registration/immediate-booking';
import {
  BOOKABLE_SLOTS_MAX, type BookingWindow, IMMEDIATE_BOOKING_MAX_SLOTS, assertMaySelfBook, assertRegisteredToBook, bookingWindowFor,
  noSlotsMessage,
} from './booking.rules';
import { activeDeadline } from '../deadline/deadline.queries';
import { bookableSlotRows } from '../../loaders/slot-rows';
import { bookSlot } from './commands/book-slot';
import { rebookMeeting } from './commands/rebook-meeting';

/** A citizen's rows as the request already reads them (its DataLoaders), so a read costs no extra statements. */
export interface CitizenRowsSource {
  activeDeadline(): Promise<Deadline | null>;
  registrationPeriods(): Promise<readonly RegistrationPeriod[]>;
  holidays(): Promise<readonly HolidayPeriod[]>;
}

export type { BookSlotInput, Booked } from './commands/book-slot';
export type { RebookMeetingInput, Rebooked } from './commands/rebook-meeting';

/** The field bookSlot's refusals name; bookableSlots only asks whether there is one. */
const FIELD = ['input', 'slotId'];

/** The slots a citizen may book, or the explicit SL-5 state. */
export interface BookableSlotsView {
  slots: Slot[];
  noSlotsAvailable: boolean;
  message: string | null;
  immediateBooking: boolean;
  windowFrom: BookingWindow['from'] | null;
  windowTo: BookingWindow['to'] | null;
}

/**
 * SL-2, SL-5, RG-4: the slots this citizen may book now, or the explicit "no slots" state. It offers nothing where
 * bookSlot refuses before looking at a slot — SL-7 (exempted, revoked), RG-5/RG-8 (deregistered, a pending RG-1
 * deregistration counted), SL-2 (no deadline open for booking) — by the same rule functions; SL-5 ("no free slot
 * fits", and its inbox message) is only for a citizen who may book.
 */
async function bookableSlots(scope: Scope, citizen: Citizen, first: number, rows?: CitizenRowsSource): Promise<BookableSlotsView> {
  const today = scope.clock.today();
  const now = scope.clock.now();
  const none: BookableSlotsView = { slots: [], noSlotsAvailable: false, message: null, immediateBooking: false, windowFrom: null, windowTo: null };
  if (assertMaySelfBook(citizen, FIELD)) return none;
  const deadline = rows
    ? await rows.activeDeadline()
    : await activeDeadline(scope.db, citizen.id);
  const holidays = rows ? await rows.holidays() : await scope.db.findBy(Holiday, { citizenId: citizen.id });
  const w = bookingWindowFor(deadline, today, holidays);
  // RG-1: for an expired deadline bookSlot first stores what the expiry causes (a deregistration, before the daily
  // run); the registration status reads it as it will be. The same window bookSlot accepts (RG-5/RG-6/RG-8: 10 days
  // at the next login after a re-registration).
  const expired = w.ok && w.status === 'EXPIRED' && deadline;
  const registration: BookingRegistration = !expired ? { registered: citizen.registered, immediateWindow: null } : rows
    ? bookingRegistrationFrom(citizen, await rows.registrationPeriods(), deadline, today, holidays)
    : await bookingRegistrationOf(scope.db, citizen, today);
  if (assertRegisteredToBook({ registered: registration.registered, targetGroup: citizen.targetGroup }, FIELD)) return none;
  if (!w.ok || !deadline) return none;
  const window = registration.immediateWindow ?? w.window;
  const limit = Math.max(1, Math.min(first, window.immediate ? IMMEDIATE_BOOKING_MAX_SLOTS : BOOKABLE_SLOTS_MAX));
  // The conditions (MT-6, SL-2, MT-7, not booked) are in bookableSlotsSql (issue 16: no query builder on the hot path).
  const slots = await bookableSlotRows(scope.db, {
    jobcenterId: citizen.jobcenterId, citizenId: citizen.id, now: new Date(now.epochMilliseconds),
    end: new Date(startOfDay(window.to.add({ days: 1 })).epochMilliseconds), limit,
  });
  const view: BookableSlotsView = {
    slots, noSlotsAvailable: slots.length === 0, message: null,
    immediateBooking: window.immediate, windowFrom: window.from, windowTo: window.to,
  };
  if (view.noSlotsAvailable) {
    view.message = noSlotsMessage(deadline, window);
    // SL-5: the citizen is told (003 2.3); a caseworker looking at the same state does not message the citizen.
    if (scope.actor.kind === 'CITIZEN') await recordNoSlotsMessage(scope, citizen.id, view.message);
  }
  return view;
}

/**
 * SL-5: the citizen gets a message in the Jobnet inbox to contact the jobcenter — once per deadline and day.
 * The text names the deadline's dates, so "same text today" is "same deadline today". A unique index on
 * (citizen, Copenhagen day of `at`, text) keeps it once, also when two reads arrive together: one statement,
 * outside any transaction (migration 1700001000000).
 */
async function recordNoSlotsMessage(scope: Scope, citizenId: string, text: string): Promise<void> {
  await scope.db.query(
    `INSERT INTO citizen_message (citizen_id, at, kind, text) VALUES ($1, $2, 'NO_SLOTS_AVAILABLE', $3)
     ON CONFLICT ${NO_SLOTS_CONFLICT_TARGET} DO NOTHING`,
    [citizenId, new Date(scope.clock.now().epochMilliseconds), text],
  );
}

/**
 * The booking area: bookSlot and rebookMeeting (one command file each under commands/) and the bookable slots;
 * the service the resolvers call is just these functions.
 */
export const bookingService = { bookSlot, rebookMeeting, bookableSlots };
