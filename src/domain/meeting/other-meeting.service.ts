import type { OtherMeetingOffer, Slot } from '../../entities';
import type { Scope } from '../shared/scope';
import { type BookOtherMeetingInput, bookOtherMeeting } from './commands/book-other-meeting';
import { type OfferOtherMeetingInput, offerOtherMeeting } from './commands/offer-other-meeting';
import { bookableSlots, offersOf } from './meeting.queries';

export type { BookOtherMeetingInput } from './commands/book-other-meeting';
export type { OfferOtherMeetingInput } from './commands/offer-other-meeting';

/**
 * MT-6 (003 2.16): other meetings than job interviews offered for self-booking. The facade the resolvers call:
 * the mutations are commands/offer-other-meeting.ts and commands/book-other-meeting.ts, the reads meeting.queries.ts.
 */
export class OtherMeetingService {
  offerOtherMeeting(scope: Scope, input: OfferOtherMeetingInput) {
    return offerOtherMeeting(scope, input);
  }

  bookOtherMeeting(scope: Scope, input: BookOtherMeetingInput) {
    return bookOtherMeeting(scope, input);
  }

  /** MT-6: the free OTHER slots the citizen may book for an open offer (meeting.queries.ts). */
  bookableSlots(scope: Scope, offer: OtherMeetingOffer, first: number): Promise<Slot[]> {
    return bookableSlots(scope, offer, first);
  }

  /** MT-6: a citizen's offers, newest first (meeting.queries.ts). */
  offersOf(scope: Scope, citizenId: string): Promise<OtherMeetingOffer[]> {
    return offersOf(scope, citizenId);
  }
}
