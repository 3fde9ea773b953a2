import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (CZ-1 … CZ-5): citizens come in, change and move through the API.
 * - Contact details given at registration (CZ-1). `IF NOT EXISTS`: CZ-7 (notification preferences) may add the same
 *   columns in its own migration; whichever runs second changes nothing.
 * - `citizen_change`: the history of a citizen's master data (who, when, what, from which day, why): registration,
 *   target group (CZ-2), first day of the benefit period (CZ-3), a-kasse membership (CZ-4) and jobcenter (CZ-5).
 *   Append-only, like the other history tables (the services only insert).
 */
export class CitizenMasterData1700008000000 implements MigrationInterface {
  name = 'CitizenMasterData1700008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen ADD COLUMN IF NOT EXISTS phone text NULL`);
    await q.query(`ALTER TABLE citizen ADD COLUMN IF NOT EXISTS email text NULL`);
    await q.query(`
      CREATE TABLE citizen_change (
        id bigserial PRIMARY KEY,
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('REGISTERED','TARGET_GROUP','BENEFIT_PERIOD_START','UNEMPLOYMENT_FUND','JOBCENTER')),
        effective_from date NOT NULL,
        from_value text NULL,
        to_value text NULL,
        reason text NULL
      )`);
    await q.query(`CREATE INDEX citizen_change_idx ON citizen_change (citizen_id, kind, effective_from)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS citizen_change`);
  }
}
