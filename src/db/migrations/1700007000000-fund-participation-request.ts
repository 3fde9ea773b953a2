import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, JI-5: the jobcenter's or the citizen's request that the a-kasse take part in the first joint interview,
 * recorded on that joint interview (who asked, who recorded it, when). While it stands, a decision by the a-kasse not
 * to take part is refused (meeting.service recordUnemploymentFundParticipation).
 */
export class FundParticipationRequest1700007000000 implements MigrationInterface {
  name = 'FundParticipationRequest1700007000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting
      ADD COLUMN fund_requested_by text CHECK (fund_requested_by IN ('JOBCENTER','CITIZEN')),
      ADD COLUMN fund_request_recorded_by text,
      ADD COLUMN fund_request_recorded_at timestamptz,
      ADD CONSTRAINT meeting_fund_request_complete CHECK ((fund_requested_by IS NULL) = (fund_request_recorded_at IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT meeting_fund_request_complete,
      DROP COLUMN fund_request_recorded_at, DROP COLUMN fund_request_recorded_by, DROP COLUMN fund_requested_by`);
  }
}
