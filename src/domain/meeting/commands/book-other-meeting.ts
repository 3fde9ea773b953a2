import { Not } from 'typeorm';
import { Meeting, OtherMeetingOffer, Slot } from '../../../entities';
import type { Actor } from '../../shared/actor';
import { citizenSelf, requirePolicy } from '../../../auth/policy';
import { lockCitizenFor } from '../../shared/citizen-access';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { MEETING_NO_OVERLAP } from '../../../db/migrations/1700004000000-meeting-no-overlap';
import type { BookOtherMeetingErrorCode } from '../../../generated/enums';
import { findOverlappingMeeting, slotBusyTime } from '../meeting-overlap';
import { OVERLAP_RACE_MSG, overlapMessage } from '../meeting.rules';
import { plan } from '../meeting.transitions';
import { assertOfferBookable, assertSlotForOffer } from '../other-meeting.rules';

export interface BookOtherMeetingInput {
  offerId: string;
  slotId: string;
  idempotencyKey?: string | null;
}

type R = Promise<Result<{ offer: OtherMeetingOffer; meeting: Meeting }, BookOtherMeetingErrorCode>>;

/**
 * MT-6: the citizen books an OTHER slot against an open offer (never against a deadline, and OTHER slots are never
 * offered for one). An offer past its last day unbooked puts the citizen on the jobcenter's call-in list
 * (LifecycleService.followUpList OTHER_MEETING_CALL_IN).
 */
export async function bookOtherMeeting(scope: Scope, input: BookOtherMeetingInput): R {
  const actor = requirePolicy<Extract<Actor, { kind: 'CITIZEN' }>>(citizenSelf, scope.actor);
  const constraints = {
    meeting_one_booking_per_slot: fail('SLOT_TAKEN', 'MT-6/SL-3: another citizen booked this slot first; choose another time', ['input', 'slotId']),
    other_meeting_offer_meeting_once: fail('OFFER_NOT_OPEN', 'MT-6: the offer was booked at the same moment', ['input', 'offerId']),
    [MEETING_NO_OVERLAP]: fail('MEETING_OVERLAP', OVERLAP_RACE_MSG, ['input', 'slotId']),
  };
  return runInTransaction(scope, { operation: 'bookOtherMeeting', idempotencyKey: input.idempotencyKey, input, constraints }, async (scope): R => {
    const citizen = await lockCitizenFor(scope, actor.citizenId);
    if (!citizen) return fail('NOT_FOUND', 'MT-6: citizen not found', ['input']);
    const offer = await scope.db.findOne(OtherMeetingOffer, { where: { id: input.offerId, citizenId: citizen.id } });
    if (!offer) return fail('NOT_FOUND', `MT-6: no offer ${input.offerId} for you`, ['input', 'offerId']);
    const now = scope.clock.now();
    const notOpen = assertOfferBookable(offer, scope.clock.today());
    if (notOpen) return notOpen;
    const slot = await scope.db.findOne(Slot, { where: { id: input.slotId }, lock: { mode: 'pessimistic_write' } });
    const notBookable = assertSlotForOffer(input.slotId, slot, offer, now);
    if (notBookable || !slot) return notBookable!;
    if (await scope.db.exists(Meeting, { where: { slotId: slot.id, status: Not('CANCELLED') } })) {
      return fail('SLOT_TAKEN', 'MT-6/SL-3: another citizen booked this slot first; choose another time', ['input', 'slotId']);
    }
    // MT-7: never two meetings of the citizen at overlapping times (the one check every booking makes).
    const clash = await findOverlappingMeeting(scope, citizen.id, slotBusyTime(slot));
    if (clash) return fail('MEETING_OVERLAP', overlapMessage(clash, slot.startsAt, 'you'), ['input', 'slotId']);
    // MT-5/MT-6: the OTHER meeting is placed through meeting.transitions `plan` (no event: not reportable, EV-1).
    const meeting = await plan(scope, citizen, {
      meeting: {
        type: 'OTHER', origin: 'SELF_BOOKED', form: slot.form, startsAt: slot.startsAt, endsAt: slot.endsAt, slotId: slot.id,
        sanctionable: false, location: slot.location, caseworker: slot.caseworker,
      },
      history: { action: 'BOOKED', reason: `MT-6: booked against the offer "${offer.description}"`, details: { slotId: slot.id, offerId: offer.id } },
    });
    await scope.db.update(OtherMeetingOffer, { id: offer.id, status: 'OPEN' }, { status: 'BOOKED', meetingId: meeting.id });
    Object.assign(offer, { status: 'BOOKED', meetingId: meeting.id });
    return ok({ offer, meeting });
  });
}
