import type { Temporal } from 'temporal-polyfill';
import type { Citizen, OtherMeetingOffer, Slot } from '../../entities';
import { cmpDate, formatLocal, localDay } from '../shared/dates';
import { type Failure, fail } from '../shared/result';
import { slotIsInFuture } from '../booking/booking.rules';
import { hasSelfBookingDuty } from '../shared/enums';
import type { OtherMeetingOfferStatus } from '../../generated/enums';

/**
 * MT-6 (003 2.16): other meetings than job interviews offered for self-booking. "Vil jobcenteret give en person
 * mulighed for selv at booke en anden samtale eller aktivitet med mødepligt, må jobcenteret skrive til personen, at
 * denne har mulighed for at booke samtalen og samtidig gøre opmærksom på, at hvis personen ikke selvbooker, vil
 * vedkommende blive indkaldt."
 */

/** MT-6 Decision (as DL-3 for job interviews): without a given last meeting day, the meeting is held within 7 days of bookBy. */
export const OTHER_MEETING_DAYS_AFTER_BOOK_BY = 7;
/** MT-6 Decision (IN-1's planning window): an offer's days lie at most 2 years after today. */
export const OTHER_MEETING_PLANNING_YEARS = 2;

/** MT-6: the status as of `today`: an open offer whose last day to book has passed reads EXPIRED (the citizen is called in). */
export function otherMeetingOfferStatus(o: Pick<OtherMeetingOffer, 'status' | 'bookBy'>, today: Temporal.PlainDate): OtherMeetingOfferStatus {
  return o.status === 'OPEN' && cmpDate(today, o.bookBy) > 0 ? 'EXPIRED' : o.status;
}

/**
 * MT-6 (003 2.16: "personer i målgruppen for pligt til selvbooking"): who may be offered another meeting to self-book —
 * the duty groups (TG-1) and voluntary self-bookers (TG-2) with the right to self-book (EX: exempted or revoked
 * citizens are called in). Decision: also while deregistered — the offer is about another meeting, not the
 * job-interview duty. Returns the refusal message, or null.
 */
export function otherMeetingOfferRefusal(c: Pick<Citizen, 'targetGroup' | 'voluntarySelfBooking' | 'selfBookingRight'>): string | null {
  if (!hasSelfBookingDuty(c.targetGroup) && !c.voluntarySelfBooking) {
    return `MT-6/TG-2: ${c.targetGroup} has no duty to self-book and was not offered voluntary self-booking; call the citizen in`;
  }
  if (c.selfBookingRight === 'EXEMPTED') return 'MT-6/EX-1: the citizen is exempted from self-booking; call the citizen in';
  if (c.selfBookingRight === 'REVOKED') return 'MT-6/EX-3: the citizen\'s right to self-book is revoked; call the citizen in';
  return null;
}

/** MT-6: the offer as the citizen reads it (Jobnet inbox), saying that without a booking they are called in (003 2.16). */
export function otherMeetingOfferText(description: string, bookBy: Temporal.PlainDate, latestMeetingDate: Temporal.PlainDate): string {
  return `Jobcenteret tilbyder dig selv at booke: ${description}. Book en tid på Jobnet senest ${bookBy} (mødet holdes senest ${latestMeetingDate}). ` +
    'Hvis du ikke selv booker, vil du blive indkaldt til mødet. ' +
    `(The jobcenter offers you to book: ${description}. Book a time on Jobnet by ${bookBy} (the meeting is held by ${latestMeetingDate}). ` +
    'If you do not book, you will be called in to the meeting.)';
}

/** MT-6 Decision: a description is a short title of the meeting or activity, not a case note. */
export const MAX_OTHER_MEETING_DESCRIPTION = 300;

/**
 * MT-6, IN-1: an offer says what is offered (at most 300 characters, trimmed), its bookBy lies from today to 2 years
 * ahead, and its latest meeting day (default bookBy + 7 days) from bookBy to 2 years + 7 days ahead.
 */
