import { Temporal } from 'temporal-polyfill';
import { ROOT_POLICIES, requirePolicy } from '../../auth/policy';
import { DUTY_GROUPS } from '../shared/enums';
import { BadInputError } from '../shared/errors';
import type { Scope } from '../shared/scope';
import { selfBookingColour, selfBookingPercent } from './statistics.rules';
import type { SelfBookingColour } from '../../generated/enums';

/** ST-1: the self-booking share of one jobcenter in one month, with the counts that explain it. Aggregates only. */
export interface SelfBookingShareView {
  jobcenterId: string;
  year: number;
  month: number;
  heldJobInterviews: number;
  selfBooked: number;
  selfBookedOnJobnet: number;
  walkIns: number;
  calledIn: number;
  calledInExempted: number;
  calledInRevoked: number;
  calledInFirstContact: number;
  calledInExtra: number;
  exemptedCitizens: number;
  revokedCitizens: number;
  sharePercent: number | null;
  colour: SelfBookingColour | null;
}

interface Row {
  jobcenter_id: string;
  held: string;
  self_booked: string;
  walk_ins: string;
  called_in: string;
  called_in_exempted: string;
  called_in_revoked: string;
  called_in_first_contact: string;
  exempted_citizens: string;
  revoked_citizens: string;
}

/**
 * ST-1, counted in SQL over the held meetings of the month (by their day in Europe/Copenhagen):
 * - only `JOB_INTERVIEW`s with status HELD of citizens in a duty group (TG-1); joint interviews, follow-ups and
 *   other meetings are excluded. Decision: the citizen's current target group is used (no group history is kept).
 * - self-booked = origin SELF_BOOKED or WALK_IN. Decision (RULES ST-1): walk-ins count as self-booked, as 003 2.6
 *   equates them, although the real map counted them as called in (001).
 * - what lowers the share (001): called-in interviews of citizens exempted from self-booking, of citizens whose
 *   right was revoked, interviews held at once at a citizen's first contact (ST-3: called in, 003 2.1), and the
 *   remaining "extra" called-in interviews of citizens who may self-book. Exempted /
 *   revoked is the citizen's state on the day of the interview: the latest self_booking_decision decided on or
 *   before that day; a citizen with no decision rows at all counts with the current `self_booking_right`.
 */
const SHARE_SQL = `
  WITH held AS (
    SELECT m.jobcenter_id, m.citizen_id, m.origin, m.first_contact,
      CASE
        WHEN d.kind = 'EXEMPTION' THEN 'EXEMPTED'
        WHEN d.kind = 'REVOCATION' THEN 'REVOKED'
        WHEN d.kind = 'REINSTATEMENT' THEN 'ALLOWED'
        WHEN EXISTS (SELECT 1 FROM self_booking_decision x WHERE x.citizen_id = m.citizen_id) THEN 'ALLOWED'
        ELSE c.self_booking_right
      END AS right_then
    FROM meeting m
    JOIN citizen c ON c.id = m.citizen_id
    LEFT JOIN LATERAL (
      SELECT s.kind FROM self_booking_decision s
      WHERE s.citizen_id = m.citizen_id AND s.decided_on <= m.local_day
      ORDER BY s.decided_on DESC, s.created_at DESC LIMIT 1
    ) d ON true
    WHERE m.type = 'JOB_INTERVIEW' AND m.status = 'HELD'
      AND c.target_group = ANY($1::text[])
      AND m.local_day >= $2::date AND m.local_day < $3::date
      AND ($4::uuid IS NULL OR m.jobcenter_id = $4::uuid)
  )
  SELECT jobcenter_id,
    count(*) AS held,
    count(*) FILTER (WHERE origin IN ('SELF_BOOKED', 'WALK_IN')) AS self_booked,
    count(*) FILTER (WHERE origin = 'WALK_IN') AS walk_ins,
    count(*) FILTER (WHERE origin = 'CALLED_IN') AS called_in,
    count(*) FILTER (WHERE origin = 'CALLED_IN' AND right_then = 'EXEMPTED') AS called_in_exempted,
    count(*) FILTER (WHERE origin = 'CALLED_IN' AND right_then = 'REVOKED') AS called_in_revoked,
    count(*) FILTER (WHERE origin = 'CALLED_IN' AND first_contact AND right_then NOT IN ('EXEMPTED', 'REVOKED')) AS called_in_first_contact,
    count(DISTINCT citizen_id) FILTER (WHERE right_then = 'EXEMPTED') AS exempted_citizens,
    count(DISTINCT citizen_id) FILTER (WHERE right_then = 'REVOKED') AS revoked_citizens
  FROM held GROUP BY jobcenter_id`;

export class StatisticsService {
  /** ST-1: one jobcenter and month. STATISTICS readers: any jobcenter; jobcenter staff: their own. */
  async selfBookingShare(scope: Scope, jobcenterId: string, year: number, month: number): Promise<SelfBookingShareView> {
    requirePolicy(ROOT_POLICIES['Query.selfBookingShare']!, scope.actor, { jobcenterId });
    const [from, to] = monthRange(year, month);
    const rows: Row[] = await scope.db.query(SHARE_SQL, [[...DUTY_GROUPS], from.toString(), to.toString(), jobcenterId]);
    return toView(jobcenterId, year, month, rows[0]);
  }

  /** ST-1: every jobcenter in one month, in one query (STATISTICS readers only); jobcenters without interviews have no share. */
  async selfBookingShares(scope: Scope, year: number, month: number): Promise<SelfBookingShareView[]> {
    requirePolicy(ROOT_POLICIES['Query.selfBookingShares']!, scope.actor);
    const [from, to] = monthRange(year, month);
    const rows: (Row & { id: string })[] = await scope.db.query(
      `SELECT j.id, a.* FROM jobcenter j LEFT JOIN (${SHARE_SQL}) a ON a.jobcenter_id = j.id ORDER BY j.name, j.id`,
      [[...DUTY_GROUPS], from.toString(), to.toString(), null],
    );
    return rows.map((r) => toView(r.id, year, month, r.jobcenter_id ? r : undefined));
  }
}

/** The first day of the month and of the next month. */
function monthRange(year: number, month: number): [Temporal.PlainDate, Temporal.PlainDate] {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadInputError('ST-1: year must be between 2000 and 2100', 'year');
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new BadInputError('ST-1: month must be 1–12', 'month');
  const from = Temporal.PlainDate.from({ year, month, day: 1 });
  return [from, from.add({ months: 1 })];
}

function toView(jobcenterId: string, year: number, month: number, r: Row | undefined): SelfBookingShareView {
  const n = (v: string | undefined) => Number(v ?? 0);
  const held = n(r?.held);
  const selfBooked = n(r?.self_booked);
  const walkIns = n(r?.walk_ins);
  const calledIn = n(r?.called_in);
  const calledInExempted = n(r?.called_in_exempted);
  const calledInRevoked = n(r?.called_in_revoked);
  const calledInFirstContact = n(r?.called_in_first_contact);
  return {
    jobcenterId, year, month, heldJobInterviews: held, selfBooked, selfBookedOnJobnet: selfBooked - walkIns, walkIns,
    calledIn, calledInExempted, calledInRevoked, calledInFirstContact, calledInExtra: calledIn - calledInExempted - calledInRevoked - calledInFirstContact,
    exemptedCitizens: n(r?.exempted_citizens), revokedCitizens: n(r?.revoked_citizens),
    sharePercent: selfBookingPercent(selfBooked, held), colour: selfBookingColour(selfBooked, held),
  };
}
