import { Temporal } from 'temporal-polyfill';
import { In, Not } from 'typeorm';
import { Meeting, OtherMeetingOffer, Slot } from '../../entities';
import { requireCitizenActor, requireJobcenterActor } from '../shared/access';
import { actorLabel } from '../shared/actor';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate, formatLocal, localDay, startOfDay } from '../shared/dates';
import { recordMeetingHistory } from '../shared/history';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL, slotIsInFuture } from '../booking/booking.rules';
import { MEETING_NO_OVERLAP } from '../../db/migrations/1700004000000-meeting-no-overlap';
import { findOverlappingMeeting, slotBusyTime } from './meeting-overlap';
import { OVERLAP_RACE_MSG, overlapMessage } from './meeting.rules';
import {
  OTHER_MEETING_DAYS_AFTER_BOOK_BY, OTHER_MEETING_PLANNING_YEARS, otherMeetingOfferRefusal, otherMeetingOfferStatus, otherMeetingOfferText,
} from './other-meeting.rules';
import type { BookOtherMeetingErrorCode, OfferOtherMeetingErrorCode } from '../../generated/enums';

export interface OfferOtherMeetingInput {
  citizenId: string;
  description: string;
  bookBy: Temporal.PlainDate;
  latestMeetingDate?: Temporal.PlainDate | null;
  idempotencyKey?: string | null;
}

export interface BookOtherMeetingInput {
  offerId: string;
  slotId: string;
  idempotencyKey?: string | null;
}

/** MT-6 Decision: a description is a short title of the meeting or activity, not a case note. */
const MAX_DESCRIPTION = 300;

/**
 * MT-6 (003 2.16): the jobcenter offers a citizen another meeting than a job interview to self-book, with a last day
 * to book and the statement that the citizen is called in otherwise; the citizen books an OTHER slot against the
 * offer (never against a deadline, and OTHER slots are never offered for one). An offer past its last day unbooked
 * puts the citizen on the jobcenter's call-in list (LifecycleService.followUpList OTHER_MEETING_CALL_IN).
 */
