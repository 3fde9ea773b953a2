import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 item 6, the citizen's calendar feed (docs/calendar.md):
 * - calendar_feed_token: one secret token per citizen, stored only as its SHA-256 (the token itself is shown once,
 *   when made); renewing replaces the row, so the old URL stops working at once;
 * - access_log: a feed read is logged with actor kind CALENDAR_FEED (whoever holds the citizen's feed URL).
 */
export class CalendarFeed1700011000000 implements MigrationInterface {
  name = 'CalendarFeed1700011000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed_token (
        citizen_id uuid PRIMARY KEY REFERENCES citizen(id),
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_actor_kind_check`);
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_actor_kind_check
      CHECK (actor_kind IN ('CASEWORKER', 'INTEGRATION', 'UNEMPLOYMENT_FUND', 'CALENDAR_FEED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS calendar_feed_token`);
  }
}
