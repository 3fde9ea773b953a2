import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ST-3 (003 2.1, issue 15 item 8): a job interview held at once at a citizen's first contact with the jobcenter
 * counts as called in. It is stored with origin CALLED_IN and marked `first_contact`, so it stays distinct from a
 * walk-in (MT-4, origin WALK_IN, counted as self-booked) and from other call-ins.
 */
export class MeetingFirstContact1700004000001 implements MigrationInterface {
  name = 'MeetingFirstContact1700004000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting ADD COLUMN first_contact boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE meeting ADD CONSTRAINT meeting_first_contact_called_in
      CHECK (NOT first_contact OR (origin = 'CALLED_IN' AND type = 'JOB_INTERVIEW'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT IF EXISTS meeting_first_contact_called_in`);
    await q.query(`ALTER TABLE meeting DROP COLUMN IF EXISTS first_contact`);
  }
}
