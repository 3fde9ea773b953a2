import { as, startTestApp, type TestApp } from '../support/harness';

describe('test harness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('countQueries counts the SQL statements an operation sends (so batching tests can fail)', async () => {
    const jc = await t.fx.jobcenter();
    const citizens = await Promise.all([1, 2, 3].map(() => t.fx.citizen(jc)));
    const one = await t.countQueries(() => t.ok(as.caseworker(jc.id), `query($id: ID!) { citizen(id: $id) { name } }`, { id: citizens[0]!.id }));
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
