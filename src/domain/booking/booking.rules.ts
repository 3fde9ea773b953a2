import { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline, Jobcenter, Meeting, Slot } from '../../entities';
import { cmpDate, formatLocal, localDay } from '../shared/dates';
import { type Failure, fail } from '../shared/result';
import type { BookSlotErrorCode } from '../../generated/enums';
import { effectiveDeadlineStatus } from '../deadline/deadline.rules';
import type { HolidayPeriod } from '../deadline/holiday.rules';

/**
 * RG-4 Decision: an immediate booking (straksbooking) offers slots "within the next days" (003 2.5, 2.7):
 * we offer slots starting from now until the end of the 5th day after today, at most
 * IMMEDIATE_BOOKING_MAX_SLOTS of them. RG-5's next-login case widens the window to 10 days (003 2.7.1).
 */
export const IMMEDIATE_BOOKING_WINDOW_DAYS = 5;
const IMMEDIATE_BOOKING_WIDE_WINDOW_DAYS = 10;
export const IMMEDIATE_BOOKING_MAX_SLOTS = 10;
/** SL-2: the longest list of bookable slots one query returns for an ordinary deadline. */
export const BOOKABLE_SLOTS_MAX = 100;

/** SL-5: what the citizen is told when no slot fits (003 2.3, 2.12). */
const NO_SLOTS_MESSAGE =
  'Der er ingen ledige tider til din jobsamtale. Kontakt jobcenteret, som kan lægge flere tider ud eller forlænge din frist. ' +
  '(No free times fit your deadline: contact the jobcenter, which can publish more times or extend your deadline.)';

export interface BookingWindow {
  from: Temporal.PlainDate;
  to: Temporal.PlainDate;
  immediate: boolean;
}

/** SL-2: an OPEN deadline lets the citizen book slots up to its latest interview date. */
function deadlineWindow(today: Temporal.PlainDate, latestInterviewDate: Temporal.PlainDate): BookingWindow {
  return { from: today, to: latestInterviewDate, immediate: false };
}

/** RG-4: an immediate booking offers slots within the next days. */
export function immediateWindow(today: Temporal.PlainDate, wide = false): BookingWindow {
  return { from: today, to: today.add({ days: wide ? IMMEDIATE_BOOKING_WIDE_WINDOW_DAYS : IMMEDIATE_BOOKING_WINDOW_DAYS }), immediate: true };
}

export type NoWindowReason = 'NO_DEADLINE' | 'NOT_YET_AVAILABLE' | 'ALREADY_BOOKED' | 'NOT_OPEN';

/**
 * SL-2 / RG-4: the window in which the citizen may book for their active deadline today, or why there is none.
 * An OPEN deadline gives [today, latestInterviewDate]; one that reads EXPIRED (bookBy passed without a
 * booking) demands an immediate booking from the short window of RG-4.
 * Decision: a deadline is shown on Jobnet from `availableFrom` (DL-1), so before that day it cannot be booked.
 */
export function bookingWindowFor(
  deadline: Pick<Deadline, 'status' | 'availableFrom' | 'bookBy' | 'latestInterviewDate'> | null | undefined,
  today: Temporal.PlainDate,
  holidays: readonly HolidayPeriod[] = [],
): { ok: true; window: BookingWindow; status: 'OPEN' | 'EXPIRED' } | { ok: false; reason: NoWindowReason } {
  if (!deadline) return { ok: false, reason: 'NO_DEADLINE' };
  // DL-13: a deadline whose bookBy fell in a counted holiday stays OPEN (bookable) until the day after the holiday.
  const status = effectiveDeadlineStatus(deadline, today, { holidays });
  if (status === 'OPEN') {
    if (cmpDate(today, deadline.availableFrom) < 0) return { ok: false, reason: 'NOT_YET_AVAILABLE' };
    return { ok: true, window: deadlineWindow(today, deadline.latestInterviewDate), status };
  }
  if (status === 'EXPIRED') return { ok: true, window: immediateWindow(today), status };
  return { ok: false, reason: status === 'BOOKED' ? 'ALREADY_BOOKED' : 'NOT_OPEN' };
}

