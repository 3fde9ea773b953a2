import type { Temporal } from 'temporal-polyfill';
import { OtherMeetingOffer } from '../../../entities';
import { requirePolicy, staff } from '../../../auth/policy';
import { actorLabel } from '../../shared/actor';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../../shared/citizen-access';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import type { OfferOtherMeetingErrorCode } from '../../../generated/enums';
import {
  OTHER_MEETING_DAYS_AFTER_BOOK_BY, assertOtherMeetingOfferInput, otherMeetingOfferRefusal, otherMeetingOfferText,
} from '../other-meeting.rules';

export interface OfferOtherMeetingInput {
  citizenId: string;
  description: string;
  bookBy: Temporal.PlainDate;
  latestMeetingDate?: Temporal.PlainDate | null;
  idempotencyKey?: string | null;
}

type R = Promise<Result<{ offer: OtherMeetingOffer }, OfferOtherMeetingErrorCode>>;

/**
 * MT-6 (003 2.16): the jobcenter offers a citizen another meeting than a job interview to self-book, with a last day
 * to book and the statement that the citizen is called in otherwise (see other-meeting.rules.ts).
 */
export async function offerOtherMeeting(scope: Scope, input: OfferOtherMeetingInput): R {
  requirePolicy(staff, scope.actor);
  return runInTransaction(scope, { operation: 'offerOtherMeeting', idempotencyKey: input.idempotencyKey, input }, async (scope): R => {
    const citizen = await lockCitizenFor(scope, input.citizenId);
    if (!citizen) return noCitizenInYourJobcenter('MT-6', input.citizenId);
    const invalid = assertOtherMeetingOfferInput(input, scope.clock.today());
    if (invalid) return invalid;
    const refusal = otherMeetingOfferRefusal(citizen);
    if (refusal) return fail('NOT_OFFERABLE', refusal, ['input', 'citizenId']);
    const description = input.description.trim();
    const latest = input.latestMeetingDate ?? input.bookBy.add({ days: OTHER_MEETING_DAYS_AFTER_BOOK_BY });
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
