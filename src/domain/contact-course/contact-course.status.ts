import type { Temporal } from 'temporal-polyfill';
import { type EntityManager, In } from 'typeorm';
import { Citizen, Meeting, RegistrationPeriod } from '../../entities';
import { groupByCitizen } from '../shared/pagination';
import { CONTACT_COURSE_STATUS_VERSION, type StoredCourseStatus, statusRecheckOn, storedCourseStatus } from './contact-course.rules';
import { contactCourseOf, courseInputOf } from './contact-course.service';

/**
 * Issue 16 (2), CC-7/CC-10: the stored contact-course status, one row per citizen (contact_course_status), kept by
 * ONE function, `refreshContactCourseStatus`, called
 * - by runInTransaction for every citizen the operation locked (src/domain/shared/transaction.ts), in its transaction;
 * - by the daily run for the citizens it changed and for the rows whose `recheck_on` arrived (a day passing turns DUE
 *   into MISSED, a requirement at risk, the phase);
 * - by the import's bulk registration and the demo seed, which write citizens without runInTransaction.
 * test/integration/contact-course-status.test.ts recomputes every citizen's status from scratch and compares.
 */

/** What a row stores, computed from scratch (the same function the refresh uses; the from-scratch test compares with it). */
export function computeStoredStatus(
  citizen: Citizen, heldInterviews: readonly Meeting[], periods: readonly RegistrationPeriod[], today: Temporal.PlainDate,
): StoredCourseStatus & { recheckOn: Temporal.PlainDate | null } {
  const course = contactCourseOf(citizen, heldInterviews, today, periods);
  return { ...storedCourseStatus(course), recheckOn: statusRecheckOn(course, courseInputOf(citizen, heldInterviews, today, periods)) };
}

/** Held job and joint interviews: the only meetings the stored status depends on (countedInterviews, CC-6). */
const COUNTED_TYPES = ['JOB_INTERVIEW', 'JOINT_INTERVIEW'];

/**
 * Recomputes and stores the status of these citizens as of `today`, inside the caller's transaction (the citizens
 * locked by it, so no concurrent write sees another state). Three reads and one upsert, whatever the number.
 * Returns how many rows it wrote.
 */
export async function refreshContactCourseStatus(em: EntityManager, citizenIds: Iterable<string>, today: Temporal.PlainDate): Promise<number> {
  const ids = [...new Set(citizenIds)];
  if (ids.length === 0) return 0;
  // One after the other: a transaction has one connection.
  const citizens = await em.find(Citizen, { where: { id: In(ids) } });
  if (citizens.length === 0) return 0;
  const meetings = await em.find(Meeting, { where: { citizenId: In(ids), status: 'HELD', type: In(COUNTED_TYPES) } });
  const periods = await em.find(RegistrationPeriod, { where: { citizenId: In(ids) }, order: { registeredFrom: 'ASC', id: 'ASC' } });
  const meetingsOf = groupByCitizen(meetings);
  const periodsOf = groupByCitizen(periods);
  const cols = {
    id: [] as string[], jc: [] as string[], name: [] as string[], recheck: [] as (string | null)[], phase: [] as string[],
    due: [] as (string | null)[], missed: [] as number[], atRisk: [] as number[], held: [] as number[], heldSix: [] as number[],
  };
  for (const c of citizens) {
    const s = computeStoredStatus(c, meetingsOf.get(c.id) ?? [], periodsOf.get(c.id) ?? [], today);
    cols.id.push(c.id); cols.jc.push(c.jobcenterId); cols.name.push(c.name); cols.recheck.push(s.recheckOn?.toString() ?? null);
    cols.phase.push(s.phase); cols.due.push(s.nextDueDate?.toString() ?? null); cols.missed.push(s.missed); cols.atRisk.push(s.atRisk);
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
  return citizens.length;
}

/** Citizens refreshed per transaction by the daily run. */
const DAILY_BATCH = 500;

/**
 * The daily run's part (issue 16 (2)): refreshes, for `date`, every row that no longer holds by then — its recheck
 * day arrived, or a trigger marked it stale (a write path without the refresh, new citizens of a bulk load) — in
 * batches of their own transactions, each locking its citizens first (`FOR UPDATE SKIP LOCKED`: a citizen locked by
 * an operation is refreshed by it; then a blocking pass for those still stale), walking the rows once in citizen id
 * order from the recheck index. Returns how many rows it refreshed.
 */
export async function refreshStaleContactCourseStatuses(
  run: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>, date: Temporal.PlainDate, batchSize = DAILY_BATCH,
): Promise<number> {
  let refreshed = 0;
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
