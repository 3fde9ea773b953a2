import { markCitizenChanged } from '../../audit/access-log';
import { Temporal } from 'temporal-polyfill';
import { type DataSource, In, IsNull } from 'typeorm';
import {
  Citizen, Deadline, Holiday, Meeting, OtherMeetingOffer, RegistrationPeriod, SystemOutage, TransitionRun,
} from '../../entities';
import { ensureJobcenterAccess, requirePolicy, staff } from '../../auth/policy';
import type { JobcenterActor } from '../shared/actor';
import { actorLabel } from '../shared/actor';
import type { Clock } from '../shared/clock';
import { cmpDate, localDay } from '../shared/dates';
import { ACTIVE_DEADLINE_STATUSES, DUTY_GROUPS } from '../shared/enums';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { decodeCursor, encodeCursor, groupByCitizen } from '../shared/pagination';
import { contactCourseOf } from '../contact-course/contact-course.service';
import { effectiveDeadlineStatus } from '../deadline/deadline.rules';
import { insertEvents } from '../events/event-log';
import { futureTransitionDateRefusal, nextInterviewIsJoint, outageCoversDay, pendingDeregistration } from './lifecycle.rules';
import { DAILY_RUN_ACTOR, type TransitionCounts, runTransitions } from './transitions';
import type { FollowUpKind, FollowUpReason, RecordSystemOutageErrorCode } from '../../generated/enums';

export interface RecordSystemOutageInput {
  startsAt: Temporal.Instant;
  endsAt: Temporal.Instant;
  description: string;
  idempotencyKey?: string | null;
}

export interface FollowUpEntry {
  citizen: Citizen;
  kind: FollowUpKind;
  reason: FollowUpReason;
  /** The citizen's latest deadline, if any. */
  deadline: Deadline | null;
  /** MT-6: on OTHER_MEETING_CALL_IN, the oldest expired offer. */
  otherMeetingOffer?: OtherMeetingOffer | null;
}

/**
 * MT-6: an offer of citizen `c` past its last day to book (before :today) unbooked, and no OTHER meeting called in
 * since it was made.
 */
const expiredOtherOffer = (citizen: string) => `o.citizen_id = ${citizen} AND o.book_by < :today
  AND (o.status = 'OPEN' OR EXISTS (SELECT 1 FROM meeting b WHERE b.id = o.meeting_id AND b.status = 'CANCELLED'))
  AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.citizen_id = o.citizen_id AND m.type = 'OTHER' AND m.origin = 'CALLED_IN'
    AND m.status <> 'CANCELLED' AND m.created_at >= o.created_at)`;

/** RG-1 Decision: an outage window is at most 14 days; a longer one is a typing error rather than an outage. */
const MAX_OUTAGE_DAYS = 14;
/** Citizens scanned per round when building a follow-up list (bounded memory; a few queries a round). */
const SCAN_BATCH = 200;

export class LifecycleService {
  /** The daily run is a job of the process, not of a request: it holds the DataSource and builds its own scopes. */
  constructor(private readonly ds: DataSource) {}

    /**
   * The daily transition run for `date` (transitions.ts), recorded in transition_run. Safe to call from any number of
   * processes at once and to repeat; returns what this call did.
   */
  async runDailyTransitions(opts: { date: Temporal.PlainDate; clock: Clock; runner?: string; batchSize?: number }): Promise<TransitionCounts & { runId: string }> {
    // Issue 11 (8): never for a day that has not come, whoever calls (the command checks first, for a clear message).
    const refusal = futureTransitionDateRefusal(opts.date, opts.clock.today());
    if (refusal) throw new Error(refusal);
    const now = opts.clock.now();
    const run = await this.ds.manager.save(TransitionRun, this.ds.manager.create(TransitionRun, {
      runDate: opts.date, runner: opts.runner ?? 'unnamed', startedAt: now, finishedAt: null, counts: {},
    }));
    const counts = await runTransitions({ actor: DAILY_RUN_ACTOR, clock: opts.clock, db: this.ds.manager }, opts.date, { batchSize: opts.batchSize });
    await this.ds.manager.update(TransitionRun, { id: run.id }, { finishedAt: opts.clock.now(), counts: { ...counts } });
    return { ...counts, runId: run.id };
  }

