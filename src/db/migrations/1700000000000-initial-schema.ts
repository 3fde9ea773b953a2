import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The core data model. Rules that must hold under concurrency are constraints here, not only checks
 * in the services (STYLE: "Integrity lives in the database too"):
 * - one active deadline per citizen (DL-4) — partial unique index;
 * - one non-cancelled booking per slot (SL-1, SL-3) — partial unique index;
 * - one planned JOB_INTERVIEW/FOLLOW_UP per citizen and day (MT-2; the "except on the day" part is
 *   checked by the service under a row lock on the citizen);
 * - DL-2 and DL-3 as CHECK constraints on the dates.
 */
export class InitialSchema1700000000000 implements MigrationInterface {
  name = 'InitialSchema1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE jobcenter (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        rebooking_cutoff_hours integer NULL CHECK (rebooking_cutoff_hours BETWEEN 0 AND 336),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE unemployment_fund (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE citizen (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cpr text NOT NULL UNIQUE CHECK (cpr ~ '^[0-9]{10}$'),
        name text NOT NULL,
        jobcenter_id uuid NOT NULL REFERENCES jobcenter(id),
        unemployment_fund_id uuid NULL REFERENCES unemployment_fund(id),
        target_group text NOT NULL CHECK (target_group IN ('INSURED_UNEMPLOYED','JOB_READY_CASH_BENEFIT',
          'JOB_READY_TRANSITION_BENEFIT','EDUCATION_READY_EDUCATION_BENEFIT','EDUCATION_READY_TRANSITION_BENEFIT',
          'JOB_CLARIFICATION','SICKNESS_BENEFIT','OTHER')),
        voluntary_self_booking boolean NOT NULL DEFAULT false,
        exempt_from_active_job_seeking boolean NOT NULL DEFAULT false,
        less_intensive_effort boolean NOT NULL DEFAULT false,
        less_intensive_override_justification text NULL,
        self_booking_right text NOT NULL DEFAULT 'ALLOWED' CHECK (self_booking_right IN ('ALLOWED','EXEMPTED','REVOKED')),
        registered boolean NOT NULL DEFAULT true,
        unemployed_since date NULL,
        benefit_period_start date NULL,
        notify_sms boolean NOT NULL DEFAULT false,
        notify_email boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX citizen_jobcenter_idx ON citizen (jobcenter_id, name, id)`);
    await q.query(`CREATE INDEX citizen_fund_idx ON citizen (unemployment_fund_id) WHERE unemployment_fund_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE registration_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        registered_from date NOT NULL,
        registered_via text NOT NULL CHECK (registered_via IN ('INITIAL','JOBNET','JOBCENTER','UNEMPLOYMENT_FUND','WALK_IN','RECOVERY_REPORT')),
        deregistered_from date NULL,
        deregistration_reason text NULL CHECK (deregistration_reason IN ('MISSED_DEADLINE','SICKNESS','EMPLOYMENT','OTHER')),
        system_outage boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (deregistered_from IS NULL OR deregistered_from >= registered_from),
        CHECK ((deregistered_from IS NULL) = (deregistration_reason IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX registration_one_open_period ON registration_period (citizen_id) WHERE deregistered_from IS NULL`);
    await q.query(`CREATE INDEX registration_citizen_idx ON registration_period (citizen_id, registered_from)`);

    await q.query(`
      CREATE TABLE self_booking_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        kind text NOT NULL CHECK (kind IN ('EXEMPTION','REVOCATION','REINSTATEMENT')),
        reason text NOT NULL,
        justification text NULL,
        complaint_guidance text NULL,
        formal_decision boolean NOT NULL DEFAULT false,
        decided_on date NOT NULL,
        decided_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (NOT formal_decision OR (justification IS NOT NULL AND complaint_guidance IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX self_booking_decision_citizen_idx ON self_booking_decision (citizen_id, created_at)`);

    await q.query(`
      CREATE TABLE holiday (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        kind text NOT NULL CHECK (kind IN ('HOLIDAY','JOB_ORIENTED_EDUCATION')),
        start_date date NOT NULL,
        end_date date NOT NULL,
        notified_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX holiday_citizen_idx ON holiday (citizen_id, start_date)`);

    await q.query(`
      CREATE TABLE slot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jobcenter_id uuid NOT NULL REFERENCES jobcenter(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        group_starts_at timestamptz NULL,
        form text NOT NULL CHECK (form IN ('IN_PERSON','PHONE','VIDEO')),
        kind text NOT NULL CHECK (kind IN ('JOB_INTERVIEW','GROUP_THEN_INDIVIDUAL')),
        location text NULL,
        caseworker text NULL,
        withdrawn_at timestamptz NULL,
        withdrawn_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK ((kind = 'GROUP_THEN_INDIVIDUAL') = (group_starts_at IS NOT NULL)),
        CHECK (group_starts_at IS NULL OR (group_starts_at < starts_at AND starts_at - group_starts_at <= interval '60 minutes'))
      )`);
    await q.query(`CREATE INDEX slot_jobcenter_start_idx ON slot (jobcenter_id, starts_at) WHERE withdrawn_at IS NULL`);

    await q.query(`
      CREATE TABLE deadline (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        jobcenter_id uuid NOT NULL REFERENCES jobcenter(id),
        available_from date NOT NULL,
        book_by date NOT NULL,
        latest_interview_date date NOT NULL,
        original_book_by date NOT NULL,
        channel text NOT NULL CHECK (channel IN ('JOBNET','LETTER')),
        status text NOT NULL CHECK (status IN ('OPEN','BOOKED','CLOSED','EXPIRED','LAPSED')),
        close_reason text NULL,
        meeting_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        CHECK (book_by >= available_from + 8),
        CHECK (latest_interview_date = book_by + 7),
        CHECK ((status = 'CLOSED') = (close_reason IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX deadline_one_active_per_citizen ON deadline (citizen_id) WHERE status IN ('OPEN','BOOKED','EXPIRED')`);
    await q.query(`CREATE INDEX deadline_citizen_idx ON deadline (citizen_id, created_at DESC)`);
    await q.query(`CREATE INDEX deadline_open_book_by_idx ON deadline (book_by) WHERE status IN ('OPEN','BOOKED','EXPIRED')`);

    await q.query(`
      CREATE TABLE meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        jobcenter_id uuid NOT NULL REFERENCES jobcenter(id),
        type text NOT NULL CHECK (type IN ('JOB_INTERVIEW','JOINT_INTERVIEW','FOLLOW_UP','OTHER')),
        origin text NOT NULL CHECK (origin IN ('SELF_BOOKED','CALLED_IN','WALK_IN')),
        form text NOT NULL CHECK (form IN ('IN_PERSON','PHONE','VIDEO')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        local_day date NOT NULL,
        status text NOT NULL CHECK (status IN ('PLANNED','HELD','NO_SHOW','CANCELLED')),
        slot_id uuid NULL REFERENCES slot(id),
        deadline_id uuid NULL REFERENCES deadline(id),
        short_notice boolean NOT NULL DEFAULT false,
        delivered_in_person boolean NOT NULL DEFAULT false,
        sanctionable boolean NOT NULL DEFAULT false,
        location text NULL,
        caseworker text NULL,
        fund_opt_out boolean NOT NULL DEFAULT false,
        fund_opt_out_registered_by text NULL,
        fund_opt_out_registered_at timestamptz NULL,
        fund_participation text NULL CHECK (fund_participation IN ('PARTICIPATES','DOES_NOT_PARTICIPATE')),
        fund_participation_form text NULL CHECK (fund_participation_form IN ('IN_PERSON','VIDEO')),
        fund_participation_reason text NULL,
        citizen_requests_fund_in_person boolean NOT NULL DEFAULT false,
        sixteen_month boolean NOT NULL DEFAULT false,
        outcome_registered_at timestamptz NULL,
        cancel_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (type = 'JOINT_INTERVIEW' OR (NOT fund_opt_out AND fund_participation IS NULL AND NOT sixteen_month)),
        CHECK (type <> 'JOINT_INTERVIEW' OR origin = 'CALLED_IN'),
        CHECK (NOT sixteen_month OR form = 'IN_PERSON')
      )`);
    await q.query(`CREATE UNIQUE INDEX meeting_one_booking_per_slot ON meeting (slot_id) WHERE slot_id IS NOT NULL AND status <> 'CANCELLED'`);
    await q.query(`CREATE UNIQUE INDEX meeting_one_planned_interview_per_day ON meeting (citizen_id, local_day)
      WHERE status = 'PLANNED' AND type IN ('JOB_INTERVIEW','FOLLOW_UP')`);
    await q.query(`CREATE INDEX meeting_citizen_start_idx ON meeting (citizen_id, starts_at)`);
    await q.query(`CREATE INDEX meeting_jobcenter_start_idx ON meeting (jobcenter_id, starts_at)`);
    await q.query(`ALTER TABLE deadline ADD CONSTRAINT deadline_meeting_fk FOREIGN KEY (meeting_id) REFERENCES meeting(id)`);

    for (const t of ['deadline', 'meeting']) {
      await q.query(`
        CREATE TABLE ${t}_history (
          id bigserial PRIMARY KEY,
          ${t}_id uuid NOT NULL REFERENCES ${t}(id),
          at timestamptz NOT NULL,
          actor text NOT NULL,
          action text NOT NULL,
          from_status text NULL,
          to_status text NULL,
          reason text NULL,
          details jsonb NOT NULL DEFAULT '{}'::jsonb
        )`);
      await q.query(`CREATE INDEX ${t}_history_idx ON ${t}_history (${t}_id, id)`);
    }

    await q.query(`
      CREATE TABLE citizen_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        at timestamptz NOT NULL,
        kind text NOT NULL,
        text text NOT NULL
      )`);
    await q.query(`CREATE INDEX citizen_message_idx ON citizen_message (citizen_id, at)`);

    // EV-1: the transactional outbox. tx_id lets a cursor reader stop below the oldest running
    // transaction, so an event that commits late is never skipped (EV-2).
    await q.query(`
      CREATE TABLE domain_event (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        occurred_at timestamptz NOT NULL,
        type text NOT NULL,
        citizen_id uuid NULL REFERENCES citizen(id),
        jobcenter_id uuid NULL REFERENCES jobcenter(id),
        unemployment_fund_id uuid NULL REFERENCES unemployment_fund(id),
        payload jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX domain_event_fund_idx ON domain_event (unemployment_fund_id, seq) WHERE unemployment_fund_id IS NOT NULL`);
    await q.query(`CREATE INDEX domain_event_citizen_idx ON domain_event (citizen_id, seq)`);

    await q.query(`
      CREATE TABLE idempotency_key (
        actor text NOT NULL,
        key text NOT NULL,
        operation text NOT NULL,
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['idempotency_key', 'domain_event', 'citizen_message', 'meeting_history', 'deadline_history']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`ALTER TABLE deadline DROP CONSTRAINT IF EXISTS deadline_meeting_fk`);
    for (const t of ['meeting', 'deadline', 'slot', 'holiday', 'self_booking_decision', 'registration_period', 'citizen', 'unemployment_fund', 'jobcenter']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
