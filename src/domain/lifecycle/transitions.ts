import { Temporal } from 'temporal-polyfill';
import { type EntityManager, In } from 'typeorm';
import { reminderDays } from '../deadline/deadline.rules';
import { addDays, cmpDate, localDaySql, startOfDay, startOfDaySql } from '../shared/dates';
import { internDate, isoDate } from '../shared/temporal-values';
import { Holiday } from '../../entities';
import { dayAfterHoliday } from '../deadline/holiday.rules';
import { ACTIVE_DEADLINE_STATUSES } from '../shared/enums';
import { deadlineHistoryRows, deadlineLapseReasons, deadlineSql, deadlineWriteSql, lapseCutoffParam } from '../deadline/deadline.transitions.sql';
import { isSerializationFailure } from '../shared/transaction';
import { type Actor, actorLabel } from '../shared/actor';
import type { Scope } from '../shared/scope';
import { refreshContactCourseStatus, refreshStaleContactCourseStatuses } from '../contact-course/contact-course.status';
import { type EventRow, insertDeadlineHistory, insertEvents } from '../events/event-log';
import {
  type JobcenterCause, deregistrationLetter, deregistrationTakesEffect, jobcenterCauses, expiryConsequence, outageCoversDay, remindersDue,
} from './lifecycle.rules';
import type { DeadlineStatus, TargetGroup } from '../../generated/enums';

/**
 * The daily transition run: what happens because a day arrives, for a date in Europe/Copenhagen.
 *
 *   1. DL-8  BOOKED deadlines whose interview day has arrived → CLOSED (MEETING_DAY_REACHED).
 *   2. DL-7  OPEN deadlines whose bookBy has passed → EXPIRED, with the consequence of RG-1 / SA-1:
 *            INSURED_UNEMPLOYED are deregistered from the day after bookBy (letter + DEREGISTERED event for the
 *            a-kasse, system-outage flag); the other duty groups get a sanction assessment.
 *            DL-13: a bookBy inside a counted holiday expires on the first day after the holiday (the immediate
 *            booking is demanded from then), and its consequences follow the next day if still unbooked —
 *            step 2b, as if that first day were bookBy.
 *   3. LP-2  EXPIRED deadlines of the other groups lapse after the end of the month after bookBy.
 *   4. LP-1  EXPIRED deadlines of INSURED_UNEMPLOYED deregistered 3 months or more ago lapse (re-registering
 *            now would lapse them anyway, so the run records it; the re-registration applies the same rule).
 *   5. DL-11 reminders 3 days before and on bookBy, as NOTIFICATION_SMS / NOTIFICATION_EMAIL events, once each.
 *
 * Exactly once, with any number of runners at the same time (server instances, the command):
 * - Steps 1–4 lock the citizens concerned first (the convention of every transaction that changes a citizen's
 *   deadlines), in batches with `FOR UPDATE SKIP LOCKED`, so runners share the work without waiting; then each
 *   transition is a conditional UPDATE (`… WHERE status = 'OPEN'`) whose RETURNING rows drive the side effects
 *   (history, registration, letters, events, assessments) in the same transaction. A citizen locked by someone
 *   else (a booking in progress) is taken in a final blocking pass, so the run never leaves one behind.
 * - Unique constraints back this up: one deregistration per deadline, one assessment per deadline, one reminder
 *   per deadline, day and channel (migration 1700000840400).
 * Running it again for the same date finds nothing to do (idempotent). A date in the past catches up: every
 * comparison is "on or before the date" (a deregistration still takes effect the day after bookBy).
 */

/**
 * Issue 13 (2): the daily run is an operation like the others, on a scope: its actor is this system job (history rows
 * and events name it `system:daily-transitions`), its clock the scope's. An operation that brings one citizen up to
 * date first (runTransitionsForCitizen) hands it its own scope as the daily run's: `asDailyRun(scope)`.
 */
export const DAILY_RUN_ACTOR: Actor = { kind: 'SYSTEM', job: 'daily-transitions' };

/** The caller's scope (its transaction, clock and audit) acting as the daily run. */
export function asDailyRun(scope: Scope): Scope {
  return { ...scope, actor: DAILY_RUN_ACTOR };
}

function requireDailyRun(scope: Scope): string {
  if (scope.actor.kind !== 'SYSTEM') throw new Error(`the daily transitions run as the system (asDailyRun(scope)), not as ${actorLabel(scope.actor)}`);
  return actorLabel(scope.actor);
}

export interface TransitionCounts {
  /** DL-8 */
  deadlinesClosedOnMeetingDay: number;
  /** DL-7 */
  deadlinesExpired: number;
  /** RG-1 */
  deregistrations: number;
  /** SA-1 */
  sanctionAssessmentsOpened: number;
  /** LP-1, LP-2 */
  deadlinesLapsed: number;
  /** DL-11 */
  remindersSent: number;
}

export function emptyCounts(): TransitionCounts {
  return { deadlinesClosedOnMeetingDay: 0, deadlinesExpired: 0, deregistrations: 0, sanctionAssessmentsOpened: 0, deadlinesLapsed: 0, remindersSent: 0 };
}