export function assertOtherMeetingOfferInput(
  input: { description: string; bookBy: Temporal.PlainDate; latestMeetingDate?: Temporal.PlainDate | null }, today: Temporal.PlainDate,
): Failure<'INVALID_INPUT'> | undefined {
  const description = input.description.trim();
  if (!description) return fail('INVALID_INPUT', 'MT-6: say which meeting or activity is offered (description)', ['input', 'description']);
  if (description.length > MAX_OTHER_MEETING_DESCRIPTION) {
    return fail('INVALID_INPUT', `MT-6: the description is at most ${MAX_OTHER_MEETING_DESCRIPTION} characters`, ['input', 'description']);
  }
  const horizon = today.add({ years: OTHER_MEETING_PLANNING_YEARS });
  if (cmpDate(input.bookBy, today) < 0) return fail('INVALID_INPUT', `MT-6: bookBy ${input.bookBy} is before today (${today})`, ['input', 'bookBy']);
  if (cmpDate(input.bookBy, horizon) > 0) return fail('INVALID_INPUT', `MT-6/IN-1: bookBy is at most ${horizon} (2 years ahead)`, ['input', 'bookBy']);
  const latest = input.latestMeetingDate ?? input.bookBy.add({ days: OTHER_MEETING_DAYS_AFTER_BOOK_BY });
  if (cmpDate(latest, input.bookBy) < 0) {
    return fail('INVALID_INPUT', `MT-6: latestMeetingDate ${latest} is before bookBy ${input.bookBy}`, ['input', 'latestMeetingDate']);
  }
  const latestHorizon = horizon.add({ days: OTHER_MEETING_DAYS_AFTER_BOOK_BY });
  if (cmpDate(latest, latestHorizon) > 0) {
    return fail('INVALID_INPUT', `MT-6/IN-1: latestMeetingDate is at most ${latestHorizon}`, ['input', 'latestMeetingDate']);
  }
  return undefined;
}

/** MT-6: an offer is booked while OPEN: not twice, and not after its last day to book (the citizen is called in then). */
export function assertOfferBookable(offer: Pick<OtherMeetingOffer, 'status' | 'bookBy'>, today: Temporal.PlainDate): Failure<'OFFER_NOT_OPEN'> | undefined {
  const status = otherMeetingOfferStatus(offer, today);
  if (status === 'BOOKED') return fail('OFFER_NOT_OPEN', 'MT-6: you have already booked this meeting', ['input', 'offerId']);
  if (status === 'EXPIRED') return fail('OFFER_NOT_OPEN', `MT-6: the last day to book was ${offer.bookBy}; the jobcenter will call you in`, ['input', 'offerId']);
  return undefined;
}

/**
 * MT-6, SL-2: the slot booked against an offer is an OTHER slot of the offer's jobcenter (`null`: none with that id),
 * not withdrawn, in the future, and on or before the offer's latest meeting day.
 */
export function assertSlotForOffer(
  slotId: string, slot: Pick<Slot, 'jobcenterId' | 'kind' | 'withdrawnAt' | 'startsAt' | 'groupStartsAt'> | null,
  offer: Pick<OtherMeetingOffer, 'jobcenterId' | 'latestMeetingDate'>, now: Temporal.Instant,
): Failure<'NOT_FOUND' | 'SLOT_NOT_FOR_OFFER' | 'SLOT_WITHDRAWN' | 'SLOT_IN_PAST' | 'SLOT_AFTER_LATEST_MEETING_DATE'> | undefined {
  const field = ['input', 'slotId'];
  if (!slot || slot.jobcenterId !== offer.jobcenterId) return fail('NOT_FOUND', `MT-6: no slot ${slotId} at your jobcenter`, field);
  if (slot.kind !== 'OTHER') {
    return fail('SLOT_NOT_FOR_OFFER', 'MT-6: this slot is for a job interview; the offered meeting is booked in a slot of kind OTHER', field);
  }
  if (slot.withdrawnAt) return fail('SLOT_WITHDRAWN', 'MT-6/SL-2: the jobcenter withdrew this slot; choose another time', field);
  if (!slotIsInFuture(slot, now)) return fail('SLOT_IN_PAST', `MT-6/SL-2: the slot began at ${formatLocal(slot.startsAt)}; choose a later time`, field);
  if (cmpDate(localDay(slot.startsAt), offer.latestMeetingDate) > 0) {
    return fail('SLOT_AFTER_LATEST_MEETING_DATE', `MT-6: the meeting must be held by ${offer.latestMeetingDate}; this slot is on ${localDay(slot.startsAt)}`, field);
  }
  return undefined;
}
