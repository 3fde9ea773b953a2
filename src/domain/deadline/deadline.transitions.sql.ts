import type { Temporal } from 'temporal-polyfill';
import { HOLIDAY_NOTICE_DAYS } from './holiday.rules';
import { REMINDER_DAYS_BEFORE } from './deadline.rules';
import { LAPSE_AFTER_DEREGISTRATION_MONTHS, lapseCutoffOtherGroups } from '../lifecycle/lifecycle.rules';
import type { DeadlineHistoryRow } from '../events/event-log';
import type { DeadlineCloseReason, DeadlineStatus, HolidayKind, TargetGroup } from '../../generated/enums';

/**
 * Issue 13 (1): the set-based form of the deadline transitions the daily run (lifecycle/transitions.ts) makes for
 * many citizens at once (DL-7, DL-8, DL-13, LP-1, LP-2). Each SQL predicate is built here from the same constants and
 * functions as the TypeScript rule it mirrors (holiday.rules.ts, lifecycle.rules.ts, deadline.rules.ts), so a rule
 * change changes both; and each history row the run writes is built by the same function for one deadline or many,
 * with the columns and the reason's rule ID of the one-deadline transitions in deadline.transitions.ts.
 *
 * Conventions: `d` is the deadline, `c` its citizen; a date argument is a SQL expression (a placeholder such as `$2`)
 * of a `YYYY-MM-DD` text, cast here.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const TARGET_GROUP_WITH_DEREGISTRATION: TargetGroup = 'INSURED_UNEMPLOYED';
const ALWAYS_COUNTED_HOLIDAY: HolidayKind = 'JOB_ORIENTED_EDUCATION';

const HOLIDAY_COUNTS = `(h.kind = ${q(ALWAYS_COUNTED_HOLIDAY)} OR h.notified_on <= h.start_date - ${HOLIDAY_NOTICE_DAYS})`;

/** The statuses, typed against the schema's enum. */
const S = { OPEN: 'OPEN', BOOKED: 'BOOKED', EXPIRED: 'EXPIRED', LAPSED: 'LAPSED', CLOSED: 'CLOSED' } as const satisfies Record<string, DeadlineStatus>;
const MEETING_DAY_REACHED: DeadlineCloseReason = 'MEETING_DAY_REACHED';

export const deadlineSql = {
  /**
   * DL-7 (expiresOn: the day after bookBy): bookBy has passed on `date`. Together with `not(bookByInCountedHoliday)`
   * this is `effectiveDeadlineStatus(…) === 'EXPIRED'` for an OPEN deadline.
   */
  bookByPassed: (date: string) => `d.book_by < ${date}::date`,

  /**
   * DL-6/DL-13 (holidayCounts, dayAfterHoliday): a counted holiday — notified HOLIDAY_NOTICE_DAYS or more before it
   * starts, or a job-oriented education period — of the deadline's citizen containing bookBy.
   */
  bookByInCountedHoliday: `EXISTS (SELECT 1 FROM holiday h WHERE h.citizen_id = d.citizen_id
  AND h.start_date <= d.book_by AND h.end_date >= d.book_by
  AND ${HOLIDAY_COUNTS})`,

  /** DL-8: the booked interview (not cancelled) is on or before `date`: the day of the interview has arrived. */
  meetingDayReached: (date: string) => `EXISTS (SELECT 1 FROM meeting m
      WHERE m.id = d.meeting_id AND m.status <> 'CANCELLED' AND m.local_day <= ${date}::date)`,

  /**
   * LP-2 (lapsedFromOtherGroups via lapseCutoffOtherGroups): a deadline of a group other than INSURED_UNEMPLOYED has
   * lapsed on the date whose cutoff `cutoff` is (`lapseCutoffOtherGroups(date)`, passed as a parameter).
   */
  lapsedOtherGroups: (cutoff: string) => `c.target_group <> ${q(TARGET_GROUP_WITH_DEREGISTRATION)} AND d.book_by < ${cutoff}::date`,

  /**
   * LP-1 (lapsesAtReregistration, LAPSE_AFTER_DEREGISTRATION_MONTHS): an INSURED_UNEMPLOYED citizen deregistered
   * (no open period) whose last deregistration is the lapse months or more before `date`. PostgreSQL's
   * `date + interval 'n months'` clamps to the month's last day like Temporal's add({ months: n })
   * (2026-11-30 + 3 months → 2027-02-28).
   */
  lapsedInsured: (date: string) => `c.target_group = ${q(TARGET_GROUP_WITH_DEREGISTRATION)} AND NOT c.registered
    AND NOT EXISTS (SELECT 1 FROM registration_period r WHERE r.citizen_id = c.id AND r.deregistered_from IS NULL)
    AND ${deadlineSql.lapsesAtReregistration('(SELECT max(r.deregistered_from) FROM registration_period r WHERE r.citizen_id = c.id)', date)}`,

  /** LP-1 (lapsesAtReregistration): `date` is LAPSE_AFTER_DEREGISTRATION_MONTHS or more after `deregisteredFrom` (a date expression). */
  lapsesAtReregistration: (deregisteredFrom: string, date: string) =>
    `${deregisteredFrom} + interval '${LAPSE_AFTER_DEREGISTRATION_MONTHS} months' <= ${date}::date`,

  /**
   * DL-11 (reminderDays, REMINDER_DAYS_BEFORE): bookBy is within the reminder days of `date` — a deadline that may have
   * a reminder due on `date` (remindersDue then decides which, in TypeScript).
   */
  reminderWindow: (date: string) => `d.book_by BETWEEN ${date}::date AND ${date}::date + ${REMINDER_DAYS_BEFORE}`,

  /** DL-6 (holidayCounts) on the holiday row `h`. */
  holidayCounts: HOLIDAY_COUNTS,
};