function add(into: TransitionCounts, c: Partial<TransitionCounts>): void {
  for (const [k, v] of Object.entries(c)) into[k as keyof TransitionCounts] += v ?? 0;
}

interface Ctx {
  date: Temporal.PlainDate;
  now: Temporal.Instant;
  /** The actor label the history rows and events name (DAILY_RUN_ACTOR's). */
  actor: string;
}

/** Adds a query parameter and returns its placeholder. */
type Param = (value: unknown) => string;

/** A citizen-locking step: which citizens have something to do, and doing it for locked citizens. */
interface Step {
  name: string;
  /** The status of the citizen's active deadline `d` the step acts on (at most one per citizen, deadline_one_active_per_citizen). */
  status: DeadlineStatus;
  /** SQL condition on `d` (a deadline in `status`) and `c` (the citizen) selecting citizens with work on ctx.date. */
  where: (ctx: Ctx, p: Param) => string;
  apply: (em: EntityManager, ctx: Ctx, citizenIds: string[]) => Promise<Partial<TransitionCounts>>;
  /** Issue 16 (2): the step may change a contact course (RG-1 deregisters: TG-3/CC-8), so it refreshes the stored status. */
  changesContactCourse?: true;
}

const d = isoDate;

/** Rows of an `UPDATE … RETURNING` (TypeORM answers an UPDATE with [rows, count]). */
async function returning<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const r = (await em.query(sql, params)) as [T[], number] | T[];
  return Array.isArray(r[0]) ? (r[0] as T[]) : (r as T[]);
}
const ts = (x: Temporal.Instant) => new Date(x.epochMilliseconds);

/** DL-6/DL-13 in SQL, built beside the rule (deadline.transitions.sql.ts). */
const BOOK_BY_IN_COUNTED_HOLIDAY = deadlineSql.bookByInCountedHoliday;

/** The step's status as SQL: one of deadline_one_active_per_citizen's predicate (ACTIVE_DEADLINE_STATUSES). */
const activeStatus = (x: DeadlineStatus): string => {
  if (!ACTIVE_DEADLINE_STATUSES.includes(x)) throw new Error(`${x} is not an active deadline status`);
  return `'${x}'`;
};

const STEPS: Step[] = [
  {
    name: 'DL-8 close booked deadlines on the interview day',
    status: 'BOOKED',
    where: (ctx, p) => deadlineSql.meetingDayReached(p(d(ctx.date))),
    apply: closeOnMeetingDay,
  },
  {
    // A superset: a bookBy inside a holiday is selected but expires only after it (DL-13, decided in `expire`).
    name: 'DL-7 expire deadlines past bookBy (RG-1, SA-1, DL-13)',
    status: 'OPEN',
    where: (ctx, p) => deadlineSql.bookByPassed(p(d(ctx.date))),
    apply: expire,
    changesContactCourse: true,
  },
  {
    name: 'DL-13 consequences of a deadline that expired after a holiday (RG-1, SA-1)',
    status: 'EXPIRED',
    where: (ctx, p) => `${deadlineSql.bookByPassed(p(d(ctx.date)))}
      AND ${BOOK_BY_IN_COUNTED_HOLIDAY}
      AND NOT EXISTS (SELECT 1 FROM registration_period r WHERE r.deadline_id = d.id)
      AND NOT EXISTS (SELECT 1 FROM sanction_assessment a WHERE a.deadline_id = d.id)`,
    apply: consequencesAfterHoliday,
    changesContactCourse: true,
  },
  {
    name: 'LP-2 lapse deadlines of the other groups',
    status: 'EXPIRED',
    where: (ctx, p) => deadlineSql.lapsedOtherGroups(p(lapseCutoffParam(ctx.date))),
    apply: lapseOtherGroups,
  },
  {
    name: 'LP-1 lapse deadlines of INSURED_UNEMPLOYED deregistered 3 months or more',
    status: 'EXPIRED',
    where: (ctx, p) => deadlineSql.lapsedInsured(p(d(ctx.date))),
    apply: lapseInsured,
  },
];

/** Which citizens a batch may pick: one, or those from `from`, after `after` and before `before` (citizen id order). */
interface CitizenRange { only?: string; from?: string; after?: string; before?: string }

/**
 * Locks up to `limit` citizens with work for `step`, skipping (or waiting for) citizens locked by others.
 * Issue 16 (4): driven by the active deadlines in citizen order (deadline_one_active_per_citizen) from `after`, so
 * each batch continues where the last stopped instead of matching every candidate again; rows skipped as locked do
 * not count towards the limit (LockRows below Limit).
 * The deadline's status is one equality (the step's): it implies the partial index's predicate, so the walk can use
 * it, and the planner estimates the candidates right — with `d.status IN (active) AND d.status = 'BOOKED'` it took the
 * two as independent, expected ~8 × too few rows, and re-sorted every remaining candidate for each batch instead of
 * walking from `after` (the DL-8 pick: 170 ms instead of 30 ms per batch mid-lane). The citizen is a LATERAL subquery
 * (OFFSET 0 keeps it one) holding the step's condition, locked inside it: per deadline walked, the conditions on `d`
 * alone gate the citizen's lookup, and only a matching citizen is fetched and locked (a merge join instead read every
 * citizen of the walked range: the DL-7 pick of the national worst case took 1.0 s instead of 0.2 s). FOR UPDATE OF c
 * applies to the subquery's citizen (with SKIP LOCKED, a citizen locked by someone else leaves its deadline out, so it
 * does not count towards the limit either).
 */
