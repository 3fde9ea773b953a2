import { loadConfig } from '../../src/config';

describe('limits configuration (issue 11.1, 11.7; docs/security.md)', () => {
  it('defaults: a query budget of 600 000 cost units a minute with bursts of 150 000, and the database timeouts', () => {
    const c = loadConfig({});
    expect(c.queryBudget).toEqual({ perMinute: 600_000, burst: 150_000 });
    expect(c.dbTimeouts).toEqual({ connectMs: 3000, statementMs: 30_000, lockMs: 10_000, idleInTransactionMs: 60_000 });
  });

  it('each is configurable; 0 turns the budget or a timeout off', () => {
    const c = loadConfig({ QUERY_BUDGET_PER_MINUTE: '0', DB_STATEMENT_TIMEOUT_MS: '0', DB_CONNECT_TIMEOUT_MS: '500' });
    expect(c.queryBudget).toBeUndefined();
    expect(c.dbTimeouts).toMatchObject({ statementMs: 0, connectMs: 500 });
  });

  it('refuses a burst below the cost one query may have, and values that are not numbers, naming the variable', () => {
    expect(() => loadConfig({ QUERY_BUDGET_BURST: '49999' })).toThrow(/QUERY_BUDGET_BURST must be at least 50000/);
    expect(() => loadConfig({ DB_LOCK_TIMEOUT_MS: 'soon' })).toThrow(/DB_LOCK_TIMEOUT_MS must be a number >= 0/);
    expect(() => loadConfig({ QUERY_BUDGET_PER_MINUTE: '-1' })).toThrow(/QUERY_BUDGET_PER_MINUTE/);
  });
});