/**
 * SL-2 Decision: a GROUP_THEN_INDIVIDUAL slot begins with its group part (SL-1); once that has started the
 * citizen can no longer join, so "starts in the future" is judged from the group start.
 */
function slotBeginsAt(slot: Pick<Slot, 'startsAt' | 'groupStartsAt'>): Temporal.Instant {
  return slot.groupStartsAt ?? slot.startsAt;
}

/** SL-2: the slot has not begun yet at `now` (a slot starting exactly now has begun). */
export function slotIsInFuture(slot: Pick<Slot, 'startsAt' | 'groupStartsAt'>, now: Temporal.Instant): boolean {
  return Temporal.Instant.compare(slotBeginsAt(slot), now) > 0;
}

/**
 * SL-2 / DL-3: the interview is held no later than the window's last day, judged by its local day in
 * Europe/Copenhagen — not by UTC and not by "24 hours after midnight", which both go wrong on the DST days.
 */
export function slotWithinWindow(slotStartsAt: Temporal.Instant, window: Pick<BookingWindow, 'to'>): boolean {
  return cmpDate(localDay(slotStartsAt), window.to) <= 0;
}

/**
 * MT-2: at most one planned JOB_INTERVIEW or FOLLOW_UP at a time. Another planned one blocks a new booking,
 * unless it is on today's date (the citizen may book a new one on the day of the planned one, 000 2017-09-11).
 * Two on the same day are never possible (the constraint meeting_one_planned_interview_per_day), so one on
 * the new interview's day blocks as well.
 * Decision: a meeting of an earlier day still PLANNED only awaits its outcome registration (MT-5); it is not
 * "planned" for the citizen and does not block, since blocking would push the citizen past bookBy.
 */
export function plannedInterviewClash<M extends Pick<Meeting, 'id' | 'type' | 'status' | 'localDay'>>(
  planned: readonly M[],
  today: Temporal.PlainDate,
  newDay?: Temporal.PlainDate,
  excludeMeetingId?: string,
): M | undefined {
  return planned.find((m) =>
    m.id !== excludeMeetingId && m.status === 'PLANNED' && (m.type === 'JOB_INTERVIEW' || m.type === 'FOLLOW_UP') &&
    (cmpDate(m.localDay, today) > 0 || (newDay !== undefined && m.localDay.equals(newDay))));
}

/**
 * SL-4 (003 2.4): the jobcenter may require rebooking "a reasonable time before" the interview. The cutoff is
 * the instant `cutoffHours` elapsed hours before the interview starts (Decision: elapsed hours, so a cutoff
 * across a DST change is still exactly that many hours); rebooking exactly at the cutoff is allowed.
 * Returns null when the jobcenter has no cutoff.
 */
export function rebookingCutoff(meetingStartsAt: Temporal.Instant, cutoffHours: number | null): Temporal.Instant | null {
  if (cutoffHours === null || cutoffHours === undefined) return null;
  return meetingStartsAt.subtract({ hours: cutoffHours });
}

/** SL-4: true when `now` is past the rebooking cutoff (strictly later than it). */
export function isPastRebookingCutoff(now: Temporal.Instant, meetingStartsAt: Temporal.Instant, cutoffHours: number | null): boolean {
  const cutoff = rebookingCutoff(meetingStartsAt, cutoffHours);
  return cutoff !== null && Temporal.Instant.compare(now, cutoff) > 0;
}

/**
 * SL-4: the last day a rebooked interview may be held — "under the same conditions as SL-2", so by the
 * latest interview date of the deadline the booking fulfils.
 * Decision: an immediate booking (RG-4) may lie after that date; rebooking may then move it earlier or within
 * the day already booked, but never later, so rebooking cannot be used to postpone a demanded interview.
 */
export function rebookingLastDay(latestInterviewDate: Temporal.PlainDate, currentMeetingDay: Temporal.PlainDate): Temporal.PlainDate {
  return cmpDate(currentMeetingDay, latestInterviewDate) > 0 ? currentMeetingDay : latestInterviewDate;
}

/**
 * SL-5: the inbox message for "no free slot fits". It names the deadline's dates so the citizen can tell the
 * jobcenter which deadline it is about; the same text is recorded at most once per day (one message per
 * deadline and day).
 */
