import { MigrationInterface, QueryRunner } from 'typeorm';
import { FEED_TYPES as PREVIOUS_FEED_TYPES } from './1700000950000-fund-feed-index';

/**
 * EV-2 (issue 12): the a-kasse feed also reads the master-data events of CZ-1 … CZ-5, so its partial index
 * (1700000950000) is recreated over the longer list; without it the planner falls back to domain_event_fund_tx_idx
 * for the feed (correct, only slower). A later type needs a later migration like this one.
 */
export const FEED_TYPES = [
  ...PREVIOUS_FEED_TYPES, 'REGISTERED', 'TARGET_GROUP_CHANGED', 'MEMBERSHIP_STARTED', 'MEMBERSHIP_ENDED', 'MOVED',
];

function createIndex(types: readonly string[]): string {
  return `CREATE INDEX domain_event_fund_feed_idx ON domain_event (unemployment_fund_id, tx_id, seq)
    WHERE unemployment_fund_id IS NOT NULL AND type IN (${types.map((t) => `'${t}'`).join(', ')})`;
}

export class FundFeedIndexCitizenEvents1700008000100 implements MigrationInterface {
  name = 'FundFeedIndexCitizenEvents1700008000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS domain_event_fund_feed_idx`);
    await q.query(createIndex(FEED_TYPES));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS domain_event_fund_feed_idx`);
    await q.query(createIndex(PREVIOUS_FEED_TYPES));
  }
}
