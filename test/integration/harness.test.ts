import { withApp } from '../support/app';
import { CitizenNameForAudit } from '../support/operations';

describe('test harness', () => {
  const t = withApp();

  it('countQueries counts the SQL statements an operation sends (so batching tests can fail)', async () => {
    const jc = await t.fx.jobcenter();
    const citizens = await Promise.all([1, 2, 3].map(() => t.fx.citizen(jc)));
    const one = await t.countQueries(() => t.as.caseworker(jc.id).run(CitizenNameForAudit, { id: citizens[0]!.id }));
    expect(one.statements).toBeGreaterThanOrEqual(1);
    const none = await t.countQueries(async () => 42);
    expect(none.statements).toBe(0);
  });

  it('fixtures take "now" from the test clock', async () => {
    const jc = await t.fx.jobcenter();
    const c = await t.fx.citizen(jc);
    const d = await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    expect(d.createdAt.toString()).toBe(t.clock.now().toString());
  });
});