export class OtherMeetingService {
  async offerOtherMeeting(scope: Scope, input: OfferOtherMeetingInput): Promise<Result<{ offer: OtherMeetingOffer }, OfferOtherMeetingErrorCode>> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(scope, { operation: 'offerOtherMeeting', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return fail('NOT_FOUND', `MT-6: no citizen ${input.citizenId} in your jobcenter`, ['input', 'citizenId']);
      const description = input.description.trim();
      if (!description) return fail('INVALID_INPUT', 'MT-6: say which meeting or activity is offered (description)', ['input', 'description']);
      if (description.length > MAX_DESCRIPTION) {
        return fail('INVALID_INPUT', `MT-6: the description is at most ${MAX_DESCRIPTION} characters`, ['input', 'description']);
      }
      const today = scope.clock.today();
      const horizon = today.add({ years: OTHER_MEETING_PLANNING_YEARS });
      if (cmpDate(input.bookBy, today) < 0) return fail('INVALID_INPUT', `MT-6: bookBy ${input.bookBy} is before today (${today})`, ['input', 'bookBy']);
      if (cmpDate(input.bookBy, horizon) > 0) return fail('INVALID_INPUT', `MT-6/IN-1: bookBy is at most ${horizon} (2 years ahead)`, ['input', 'bookBy']);
      const latest = input.latestMeetingDate ?? input.bookBy.add({ days: OTHER_MEETING_DAYS_AFTER_BOOK_BY });
      if (cmpDate(latest, input.bookBy) < 0) {
        return fail('INVALID_INPUT', `MT-6: latestMeetingDate ${latest} is before bookBy ${input.bookBy}`, ['input', 'latestMeetingDate']);
      }
      if (cmpDate(latest, horizon.add({ days: OTHER_MEETING_DAYS_AFTER_BOOK_BY })) > 0) {
        return fail('INVALID_INPUT', `MT-6/IN-1: latestMeetingDate is at most ${horizon.add({ days: OTHER_MEETING_DAYS_AFTER_BOOK_BY })}`, ['input', 'latestMeetingDate']);
      }
      const refusal = otherMeetingOfferRefusal(citizen);
      if (refusal) return fail('NOT_OFFERABLE', refusal, ['input', 'citizenId']);
      const now = scope.clock.now();
      const offer = scope.db.create(OtherMeetingOffer, {
        citizenId: citizen.id, jobcenterId: citizen.jobcenterId, description, bookBy: input.bookBy, latestMeetingDate: latest,
        status: 'OPEN', meetingId: null, text: otherMeetingOfferText(description, input.bookBy, latest),
        createdBy: actorLabel(scope.actor), createdAt: now,
      });
      await scope.db.insert(OtherMeetingOffer, offer);
      // 003 2.16: "må jobcenteret skrive til personen" — the offer is a message in the citizen's Jobnet inbox.
      await scope.db.query(`INSERT INTO citizen_message (citizen_id, at, kind, text) VALUES ($1, $2, 'OTHER_MEETING_OFFER', $3)`,
        [citizen.id, new Date(now.epochMilliseconds), offer.text]);
      return ok({ offer });
    });
  }

  async bookOtherMeeting(scope: Scope, input: BookOtherMeetingInput): Promise<Result<{ offer: OtherMeetingOffer; meeting: Meeting }, BookOtherMeetingErrorCode>> {
    const actor = requireCitizenActor(scope.actor);
    const constraints = {
      meeting_one_booking_per_slot: fail('SLOT_TAKEN', 'MT-6/SL-3: another citizen booked this slot first; choose another time', ['input', 'slotId']),
      other_meeting_offer_meeting_once: fail('OFFER_NOT_OPEN', 'MT-6: the offer was booked at the same moment', ['input', 'offerId']),
      [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', OVERLAP_RACE_MSG, ['input', 'slotId']),
    };
    return runInTransaction(scope, { operation: 'bookOtherMeeting', idempotencyKey: input.idempotencyKey, input, constraints }, async (scope) => {
      const citizen = await lockCitizenFor(scope, actor.citizenId);
      if (!citizen) return fail('NOT_FOUND', 'MT-6: citizen not found', ['input']);
      const offer = await scope.db.findOne(OtherMeetingOffer, { where: { id: input.offerId, citizenId: citizen.id } });
      if (!offer) return fail('NOT_FOUND', `MT-6: no offer ${input.offerId} for you`, ['input', 'offerId']);
      const today = scope.clock.today();
      const now = scope.clock.now();
      const status = otherMeetingOfferStatus(offer, today);
      if (status === 'BOOKED') return fail('OFFER_NOT_OPEN', 'MT-6: you have already booked this meeting', ['input', 'offerId']);
      if (status === 'EXPIRED') {
        return fail('OFFER_NOT_OPEN', `MT-6: the last day to book was ${offer.bookBy}; the jobcenter will call you in`, ['input', 'offerId']);
      }
      const slot = await scope.db.findOne(Slot, { where: { id: input.slotId }, lock: { mode: 'pessimistic_write' } });
      if (!slot || slot.jobcenterId !== offer.jobcenterId) return fail('NOT_FOUND', `MT-6: no slot ${input.slotId} at your jobcenter`, ['input', 'slotId']);
      if (slot.kind !== 'OTHER') {
        return fail('SLOT_NOT_FOR_OFFER', 'MT-6: this slot is for a job interview; the offered meeting is booked in a slot of kind OTHER', ['input', 'slotId']);
      }
      if (slot.withdrawnAt) return fail('SLOT_WITHDRAWN', 'MT-6/SL-2: the jobcenter withdrew this slot; choose another time', ['input', 'slotId']);
      if (!slotIsInFuture(slot, now)) return fail('SLOT_IN_PAST', `MT-6/SL-2: the slot began at ${formatLocal(slot.startsAt)}; choose a later time`, ['input', 'slotId']);
      if (cmpDate(localDay(slot.startsAt), offer.latestMeetingDate) > 0) {
        return fail('SLOT_AFTER_LATEST_MEETING_DATE',
          `MT-6: the meeting must be held by ${offer.latestMeetingDate}; this slot is on ${localDay(slot.startsAt)}`, ['input', 'slotId']);
      }
      if (await scope.db.exists(Meeting, { where: { slotId: slot.id, status: Not('CANCELLED') } })) {
        return fail('SLOT_TAKEN', 'MT-6/SL-3: another citizen booked this slot first; choose another time', ['input', 'slotId']);
      }
      // MT-7: never two meetings of the citizen at overlapping times (the one check every booking makes).
      const clash = await findOverlappingMeeting(scope, citizen.id, slotBusyTime(slot));
      if (clash) return fail('MEETING_OVERLAP', overlapMessage(clash, slot.startsAt, 'you'), ['input', 'slotId']);
      const meeting = scope.db.create(Meeting, {
        citizenId: citizen.id, jobcenterId: citizen.jobcenterId, type: 'OTHER', origin: 'SELF_BOOKED', form: slot.form,
        startsAt: slot.startsAt, endsAt: slot.endsAt, localDay: localDay(slot.startsAt), status: 'PLANNED', slotId: slot.id, deadlineId: null,
        sanctionable: false, location: slot.location, caseworker: slot.caseworker, createdAt: now,
      });
      await scope.db.insert(Meeting, meeting);
      await scope.db.update(OtherMeetingOffer, { id: offer.id, status: 'OPEN' }, { status: 'BOOKED', meetingId: meeting.id });
      Object.assign(offer, { status: 'BOOKED', meetingId: meeting.id });
      await recordMeetingHistory(scope, meeting.id, {
        action: 'BOOKED', toStatus: 'PLANNED', reason: `MT-6: booked against the offer "${offer.description}"`, details: { slotId: slot.id, offerId: offer.id },
      });
      return ok({ offer, meeting });
    });
  }

  /** MT-6: the free OTHER slots the citizen may book for an open offer: from now to its last meeting day, soonest first. */
  async bookableSlots(scope: Scope, offer: OtherMeetingOffer, first: number): Promise<Slot[]> {
    if (otherMeetingOfferStatus(offer, scope.clock.today()) !== 'OPEN') return [];
    const now = new Date(scope.clock.now().epochMilliseconds);
    return scope.db.createQueryBuilder(Slot, 's')
      .where('s.jobcenter_id = :jc', { jc: offer.jobcenterId })
      .andWhere(`s.kind = 'OTHER' AND s.withdrawn_at IS NULL AND s.starts_at > :now`, { now })
      .andWhere('s.starts_at < :end', { end: new Date(startOfDay(offer.latestMeetingDate.add({ days: 1 })).epochMilliseconds) })
      .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`)
      // MT-7: not a slot the booking would refuse for overlapping one of the citizen's meetings.
      .andWhere(SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL, { citizenId: offer.citizenId })
      .orderBy('s.starts_at', 'ASC').addOrderBy('s.id', 'ASC')
      .limit(Math.max(1, Math.min(first, 50)))
      .getMany();
  }

  /** MT-6: a citizen's offers, newest first (the caller may see the citizen: the field guard checks every row). */
  async offersOf(scope: Scope, citizenId: string): Promise<OtherMeetingOffer[]> {
    return scope.db.find(OtherMeetingOffer, { where: { citizenId: In([citizenId]) }, order: { createdAt: 'DESC', id: 'ASC' } });
  }
}
