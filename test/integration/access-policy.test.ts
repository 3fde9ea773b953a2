import { startTestApp, type TestApp } from '../support/harness';
import { snapshotAll } from '../support/snapshot';
import type { Citizen, Jobcenter } from '../../src/entities';
import { CitizenIds, IssueDeadlineForAccessPolicy, PublishSlotsForAccessPolicy } from '../support/operations';

/**
 * Issue 13 item 3: each operation's policy (src/auth/policy.ts, ROOT_POLICIES) is enforced by the field guard before
 * the resolver runs and before the arguments are looked at; a scope argument that is no ID is still the input check's.
 */
describe('access policy: who may call an operation is decided first (Actors and access, docs/security.md)', () => {
  let t: TestApp;
  let x: Jobcenter;
  let y: Jobcenter;
  let a: Citizen;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T09:00:00+01:00' });
    x = await t.fx.jobcenter();
    y = await t.fx.jobcenter();
    a = await t.fx.citizen(x);
  });
  afterAll(() => t.close());

  const slot = { startsAt: '2026-03-18T10:00:00+01:00', endsAt: '2026-03-18T10:30:00+01:00' };

  it('DL-1: a citizen calling a staff mutation with malformed input is FORBIDDEN (not told what the input lacks), and nothing changes', async () => {
    const before = await snapshotAll(t.ds);
    const r = await t.as.citizen(a.id).exec(IssueDeadlineForAccessPolicy, { input: { citizenId: 'not-a-uuid', bookBy: '2026-03-12' } });
    expect(r.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'DL-1: Mutation.issueDeadline: only a caseworker or integration of a jobcenter may do this'],
    ]);
    expect(await snapshotAll(t.ds)).toEqual(before);
  });

  it('DL-1: the same malformed input from staff is the mutation\'s INVALID_INPUT user error naming the field', async () => {
    const r = await t.as.caseworker(x.id).run(IssueDeadlineForAccessPolicy, { input: { citizenId: 'not-a-uuid', bookBy: '2026-03-12' } });
    expect(r.issueDeadline.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'citizenId'] }]);
  });

  it('IN-2: an a-kasse asking for citizens(jobcenterId: "x") is FORBIDDEN, learning nothing of the argument; staff get BAD_USER_INPUT', async () => {
    const fund = await t.fx.fund();
    expect((await t.as.fund(fund.id).exec(CitizenIds, { jc: 'x' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.caseworker(x.id).exec(CitizenIds, { jc: 'x' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('SL-1: publishSlots for another jobcenter is FORBIDDEN naming the scope argument; for the own one it runs', async () => {
    const other = await t.as.caseworker(y.id).exec(PublishSlotsForAccessPolicy, { input: { jobcenterId: x.id, slots: [slot] } });
    expect(other.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'SL-1: Mutation.publishSlots: only staff of the jobcenter in input.jobcenterId may do this'],
    ]);
    const own = await t.as.caseworker(x.id).run(PublishSlotsForAccessPolicy, { input: { jobcenterId: x.id, slots: [slot] } });
    expect(own.publishSlots.userErrors).toEqual([]);
    expect(own.publishSlots.slots).toHaveLength(1);
  });

  it('SL-1: a scope argument that is no ID is the input check\'s: INVALID_INPUT naming input.jobcenterId, not FORBIDDEN', async () => {
    const r = await t.as.caseworker(y.id).run(PublishSlotsForAccessPolicy, { input: { jobcenterId: 'x', slots: [slot] } });
    expect(r.publishSlots.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'jobcenterId'] }]);
  });
});
