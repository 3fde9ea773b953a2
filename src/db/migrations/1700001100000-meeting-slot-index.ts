import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7, "an index for every access path": meetings by slot. The only index on meeting.slot_id was the partial
 * unique `meeting_one_booking_per_slot` (`WHERE status <> 'CANCELLED'`), which a query can use only when the
 * planner sees the status as a constant. Two paths do not:
 * - the foreign-key check when a slot row is deleted or its id changes (`SELECT 1 FROM meeting WHERE slot_id = $1
 *   FOR KEY SHARE`): a sequential scan of all meetings per slot — deleting 1,600 slots at national scale took
 *   minutes (the benchmark's restore after its booking burst);
 * - generic plans of `… WHERE slot_id = $1 AND status <> $2` (named prepared statements, e.g. behind a pooler's
 *   statement cache), where the partial index cannot be proven either.
 * `slot_id = $1` implies `slot_id IS NOT NULL`, so this partial index serves both while leaving out the meetings
 * that have no slot (call-ins, walk-ins).
 */
export class MeetingSlotIndex1700001100000 implements MigrationInterface {
  name = 'MeetingSlotIndex1700001100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS meeting_slot_idx ON meeting (slot_id) WHERE slot_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS meeting_slot_idx`);
  }
}
