import { In, MoreThanOrEqual } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { Citizen, type Deadline, Holiday, Meeting, SelfBookingDecision } from '../../entities';
import { requireStaff } from '../../auth/policy';
import { actorLabel } from '../shared/actor';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../shared/citizen-access';
import { cmpDate } from '../shared/dates';
import { emitEvent } from '../shared/events';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import type { DeadlineCloseReason, ExemptionReason, RegisterHolidayErrorCode, SelfBookingDecisionErrorCode, SetLessIntensiveEffortErrorCode } from '../../generated/enums';
import { activeDeadline } from '../deadline/deadline.queries';
import { close as closeDeadline } from '../deadline/deadline.transitions';

export interface ExemptInput {
  citizenId: string;
  reason: ExemptionReason;
  note?: string | null;
  citizenDisagrees?: boolean | null;
  justification?: string | null;
  complaintGuidance?: string | null;
  idempotencyKey?: string | null;
}

export interface RevokeInput {
  citizenId: string;
  reason: string;
  justification: string;
  complaintGuidance: string;
  idempotencyKey?: string | null;
}

export interface RegisterHolidayInput {
  citizenId: string;
  kind?: Holiday['kind'] | null;
  startDate: Temporal.PlainDate;
  endDate: Temporal.PlainDate;
  notifiedOn?: Temporal.PlainDate | null;
  idempotencyKey?: string | null;
}

export interface SetLessIntensiveEffortInput {
  citizenId: string;
  lessIntensive: boolean;
  overrideJustification?: string | null;
  idempotencyKey?: string | null;
}

export interface DecisionRecorded {
  decision: SelfBookingDecision;
  citizen: Citizen;
  closedDeadline: Deadline | null;
}

/** Interview types a person under less intensive effort has no duty to attend (TG-5: "hverken cv-samtaler eller jobsamtaler"). */
const INTERVIEW_TYPES = ['JOB_INTERVIEW', 'JOINT_INTERVIEW'] as const;

/**
 * The jobcenter's decisions about a citizen that decide whether deadlines may exist: exemption and revocation
 * (EX-1 … EX-4), notified holidays (DL-6) and less intensive effort (TG-5). Each locks the citizen first, like
 * every change of a citizen's deadlines, and closes the active deadline through the close transition (deadline.transitions.ts, DL-7 history).
 */
export class CitizenDecisionsService {
  /**
   * EX-1, EX-2, EX-4: exempt a citizen from the self-booking duty on request. The exemption and its reason are
   * recorded; only when the citizen disagrees is it a formal decision (written, justified, with complaint guidance,
   * 003 2.11.1), sent as a letter. The active deadline is closed (EXEMPTED); the citizen is called in instead.
   */
  async exemptFromSelfBooking(scope: Scope, input: ExemptInput): Promise<Result<DecisionRecorded, SelfBookingDecisionErrorCode>> {
    requireStaff(scope.actor);
    return runInTransaction(scope, { operation: 'exemptFromSelfBooking', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('EX-1', input.citizenId);
      if (citizen.selfBookingRight === 'EXEMPTED') return fail('ALREADY_EXEMPTED', 'EX-1: the citizen is already exempted from self-booking', ['input', 'citizenId']);
      // Decision: a revocation is the stronger, formal decision; an exemption on top of it would change nothing for the citizen.
      if (citizen.selfBookingRight === 'REVOKED') return fail('ALREADY_REVOKED', 'EX-1/EX-3: the citizen\'s right to self-book is already revoked by formal decision', ['input', 'citizenId']);
      const note = input.note?.trim() || null;
      const justification = input.justification?.trim() || null;
      const complaintGuidance = input.complaintGuidance?.trim() || null;
      const formal = input.citizenDisagrees === true;
      if (formal && !justification) {
        return fail('FORMAL_DECISION_REQUIRED', 'EX-2: the citizen disagrees, so the exemption is a formal decision and needs a written justification', ['input', 'justification']);
      }
      if (formal && !complaintGuidance) {
        return fail('FORMAL_DECISION_REQUIRED', 'EX-2: the citizen disagrees, so the exemption is a formal decision and needs complaint guidance (klagevejledning)', ['input', 'complaintGuidance']);
      }
      return this.decide(scope, citizen, {
        kind: 'EXEMPTION', right: 'EXEMPTED', closeReason: 'EXEMPTED', event: 'SELF_BOOKING_EXEMPTED',
        reason: note ? `${input.reason}: ${note}` : input.reason, justification, complaintGuidance, formal,
        why: `EX-4: exempted from self-booking (${input.reason})`,
      });
    });
  }

