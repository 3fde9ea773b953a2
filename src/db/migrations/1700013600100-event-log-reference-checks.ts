import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (4), the daily run: a foreign key is checked row by row (a lookup and a KEY SHARE lock of the referenced
 * row per inserted event), so the 27,000 events of the 10,000-expiry day made 81,000 checks. An event's jobcenter_id
 * and unemployment_fund_id are the routing copy of its citizen's jobcenter and a-kasse at the time of the event
 * (which jobcenter's caseworkers and which a-kasse's feed see it): they are always taken from the citizen row the
 * transaction has locked, whose own foreign keys (citizen.jobcenter_id, citizen.unemployment_fund_id) already hold
 * them to existing rows, and no jobcenter or a-kasse is ever deleted. Checking them again per event added nothing
 * but the work: measured, 25–30 % of the time of inserting the run's events (bench/results/nightly-2026-12-01b.md).
 * The event's citizen keeps its foreign key (domain_event_citizen_id_fkey).
 */
export class EventLogReferenceChecks1700013600100 implements MigrationInterface {
  name = 'EventLogReferenceChecks1700013600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE domain_event DROP CONSTRAINT IF EXISTS domain_event_jobcenter_id_fkey,
      DROP CONSTRAINT IF EXISTS domain_event_unemployment_fund_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE domain_event ADD CONSTRAINT domain_event_jobcenter_id_fkey FOREIGN KEY (jobcenter_id) REFERENCES jobcenter(id),
      ADD CONSTRAINT domain_event_unemployment_fund_id_fkey FOREIGN KEY (unemployment_fund_id) REFERENCES unemployment_fund(id)`);
  }
}
