import { Temporal } from 'temporal-polyfill';
import { SanctionAssessment } from '../../entities';
import type { Loaders } from '../../loaders';
import { CONTACT_DAY_SQL } from '../../loaders/lifecycle.loaders';
import { ensureJobcenterAccess, mayReadCitizenRecord, requirePolicy, signedIn, staff } from '../../auth/policy';
import { actorLabel } from '../shared/actor';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate } from '../shared/dates';
import { emitEvent } from '../shared/events';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { decodeCursor, keysetPage } from '../shared/pagination';
import { deductedDays, sanctionReasons } from '../lifecycle/lifecycle.rules';
import type { Language, Reason } from '../shared/reasons';
import { type DecideSanctionAssessmentErrorCode, type ReasonableCause, SanctionAssessmentStatus, type SanctionOutcome } from '../../generated/enums';

export interface DecideSanctionInput {
  assessmentId: string;
  outcome: SanctionOutcome;
  reasonableCause?: ReasonableCause | null;
  /** SA-2: the day the citizen restored contact otherwise (phoned, wrote); the earliest known day counts. */
  contactOn?: Temporal.PlainDate | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** SA-2: the day of booking or contact, as decided (stored) or as known so far (detected). */
export async function contactDayOf(loaders: Loaders, a: SanctionAssessment): Promise<Temporal.PlainDate | null> {
  if (a.status === 'DECIDED') return a.contactOn;
  return loaders.lifecycle.sanctionContactOn.load(a.id);
}

/** SA-2: the deducted days as decided, or what a deduction would be now (null while contact is not restored). */
export async function deductedDaysOf(loaders: Loaders, a: SanctionAssessment): Promise<number | null> {
  if (a.status === 'DECIDED') return a.deductedDays;
  const contact = await contactDayOf(loaders, a);
  return contact ? deductedDays(a.bookBy, contact) : null;
}

/** Issue 14: why the assessment stands as it does (sanctionReasons, from contactDayOf and deductedDaysOf). */
export async function sanctionReasonsOf(loaders: Loaders, a: SanctionAssessment, lang: Language): Promise<Reason[]> {
  const [contactOn, days] = await Promise.all([contactDayOf(loaders, a), deductedDaysOf(loaders, a)]);
  return sanctionReasons(a, contactOn, days, lang);
}

export class SanctionService {
  /**
   * SA-1, SA-2 (003 2.5): the jobcenter decides an assessment. REASONABLE_CAUSE (sickness, maternity, a concrete
   * assessment such as serious mental illness, …) → no deduction. DEDUCTION → one daily rate for each day in
   * [bookBy, day of booking or contact): booking the day after bookBy deducts 1 day (the bookBy day itself counts).
   * The contact day is the first self-booking or walk-in after bookBy, or the earlier day the caseworker gives.
   * A deduction is a decision (afgørelse) and is sent to the citizen as a LETTER_DECISION event.
   */
  async decideSanctionAssessment(scope: Scope, input: DecideSanctionInput): Promise<Result<{ assessment: SanctionAssessment }, DecideSanctionAssessmentErrorCode>> {
    requirePolicy(staff, scope.actor);
    return runInTransaction(scope, { operation: 'decideSanctionAssessment', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const peek = await scope.db.findOne(SanctionAssessment, { where: { id: input.assessmentId }, select: { id: true, citizenId: true } });
      const citizen = peek ? await lockCitizenFor(scope, peek.citizenId) : undefined;
      if (!peek || !citizen) return fail('NOT_FOUND', `SA-1: no sanction assessment ${input.assessmentId} in your jobcenter`, ['input', 'assessmentId']);
      const a = await scope.db.findOneByOrFail(SanctionAssessment, { id: input.assessmentId });
      if (a.status === 'DECIDED') return fail('ALREADY_DECIDED', `SA-1: the assessment was decided (${a.outcome}) on ${a.decidedAt?.toString()}`, ['input', 'assessmentId']);
      const today = scope.clock.today();
      const note = input.note?.trim() || null;
      if (input.contactOn && (cmpDate(input.contactOn, a.bookBy) <= 0 || cmpDate(input.contactOn, today) > 0)) {
        return fail('INVALID_INPUT', `SA-2: contactOn must be after bookBy ${a.bookBy} and not after today ${today}`, ['input', 'contactOn']);
      }
      const detectedRows: { contact_on: string | null }[] = await scope.db.query(`SELECT ${CONTACT_DAY_SQL} AS contact_on FROM sanction_assessment a WHERE a.id = $1`, [a.id]);
      const detected = detectedRows[0]?.contact_on ? Temporal.PlainDate.from(detectedRows[0].contact_on) : null;
      const candidates = [detected, input.contactOn ?? null].filter((x): x is Temporal.PlainDate => x !== null).sort(cmpDate);
      const contactOn = candidates[0] ?? null;

      if (input.outcome === 'REASONABLE_CAUSE') {
        if (!input.reasonableCause) return fail('INVALID_INPUT', 'SA-2: say which reasonable cause applies', ['input', 'reasonableCause']);
        if ((input.reasonableCause === 'OTHER' || input.reasonableCause === 'CONCRETE_ASSESSMENT') && !note) {
          return fail('INVALID_INPUT', 'SA-2: a concrete assessment or another cause needs a note saying why', ['input', 'note']);
        }
        Object.assign(a, { outcome: 'REASONABLE_CAUSE', reasonableCause: input.reasonableCause, deductedDays: 0 });
      } else {
        if (input.reasonableCause) return fail('INVALID_INPUT', 'SA-2: a deduction has no reasonable cause; choose REASONABLE_CAUSE instead', ['input', 'reasonableCause']);
        if (!contactOn) {
          return fail('CONTACT_NOT_RESTORED',
            `SA-2: the citizen has not booked or restored contact since bookBy ${a.bookBy}; the deducted days run until then (give contactOn if the citizen contacted the jobcenter otherwise)`,
            ['input', 'contactOn']);
        }
        Object.assign(a, { outcome: 'DEDUCTION', reasonableCause: null, deductedDays: deductedDays(a.bookBy, contactOn) });
      }
      Object.assign(a, { status: SanctionAssessmentStatus.DECIDED, contactOn, note, decidedBy: actorLabel(scope.actor), decidedAt: scope.clock.now() });
      await scope.db.update(SanctionAssessment, { id: a.id }, {
        status: a.status, outcome: a.outcome, reasonableCause: a.reasonableCause, contactOn: a.contactOn, deductedDays: a.deductedDays,
        note: a.note, decidedBy: a.decidedBy, decidedAt: a.decidedAt,
      });
      const facts = {
        sanctionAssessmentId: a.id, deadlineId: a.deadlineId, bookBy: a.bookBy.toString(), outcome: a.outcome,
        reasonableCause: a.reasonableCause, contactOn: a.contactOn?.toString() ?? null, deductedDays: a.deductedDays,
      };
      await emitEvent(scope, 'SANCTION_DECIDED', citizen, facts);
      if (a.outcome === 'DEDUCTION') {
        await emitEvent(scope, 'LETTER_DECISION', citizen, {
          ...facts, kind: 'SANCTION_DEDUCTION',
          text: `Der fradrages ${a.deductedDays} dagssats(er) i din ydelse for dagene fra ${a.bookBy} til ${a.contactOn}, fordi du ikke bookede en jobsamtale inden fristen. ` +
            `(${a.deductedDays} daily rate(s) are deducted from your benefit for the days from ${a.bookBy} until ${a.contactOn}, as you did not book a job interview by the deadline.)`,
        });
      }
      return ok({ assessment: a });
    });
  }