  /** Whether a run for `date` has finished (the scheduler runs each date once; a repeat would change nothing anyway). */
  async hasFinishedRun(date: Temporal.PlainDate): Promise<boolean> {
    const rows: unknown[] = await this.ds.manager.query(`SELECT 1 FROM transition_run WHERE run_date = $1 AND finished_at IS NOT NULL LIMIT 1`, [date.toString()]);
    return rows.length > 0;
  }

  // ─── RG-1: system outages ────────────────────────────────────────────────

  /**
   * RG-1 (003 2.14): the jobcenter records a Jobnet outage window. Deregistrations for a missed deadline whose bookBy
   * day it covers are flagged `systemOutage` so the a-kasse can grant a dispensation — those the run makes later, and
   * those already made (flagged now, with a DEREGISTRATION_OUTAGE_FLAGGED event for the a-kasse).
   */
  async recordSystemOutage(scope: Scope, input: RecordSystemOutageInput): Promise<Result<{ outage: SystemOutage; flaggedDeregistrations: RegistrationPeriod[] }, RecordSystemOutageErrorCode>> {
    const actor = requirePolicy<JobcenterActor>(staff, scope.actor);
    return runInTransaction(scope, { operation: 'recordSystemOutage', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const description = input.description.trim();
      if (!description) return fail('INVALID_INPUT', 'RG-1: describe the outage (what was down)', ['input', 'description']);
      if (Temporal.Instant.compare(input.endsAt, input.startsAt) <= 0) return fail('INVALID_INPUT', 'RG-1: endsAt must be after startsAt', ['input', 'endsAt']);
      if (input.endsAt.since(input.startsAt).total('hours') > MAX_OUTAGE_DAYS * 24) {
        return fail('INVALID_INPUT', `RG-1: an outage window is at most ${MAX_OUTAGE_DAYS} days; record longer outages as several windows`, ['input', 'endsAt']);
      }
      // Serialises with the run's deregistrations of this jobcenter's citizens (which read the outages under FOR SHARE
      // on the jobcenter): either the run sees this outage, or this sees the run's deregistration.
      await scope.db.query(`SELECT id FROM jobcenter WHERE id = $1 FOR UPDATE`, [actor.jobcenterId]);
      const outage = scope.db.create(SystemOutage, {
        jobcenterId: actor.jobcenterId, startsAt: input.startsAt, endsAt: input.endsAt, description,
        recordedBy: actorLabel(scope.actor), recordedAt: scope.clock.now(),
      });
      await scope.db.insert(SystemOutage, outage);

      // Deregistrations already made whose bookBy (the day before deregisteredFrom, RG-1) lies in the window.
      const first = localDay(input.startsAt).add({ days: 1 });
      const last = localDay(input.endsAt).add({ days: 1 });
      const candidates = await scope.db.createQueryBuilder(RegistrationPeriod, 'r')
        .innerJoin(Citizen, 'c', 'c.id = r.citizen_id')
        .where('c.jobcenter_id = :jc', { jc: actor.jobcenterId })
        .andWhere(`r.deregistration_reason = 'MISSED_DEADLINE' AND NOT r.system_outage`)
        .andWhere('r.deregistered_from BETWEEN :first AND :last', { first: first.toString(), last: last.toString() })
        .getMany();
      const flagged = candidates.filter((r) => outageCoversDay(outage, r.deregisteredFrom!.subtract({ days: 1 })));
      if (flagged.length > 0) {
        await scope.db.update(RegistrationPeriod, { id: In(flagged.map((r) => r.id)) }, { systemOutage: true });
        // The access log: these citizens' data changed without lockCitizenFor marking them.
        for (const r of flagged) markCitizenChanged(scope.db, r.citizenId);
        const citizens = await scope.db.findBy(Citizen, { id: In(flagged.map((r) => r.citizenId)) });
        const byId = new Map(citizens.map((c) => [c.id, c]));
        await insertEvents(scope.db, scope.clock.now(), actorLabel(scope.actor), flagged.map((r) => {
          const c = byId.get(r.citizenId)!;
          r.systemOutage = true;
          return {
            type: 'DEREGISTRATION_OUTAGE_FLAGGED' as const, citizenId: c.id, jobcenterId: c.jobcenterId, unemploymentFundId: c.unemploymentFundId,
            payload: {
              registrationPeriodId: r.id, deadlineId: r.deadlineId, deregisteredFrom: r.deregisteredFrom!.toString(),
              bookBy: r.deregisteredFrom!.subtract({ days: 1 }).toString(), systemOutageId: outage.id,
              outageStartsAt: outage.startsAt.toString(), outageEndsAt: outage.endsAt.toString(),
            },
          };
        }));
      }
      return ok({ outage, flaggedDeregistrations: flagged });
    });
  }

