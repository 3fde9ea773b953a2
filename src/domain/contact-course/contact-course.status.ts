import type { Temporal } from 'temporal-polyfill';
import type { EntityManager } from 'typeorm';
import type { MeetingForm, MeetingType, TargetGroup } from '../../generated/enums';
import { internDate, internInstant, isoDate } from '../shared/temporal-values';
import {
  CONTACT_COURSE_STATUS_VERSION, type CourseInput, type CourseMeeting, type StoredCourseStatus, computeContactCourse, statusRecheckOn, storedCourseStatus,
} from './contact-course.rules';

/**
 * Issue 16 (2), CC-7/CC-10: the stored contact-course status, one row per citizen (contact_course_status), kept by
 * ONE function, `refreshContactCourseStatus`, called
 * - by runInTransaction for every citizen the operation locked (src/domain/shared/transaction.ts), in its transaction;
 * - by the daily run for the citizens it changed and for the rows whose `recheck_on` arrived (a day passing turns DUE
 *   into MISSED, a requirement at risk, the phase);
 * - by the import's bulk registration and the demo seed, which write citizens without runInTransaction.
 * test/integration/contact-course-status.test.ts recomputes every citizen's status from scratch and compares.
 */

/** Held job and joint interviews: the only meetings the stored status depends on (countedInterviews, CC-6). */
const COUNTED_TYPES = ['JOB_INTERVIEW', 'JOINT_INTERVIEW'];

/**
 * One statement for the inputs of many citizens' courses (as courseInputOf takes them from the entities): the
 * citizen's course fields, its held job and joint interviews and its registration periods as JSON arrays.
 */
const INPUTS_SQL = `
  SELECT c.id, c.jobcenter_id, c.name, c.target_group, c.unemployed_since::text AS unemployed_since,
         c.benefit_period_start::text AS benefit_period_start,
         (c.less_intensive_effort AND coalesce(c.less_intensive_override_justification, '') = '') AS less_intensive,
         (SELECT json_agg(json_build_array(m.id, m.type, m.form, m.local_day, (extract(epoch FROM m.starts_at) * 1000)::bigint))
            FROM meeting m WHERE m.citizen_id = c.id AND m.status = 'HELD' AND m.type = ANY($2::text[])) AS held,
         (SELECT json_agg(json_build_array(r.registered_from, r.deregistered_from) ORDER BY r.registered_from, r.id)
            FROM registration_period r WHERE r.citizen_id = c.id) AS periods
    FROM citizen c WHERE c.id = ANY($1::uuid[])`;

interface InputRow {
  id: string; jobcenter_id: string; name: string; target_group: TargetGroup; unemployed_since: string | null; benefit_period_start: string | null;
  less_intensive: boolean; held: [string, MeetingType, MeetingForm, string, number][] | null; periods: [string, string | null][] | null;
}

function inputOf(r: InputRow, today: Temporal.PlainDate): CourseInput<CourseMeeting> {
  return {
    group: r.target_group,
    unemployedSince: r.unemployed_since ? internDate(r.unemployed_since) : null,
    benefitPeriodStart: r.benefit_period_start ? internDate(r.benefit_period_start) : null,
    periods: (r.periods ?? []).map(([from, to]) => ({ from: internDate(from), to: to ? internDate(to) : null })),
    meetings: (r.held ?? []).map(([id, type, form, day, ms]) => ({ id, type, status: 'HELD' as const, form, localDay: internDate(day), startsAt: internInstant(Number(ms)) })),
    today,
    lessIntensiveEffort: r.less_intensive,
  };
}

/**
 * Recomputes and stores the status of these citizens as of `today`, inside the caller's transaction (the citizens
 * locked by it, so no concurrent write sees another state). One read and one upsert, whatever the number.
 * With `onlyMarkedStale`, only the citizens whose row a trigger marked stale in the meantime (the daily run: the
 * citizens a step deregistered). Returns how many rows it wrote.
 */
/** A citizen's stored status as of a day, computed from the inputs (what a contact_course_status row holds). */
export interface ComputedCourseStatus {
  citizenId: string;
  jobcenterId: string;
  name: string;
  status: StoredCourseStatus;
  recheckOn: Temporal.PlainDate | null;
}

/**
 * The stored status of these citizens as of `today`, computed from their inputs in one read (what the refresh writes
 * and what a reader of a stale row uses instead). Reads only. `onlyMarkedStale`: see refreshContactCourseStatus.
 */
export async function computeContactCourseStatuses(
  em: EntityManager, citizenIds: Iterable<string>, today: Temporal.PlainDate, opts: { onlyMarkedStale?: boolean } = {},
): Promise<ComputedCourseStatus[]> {
  const ids = [...new Set(citizenIds)];
  if (ids.length === 0) return [];
  const rows: InputRow[] = await em.query(
    opts.onlyMarkedStale ? `${INPUTS_SQL} AND EXISTS (SELECT 1 FROM contact_course_status s WHERE s.citizen_id = c.id AND s.rules_version = 0)` : INPUTS_SQL,
    [ids, COUNTED_TYPES]);
  return rows.map((r) => {
    const input = inputOf(r, today);
    const course = computeContactCourse(input);
    return { citizenId: r.id, jobcenterId: r.jobcenter_id, name: r.name, status: storedCourseStatus(course), recheckOn: statusRecheckOn(course, input) };
  });
}

