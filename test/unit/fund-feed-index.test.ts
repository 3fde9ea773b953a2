import { FEED_TYPES } from '../../src/db/migrations/1700008000100-fund-feed-index-citizen-events';
import { FUND_EVENT_TYPES } from '../../src/domain/events/fund-events.service';

describe('the a-kasse feed index (EV-2, issue 7)', () => {
  it('EV-2: covers exactly the event types the feed reads (a new type needs a migration that recreates the index)', () => {
    expect([...FEED_TYPES].sort()).toEqual([...FUND_EVENT_TYPES].sort());
  });
});
