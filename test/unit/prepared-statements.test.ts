import { loadConfig } from '../../src/config';
import { MAX_NAMED, PREPARE_AFTER, StatementNames } from '../../src/db/prepared-statements';

/** Issue 16.1 (plans reused; an operations setting, no rule of RULES.md): which texts are named, and the switch. */
describe('named prepared statements: names and DB_PREPARED_STATEMENTS', () => {
  it('issue 16.1: a text is named from its PREPARE_AFTER-th run on, always with the same name; distinct texts get distinct names; at most MAX_NAMED', () => {
    const n = new StatementNames();
    const a = 'SELECT $1::int';
    const runs = Array.from({ length: PREPARE_AFTER + 2 }, () => n.nameFor(a));
    expect(runs.slice(0, PREPARE_AFTER - 1)).toEqual(Array(PREPARE_AFTER - 1).fill(undefined));
    expect(new Set(runs.slice(PREPARE_AFTER - 1))).toEqual(new Set(['sb1']));
    for (let k = 0; k < PREPARE_AFTER; k++) n.nameFor('SELECT $1::text');
    expect(n.nameFor('SELECT $1::text')).toBe('sb2');
    for (let i = 0; i < MAX_NAMED + 5; i++) for (let k = 0; k < PREPARE_AFTER; k++) n.nameFor(`SELECT $1 AS c${i}`);
    expect(n.size).toBe(MAX_NAMED);
    expect(n.nameFor('SELECT $1 AS c_more')).toBeUndefined();
    expect(n.nameFor(a)).toBe('sb1');
  });

  it('issue 16.1: DB_PREPARED_STATEMENTS is on by default, on/off (or true/false) otherwise, and anything else is refused naming the variable', () => {
    expect(loadConfig({}).dbPreparedStatements).toBe(true);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'off' }).dbPreparedStatements).toBe(false);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'ON' }).dbPreparedStatements).toBe(true);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).dbPreparedStatements).toBe(false);
    expect(() => loadConfig({ DB_PREPARED_STATEMENTS: 'sometimes' })).toThrow(/DB_PREPARED_STATEMENTS must be on or off, got 'sometimes'/);
  });
});