  /**
   * EX-3, EX-4: revoke the right to self-book. Always a formal decision (written, justified, with complaint
   * guidance, 003 2.11.2), sent as a letter. The active deadline is closed (REVOKED); the citizen is called in instead.
   */
  async revokeSelfBookingRight(scope: Scope, input: RevokeInput): Promise<Result<DecisionRecorded, SelfBookingDecisionErrorCode>> {
    requireStaff(scope.actor);
    return runInTransaction(scope, { operation: 'revokeSelfBookingRight', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('EX-3', input.citizenId);
      if (citizen.selfBookingRight === 'REVOKED') return fail('ALREADY_REVOKED', 'EX-3: the citizen\'s right to self-book is already revoked', ['input', 'citizenId']);
      const reason = input.reason.trim();
      const justification = input.justification.trim();
      const complaintGuidance = input.complaintGuidance.trim();
      if (!reason) return fail('INVALID_INPUT', 'EX-3: say why the right to self-book is revoked', ['input', 'reason']);
      if (!justification) return fail('FORMAL_DECISION_REQUIRED', 'EX-3: a revocation is a formal decision and needs a written justification', ['input', 'justification']);
      if (!complaintGuidance) return fail('FORMAL_DECISION_REQUIRED', 'EX-3: a revocation is a formal decision and needs complaint guidance (klagevejledning)', ['input', 'complaintGuidance']);
      // An exempted citizen may still be revoked: the formal revocation replaces the exemption.
      return this.decide(scope, citizen, {
        kind: 'REVOCATION', right: 'REVOKED', closeReason: 'REVOKED', event: 'SELF_BOOKING_REVOKED',
        reason, justification, complaintGuidance, formal: true, why: 'EX-4: the right to self-book was revoked',
      });
    });
  }

  private async decide(
    scope: Scope, citizen: Citizen,
    d: {
      kind: 'EXEMPTION' | 'REVOCATION'; right: 'EXEMPTED' | 'REVOKED'; closeReason: DeadlineCloseReason;
      event: 'SELF_BOOKING_EXEMPTED' | 'SELF_BOOKING_REVOKED'; reason: string; justification: string | null;
      complaintGuidance: string | null; formal: boolean; why: string;
    },
  ): Promise<Result<DecisionRecorded, never>> {
    const decision = scope.db.create(SelfBookingDecision, {
      citizenId: citizen.id, kind: d.kind, reason: d.reason, justification: d.justification, complaintGuidance: d.complaintGuidance,
      formalDecision: d.formal, decidedOn: scope.clock.today(), decidedBy: actorLabel(scope.actor),
    });
    await scope.db.insert(SelfBookingDecision, decision);
    citizen.selfBookingRight = d.right;
    await scope.db.update(Citizen, { id: citizen.id }, { selfBookingRight: d.right });
    // EX-4 Decision: the active deadline is closed. A planned interview already booked against it stays planned:
    // the citizen attends it, and the jobcenter calls in from then on (cancel it separately if it must not be held).
    const active = await activeDeadline(scope.db, citizen.id);
    const closed = active ? await closeDeadline(scope, active, d.closeReason, d.why) : null;
    await emitEvent(scope, d.event, citizen, { decisionId: decision.id, reason: d.reason, formalDecision: d.formal, closedDeadlineId: closed?.id ?? null });
    if (d.formal) {
      // EX-2/EX-3: the formal decision is written: a letter with the justification and the complaint guidance.
      await emitEvent(scope, 'LETTER_DECISION', citizen, {
        decisionId: decision.id, kind: d.kind, reason: d.reason, justification: d.justification, complaintGuidance: d.complaintGuidance,
      });
    }
    return ok({ decision, citizen, closedDeadline: closed });
  }