  /** SA-1: a jobcenter's assessments, oldest bookBy first, keyset-paginated (its own staff only). */
  async assessmentsOfJobcenter(scope: Scope, jobcenterId: string, status: SanctionAssessmentStatus | null, first: number, after: string | null) {
    ensureJobcenterAccess(scope, jobcenterId);
    const limit = Math.max(1, Math.min(first, 200));
    const qb = scope.db.createQueryBuilder(SanctionAssessment, 'a').where('a.jobcenter_id = :jobcenterId', { jobcenterId })
      .orderBy('a.book_by', 'ASC').addOrderBy('a.id', 'ASC').limit(limit + 1);
    if (status) qb.andWhere('a.status = :status', { status });
    if (after) {
      const [bookBy, id] = decodeCursor('Query.sanctionAssessments', after);
      qb.andWhere('(a.book_by, a.id) > (:bookBy::date, :id::uuid)', { bookBy, id });
    }
    return keysetPage('Query.sanctionAssessments', await qb.getMany(), limit, (r) => [r.bookBy.toString(), r.id]);
  }

  /** One assessment, if the caller is staff of its jobcenter or the citizen themselves. */
  async assessment(scope: Scope, id: string): Promise<SanctionAssessment | null> {
    requirePolicy(signedIn, scope.actor);
    const a = await scope.db.findOneBy(SanctionAssessment, { id });
    // A citizen's record (ABSENT when foreign), owned by the citizen and by the jobcenter that assessed it. Never the
    // a-kasse's (SA-3: it decides on benefit itself): no a-kasse owns the assessment, so none may read it.
    const owner = a && { id: a.citizenId, jobcenterId: a.jobcenterId, unemploymentFundId: null };
    return a && owner && mayReadCitizenRecord(scope.actor, 'SanctionAssessment', {}, owner) ? a : null;
  }
}