  /** RG-1: the outage windows a jobcenter recorded, newest first (its own staff only). */
  async systemOutages(scope: Scope, jobcenterId: string, first: number): Promise<SystemOutage[]> {
    ensureJobcenterAccess(scope, jobcenterId);
    return scope.db.find(SystemOutage, { where: { jobcenterId }, order: { startsAt: 'DESC', id: 'ASC' }, take: Math.max(1, Math.min(first, 200)) });
  }

  // ─── ST-2: follow-up lists ───────────────────────────────────────────────

  /**
   * ST-2 (003 2.4, 2.7.1, 2.9.2, 2.9.3): the jobcenter's follow-up lists, by name, keyset-paginated.
   *
   * NO_DEADLINE_OR_INTERVIEW: citizens registered as job seekers (JOB_CLARIFICATION: always, TG-4) who may hold a
   * deadline (duty groups and voluntary self-bookers), with the duty to attend (TG-5), and with neither an active
   * deadline nor a planned interview. Decision: an active deadline is one awaiting booking (OPEN) or booked for a
   * later day; an EXPIRED one (immediate booking still outstanding, 003 2.7.1: "følge op på, at dagpengemodtageren
   * booker en jobsamtale inden for et rimeligt tidsrum") and a LAPSED one (LP-1, LP-2) put the citizen on the list,
   * with that reason. A planned interview is a PLANNED job or joint interview today or later. A pending RG-1
   * deregistration (bookBy passed, the run not yet done) reads as deregistered.
   *
   * OTHER_MEETING_CALL_IN (MT-6, 003 2.16: "hvis personen ikke selvbooker, vil vedkommende blive indkaldt"): citizens
   * with an offer of another meeting still unbooked after its last day to book — or booked, but the meeting was
   * cancelled (Decision: the offer is not reopened; the jobcenter calls in). Decision: the citizen leaves the list
   * when the jobcenter calls them in to an OTHER meeting after the offer was made (a call-in is the follow-up).
   *
   * JOINT_INTERVIEW_CALL_IN (RG-9): registered INSURED_UNEMPLOYED members of an a-kasse whose next interview is a
   * joint interview (lifecycle.rules nextInterviewIsJoint) and who have no joint interview planned.
   *
   * INTERVIEW_REQUESTED (CC-11): registered citizens with a request for a job interview that no job or joint interview
   * planned or held on or after its day has answered (contact-course.rules interviewRequestOutstanding, here in SQL).
   * Decision: also under less intensive effort — the request is the citizen's own wish, not a duty.
   *
   * GUIDANCE_MISSING (GU-1): registered citizens of the groups the jobcenter guides (the duty groups except
   * INSURED_UNEMPLOYED, whom the a-kasse guides, 003 3) with an active deadline and no recorded guidance. Decision:
   * guidance recorded on any day, also after the deadline was issued, takes the citizen off the list.
   */
  async followUpList(scope: Scope, jobcenterId: string, kind: FollowUpKind, first: number, after: string | null) {
    ensureJobcenterAccess(scope, jobcenterId);
    const limit = Math.max(1, Math.min(first, 200));
    const today = scope.clock.today();
    const found: FollowUpEntry[] = [];
    let cursor = after ? decodeCursor('Query.followUpList', after) : null;
    for (;;) {
      const qb = scope.db.createQueryBuilder(Citizen, 'c')
        .where('c.jobcenter_id = :jobcenterId', { jobcenterId })
        .orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').limit(SCAN_BATCH);
      if (kind !== 'INTERVIEW_REQUESTED' && kind !== 'OTHER_MEETING_CALL_IN') qb.andWhere('NOT (c.less_intensive_effort AND c.less_intensive_override_justification IS NULL)');
      if (kind === 'OTHER_MEETING_CALL_IN') {
        qb.andWhere(`EXISTS (SELECT 1 FROM other_meeting_offer o WHERE ${expiredOtherOffer('c.id')})`, { today: today.toString() });
      } else if (kind === 'INTERVIEW_REQUESTED') {
        qb.andWhere(`(c.registered OR c.target_group = 'JOB_CLARIFICATION')`)
          .andWhere(`EXISTS (SELECT 1 FROM job_interview_request r WHERE r.citizen_id = c.id
                       AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.citizen_id = c.id AND m.type IN ('JOB_INTERVIEW','JOINT_INTERVIEW')
                                        AND m.status IN ('PLANNED','HELD') AND m.local_day >= r.requested_on))`);
      } else if (kind === 'GUIDANCE_MISSING') {
        qb.andWhere('c.target_group IN (:...groups)', { groups: DUTY_GROUPS.filter((g) => g !== 'INSURED_UNEMPLOYED') })
          .andWhere(`(c.registered OR c.target_group = 'JOB_CLARIFICATION')`)
          .andWhere(`EXISTS (SELECT 1 FROM deadline d WHERE d.citizen_id = c.id AND d.status IN (:...active))`, { active: [...ACTIVE_DEADLINE_STATUSES] })
          .andWhere(`NOT EXISTS (SELECT 1 FROM self_booking_guidance g WHERE g.citizen_id = c.id)`);
      } else if (kind === 'NO_DEADLINE_OR_INTERVIEW') {
        qb.andWhere('(c.target_group IN (:...groups) OR c.voluntary_self_booking)', { groups: [...DUTY_GROUPS] })
          .andWhere(`(c.registered OR c.target_group = 'JOB_CLARIFICATION')`)
          .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.citizen_id = c.id AND m.status = 'PLANNED'
                       AND m.type IN ('JOB_INTERVIEW','JOINT_INTERVIEW') AND m.local_day >= :today)`, { today: today.toString() })
          .andWhere(`NOT EXISTS (SELECT 1 FROM deadline d WHERE d.citizen_id = c.id AND d.status = 'OPEN' AND d.book_by >= :today)`);
      } else {
        qb.andWhere(`c.target_group = 'INSURED_UNEMPLOYED' AND c.unemployment_fund_id IS NOT NULL AND c.registered`)
          .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.citizen_id = c.id AND m.status = 'PLANNED'
                       AND m.type = 'JOINT_INTERVIEW' AND m.local_day >= :today)`, { today: today.toString() });
      }
      if (cursor) qb.andWhere('(c.name, c.id) > (:name, :id)', { name: cursor[0], id: cursor[1] });
      const batch = await qb.getMany();
      if (batch.length === 0) break;
      cursor = [batch[batch.length - 1]!.name, batch[batch.length - 1]!.id];
      const entries = kind === 'NO_DEADLINE_OR_INTERVIEW' ? await this.withoutDeadline(scope, batch, today)
        : kind === 'JOINT_INTERVIEW_CALL_IN' ? await this.dueJointInterview(scope, batch, today)
        : kind === 'OTHER_MEETING_CALL_IN' ? await this.expiredOtherOffers(scope, batch, today)
        : await this.listedAsIs(scope, batch, kind);
      for (const e of entries) {
        found.push(e);
        if (found.length > limit) break;
      }
      if (found.length > limit || batch.length < SCAN_BATCH) break;
    }
    const nodes = found.slice(0, limit);
    const last = nodes[nodes.length - 1];
    for (const n of nodes) scope.audit?.noteRead(n.citizen.id, 'Query.followUpList'); // IN-2: the page is read, whatever is selected
    return { nodes, pageInfo: { hasNextPage: found.length > limit, endCursor: last ? encodeCursor('Query.followUpList', [last.citizen.name, last.citizen.id]) : null } };
  }

  private async latestDeadlines(scope: Scope, ids: string[]): Promise<Map<string, Deadline>> {
    const rows = await scope.db.createQueryBuilder(Deadline, 'd')
      .distinctOn(['d.citizen_id']).where('d.citizen_id IN (:...ids)', { ids })
      .orderBy('d.citizen_id').addOrderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').getMany();
    return new Map(rows.map((d) => [d.citizenId, d]));
  }

  private async openPeriods(scope: Scope, ids: string[]): Promise<Map<string, RegistrationPeriod>> {
    const rows = await scope.db.find(RegistrationPeriod, { where: { citizenId: In(ids), deregisteredFrom: IsNull() } });
    return new Map(rows.map((r) => [r.citizenId, r]));
  }

  /** INTERVIEW_REQUESTED and GUIDANCE_MISSING: the SQL decided; each entry shows the latest deadline. */
  private async listedAsIs(scope: Scope, batch: Citizen[], kind: 'INTERVIEW_REQUESTED' | 'GUIDANCE_MISSING'): Promise<FollowUpEntry[]> {
    const latest = await this.latestDeadlines(scope, batch.map((c) => c.id));
    const reason: FollowUpReason = kind === 'INTERVIEW_REQUESTED' ? 'INTERVIEW_REQUESTED' : 'NO_GUIDANCE_RECORDED';
    return batch.map((c) => ({ citizen: c, kind, reason, deadline: latest.get(c.id) ?? null }));
  }

  private async withoutDeadline(scope: Scope, batch: Citizen[], today: Temporal.PlainDate): Promise<FollowUpEntry[]> {
    const ids = batch.map((c) => c.id);
    const [latest, open, booked, holidays] = await Promise.all([
      this.latestDeadlines(scope, ids),
      this.openPeriods(scope, ids),
      // A BOOKED deadline is active until the day of its interview (DL-8 closes it that day).
      scope.db.createQueryBuilder(Deadline, 'd').innerJoin(Meeting, 'm', 'm.id = d.meeting_id')
        .where('d.citizen_id IN (:...ids)', { ids }).andWhere(`d.status = 'BOOKED' AND m.status <> 'CANCELLED' AND m.local_day > :today`, { today: today.toString() })
        .getMany(),
      scope.db.findBy(Holiday, { citizenId: In(ids) }).then(groupByCitizen),
    ]);
    const bookedFor = new Set(booked.map((d) => d.citizenId));
    const out: FollowUpEntry[] = [];
    for (const c of batch) {
      if (bookedFor.has(c.id)) continue;
      const d = latest.get(c.id) ?? null;
      const active = d && (ACTIVE_DEADLINE_STATUSES as readonly string[]).includes(d.status) ? d : null;
      const hs = holidays.get(c.id) ?? [];
      if (active && pendingDeregistration(c, active, open.get(c.id) ?? null, today, hs)) continue;
      const status = d ? effectiveDeadlineStatus(d, today, { targetGroup: c.targetGroup, holidays: hs }) : null;
      // DL-13: bookBy fell in a counted holiday that lasts today; the deadline is still awaiting a booking.
      if (status === 'OPEN') continue;
      const reason: FollowUpReason = status === 'EXPIRED' ? 'DEADLINE_EXPIRED' : status === 'LAPSED' ? 'DEADLINE_LAPSED' : 'NO_DEADLINE';
      out.push({ citizen: c, kind: 'NO_DEADLINE_OR_INTERVIEW', reason, deadline: d });
    }
    return out;
  }

  /** MT-6: the oldest expired, uncalled offer of each citizen of the batch (all of them have one). */
  private async expiredOtherOffers(scope: Scope, batch: Citizen[], today: Temporal.PlainDate): Promise<FollowUpEntry[]> {
    const offers = await scope.db.createQueryBuilder(OtherMeetingOffer, 'o')
      .where('o.citizen_id IN (:...ids)', { ids: batch.map((c) => c.id) })
      .andWhere(expiredOtherOffer('o.citizen_id'), { today: today.toString() })
      .orderBy('o.book_by', 'ASC').addOrderBy('o.id', 'ASC').getMany();
    const first = new Map<string, OtherMeetingOffer>();
    for (const o of offers) if (!first.has(o.citizenId)) first.set(o.citizenId, o);
    return batch.filter((c) => first.has(c.id)).map((c) => ({
      citizen: c, kind: 'OTHER_MEETING_CALL_IN', reason: 'OTHER_MEETING_OFFER_EXPIRED', deadline: null, otherMeetingOffer: first.get(c.id)!,
    }));
  }

  private async dueJointInterview(scope: Scope, batch: Citizen[], today: Temporal.PlainDate): Promise<FollowUpEntry[]> {
    const ids = batch.map((c) => c.id);
    const [meetings, periods, latest] = await Promise.all([
      scope.db.find(Meeting, { where: { citizenId: In(ids) } }),
      scope.db.find(RegistrationPeriod, { where: { citizenId: In(ids) }, order: { registeredFrom: 'ASC', id: 'ASC' } }),
      this.latestDeadlines(scope, ids),
    ]);
    const meetingsOf = groupByCitizen(meetings);
    const periodsOf = groupByCitizen(periods);
    const out: FollowUpEntry[] = [];
    for (const c of batch) {
      const ps = periodsOf.get(c.id) ?? [];
      const d = latest.get(c.id) ?? null;
      const active = d && (ACTIVE_DEADLINE_STATUSES as readonly string[]).includes(d.status) ? d : null;
      const openPeriod = ps.find((p) => p.deregisteredFrom === null) ?? null;
      if (active && pendingDeregistration(c, active, openPeriod, today)) continue;
      const course = contactCourseOf(c, meetingsOf.get(c.id) ?? [], today, ps);
      if (!nextInterviewIsJoint(course.requirements)) continue;
      out.push({ citizen: c, kind: 'JOINT_INTERVIEW_CALL_IN', reason: 'JOINT_INTERVIEW_DUE', deadline: d });
    }
    return out;
  }
}

/** The RG-9 check at a re-registration, for the registration service (same rule as the call-in list). */
export function jointInterviewIsNext(citizen: Citizen, meetings: readonly Meeting[], periods: readonly RegistrationPeriod[], today: Temporal.PlainDate): boolean {
  if (citizen.targetGroup !== 'INSURED_UNEMPLOYED' || !citizen.unemploymentFundId) return false;
  if (meetings.some((m) => m.type === 'JOINT_INTERVIEW' && m.status === 'PLANNED' && cmpDate(m.localDay, today) >= 0)) return false;
  return nextInterviewIsJoint(contactCourseOf(citizen, meetings, today, periods).requirements);
}
