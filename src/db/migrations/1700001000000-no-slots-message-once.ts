import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SL-5 (issue 7): the "no free slot fits" inbox message is written at most once per citizen, Copenhagen day and
 * text (the text names the deadline's dates, so "same text" is "same deadline"). Before, a transaction with an
 * advisory lock and an INSERT … WHERE NOT EXISTS kept two simultaneous reads from writing it twice: 4 statements
 * (BEGIN, lock, INSERT, COMMIT) on every obligations read of a citizen who finds no slot. With this unique index
 * the database keeps it once, and the write is one `INSERT … ON CONFLICT DO NOTHING`.
 *
 * `at AT TIME ZONE 'Europe/Copenhagen'` is immutable (the zone is a constant), so it may be indexed; md5(text)
 * keeps the key small whatever the text's length.
 */
export const NO_SLOTS_CONFLICT_TARGET = `(citizen_id, ((at AT TIME ZONE 'Europe/Copenhagen')::date), md5(text)) WHERE kind = 'NO_SLOTS_AVAILABLE'`;

export class NoSlotsMessageOnce1700001000000 implements MigrationInterface {
  name = 'NoSlotsMessageOnce1700001000000';

  async up(q: QueryRunner): Promise<void> {
    // Rows written before the index cannot break it: the advisory lock kept them unique per day already. Should
    // an older installation hold twins anyway, the earliest of each day is kept.
    await q.query(`
      DELETE FROM citizen_message m USING citizen_message e
       WHERE m.kind = 'NO_SLOTS_AVAILABLE' AND e.kind = 'NO_SLOTS_AVAILABLE'
         AND m.citizen_id = e.citizen_id AND m.text = e.text
         AND (m.at AT TIME ZONE 'Europe/Copenhagen')::date = (e.at AT TIME ZONE 'Europe/Copenhagen')::date
         AND (m.at, m.id) > (e.at, e.id)`);
    await q.query(`CREATE UNIQUE INDEX citizen_message_no_slots_once ON citizen_message ${NO_SLOTS_CONFLICT_TARGET}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS citizen_message_no_slots_once`);
  }
}
