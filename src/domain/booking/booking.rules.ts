import type { Temporal } from 'temporal-polyfill';

/**
 * RG-4 Decision: an immediate booking (straksbooking) offers slots "within the next days" (003 2.5, 2.7):
 * we offer slots starting from now until the end of the 5th day after today, at most
 * IMMEDIATE_BOOKING_MAX_SLOTS of them. RG-5's next-login case widens the window to 10 days (003 2.7.1).
 */
export const IMMEDIATE_BOOKING_WINDOW_DAYS = 5;
export const IMMEDIATE_BOOKING_WIDE_WINDOW_DAYS = 10;
export const IMMEDIATE_BOOKING_MAX_SLOTS = 10;

/** SL-5: what the citizen is told when no slot fits (003 2.12). */
export const NO_SLOTS_MESSAGE =
  'Der er ingen ledige tider til din jobsamtale. Kontakt jobcenteret, som kan lægge flere tider ud eller forlænge din frist. ' +
  '(No free times fit your deadline: contact the jobcenter, which can publish more times or extend your deadline.)';

export interface BookingWindow {
  from: Temporal.PlainDate;
  to: Temporal.PlainDate;
  immediate: boolean;
}

/** SL-2: an OPEN deadline lets the citizen book slots up to its latest interview date. */
export function deadlineWindow(today: Temporal.PlainDate, latestInterviewDate: Temporal.PlainDate): BookingWindow {
  return { from: today, to: latestInterviewDate, immediate: false };
}

/** RG-4: an immediate booking offers slots within the next days. */
export function immediateWindow(today: Temporal.PlainDate, wide = false): BookingWindow {
  return { from: today, to: today.add({ days: wide ? IMMEDIATE_BOOKING_WIDE_WINDOW_DAYS : IMMEDIATE_BOOKING_WINDOW_DAYS }), immediate: true };
}
