import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (2, 4): a contact-course status is computed from the citizen's held job and joint interviews
 * (contact-course.status.ts, INPUTS_SQL), for every citizen an operation locks and, in the daily run, for every
 * citizen it deregisters and every status whose recheck day came (~11,800 citizens on the 10,000-expiry day).
 * PostgreSQL read them through the GiST exclusion index meeting_no_overlap (its predicate covers status = 'HELD'),
 * ~0.04 ms a citizen warm, then each meeting's heap row: ~2.6 heap pages per citizen, from all over the meeting table.
 * This partial index holds exactly what the statement reads, in citizen order, so it is answered from the index
 * alone (index-only scan: ~0.8 pages and ~0.02 ms a citizen; bench/results/nightly-2026-12-01b.md). A meeting
 * enters it once, when it is held.
 */
export class HeldMeetingsByCitizen1700013600300 implements MigrationInterface {
  name = 'HeldMeetingsByCitizen1700013600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS meeting_held_by_citizen_idx ON meeting (citizen_id) INCLUDE (type, form, local_day, starts_at, id)
      WHERE status = 'HELD'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS meeting_held_by_citizen_idx`);
  }
}