async function lockCitizens(
  em: EntityManager, step: Step, ctx: Ctx, limit: number, skipLocked: boolean, range: CitizenRange,
): Promise<string[]> {
  const { only, from, after, before } = range;
  const params: unknown[] = [];
  const p: Param = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = step.where(ctx, p);
  const bound = (op: string, id: string | undefined) => (id ? `AND d.citizen_id ${op} ${p(id)}::uuid` : '');
  const rows: { id: string }[] = await em.query(
    `SELECT c.id FROM deadline d CROSS JOIN LATERAL (SELECT c.id FROM citizen c WHERE c.id = d.citizen_id AND (${where}) OFFSET 0) c
      WHERE d.status = ${activeStatus(step.status)} ${bound('=', only)} ${bound('>', after)} ${bound('>=', from)} ${bound('<', before)}
      ORDER BY d.citizen_id LIMIT ${p(limit)}
      FOR UPDATE OF c ${skipLocked ? 'SKIP LOCKED' : ''}`,
    params,
  );
  return rows.map((r) => r.id);
}

// ─── DL-8 ────────────────────────────────────────────────────────────────────

async function closeOnMeetingDay(em: EntityManager, ctx: Ctx, ids: string[]): Promise<Partial<TransitionCounts>> {
  const rows = await returning<{ id: string; meeting_id: string; local_day: string }>(em, deadlineWriteSql.closeOnMeetingDay,
    [ids, d(ctx.date), ts(ctx.now)],
  );
  await insertDeadlineHistory(em, ctx.now, ctx.actor, rows.map((r) => deadlineHistoryRows.closedOnMeetingDay(r, d(ctx.date))));
  return { deadlinesClosedOnMeetingDay: rows.length };
}

// ─── DL-7, RG-1, RG-2, SA-1 ──────────────────────────────────────────────────

interface ExpiredRow { id: string; citizen_id: string; book_by: string }
interface CitizenFacts {
  id: string; target_group: TargetGroup; registered: boolean; jobcenter_id: string; unemployment_fund_id: string | null;
  open_from: string | null; unemployed_since: string | null;
}

/** A deadline whose expiry has consequences now, with the day they count from (bookBy, or after a holiday: DL-13). */
interface DueRow { e: ExpiredRow; from: Temporal.PlainDate }

async function holidaysOf(em: EntityManager, citizenIds: string[]): Promise<Map<string, Holiday[]>> {
  const rows = await em.findBy(Holiday, { citizenId: In(citizenIds) });
  const by = new Map<string, Holiday[]>();
  for (const h of rows) by.set(h.citizenId, [...(by.get(h.citizenId) ?? []), h]);
  return by;
}

async function expire(em: EntityManager, ctx: Ctx, ids: string[]): Promise<Partial<TransitionCounts>> {
  // DL-7: bookBy passed, and bookBy a day with the duty to book — one statement, as almost every deadline is.
  const expired = await returning<ExpiredRow>(em, deadlineWriteSql.expire, [ids, d(ctx.date), ts(ctx.now)]);
  await insertDeadlineHistory(em, ctx.now, ctx.actor, expired.map((e) => deadlineHistoryRows.expired(e, d(ctx.date))));
  const due: DueRow[] = expired.map((e) => ({ e, from: internDate(e.book_by) }));

  // DL-13: bookBy inside a counted holiday — expired from the first day after it (the immediate booking is demanded
  // then); the consequences wait until that day has passed (step 2b), unless the run catches up.
  const held: ExpiredRow[] = await em.query(
    `SELECT d.id, d.citizen_id, d.book_by::text AS book_by FROM deadline d
      WHERE d.citizen_id = ANY($1::uuid[]) AND d.status = 'OPEN' AND ${deadlineSql.bookByPassed('$2')} AND ${BOOK_BY_IN_COUNTED_HOLIDAY}`,
    [ids, d(ctx.date)],
  );
  let afterHoliday = 0;
  if (held.length > 0) {
    const holidays = await holidaysOf(em, [...new Set(held.map((e) => e.citizen_id))]);
    const ends = new Map(held.map((e) => [e.id, dayAfterHoliday(internDate(e.book_by), holidays.get(e.citizen_id) ?? [])!]));
    const expiring = held.filter((e) => cmpDate(ends.get(e.id)!, ctx.date) <= 0);
    const done = expiring.length === 0 ? [] : await returning<ExpiredRow>(em, deadlineWriteSql.expireByIds,
      [expiring.map((e) => e.id), ts(ctx.now)],
    );
    await insertDeadlineHistory(em, ctx.now, ctx.actor, done.map((e) => deadlineHistoryRows.expiredAfterHoliday(e, d(ends.get(e.id)!), d(ctx.date))));
    afterHoliday = done.length;
    for (const e of done) if (cmpDate(ends.get(e.id)!, ctx.date) < 0) due.push({ e, from: ends.get(e.id)! });
  }
  if (expired.length + afterHoliday === 0) return {};
  return { deadlinesExpired: expired.length + afterHoliday, ...(await applyExpiryConsequences(em, ctx, due)) };
}

