import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (4), docs/sandbox.md: the sandbox clock's offset, one row for the whole deployment, so every instance
 * reads the same "today". Only used with SANDBOX_CLOCK=on; elsewhere the row stays at 0 and is never read.
 */
export class SandboxClock1700012000000 implements MigrationInterface {
  name = 'SandboxClock1700012000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE sandbox_clock (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      offset_days integer NOT NULL DEFAULT 0 CHECK (offset_days >= 0),
      updated_at timestamptz,
      updated_by text
    )`);
    await q.query(`INSERT INTO sandbox_clock (id, offset_days) VALUES (1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sandbox_clock`);
  }
}