  /**
   * DL-6: register a notified holiday or 6-week job-oriented education period. It counts (no duty to book in it)
   * only if notified at least 2 weeks before it starts; `Holiday.counts` says so.
   * Decision: registering a holiday does not move an issued deadline; the jobcenter extends it if needed (DL-10),
   * and a deadline that runs out in a holiday leads to an immediate booking after it (003 2.15).
   */
  async registerHoliday(scope: Scope, input: RegisterHolidayInput): Promise<Result<{ holiday: Holiday }, RegisterHolidayErrorCode>> {
    requireStaff(scope.actor);
    return runInTransaction(scope, { operation: 'registerHoliday', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('DL-6', input.citizenId);
      if (cmpDate(input.endDate, input.startDate) < 0) {
        return fail('INVALID_INPUT', `DL-6: endDate ${input.endDate} is before startDate ${input.startDate}`, ['input', 'endDate']);
      }
      const today = scope.clock.today();
      const notifiedOn = input.notifiedOn ?? today;
      // Decision: the notice is a fact that has happened; a notice dated in the future would let a holiday count in advance.
      if (cmpDate(notifiedOn, today) > 0) {
        return fail('INVALID_INPUT', `DL-6: notifiedOn ${notifiedOn} is after today (${today}); give the day the citizen told the jobcenter`, ['input', 'notifiedOn']);
      }
      const holiday = scope.db.create(Holiday, {
        citizenId: citizen.id, kind: input.kind ?? 'HOLIDAY', startDate: input.startDate, endDate: input.endDate, notifiedOn,
      });
      await scope.db.insert(Holiday, holiday);
      return ok({ holiday });
    });
  }

  /**
   * TG-5: set or clear less intensive effort (LAB § 106(1)). Without a § 106(3) override the citizen has no duty
   * to attend job interviews, so the active deadline is closed (LESS_INTENSIVE_EFFORT) and no new one may be issued
   * (DL-5). With an override justification the duty stays and the active deadline is kept.
   */
  async setLessIntensiveEffort(
    scope: Scope, input: SetLessIntensiveEffortInput,
  ): Promise<Result<{ citizen: Citizen; closedDeadline: Deadline | null }, SetLessIntensiveEffortErrorCode>> {
    requireStaff(scope.actor);
    return runInTransaction(scope, { operation: 'setLessIntensiveEffort', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('TG-5', input.citizenId);
      const given = input.overrideJustification;
      const justification = given?.trim() || null;
      if (given != null && !justification) {
        return fail('INVALID_INPUT', 'TG-5: a § 106(3) override needs a justification (004: "Jobcenteret skal begrunde")', ['input', 'overrideJustification']);
      }
      if (!input.lessIntensive && justification) {
        return fail('INVALID_INPUT', 'TG-5: a § 106(3) override only applies under less intensive effort', ['input', 'overrideJustification']);
      }
      let closed: Deadline | null = null;
      if (input.lessIntensive && !justification) {
        // Decision: under § 106(1) the citizen need not attend job interviews, so a planned one must not silently stay.
        // A careful caseworker cancels it (telling the citizen) before changing the effort; we refuse until then.
        const planned = await scope.db.findOne(Meeting, {
          where: { citizenId: citizen.id, status: 'PLANNED', type: In([...INTERVIEW_TYPES]), localDay: MoreThanOrEqual(scope.clock.today()) },
          order: { startsAt: 'ASC' },
        });
        if (planned) {
          return fail('INTERVIEW_PLANNED',
            `TG-5: the citizen has a ${planned.type === 'JOINT_INTERVIEW' ? 'joint interview' : 'job interview'} planned on ${planned.localDay}; ` +
              'under less intensive effort there is no duty to attend it (LAB § 106(1)). Cancel the meeting first, or record a § 106(3) justification',
            ['input', 'lessIntensive']);
        }
        const active = await activeDeadline(scope.db, citizen.id);
        if (active) closed = await closeDeadline(scope, active, 'LESS_INTENSIVE_EFFORT', 'TG-5: less intensive effort (LAB § 106(1)) without § 106(3) override');
      }
      citizen.lessIntensiveEffort = input.lessIntensive;
      citizen.lessIntensiveOverrideJustification = input.lessIntensive ? justification : null;
      await scope.db.update(Citizen, { id: citizen.id }, {
        lessIntensiveEffort: citizen.lessIntensiveEffort, lessIntensiveOverrideJustification: citizen.lessIntensiveOverrideJustification,
      });
      return ok({ citizen, closedDeadline: closed });
    });
  }
}