export function noSlotsMessage(deadline: Pick<Deadline, 'bookBy' | 'latestInterviewDate'>, window: BookingWindow): string {
  const about = window.immediate
    ? `Straksbooking: vælg en tid senest ${window.to} (immediate booking: a time on or before ${window.to}).`
    : `Frist: book senest ${deadline.bookBy}, samtalen senest ${deadline.latestInterviewDate} (book by ${deadline.bookBy}, interview by ${deadline.latestInterviewDate}).`;
  return `${NO_SLOTS_MESSAGE} ${about}`;
}

/**
 * MT-7: the SQL condition that slot `s` does not overlap a PLANNED or HELD meeting of the citizen `:citizenId`, of
 * any type (half-open ranges, a group slot from its group part). Used wherever slots are offered to a citizen
 * (bookableSlots, the re-registration's offeredSlots), so nothing is offered that bookSlot would refuse.
 */
export const SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL = `NOT EXISTS (SELECT 1 FROM meeting o WHERE o.citizen_id = :citizenId AND o.status IN ('PLANNED', 'HELD')
  AND tstzrange(COALESCE(o.group_starts_at, o.starts_at), o.ends_at) && tstzrange(COALESCE(s.group_starts_at, s.starts_at), s.ends_at))`;

/** The answers of bookSlot and rebookMeeting's pre-checks, with the rule ID first. */
export const SLOT_TAKEN_MSG = 'SL-3: another citizen booked this slot first; choose another time';
export const SAME_DAY_MSG = 'MT-2: you already have a job interview planned that day';

/** SL-7 (EX-1, EX-3): exempted or revoked citizens are called in instead of self-booking. */
export function assertMaySelfBook(citizen: Pick<Citizen, 'selfBookingRight'>, field: string[]): Failure<BookSlotErrorCode> | undefined {
  if (citizen.selfBookingRight === 'EXEMPTED') return fail('CITIZEN_EXEMPTED', 'SL-7/EX-1: you are exempted from self-booking; the jobcenter will call you in', field);
  if (citizen.selfBookingRight === 'REVOKED') return fail('CITIZEN_REVOKED', 'SL-7/EX-3: your right to self-book is revoked; the jobcenter will call you in', field);
  return undefined;
}

/**
 * RG-5/RG-8, TG-4: a citizen deregistered as job seeker (a missed deadline, sickness, …) re-registers before booking;
 * JOB_CLARIFICATION persons are never registered as job seekers and book all the same. `registered` is as of today:
 * bookSlot reads it after today's transitions, bookableSlots from the registration status (a pending RG-1 counted).
 */
export function assertRegisteredToBook(
  c: Pick<Citizen, 'registered' | 'targetGroup'>, field: string[],
): Failure<BookSlotErrorCode> | undefined {
  if (c.registered || c.targetGroup === 'JOB_CLARIFICATION') return undefined;
  return fail('REREGISTRATION_REQUIRED',
    'RG-5/RG-8: you are deregistered as job seeker; re-register (reregister with this slotId) or report recovery first', field);
}

/**
 * SL-2/SL-3: the (locked) slot is the citizen's jobcenter's, for a job interview, not withdrawn, not begun and free.
 * Another jobcenter's slot reads as not found, so citizens cannot probe other jobcenters.
 */
export function assertSlotBookable(
  found: { slot: Slot; taken: boolean } | null, slotId: string, jobcenterId: string, now: Temporal.Instant, field: string[],
): Failure<BookSlotErrorCode> | undefined {
  if (!found || found.slot.jobcenterId !== jobcenterId) return fail('NOT_FOUND', `SL-2: no slot ${slotId} at your jobcenter`, field);
  const { slot } = found;
  if (slot.kind === 'OTHER') {
    return fail('INVALID_INPUT', 'MT-6: this slot is for another meeting than a job interview; book it against the jobcenter\'s offer (bookOtherMeeting)', field);
  }
  if (slot.withdrawnAt) return fail('SLOT_WITHDRAWN', 'SL-2: the jobcenter withdrew this slot; choose another time', field);
  if (!slotIsInFuture(slot, now)) return fail('SLOT_IN_PAST', `SL-2: the slot began at ${formatLocal(slot.groupStartsAt ?? slot.startsAt)}; choose a later time`, field);
  if (found.taken) return fail('SLOT_TAKEN', SLOT_TAKEN_MSG, field);
  return undefined;
}

