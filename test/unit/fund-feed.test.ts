import { buildSchema, parse } from 'graphql';
import { decode, encode } from '../../src/domain/events/fund-events.service';
import { queryCost } from '../../src/auth/query-cost';
import { DEFAULT_LIMITS, loadTypeDefs } from '../../src/server';

/**
 * EV-2: the feed's cursor format stays what a-kasser hold: base64url of JSON.stringify([txId, seq]). Issue 16.6
 * builds the text directly; a cursor handed out before must read the same, and the same position must encode to the
 * same cursor.
 */
describe('the a-kasse feed cursor (EV-2)', () => {
  const positions = [['0', '0'], ['741', '1204'], ['18446744073709551615', '9223372036854775807'], ['1406', '2404']] as const;

  it('EV-2: encodes a position to the same text as base64url(JSON.stringify([txId, seq]))', () => {
    for (const [txId, seq] of positions) expect(encode({ txId, seq })).toBe(Buffer.from(JSON.stringify([txId, seq])).toString('base64url'));
  });

  it('EV-2: reads back every cursor it hands out, and the documented example', () => {
    for (const [txId, seq] of positions) expect(decode(encode({ txId, seq }))).toEqual({ txId, seq });
    expect(decode('WyI3NDEiLCIxMjA0Il0')).toEqual({ txId: '741', seq: '1204' });
  });

  it('EV-2: a cursor that is not the feed\'s is refused naming `after`', () => {
    for (const bad of ['', 'x', Buffer.from('["1",2]').toString('base64url'), Buffer.from('["-1","2"]').toString('base64url')]) {
      expect(() => decode(bad)).toThrow(expect.objectContaining({ message: expect.stringMatching(/^EV-2: after is not a cursor/) }));
    }
  });
});

describe('the a-kasse feed\'s catch-up page within the cost limits (EV-2, issue 16.6)', () => {
  const schema = buildSchema(loadTypeDefs());
  const FEED = parse(`query Feed($after: String, $first: Int) { unemploymentFundEvents(after: $after, first: $first) {
    nodes { id type occurredAt cursor sequence citizen { id name } citizenId deregisteredFrom systemOutage benefitGapDays payload }
    pageInfo { endCursor hasNextPage } } }`);

  it('EV-2: a page of 500 with every field costs 9,000 — within the budget, and a larger first costs no more (it reads 500)', () => {
    expect(queryCost(schema, FEED, { first: 500 }, undefined)).toBe(9000);
    expect(queryCost(schema, FEED, { first: 100_000 }, undefined)).toBe(9000);
    expect(9000).toBeLessThan(DEFAULT_LIMITS.maxCost);
  });
});
