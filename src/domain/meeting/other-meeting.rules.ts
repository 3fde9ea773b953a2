import type { Temporal } from 'temporal-polyfill';
import type { Citizen, OtherMeetingOffer } from '../../entities';
import { cmpDate } from '../shared/dates';
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