/** MT-2: the answer naming the planned interview or follow-up that blocks a booking. */
export function clashMessage(clash: Pick<Meeting, 'type' | 'startsAt'>): string {
  return `MT-2: you already have a ${clash.type === 'FOLLOW_UP' ? 'follow-up' : 'job interview'} planned at ${formatLocal(clash.startsAt)}`;
}

/** SL-4: only the citizen's planned, self-booked job interview, before the jobcenter's cutoff and its start, is rebooked. */
export function assertRebookable(
  old: Pick<Meeting, 'status' | 'type' | 'origin' | 'startsAt'> | null, jobcenter: Pick<Jobcenter, 'rebookingCutoffHours'> | null,
  meetingId: string, now: Temporal.Instant, field: string[],
): Failure<BookSlotErrorCode> | undefined {
  if (!old || !jobcenter) return fail('NOT_FOUND', `SL-4: you have no meeting ${meetingId}`, field);
  if (old.status !== 'PLANNED' || old.type !== 'JOB_INTERVIEW' || old.origin !== 'SELF_BOOKED') {
    return fail('NOT_REBOOKABLE', `SL-4: only a planned, self-booked job interview can be rebooked; this is a ${old.status.toLowerCase()} ${old.origin === 'SELF_BOOKED' ? 'self-booked' : old.origin.toLowerCase().replace('_', '-')} ${old.type.toLowerCase().replace('_', ' ')}`, field);
  }
  if (isPastRebookingCutoff(now, old.startsAt, jobcenter.rebookingCutoffHours)) {
    const cutoff = rebookingCutoff(old.startsAt, jobcenter.rebookingCutoffHours)!;
    return fail('REBOOKING_CUTOFF_PASSED',
      `SL-4: rebooking closed at ${formatLocal(cutoff)}, ${jobcenter.rebookingCutoffHours} hours before the interview at ${formatLocal(old.startsAt)}; contact the jobcenter to move it`,
      field);
  }
  if (Temporal.Instant.compare(old.startsAt, now) <= 0) {
    return fail('NOT_REBOOKABLE', `SL-4: the interview started at ${formatLocal(old.startsAt)} and can no longer be rebooked`, field);
  }
  return undefined;
}

/** SL-4: the interview must still fulfil the booked deadline it was booked for. */
export function assertDeadlineRebookable(
  deadline: Pick<Deadline, 'status' | 'meetingId'> | null, old: Pick<Meeting, 'id'>, field: string[],
): Failure<BookSlotErrorCode> | undefined {
  if (!deadline || deadline.status !== 'BOOKED' || deadline.meetingId !== old.id) {
    return fail('NOT_REBOOKABLE', 'SL-4: this interview no longer fulfils a booked deadline; contact the jobcenter to move it', field);
  }
  return undefined;
}

/** SL-4: rebooking to the interview's own slot is no move. */
export function assertNewSlot(slotId: string, old: Pick<Meeting, 'slotId'>, field: string[]): Failure<BookSlotErrorCode> | undefined {
  return slotId === old.slotId ? fail('INVALID_INPUT', 'SL-4: the interview is already booked at this slot; choose another time', field) : undefined;
}

/** SL-4, DL-3: the new slot is held by the deadline's latest interview date (or the current interview's day, if later). */
export function assertRebookingSlotInWindow(
  slot: Pick<Slot, 'startsAt'>, deadline: Pick<Deadline, 'latestInterviewDate'>, old: Pick<Meeting, 'localDay'>, field: string[],
): Failure<BookSlotErrorCode> | undefined {
  const lastDay = rebookingLastDay(deadline.latestInterviewDate, old.localDay);
  if (slotWithinWindow(slot.startsAt, { to: lastDay })) return undefined;
  return fail('SLOT_OUTSIDE_DEADLINE',
    `SL-4: a rebooked interview must still be held by ${lastDay} (the deadline's latest interview date, DL-3); this slot is on ${localDay(slot.startsAt)}`, field);
}
