import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (4), the daily run: every event written updates every index of domain_event, and the 10,000-expiry day
 * writes 27,000 events into 2.6 million rows. Two of its six indexes serve no query any more:
 * - domain_event_fund_idx (unemployment_fund_id, seq): the a-kasse feed's first index, before EV-2 read in
 *   (tx_id, seq) order; nothing reads a fund's events in seq order now.
 * - domain_event_fund_tx_idx (unemployment_fund_id, tx_id, seq): the feed's index until the partial
 *   domain_event_fund_feed_idx (1700000950000, 1700008000100) replaced it; kept only as the feed's fallback if a
 *   type were added to FUND_EVENT_TYPES without that index, which test/unit/fund-feed-index.test.ts now refuses.
 * The queries on domain_event and their indexes: the feed and the webhook dispatcher (FUND_FEED_AFTER_SQL) →
 * domain_event_fund_feed_idx (custom plans: plan_cache_mode is auto everywhere, and a generic plan, which cannot
 * prove the partial index's type list from the parameter, costs ~10,000× more, so PostgreSQL never keeps it); letters
 * by id and webhook deliveries → domain_event_id_key; a citizen's letters and NS-3's last CONTACT_AFTER_NO_SHOW →
 * domain_event_citizen_idx; the rest by seq → domain_event_pkey.
 * Measured (bench/results/nightly-2026-12-01b.md): inserting 4,000 of the run's events, 10–20 % less time.
 */
export class EventLogUnusedIndexes1700013600000 implements MigrationInterface {
  name = 'EventLogUnusedIndexes1700013600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS domain_event_fund_idx`);
    await q.query(`DROP INDEX IF EXISTS domain_event_fund_tx_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS domain_event_fund_idx ON domain_event (unemployment_fund_id, seq) WHERE unemployment_fund_id IS NOT NULL`);
    await q.query(`CREATE INDEX IF NOT EXISTS domain_event_fund_tx_idx ON domain_event (unemployment_fund_id, tx_id, seq) WHERE unemployment_fund_id IS NOT NULL`);
  }
}