/** The LP-2 cutoff parameter for `date` (the same function the reads use). */
export const lapseCutoffParam = (date: Temporal.PlainDate): string => lapseCutoffOtherGroups(date).toString();

/**
 * The status writes, each a conditional UPDATE on the citizens `$1` (uuid[]) locked by the caller, returning the rows
 * it changed (`id`, `book_by` as text, and what its history needs). `$3` is the instant of the change.
 */
export const deadlineWriteSql = {
  /** DL-8: BOOKED → CLOSED (MEETING_DAY_REACHED) on the interview day; `$2` the run date. */
  closeOnMeetingDay: `UPDATE deadline d SET status = ${q(S.CLOSED)}, close_reason = ${q(MEETING_DAY_REACHED)}, status_changed_at = $3
       FROM meeting m
      WHERE m.id = d.meeting_id AND d.citizen_id = ANY($1::uuid[]) AND d.status = ${q(S.BOOKED)}
        AND m.status <> 'CANCELLED' AND m.local_day <= $2::date
      RETURNING d.id, m.id AS meeting_id, m.local_day::text AS local_day`,
  /** DL-7: OPEN → EXPIRED when bookBy has passed on `$2` and was a day with the duty to book (DL-13). */
  expire: `UPDATE deadline d SET status = ${q(S.EXPIRED)}, status_changed_at = $3
      WHERE d.citizen_id = ANY($1::uuid[]) AND d.status = ${q(S.OPEN)} AND ${deadlineSql.bookByPassed('$2')} AND NOT ${deadlineSql.bookByInCountedHoliday}
      RETURNING d.id, d.citizen_id, d.book_by::text AS book_by`,
  /** DL-13: OPEN → EXPIRED for the deadlines `$1` (uuid[]: deadline ids) whose first day after the holiday has come. */
  expireByIds: `UPDATE deadline SET status = ${q(S.EXPIRED)}, status_changed_at = $2 WHERE id = ANY($1::uuid[]) AND status = ${q(S.OPEN)}
        RETURNING id, citizen_id, book_by::text AS book_by`,
  /** LP-2: EXPIRED → LAPSED for the other groups; `$2` the cutoff (lapseCutoffParam). */
  lapseOtherGroups: `UPDATE deadline d SET status = ${q(S.LAPSED)}, status_changed_at = $3
       FROM citizen c
      WHERE c.id = d.citizen_id AND d.citizen_id = ANY($1::uuid[]) AND d.status = ${q(S.EXPIRED)} AND ${deadlineSql.lapsedOtherGroups('$2')}
      RETURNING d.id, d.book_by::text AS book_by`,
  /** LP-1: EXPIRED → LAPSED for INSURED_UNEMPLOYED deregistered the lapse months or more; `$2` the run date. */
  lapseInsured: `UPDATE deadline d SET status = ${q(S.LAPSED)}, status_changed_at = $3
       FROM citizen c
      WHERE c.id = d.citizen_id AND d.citizen_id = ANY($1::uuid[]) AND d.status = ${q(S.EXPIRED)} AND ${deadlineSql.lapsedInsured('$2')}
      RETURNING d.id, d.book_by::text AS book_by`,
};

/** LP-1 / LP-2: why the run lapsed a deadline (the months from the rule's constant). */
export const deadlineLapseReasons = {
  otherGroups: (bookBy: string) => `LP-2: lapsed at the end of the month after bookBy ${bookBy}`,
  insured: () => `LP-1: deregistered for ${LAPSE_AFTER_DEREGISTRATION_MONTHS} months or more; re-registration will need a new deadline`,
};

/**
 * The history rows of those writes, the same columns as recordDeadlineHistory's (action, fromStatus, toStatus, a
 * reason starting with the rule ID, details). The daily run adds the run date to the details.
 */
export const deadlineHistoryRows = {
  /** DL-8, as close(…, 'MEETING_DAY_REACHED', why) writes it: the reason is `${reason}: ${why}`. */
  closedOnMeetingDay: (r: { id: string; meeting_id: string; local_day: string }, runDate: string): DeadlineHistoryRow => ({
    deadlineId: r.id, action: 'CLOSED', fromStatus: S.BOOKED, toStatus: S.CLOSED,
    reason: `${MEETING_DAY_REACHED}: DL-8: the day of the booked interview (${r.local_day}) arrived`,
    details: { meetingId: r.meeting_id, runDate },
  }),
  /** DL-7. */
  expired: (r: { id: string; book_by: string }, runDate: string): DeadlineHistoryRow => ({
    deadlineId: r.id, action: 'EXPIRED', fromStatus: S.OPEN, toStatus: S.EXPIRED,
    reason: `DL-7: bookBy ${r.book_by} passed without a booking`, details: { runDate },
  }),
  /** DL-13. */
  expiredAfterHoliday: (r: { id: string; book_by: string }, dayAfter: string, runDate: string): DeadlineHistoryRow => ({
    deadlineId: r.id, action: 'EXPIRED', fromStatus: S.OPEN, toStatus: S.EXPIRED,
    reason: `DL-13: bookBy ${r.book_by} fell in a counted holiday; not booked by the first day after it (${dayAfter})`,
    details: { runDate },
  }),
  /** LP-1 / LP-2, as lapse(…, reason) writes it. */
  lapsed: (r: { id: string }, reason: string, runDate: string): DeadlineHistoryRow => ({
    deadlineId: r.id, action: 'LAPSED', fromStatus: S.EXPIRED, toStatus: S.LAPSED, reason, details: { runDate },
  }),
};
