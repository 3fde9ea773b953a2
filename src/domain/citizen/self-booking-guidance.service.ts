import type { Temporal } from 'temporal-polyfill';
import { type Citizen, SelfBookingGuidance } from '../../entities';
import { requireStaff } from '../../auth/policy';
import { actorLabel } from '../shared/actor';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../shared/citizen-access';
import { cmpDate } from '../shared/dates';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import type { RecordSelfBookingGuidanceErrorCode, SelfBookingGuidanceForm } from '../../generated/enums';

export interface RecordSelfBookingGuidanceInput {
  citizenId: string;
  givenOn: Temporal.PlainDate;
  form: SelfBookingGuidanceForm;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** GU-1/IN-1 Decision: guidance is recorded from at most 1 year back (the planning window's lower bound). */
const GUIDANCE_HISTORY_YEARS = 1;

/**
 * GU-1 (003 3): a citizen with the duty must be guided about self-booking and the consequences of not booking; the
 * a-kasse guides its members, the jobcenter the other groups. The jobcenter records when and how it gave the guidance.
 * Decision: only jobcenter staff record it. The actors table lets an a-kasse change opt-outs, participation decisions,
 * re-registration and recovery — not the jobcenter's case records — and the a-kasse's own guidance duty is kept by
 * the a-kasse (003 3: "Der henvises til vejledning om en a-kasses pligt til at vejlede"). The jobcenter may record
 * guidance it gave an INSURED_UNEMPLOYED citizen too.
 */
export class SelfBookingGuidanceService {
  async record(scope: Scope, input: RecordSelfBookingGuidanceInput): Promise<Result<{ guidance: SelfBookingGuidance; citizen: Citizen }, RecordSelfBookingGuidanceErrorCode>> {
    requireStaff(scope.actor);
    const today = scope.clock.today();
    // Checked before the transaction: bad input answers at once and changes nothing.
    if (cmpDate(input.givenOn, today) > 0) {
      return fail('INVALID_INPUT', `GU-1: givenOn ${input.givenOn} is after today (${today}); record guidance once it is given`, ['input', 'givenOn']);
    }
    const earliest = today.subtract({ years: GUIDANCE_HISTORY_YEARS });
    if (cmpDate(input.givenOn, earliest) < 0) {
      return fail('INVALID_INPUT', `GU-1/IN-1: givenOn ${input.givenOn} is more than ${GUIDANCE_HISTORY_YEARS} year back; the earliest accepted is ${earliest}`, ['input', 'givenOn']);
    }
    return runInTransaction(scope, { operation: 'recordSelfBookingGuidance', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('GU-1', input.citizenId);
      const row = scope.db.create(SelfBookingGuidance, {
        citizenId: citizen.id, givenOn: input.givenOn, form: input.form, note: input.note?.trim() || null, recordedBy: actorLabel(scope.actor),
      });
      await scope.db.insert(SelfBookingGuidance, row);
      return ok({ guidance: await scope.db.findOneByOrFail(SelfBookingGuidance, { id: row.id }), citizen });
    });
  }
}