/** DL-13: RG-1 / SA-1 for deadlines that expired on the first day after a holiday and are still unbooked after it. */
async function consequencesAfterHoliday(em: EntityManager, ctx: Ctx, ids: string[]): Promise<Partial<TransitionCounts>> {
  const rows: ExpiredRow[] = await em.query(
    `SELECT d.id, d.citizen_id, d.book_by::text AS book_by FROM deadline d
      WHERE d.citizen_id = ANY($1::uuid[]) AND d.status = 'EXPIRED' AND ${deadlineSql.bookByPassed('$2')}
        AND NOT EXISTS (SELECT 1 FROM registration_period r WHERE r.deadline_id = d.id)
        AND NOT EXISTS (SELECT 1 FROM sanction_assessment a WHERE a.deadline_id = d.id)`,
    [ids, d(ctx.date)],
  );
  if (rows.length === 0) return {};
  const holidays = await holidaysOf(em, [...new Set(rows.map((e) => e.citizen_id))]);
  const due = rows.map((e) => ({ e, after: dayAfterHoliday(internDate(e.book_by), holidays.get(e.citizen_id) ?? []) }))
    .filter((r): r is { e: ExpiredRow; after: Temporal.PlainDate } => r.after !== null && cmpDate(r.after, ctx.date) < 0)
    .map((r) => ({ e: r.e, from: r.after }));
  return applyExpiryConsequences(em, ctx, due);
}

/** RG-1, RG-7, SA-1, SA-3 (expiryConsequence), judged on the day the consequences count from (DL-13). */
async function applyExpiryConsequences(em: EntityManager, ctx: Ctx, due: DueRow[]): Promise<Partial<TransitionCounts>> {
  if (due.length === 0) return {};
  const facts: CitizenFacts[] = await em.query(
    `SELECT c.id, c.target_group, c.registered, c.jobcenter_id, c.unemployment_fund_id, c.unemployed_since::text AS unemployed_since,
            (SELECT r.registered_from::text FROM registration_period r WHERE r.citizen_id = c.id AND r.deregistered_from IS NULL) AS open_from
       FROM citizen c WHERE c.id = ANY($1::uuid[])`,
    [[...new Set(due.map((r) => r.e.citizen_id))]],
  );
  const byId = new Map(facts.map((f) => [f.id, f]));
  const deregister: { e: ExpiredRow; c: CitizenFacts; from: Temporal.PlainDate; consequencesFrom: Temporal.PlainDate }[] = [];
  const assess: { e: ExpiredRow; c: CitizenFacts; consequencesFrom: Temporal.PlainDate }[] = [];
  for (const { e, from } of due) {
    const c = byId.get(e.citizen_id)!;
    const consequence = expiryConsequence(
      { targetGroup: c.target_group, registered: c.registered, openPeriodFrom: c.open_from ? internDate(c.open_from) : null }, from);
    if (consequence === 'DEREGISTER') deregister.push({ e, c, from: deregistrationTakesEffect(from), consequencesFrom: from });
    else if (consequence === 'SANCTION_ASSESSMENT') assess.push({ e, c, consequencesFrom: from });
  }
  const deregistrations = await deregisterForMissedDeadlines(em, ctx, deregister);
  const assessments = await openSanctionAssessments(em, ctx, assess);
  return { deregistrations, sanctionAssessmentsOpened: assessments };
}

