import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 (rule fidelity), the records three new rules need:
 * - TG-2: every offer and withdrawal of voluntary self-booking, with who, when and why (the flag itself stays on
 *   citizen.voluntary_self_booking, which the deadline and follow-up rules already read);
 * - GU-1: the jobcenter's guidance about self-booking, when and how it was given;
 * - CC-11: a citizen's request for a job interview after the first six months.
 */
export class RuleFidelityCourse1700006000000 implements MigrationInterface {
  name = 'RuleFidelityCourse1700006000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE voluntary_self_booking_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        offered boolean NOT NULL,
        reason text NULL,
        changed_on date NOT NULL,
        changed_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX voluntary_self_booking_change_citizen_idx ON voluntary_self_booking_change (citizen_id, created_at)`);
    await q.query(`
      CREATE TABLE self_booking_guidance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        given_on date NOT NULL,
        form text NOT NULL CHECK (form IN ('IN_PERSON','PHONE','VIDEO','WRITTEN')),
        note text NULL,
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX self_booking_guidance_citizen_idx ON self_booking_guidance (citizen_id, given_on)`);
    await q.query(`
      CREATE TABLE job_interview_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        requested_on date NOT NULL,
        requested_via text NOT NULL CHECK (requested_via IN ('CITIZEN','JOBCENTER')),
        note text NULL,
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX job_interview_request_citizen_idx ON job_interview_request (citizen_id, requested_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['job_interview_request', 'self_booking_guidance', 'voluntary_self_booking_change']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
