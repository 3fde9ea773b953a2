import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log (RULES.md, actors and access: "every read or change of a citizen's personal data is
 * logged with actor, purpose and time"; GDPR art. 15). Append-only: a trigger refuses UPDATE, DELETE and
 * TRUNCATE, so an entry cannot be altered by the application once written.
 * No foreign key to citizen: the log must outlive any later erasure of the citizen's record.
 */
export class AccessLog1700000600000 implements MigrationInterface {
  name = 'AccessLog1700000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        citizen_id uuid NOT NULL,
        access text NOT NULL CHECK (access IN ('READ', 'CHANGE')),
        operation text NOT NULL,
        purpose text NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('CASEWORKER', 'INTEGRATION', 'UNEMPLOYMENT_FUND')),
        actor text NOT NULL,
        jobcenter_id uuid NULL,
        unemployment_fund_id uuid NULL,
        request_id text NOT NULL
      )`);
    await q.query(`CREATE INDEX access_log_citizen_idx ON access_log (citizen_id, at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
    await q.query(`CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS access_log`);
    await q.query(`DROP FUNCTION IF EXISTS access_log_append_only()`);
  }
}