/** RG-1, RG-2: deregistration from the day after bookBy, the system-outage flag, the letter and the a-kasse's event. */
async function deregisterForMissedDeadlines(
  em: EntityManager, ctx: Ctx, rows: { e: ExpiredRow; c: CitizenFacts; from: Temporal.PlainDate; consequencesFrom: Temporal.PlainDate }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  // RG-1 (003 2.14): outages the citizen's jobcenter recorded that cover the local day of bookBy. FOR SHARE on the
  // jobcenters serialises with recordSystemOutage (FOR UPDATE): either this sees the outage, or it sees this deregistration.
  const jobcenters = [...new Set(rows.map((r) => r.c.jobcenter_id))].sort();
  await em.query(`SELECT id FROM jobcenter WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`, [jobcenters]);
  // DL-13: the day the citizen had to book on is the first day after a holiday bookBy fell in.
  const days = rows.map((r) => r.consequencesFrom);
  const first = days.reduce((a, b) => (cmpDate(a, b) <= 0 ? a : b));
  const last = days.reduce((a, b) => (cmpDate(a, b) >= 0 ? a : b));
  const outages: { jobcenter_id: string; starts_at: Date; ends_at: Date }[] = await em.query(
    `SELECT jobcenter_id, starts_at, ends_at FROM system_outage
      WHERE jobcenter_id = ANY($1::uuid[]) AND starts_at < $3 AND ends_at > $2`,
    [jobcenters, ts(startOfDay(first)), ts(startOfDay(addDays(last, 1)))],
  );
  const flagged = rows.map((r) => {
    return outages.some((o) => o.jobcenter_id === r.c.jobcenter_id && outageCoversDay(
      { startsAt: Temporal.Instant.fromEpochMilliseconds(o.starts_at.getTime()), endsAt: Temporal.Instant.fromEpochMilliseconds(o.ends_at.getTime()) }, r.consequencesFrom));
  });

  const causes = await jobcenterCausesOf(em, rows, flagged);

  const closing = rows.map((r, i) => ({ citizen_id: r.c.id, dereg: d(r.from), outage: flagged[i], deadline_id: r.e.id }));
  const closed = await returning<{ citizen_id: string }>(em, 
    `UPDATE registration_period r
        SET deregistered_from = x.dereg, deregistration_reason = 'MISSED_DEADLINE', deregistered_via = 'SYSTEM',
            system_outage = x.outage, deadline_id = x.deadline_id
       FROM jsonb_to_recordset($1::jsonb) AS x(citizen_id uuid, dereg date, outage boolean, deadline_id uuid)
      WHERE r.citizen_id = x.citizen_id AND r.deregistered_from IS NULL
      RETURNING r.citizen_id`,
    [JSON.stringify(closing)],
  );
  // A citizen registered without a recorded period (registered before periods were kept): record the period now,
  // from the start of unemployment when known, closed by this deregistration.
  const withPeriod = new Set(closed.map((r) => r.citizen_id));
  const missing = closing.filter((x) => !withPeriod.has(x.citizen_id)).map((x) => ({
    ...x, registered_from: rows.find((r) => r.c.id === x.citizen_id)!.c.unemployed_since,
  }));
  if (missing.length > 0) {
    await em.query(
      `INSERT INTO registration_period (citizen_id, registered_from, registered_via, deregistered_from, deregistration_reason, deregistered_via, system_outage, deadline_id)
       SELECT x.citizen_id, LEAST(COALESCE(x.registered_from, x.dereg), x.dereg), 'INITIAL', x.dereg, 'MISSED_DEADLINE', 'SYSTEM', x.outage, x.deadline_id
         FROM jsonb_to_recordset($1::jsonb) AS x(citizen_id uuid, registered_from date, dereg date, outage boolean, deadline_id uuid)`,
      [JSON.stringify(missing)],
    );
  }
  await em.query(`UPDATE citizen SET registered = false, updated_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.c.id)]);

  const events: EventRow[] = [];
  rows.forEach((r, i) => {
    const base = { citizenId: r.c.id, jobcenterId: r.c.jobcenter_id, unemploymentFundId: r.c.unemployment_fund_id };
    // RG-10: the mark for the a-kasse's dispensation, with its reasons.
    const facts = {
      deadlineId: r.e.id, bookBy: r.e.book_by, deregisteredFrom: d(r.from), reason: 'MISSED_DEADLINE', systemOutage: flagged[i],
      jobcenterCaused: causes[i]!.length > 0, jobcenterCauses: causes[i]!,
    };
    // RG-2: the deregistration letter (afmeldebrev) to the citizen, and the reportable event for the a-kasse.
    events.push({ ...base, type: 'LETTER_DEREGISTRATION', payload: { ...facts, ...deregistrationLetter({
      deregisteredFrom: r.from, bookBy: internDate(r.e.book_by), systemOutage: flagged[i]!,
      afterHoliday: cmpDate(r.consequencesFrom, internDate(r.e.book_by)) === 0 ? null : r.consequencesFrom, jobcenterCauses: causes[i]!,
    }) } });
    events.push({ ...base, type: 'DEREGISTERED', payload: { ...facts, via: 'SYSTEM' } });
  });
  await insertEvents(em, ctx.now, ctx.actor, events);
  return rows.length;
}

/**
 * RG-10: per deregistration, the reasons it is marked as caused by the jobcenter: the outage flag, and SL-5's "no free
 * slot" message for this deadline (written while it was open, before the end of the last day to book) not remedied
 * afterwards by a slot published in the citizen's window (a job-interview slot starting by the latest interview date)
 * or by an extension. One statement for the batch.
 */
async function jobcenterCausesOf(
  em: EntityManager, rows: { e: ExpiredRow; c: CitizenFacts; consequencesFrom: Temporal.PlainDate }[], flagged: boolean[],
): Promise<JobcenterCause[][]> {
  const facts: { deadline_id: string; told_at: Date | null; published: boolean; extended: boolean }[] = await em.query(
    `SELECT x.deadline_id, t.told_at,
            t.told_at IS NOT NULL AND EXISTS (SELECT 1 FROM slot s WHERE s.jobcenter_id = x.jobcenter_id AND s.kind <> 'OTHER'
              AND s.created_at > t.told_at AND s.starts_at > t.told_at
              AND s.starts_at < ${startOfDaySql('dl.latest_interview_date + 1')}) AS published,
            t.told_at IS NOT NULL AND EXISTS (SELECT 1 FROM deadline_history h WHERE h.deadline_id = x.deadline_id
              AND h.action = 'EXTENDED' AND h.at > t.told_at) AS extended
       FROM jsonb_to_recordset($1::jsonb) AS x(deadline_id uuid, citizen_id uuid, jobcenter_id uuid, last_day date)
       JOIN deadline dl ON dl.id = x.deadline_id
       CROSS JOIN LATERAL (SELECT max(m.at) AS told_at FROM citizen_message m
         WHERE m.citizen_id = x.citizen_id AND m.kind = 'NO_SLOTS_AVAILABLE' AND m.at >= dl.created_at
           AND m.at < ${startOfDaySql('x.last_day + 1')}) t`,
    [JSON.stringify(rows.map((r) => ({ deadline_id: r.e.id, citizen_id: r.c.id, jobcenter_id: r.c.jobcenter_id, last_day: d(r.consequencesFrom) })))],
  );
  const byDeadline = new Map(facts.map((f) => [f.deadline_id, f]));
  return rows.map((r, i) => {
    const f = byDeadline.get(r.e.id);
    return jobcenterCauses({
      systemOutage: flagged[i]!, noSlotsToldAt: f?.told_at ? Temporal.Instant.fromEpochMilliseconds(f.told_at.getTime()) : null,
      slotPublishedSince: !!f?.published, extendedSince: !!f?.extended,
    });
  });
}

/** SA-1 (003 2.5): the jobcenter must assess whether the citizen still meets the conditions for benefit. */
async function openSanctionAssessments(em: EntityManager, ctx: Ctx, rows: { e: ExpiredRow; c: CitizenFacts; consequencesFrom: Temporal.PlainDate }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const opened: { id: string; deadline_id: string; citizen_id: string }[] = await em.query(
    `INSERT INTO sanction_assessment (citizen_id, jobcenter_id, deadline_id, target_group, book_by, opened_on, opened_at, status)
     SELECT x.citizen_id, x.jobcenter_id, x.deadline_id, x.target_group, x.book_by, $2::date, $3, 'OPEN'
       FROM jsonb_to_recordset($1::jsonb) AS x(citizen_id uuid, jobcenter_id uuid, deadline_id uuid, target_group text, book_by date)
     ON CONFLICT (deadline_id) DO NOTHING
     RETURNING id, deadline_id, citizen_id`,
    [JSON.stringify(rows.map((r) => ({ citizen_id: r.c.id, jobcenter_id: r.c.jobcenter_id, deadline_id: r.e.id, target_group: r.c.target_group,
      // SA-2/DL-13 Decision: the assessment's bookBy is the day deducted days count from — the deadline's bookBy, or
      // the first day after the holiday it fell in ("as if that day were bookBy").
      book_by: d(r.consequencesFrom) }))),
      d(ctx.date), ts(ctx.now)],
  );
  const byDeadline = new Map(rows.map((r) => [r.e.id, r]));
  await insertEvents(em, ctx.now, ctx.actor, opened.map((o) => {
    const r = byDeadline.get(o.deadline_id)!;
    return {
      type: 'SANCTION_ASSESSMENT_OPENED' as const, citizenId: r.c.id, jobcenterId: r.c.jobcenter_id, unemploymentFundId: r.c.unemployment_fund_id,
      payload: { sanctionAssessmentId: o.id, deadlineId: o.deadline_id, bookBy: d(r.consequencesFrom), targetGroup: r.c.target_group },
    };
  }));
  return opened.length;
}

// ─── LP-1, LP-2 ──────────────────────────────────────────────────────────────

async function lapse(em: EntityManager, ctx: Ctx, rows: { id: string; book_by: string }[], reason: (bookBy: string) => string): Promise<Partial<TransitionCounts>> {
  await insertDeadlineHistory(em, ctx.now, ctx.actor, rows.map((r) => deadlineHistoryRows.lapsed(r, reason(r.book_by), d(ctx.date))));
  return { deadlinesLapsed: rows.length };
}

async function lapseOtherGroups(em: EntityManager, ctx: Ctx, ids: string[]): Promise<Partial<TransitionCounts>> {
  const rows = await returning<{ id: string; book_by: string }>(em, deadlineWriteSql.lapseOtherGroups,
    [ids, lapseCutoffParam(ctx.date), ts(ctx.now)],
  );
  return lapse(em, ctx, rows, deadlineLapseReasons.otherGroups);
}

async function lapseInsured(em: EntityManager, ctx: Ctx, ids: string[]): Promise<Partial<TransitionCounts>> {
  const rows = await returning<{ id: string; book_by: string }>(em, deadlineWriteSql.lapseInsured, [ids, d(ctx.date), ts(ctx.now)]);
  return lapse(em, ctx, rows, deadlineLapseReasons.insured);
}

// ─── DL-11 ───────────────────────────────────────────────────────────────────

/** Deadlines per reminder transaction. */
const REMINDER_CHUNK = 2000;

/**
 * DL-11: reminders to subscribers of OPEN Jobnet deadlines (registered citizens; no duty to book while deregistered).
 * Each (deadline, day, channel) is inserted once (ON CONFLICT DO NOTHING); only the rows this runner inserted
 * produce events, so concurrent runners never send one twice.
 */
async function sendReminders(scope: Scope, ctx: Ctx): Promise<number> {
  // Issue 16 (4): the deadlines in (bookBy, id) order from the bookBy index, each chunk continuing after the last.
  let after = { bookBy: '0001-01-01', id: '00000000-0000-0000-0000-000000000000' };
  let sent = 0;
  for (;;) {
    const chunk = await inTransaction(scope, async (em) => {
      const rows: {
        id: string; citizen_id: string; jobcenter_id: string; unemployment_fund_id: string | null; book_by: string;
        latest_interview_date: string; issued_on: string; notify_sms: boolean; notify_email: boolean; phone: string | null; email_address: string | null;
      }[] = await em.query(
        `SELECT d.id, d.citizen_id, c.jobcenter_id, c.unemployment_fund_id, d.book_by::text AS book_by,
                d.latest_interview_date::text AS latest_interview_date, c.notify_sms, c.notify_email,
                -- CZ-7: where the reminder goes is the citizen's choice now, at the time it is sent (the citizen's contact details, CZ-1).
                CASE WHEN c.notify_sms AND c.phone IS NOT NULL THEN '+45' || c.phone END AS phone,
                CASE WHEN c.notify_email THEN c.email END AS email_address,
                -- DL-10/DL-11: an extension announces new reminder days, counted from the extension (deadline.service);
                -- the local day (Europe/Copenhagen) it was issued or extended on.
                ${localDaySql(`COALESCE((SELECT max(h.at) FROM deadline_history h WHERE h.deadline_id = d.id AND h.action = 'EXTENDED'), d.created_at)`)}::text
                  AS issued_on
           FROM deadline d JOIN citizen c ON c.id = d.citizen_id
          WHERE d.status = 'OPEN' AND d.channel = 'JOBNET' AND ${deadlineSql.reminderWindow('$1')}
            AND (c.notify_sms OR c.notify_email) AND (c.registered OR c.target_group = 'JOB_CLARIFICATION')
            AND (d.book_by, d.id) > ($2::date, $3::uuid)
          ORDER BY d.book_by, d.id LIMIT $4`,
        [d(ctx.date), after.bookBy, after.id, REMINDER_CHUNK],
      );
      if (rows.length === 0) return null;
      const last = { bookBy: rows[rows.length - 1]!.book_by, id: rows[rows.length - 1]!.id };
      const due: { deadline_id: string; remind_on: string; channel: 'SMS' | 'EMAIL' }[] = [];
      for (const r of rows) {
        const bookBy = internDate(r.book_by);
        for (const day of remindersDue(reminderDays(internDate(r.issued_on), bookBy), bookBy, ctx.date)) {
          if (r.notify_sms) due.push({ deadline_id: r.id, remind_on: d(day), channel: 'SMS' });
          if (r.notify_email) due.push({ deadline_id: r.id, remind_on: d(day), channel: 'EMAIL' });
        }
      }
      if (due.length === 0) return { last, sent: 0 };
      const inserted: { deadline_id: string; remind_on: string; channel: 'SMS' | 'EMAIL' }[] = await em.query(
        `INSERT INTO deadline_reminder (deadline_id, remind_on, channel, sent_at)
         SELECT x.deadline_id, x.remind_on, x.channel, $2 FROM jsonb_to_recordset($1::jsonb) AS x(deadline_id uuid, remind_on date, channel text)
         ON CONFLICT DO NOTHING
         RETURNING deadline_id, remind_on::text AS remind_on, channel`,
        [JSON.stringify(due), ts(ctx.now)],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      await insertEvents(em, ctx.now, ctx.actor, inserted.map((x) => {
        const r = byId.get(x.deadline_id)!;
        const onDay = x.remind_on === r.book_by;
        return {
          type: x.channel === 'SMS' ? 'NOTIFICATION_SMS' as const : 'NOTIFICATION_EMAIL' as const,
          citizenId: r.citizen_id, jobcenterId: r.jobcenter_id, unemploymentFundId: r.unemployment_fund_id,
          payload: {
            kind: 'DEADLINE_REMINDER', deadlineId: r.id, remindOn: x.remind_on, bookBy: r.book_by, latestInterviewDate: r.latest_interview_date,
            to: x.channel === 'SMS' ? r.phone : r.email_address,
            text: onDay
              ? `Påmindelse: I dag (${r.book_by}) er sidste dag til at booke din jobsamtale på Jobnet. (Reminder: today is the last day to book your job interview on Jobnet.)`
              : `Påmindelse: Book din jobsamtale på Jobnet senest ${r.book_by}. (Reminder: book your job interview on Jobnet by ${r.book_by}.)`,
          },
        };
      }));
      return { last, sent: inserted.length };
    });
    if (!chunk) break;
    sent += chunk.sent;
    after = chunk.last;
  }
  return sent;
}

// ─── running ─────────────────────────────────────────────────────────────────

async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (isSerializationFailure(err) && attempt < 5) continue; // a deadlock with a user transaction: run the batch again
      throw err;
    }
  }
}

/**
 * Citizens locked per transaction. Issue 16 (4): every statement of a batch is set-based (one statement per kind of
 * row, whatever the number of citizens), so a batch's cost is a fixed number of round trips plus its rows; 1,000
 * citizens make the round trips a small part of the run, and hold a booking of one of them back for well under a
 * second.
 */
export const DEFAULT_BATCH_SIZE = 1000;

/** The daily run's own transactions (batches), each as a scope whose `db` is the transaction. */
const inTransaction = <T>(scope: Scope, fn: (em: EntityManager) => Promise<T>): Promise<T> => withRetry(() => scope.db.transaction(fn));

/**
 * Issue 16 (4): each step walks the citizen ids in this many lanes at once (disjoint ranges of the id space, each its
 * own transactions, as two runners would): PostgreSQL does most of a batch's work, so a second lane keeps a second
 * core busy while the first waits on its statement. Lanes never wait for each other (no citizen in two ranges).
 */
export const DEFAULT_LANES = 2;

/** The citizen ids of lane `i` of `n`: [from, before), split on the ids' first four hex digits. */
function lanesOf(n: number): Lane[] {
  const bound = (i: number) => `${Math.floor((i * 0x10000) / n).toString(16).padStart(4, '0')}0000-0000-0000-0000-000000000000`;
  return Array.from({ length: n }, (_, i) => ({ from: i === 0 ? undefined : bound(i), before: i === n - 1 ? undefined : bound(i + 1) }));
}

interface Lane { from?: string; before?: string }

/** One pass of a step over one lane: batches of `batchSize` locked citizens, each batch one transaction. */
async function walkLane(scope: Scope, step: Step, ctx: Ctx, batchSize: number, skipLocked: boolean, lane: Lane, counts: TransitionCounts): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const { ids, done } = await inTransaction(scope, async (em) => {
      const locked = await lockCitizens(em, step, ctx, batchSize, skipLocked, { ...lane, after });
      const did = locked.length > 0 ? await step.apply(em, ctx, locked) : {};
      if (locked.length > 0 && step.changesContactCourse) await refreshContactCourseStatus(em, locked, ctx.date, { onlyMarkedStale: true });
      return { ids: locked, done: did };
    });
    add(counts, done); // once the batch has committed (a retried batch counts once)
    if (ids.length < batchSize) return; // the walk reached the end (rows skipped as locked do not count, see lockCitizens)
    after = ids[ids.length - 1];
  }
}

/**
 * Runs all steps for `date`, each in batches of its own transactions, as `scope` — the daily run's (DAILY_RUN_ACTOR,
 * a clock for the instant of the changes, `db` outside any transaction). `date` is today's or a past day's (catching
 * up). Returns what this runner did.
 */
export async function runTransitions(
  scope: Scope, date: Temporal.PlainDate, opts: { batchSize?: number; lanes?: number; onStep?: StepTimer } = {},
): Promise<TransitionCounts> {
  const ctx: Ctx = { date, now: scope.clock.now(), actor: requireDailyRun(scope) };
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const lanes = lanesOf(opts.lanes ?? DEFAULT_LANES);
  const counts = emptyCounts();
  for (const step of STEPS) {
    // First share the work without waiting; then wait for the citizens someone else held locked.
    // Each pass walks the citizens once in id order (a cursor): a step's SQL may select citizens its rule then
    // leaves alone (DL-13: a bookBy inside a holiday), who would otherwise be selected again and again.
    for (const skipLocked of [true, false]) {
      await timed(opts.onStep, `${step.name}${skipLocked ? '' : ' (waiting for locked citizens)'}`,
        () => Promise.all(lanes.map((lane) => walkLane(scope, step, ctx, batchSize, skipLocked, lane, counts))));
    }
  }
  // Issue 16 (2): the stored contact-course statuses a day passing changes (DUE → MISSED, at risk, the phase).
  await timed(opts.onStep, 'CC-7 refresh the stored contact-course statuses due', () =>
    refreshStaleContactCourseStatuses((fn) => inTransaction(scope, fn), ctx.date, Math.max(batchSize, REFRESH_BATCH)));
  counts.remindersSent += await timed(opts.onStep, 'DL-11 reminders', () => sendReminders(scope, ctx));
  return counts;
}

/** Told the wall time and this process's CPU time of each part of a run (bench/nightly.ts prints them). */
export type StepTimer = (step: string, wallMs: number, cpuMs: number) => void;

async function timed<T>(onStep: StepTimer | undefined, step: string, fn: () => Promise<T>): Promise<T> {
  if (!onStep) return fn();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await fn();
  const c = process.cpuUsage(c0);
  onStep(step, performance.now() - t0, (c.user + c.system) / 1000);
  return r;
}

/** Stored course statuses refreshed per transaction by the run (the pick sorts the due rows: fewer, larger batches). */
const REFRESH_BATCH = 2000;

/**
 * The transitions of steps 1–4 for one citizen, inside the caller's transaction (`scope.db`) with the citizen already
 * locked, as of the scope's clock: an operation (a booking, a re-registration, a sickness report) first brings the
 * citizen to the state the run would have produced by today, so it never acts on a stale one. Called with the
 * operation's scope as the daily run's: `runTransitionsForCitizen(asDailyRun(scope), citizenId)`.
 */
export async function runTransitionsForCitizen(scope: Scope, citizenId: string): Promise<TransitionCounts> {
  const ctx: Ctx = { date: scope.clock.today(), now: scope.clock.now(), actor: requireDailyRun(scope) };
  const counts = emptyCounts();
  for (const step of STEPS) {
    const ids = await lockCitizens(scope.db, step, ctx, 1, false, { only: citizenId });
    if (ids.length > 0) add(counts, await step.apply(scope.db, ctx, ids));
  }
  return counts;
}
