import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, MT-6 (003 2.16): other meetings than job interviews offered for self-booking. Slots of kind OTHER (never
 * offered for a deadline), and the jobcenter's offer to one citizen with a last day to book, which says the citizen
 * is called in otherwise. The citizen books an OTHER slot against the offer; an offer past its last day unbooked puts
 * the citizen on the jobcenter's call-in list (ST-2).
 */
export class OtherMeetingOffers1700007020000 implements MigrationInterface {
  name = 'OtherMeetingOffers1700007020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE slot DROP CONSTRAINT slot_kind_check,
      ADD CONSTRAINT slot_kind_check CHECK (kind IN ('JOB_INTERVIEW','GROUP_THEN_INDIVIDUAL','OTHER'))`);
    await q.query(`
      CREATE TABLE other_meeting_offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        jobcenter_id uuid NOT NULL REFERENCES jobcenter(id),
        description text NOT NULL,
        book_by date NOT NULL,
        latest_meeting_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN','BOOKED')),
        meeting_id uuid NULL REFERENCES meeting(id),
        text text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        CHECK (latest_meeting_date >= book_by),
        CHECK ((status = 'BOOKED') = (meeting_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX other_meeting_offer_citizen_idx ON other_meeting_offer (citizen_id, created_at)`);
    // ST-2: the call-in list reads the open offers of a jobcenter past their last day.
    await q.query(`CREATE INDEX other_meeting_offer_open_idx ON other_meeting_offer (jobcenter_id, book_by) WHERE status = 'OPEN'`);
    // One offer per booked meeting: two bookings of one offer cannot both succeed.
    await q.query(`CREATE UNIQUE INDEX other_meeting_offer_meeting_once ON other_meeting_offer (meeting_id) WHERE meeting_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE other_meeting_offer`);
    await q.query(`ALTER TABLE slot DROP CONSTRAINT slot_kind_check,
      ADD CONSTRAINT slot_kind_check CHECK (kind IN ('JOB_INTERVIEW','GROUP_THEN_INDIVIDUAL'))`);
  }
}
