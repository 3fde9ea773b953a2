import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import type { Scope } from '../../src/domain/shared/scope';
import { ok } from '../../src/domain/shared/result';
import { runInTransaction } from '../../src/domain/shared/transaction';
import { changeTargetGroup } from '../../src/domain/citizen/commands/change-target-group';

/**
 * Issue 13: runInTransaction is the one way to run an operation, also inside another one (the CZ-9 import calls
 * changeTargetGroup for a row): the nested call runs in a savepoint, and the outermost call alone writes the access
 * log's CHANGE rows (named for the outer operation) and refreshes the stored contact-course status, once.
 */
describe('issue 13: an operation run inside another operation (runInTransaction nested)', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });
  const scopeOf = (): Scope => ({ actor: { kind: 'INTEGRATION', jobcenterId: jc.id, clientId: 'import' }, clock: t.clock, db: t.ds.manager });
  const changeLog = (citizenId: string): Promise<{ operation: string }[]> =>
    t.ds.query(`SELECT operation FROM access_log WHERE citizen_id = $1 AND access = 'CHANGE' ORDER BY id`, [citizenId]);

  it('CZ-2/CZ-9: a nested changeTargetGroup commits with its caller, logged once as the outer operation (not per nested call)', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await runInTransaction(scopeOf(), { operation: 'importCitizen' }, async (tx) => {
      const first = await changeTargetGroup(tx, { citizenId: c.id, targetGroup: 'EDUCATION_READY_EDUCATION_BENEFIT', reason: 'nested 1' });
      const second = await changeTargetGroup(tx, { citizenId: c.id, targetGroup: 'JOB_READY_CASH_BENEFIT', reason: 'nested 2' });
      return first.ok && second.ok ? ok({}) : first.ok ? second : first;
    });
    expect(r.ok).toBe(true);
    expect(await changeLog(c.id)).toEqual([{ operation: 'Mutation.importCitizen' }]);
    const changes: { to_value: string }[] = await t.ds.query(`SELECT to_value FROM citizen_change WHERE citizen_id = $1 AND kind = 'TARGET_GROUP' ORDER BY id`, [c.id]);
    expect(changes.map((x) => x.to_value)).toEqual(['EDUCATION_READY_EDUCATION_BENEFIT', 'JOB_READY_CASH_BENEFIT']);
  });

  it('CZ-2: a refused nested call rolls back to its savepoint only; the citizen it alone locked gets no CHANGE row; the caller goes on', async () => {
    const refusedOne = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const changed = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await runInTransaction(scopeOf(), { operation: 'importCitizen' }, async (tx) => {
      const same = await changeTargetGroup(tx, { citizenId: refusedOne.id, targetGroup: 'JOB_READY_CASH_BENEFIT' });
      expect(same).toMatchObject({ ok: false, code: 'SAME_TARGET_GROUP' });
      return changeTargetGroup(tx, { citizenId: changed.id, targetGroup: 'SICKNESS_BENEFIT' });
    });
    expect(r.ok).toBe(true);
    expect(await changeLog(refusedOne.id)).toEqual([]);
    expect(await changeLog(changed.id)).toEqual([{ operation: 'Mutation.importCitizen' }]);
    const [row] = await t.ds.query(`SELECT target_group FROM citizen WHERE id = $1`, [changed.id]);
    expect(row.target_group).toBe('SICKNESS_BENEFIT');
  });
});