export async function refreshContactCourseStatus(
  em: EntityManager, citizenIds: Iterable<string>, today: Temporal.PlainDate, opts: { onlyMarkedStale?: boolean } = {},
): Promise<number> {
  const computed = await computeContactCourseStatuses(em, citizenIds, today, opts);
  if (computed.length === 0) return 0;
  const cols = {
    id: [] as string[], jc: [] as string[], name: [] as string[], recheck: [] as (string | null)[], phase: [] as string[],
    due: [] as (string | null)[], missed: [] as number[], atRisk: [] as number[], held: [] as number[], heldSix: [] as number[],
  };
  for (const { citizenId, jobcenterId, name, status: s, recheckOn } of computed) {
    cols.id.push(citizenId); cols.jc.push(jobcenterId); cols.name.push(name); cols.recheck.push(recheckOn ? isoDate(recheckOn) : null);
    cols.phase.push(s.phase); cols.due.push(s.nextDueDate ? isoDate(s.nextDueDate) : null); cols.missed.push(s.missed); cols.atRisk.push(s.atRisk);
    cols.held.push(s.interviewsHeld); cols.heldSix.push(s.interviewsHeldInFirstSixMonths);
  }
  await em.query(
    `INSERT INTO contact_course_status AS s (citizen_id, jobcenter_id, name, rules_version, computed_on, recheck_on, phase, next_due_date,
        missed, at_risk, interviews_held, interviews_held_in_first_six_months)
     SELECT u.id, u.jc, u.name, $1, $2::date, u.recheck, u.phase, u.due, u.missed, u.at_risk, u.held, u.held_six
       FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::text[], $8::date[], $9::int[], $10::int[], $11::int[], $12::int[])
            AS u(id, jc, name, recheck, phase, due, missed, at_risk, held, held_six)
     ON CONFLICT (citizen_id) DO UPDATE SET jobcenter_id = excluded.jobcenter_id, name = excluded.name, rules_version = excluded.rules_version,
       computed_on = excluded.computed_on, recheck_on = excluded.recheck_on, phase = excluded.phase, next_due_date = excluded.next_due_date,
       missed = excluded.missed, at_risk = excluded.at_risk, interviews_held = excluded.interviews_held,
       interviews_held_in_first_six_months = excluded.interviews_held_in_first_six_months`,
    [CONTACT_COURSE_STATUS_VERSION, today.toString(), cols.id, cols.jc, cols.name, cols.recheck, cols.phase, cols.due, cols.missed,
      cols.atRisk, cols.held, cols.heldSix],
  );
  return computed.length;
}

/** Citizens refreshed per transaction by the daily run. */
const DAILY_BATCH = 500;

/**
 * The daily run's part (issue 16 (2)): refreshes, for `date`, every row that no longer holds by then — its recheck
 * day arrived, a trigger marked it stale (a write path without the refresh, new citizens of a bulk load), or missing — in
 * batches of their own transactions, each locking its citizens first (`FOR UPDATE SKIP LOCKED`: a citizen locked by
 * an operation is refreshed by it; then a blocking pass for those still stale), walking the rows once in citizen id
 * order from the recheck index. Returns how many rows it refreshed.
 */
export async function refreshStaleContactCourseStatuses(
  run: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>, date: Temporal.PlainDate, batchSize = DAILY_BATCH,
): Promise<number> {
  let refreshed = 0;
  // Citizens without a row (written with triggers off, e.g. a bulk load under session_replication_role = replica) get
  // a stale one first, so they are computed below like any other.
  await run((em) => em.query(`INSERT INTO contact_course_status (citizen_id, jobcenter_id, name, rules_version, computed_on, recheck_on, phase,
      next_due_date, missed, at_risk, interviews_held, interviews_held_in_first_six_months)
    SELECT c.id, c.jobcenter_id, c.name, 0, DATE '2000-01-01', DATE '2000-01-01', 'NOT_STARTED', NULL, 0, 0, 0, 0 FROM citizen c
     WHERE NOT EXISTS (SELECT 1 FROM contact_course_status s WHERE s.citizen_id = c.id)
    ON CONFLICT (citizen_id) DO NOTHING`));
  for (const skipLocked of [true, false]) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids = await run(async (em) => {
        const rows: { id: string }[] = await em.query(
          `SELECT c.id FROM contact_course_status s JOIN citizen c ON c.id = s.citizen_id
            WHERE s.recheck_on <= $1::date AND s.citizen_id > $2::uuid
            ORDER BY s.citizen_id LIMIT $3
            FOR UPDATE OF c ${skipLocked ? 'SKIP LOCKED' : ''}`,
          [date.toString(), after, batchSize]);
        const locked = rows.map((r) => r.id);
        refreshed += await refreshContactCourseStatus(em, locked, date);
        return locked;
      });
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
    }
  }
  return refreshed;
}
