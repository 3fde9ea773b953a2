import { MigrationInterface, QueryRunner } from 'typeorm';

/** MT-7: the constraint that keeps a citizen out of two meetings at overlapping times (mapped to MEETING_OVERLAP). */
export const MEETING_NO_OVERLAP = 'meeting_no_overlap';

/**
 * MT-7, MT-8 (issue 11 items 4 and 5): a citizen is never in two PLANNED or HELD meetings at overlapping times,
 * and one visit is registered once — as an exclusion constraint, so two requests at the same moment (two
 * identical walk-in submissions, a booking racing a call-in) cannot both commit. Touching meetings
 * (10:00–11:00 and 11:00–11:30) do not overlap: the ranges are half-open.
 *
 * A GROUP_THEN_INDIVIDUAL booking is one meeting whose time runs from the group part's start (`group_starts_at`,
 * copied from the slot; SL-1) to the end of the individual part: the citizen is busy for the whole of it.
 *
 * Existing data:
 * - MT-8: exact duplicates (same citizen, type, origin and start, both HELD — the double submission of issue 11
 *   item 5) are one visit: the later registration is CANCELLED with a reason naming the kept one, and a history
 *   row says so, so the contact course and the self-booking share count the visit once.
 * - Decision: any other overlap cannot be resolved without a caseworker (which meeting really took place?), so
 *   the migration stops, naming the meetings, instead of guessing; cancel one of each pair and migrate again.
 */
export class MeetingNoOverlap1700004000000 implements MigrationInterface {
  name = 'MeetingNoOverlap1700004000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting ADD COLUMN group_starts_at timestamptz NULL`);
    await q.query(`UPDATE meeting m SET group_starts_at = s.group_starts_at FROM slot s WHERE m.slot_id = s.id AND s.group_starts_at IS NOT NULL`);
    await q.query(`ALTER TABLE meeting ADD CONSTRAINT meeting_group_part_first CHECK (group_starts_at IS NULL OR group_starts_at < starts_at)`);

    const duplicates: { id: string; kept: string }[] = await q.query(`
      SELECT id, kept FROM (
        SELECT id, first_value(id) OVER w AS kept, row_number() OVER w AS n
          FROM meeting WHERE status = 'HELD'
        WINDOW w AS (PARTITION BY citizen_id, type, origin, starts_at ORDER BY created_at, id)) d
       WHERE n > 1`);
    for (const d of duplicates) {
      const reason = `MT-8: duplicate registration of the visit registered as meeting ${d.kept}`;
      await q.query(`UPDATE meeting SET status = 'CANCELLED', cancel_reason = $2, outcome_registered_at = now() WHERE id = $1`, [d.id, reason]);
      await q.query(
        `INSERT INTO meeting_history (meeting_id, at, actor, action, from_status, to_status, reason, details)
         VALUES ($1, now(), 'system:migration', 'DUPLICATE_CANCELLED', 'HELD', 'CANCELLED', $2, jsonb_build_object('keptMeetingId', $3::text))`,
        [d.id, reason, d.kept]);
    }

    const overlaps: { a: string; b: string }[] = await q.query(`
      SELECT a.id AS a, b.id AS b FROM meeting a JOIN meeting b
          ON b.citizen_id = a.citizen_id AND a.id < b.id
         AND tstzrange(COALESCE(a.group_starts_at, a.starts_at), a.ends_at) && tstzrange(COALESCE(b.group_starts_at, b.starts_at), b.ends_at)
       WHERE a.status IN ('PLANNED','HELD') AND b.status IN ('PLANNED','HELD')
       ORDER BY a.id, b.id LIMIT 20`);
    if (overlaps.length > 0) {
      throw new Error(`MT-7: ${overlaps.length === 20 ? 'at least 20' : overlaps.length} pair(s) of PLANNED/HELD meetings of one citizen overlap, ` +
        `so ${MEETING_NO_OVERLAP} cannot be added; cancel one of each pair (cancelMeeting) and migrate again: ` +
        overlaps.map((o) => `${o.a} and ${o.b}`).join('; '));
    }
    await q.query(`ALTER TABLE meeting ADD CONSTRAINT ${MEETING_NO_OVERLAP}
      EXCLUDE USING gist (citizen_id WITH =, tstzrange(COALESCE(group_starts_at, starts_at), ends_at, '[)') WITH &&)
      WHERE (status IN ('PLANNED', 'HELD'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT IF EXISTS ${MEETING_NO_OVERLAP}`);
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT IF EXISTS meeting_group_part_first`);
    await q.query(`ALTER TABLE meeting DROP COLUMN IF EXISTS group_starts_at`);
  }
}
