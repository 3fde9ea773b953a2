import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (2), CC-7/CC-10: the stored contact-course status, one row per citizen (src/domain/contact-course/
 * contact-course.status.ts keeps it): what the caseworker lists read instead of computing every course per request.
 *
 * A row is the status as computed on `computed_on` and holds until `recheck_on` (the first day on which a day passing
 * alone may change it: a requirement's window opens or closes, it becomes at risk, the six-month day passes, a
 * registration period begins or ends; NULL: never without a write). Every write that changes a course refreshes the
 * rows of the citizens it locked in its own transaction; the daily run refreshes the rows whose `recheck_on` arrived.
 * `rules_version` is the version of the rules the row was computed with (0: stale).
 *
 * Safety net (Decision): triggers mark a row stale (version 0, recheck_on in the past) whenever a row it depends on
 * is written — the citizen's course fields, its meetings, its registration periods — and give every new citizen a
 * stale row. A write path that forgot the refresh therefore leaves a row that no longer holds: readers compute that
 * citizen live (never a wrong answer), the next daily run refreshes it, and the from-scratch test
 * (test/integration/contact-course-status.test.ts), which requires every row to hold and match, fails. Existing
 * citizens get a stale row here (a migration does not run the domain rules); the next daily run computes them.
 * `jobcenter_id` and `name` repeat the citizen's, so contactCoursesBehind reads one partial index in page order.
 */
export class ContactCourseStatus1700013500000 implements MigrationInterface {
  name = 'ContactCourseStatus1700013500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contact_course_status (
      citizen_id uuid PRIMARY KEY REFERENCES citizen(id) ON DELETE CASCADE,
      jobcenter_id uuid NOT NULL,
      name text NOT NULL,
      rules_version integer NOT NULL,
      computed_on date NOT NULL,
      recheck_on date,
      phase text NOT NULL,
      next_due_date date,
      missed integer NOT NULL CHECK (missed >= 0),
      at_risk integer NOT NULL CHECK (at_risk >= 0),
      interviews_held integer NOT NULL CHECK (interviews_held >= 0),
      interviews_held_in_first_six_months integer NOT NULL CHECK (interviews_held_in_first_six_months >= 0),
      CHECK (recheck_on IS NULL OR recheck_on > computed_on OR rules_version = 0)
    )`);
    // contactCoursesBehind: the courses behind or at risk of a jobcenter, in the list's order (name, id).
    await q.query(`CREATE INDEX contact_course_status_behind_idx ON contact_course_status (jobcenter_id, name, citizen_id)
      WHERE missed > 0 OR at_risk > 0`);
    // The same list before the daily run of a day: the rows that day may have changed.
    await q.query(`CREATE INDEX contact_course_status_recheck_idx ON contact_course_status (jobcenter_id, recheck_on)`);
    // The daily run: the rows whose recheck day arrived.
    await q.query(`CREATE INDEX contact_course_status_recheck_on_idx ON contact_course_status (recheck_on)`);
    // Rows of a jobcenter a day (or a sandbox clock set back) may have changed: contactCoursesBehind computes those.
    await q.query(`CREATE INDEX contact_course_status_computed_idx ON contact_course_status (jobcenter_id, computed_on)`);
    await q.query(`INSERT INTO contact_course_status (citizen_id, jobcenter_id, name, rules_version, computed_on, recheck_on, phase,
        next_due_date, missed, at_risk, interviews_held, interviews_held_in_first_six_months)
      SELECT id, jobcenter_id, name, 0, DATE '2000-01-01', DATE '2000-01-01', 'NOT_STARTED', NULL, 0, 0, 0, 0 FROM citizen`);
    // The safety net: new citizens get a stale row; a write to what a course is computed from makes the row stale.
    await q.query(`CREATE FUNCTION contact_course_status_new_citizens() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO contact_course_status (citizen_id, jobcenter_id, name, rules_version, computed_on, recheck_on, phase,
            next_due_date, missed, at_risk, interviews_held, interviews_held_in_first_six_months)
          SELECT n.id, n.jobcenter_id, n.name, 0, DATE '2000-01-01', DATE '2000-01-01', 'NOT_STARTED', NULL, 0, 0, 0, 0 FROM changed n
          ON CONFLICT (citizen_id) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER contact_course_status_citizen_insert AFTER INSERT ON citizen
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION contact_course_status_new_citizens()`);
    await q.query(`CREATE FUNCTION contact_course_status_citizen_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE contact_course_status SET jobcenter_id = NEW.jobcenter_id, name = NEW.name, rules_version = 0, recheck_on = DATE '2000-01-01'
         WHERE citizen_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER contact_course_status_citizen_update
      AFTER UPDATE OF name, jobcenter_id, target_group, unemployed_since, benefit_period_start, less_intensive_effort, less_intensive_override_justification
      ON citizen FOR EACH ROW
      WHEN ((OLD.name, OLD.jobcenter_id, OLD.target_group, OLD.unemployed_since, OLD.benefit_period_start, OLD.less_intensive_effort, OLD.less_intensive_override_justification)
        IS DISTINCT FROM (NEW.name, NEW.jobcenter_id, NEW.target_group, NEW.unemployed_since, NEW.benefit_period_start, NEW.less_intensive_effort, NEW.less_intensive_override_justification))
      EXECUTE FUNCTION contact_course_status_citizen_changed()`);
    await q.query(`CREATE FUNCTION contact_course_status_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE contact_course_status s SET rules_version = 0, recheck_on = DATE '2000-01-01'
         WHERE s.citizen_id IN (SELECT c.citizen_id FROM changed c) AND s.rules_version <> 0;
        RETURN NULL;
      END $$`);
    for (const table of ['meeting', 'registration_period']) {
      await q.query(`CREATE TRIGGER contact_course_status_${table}_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION contact_course_status_rows_changed()`);
      await q.query(`CREATE TRIGGER contact_course_status_${table}_update AFTER UPDATE ON ${table}
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION contact_course_status_rows_changed()`);
      await q.query(`CREATE TRIGGER contact_course_status_${table}_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION contact_course_status_rows_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['meeting', 'registration_period']) {
      for (const ev of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS contact_course_status_${table}_${ev} ON ${table}`);
    }
    await q.query(`DROP TRIGGER IF EXISTS contact_course_status_citizen_update ON citizen`);
    await q.query(`DROP TRIGGER IF EXISTS contact_course_status_citizen_insert ON citizen`);
    await q.query(`DROP FUNCTION IF EXISTS contact_course_status_rows_changed(), contact_course_status_citizen_changed(), contact_course_status_new_citizens()`);
    await q.query(`DROP TABLE IF EXISTS contact_course_status`);
  }
}
