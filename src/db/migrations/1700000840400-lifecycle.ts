import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time-driven lifecycle (issue 4): registration periods with channel and cause, system outages (RG-1),
 * sanction assessments (SA), sent reminders (DL-11), the record of daily transition runs, and the index
 * the a-kasse event cursor reads in (EV-2).
 *
 * Exactly-once under concurrent runners is a constraint here, not only a conditional UPDATE in the service:
 * - one deregistration per missed deadline (registration_one_deregistration_per_deadline);
 * - one sanction assessment per expired deadline (sanction_assessment.deadline_id UNIQUE);
 * - one reminder per deadline, day and channel (deadline_reminder primary key).
 */
export class Lifecycle1700000840400 implements MigrationInterface {
  name = 'Lifecycle1700000840400';

  async up(q: QueryRunner): Promise<void> {
    // RG-8: persons employed with wage subsidy (løntilskud) are not deregistered for sickness.
    await q.query(`ALTER TABLE citizen ADD COLUMN wage_subsidy boolean NOT NULL DEFAULT false`);

    await q.query(`
      ALTER TABLE registration_period
        ADD COLUMN deregistered_via text NULL CHECK (deregistered_via IN ('SYSTEM','JOBNET','JOBCENTER','UNEMPLOYMENT_FUND')),
        ADD COLUMN deadline_id uuid NULL REFERENCES deadline(id),
        ADD COLUMN recovery_report boolean NOT NULL DEFAULT false,
        ADD COLUMN deregistration_note text NULL`);
    await q.query(`CREATE UNIQUE INDEX registration_one_deregistration_per_deadline ON registration_period (deadline_id) WHERE deadline_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE system_outage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jobcenter_id uuid NOT NULL REFERENCES jobcenter(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        description text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX system_outage_jobcenter_idx ON system_outage (jobcenter_id, starts_at)`);

    await q.query(`
      CREATE TABLE sanction_assessment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        jobcenter_id uuid NOT NULL REFERENCES jobcenter(id),
        deadline_id uuid NOT NULL UNIQUE REFERENCES deadline(id),
        target_group text NOT NULL,
        book_by date NOT NULL,
        opened_on date NOT NULL,
        opened_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN','DECIDED')),
        outcome text NULL CHECK (outcome IN ('REASONABLE_CAUSE','DEDUCTION')),
        reasonable_cause text NULL CHECK (reasonable_cause IN ('SICKNESS','MATERNITY','CONCRETE_ASSESSMENT','OTHER')),
        contact_on date NULL,
        deducted_days integer NULL CHECK (deducted_days >= 0),
        note text NULL,
        decided_by text NULL,
        decided_at timestamptz NULL,
        CHECK ((status = 'DECIDED') = (outcome IS NOT NULL)),
        CHECK (outcome IS DISTINCT FROM 'REASONABLE_CAUSE' OR (reasonable_cause IS NOT NULL AND deducted_days = 0)),
        CHECK (outcome IS DISTINCT FROM 'DEDUCTION' OR (contact_on IS NOT NULL AND contact_on > book_by AND deducted_days = contact_on - book_by))
      )`);
    await q.query(`CREATE INDEX sanction_assessment_jobcenter_idx ON sanction_assessment (jobcenter_id, status, book_by, id)`);
    await q.query(`CREATE INDEX sanction_assessment_citizen_idx ON sanction_assessment (citizen_id, book_by)`);

    await q.query(`
      CREATE TABLE deadline_reminder (
        deadline_id uuid NOT NULL REFERENCES deadline(id),
        remind_on date NOT NULL,
        channel text NOT NULL CHECK (channel IN ('SMS','EMAIL')),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (deadline_id, remind_on, channel)
      )`);

    await q.query(`
      CREATE TABLE transition_run (
        id bigserial PRIMARY KEY,
        run_date date NOT NULL,
        runner text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NULL,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX transition_run_date_idx ON transition_run (run_date, finished_at)`);

    // EV-2: the a-kasse cursor reads its members' events in (tx_id, seq) order below the snapshot's xmin.
    await q.query(`CREATE INDEX domain_event_fund_tx_idx ON domain_event (unemployment_fund_id, tx_id, seq) WHERE unemployment_fund_id IS NOT NULL`);
    // DL-8: booked deadlines are found through their meeting.
    await q.query(`CREATE INDEX deadline_booked_meeting_idx ON deadline (meeting_id) WHERE status = 'BOOKED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deadline_booked_meeting_idx`);
    await q.query(`DROP INDEX IF EXISTS domain_event_fund_tx_idx`);
    for (const t of ['transition_run', 'deadline_reminder', 'sanction_assessment', 'system_outage']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DROP INDEX IF EXISTS registration_one_deregistration_per_deadline`);
    await q.query(`ALTER TABLE registration_period DROP COLUMN deregistered_via, DROP COLUMN deadline_id, DROP COLUMN recovery_report, DROP COLUMN deregistration_note`);
    await q.query(`ALTER TABLE citizen DROP COLUMN wage_subsidy`);
  }
}
