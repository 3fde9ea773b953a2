import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';

/**
 * Issue 13 review leftovers, each answered at once, naming the field and changing nothing: an idempotency key of any
 * length over the limit answers by SL-3, a page size outside 1 … the documented maximum is refused instead of
 * clamped, and an invalid Date written in the query text names its argument as the variable case does.
 */

const ERR = '{ code message field }';

describe('issue 13 review leftovers: input limits name their field and rule', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  it('SL-3: an idempotencyKey of 201, 2000 and 2001 characters answers the same SL-3 user error on input.idempotencyKey, changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    const cw = as.caseworker(jc.id);
    const before = await t.fx.snapshot();
    for (const length of [201, 2000, 2001, 5000]) {
      const r = await t.gql(cw, `mutation($input: IssueDeadlineInput!) { issueDeadline(input: $input) { deadline { id } userErrors ${ERR} } }`,
        { input: { citizenId: c.id, bookBy: '2026-03-20', idempotencyKey: 'k'.repeat(length) } });
      expect(r.errors).toBeUndefined();
      expect(r.data?.issueDeadline).toEqual({
        deadline: null,
        userErrors: [{ code: 'INVALID_INPUT', message: expect.stringMatching(/^SL-3: idempotencyKey must be 1–200 characters/), field: ['input', 'idempotencyKey'] }],
      });
    }
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('IN-1: `first` of 0 or -1 is BAD_USER_INPUT naming the argument and the limit; 1, the maximum and above it (the largest page, as documented) are served', async () => {
    const cw = as.caseworker(jc.id);
    const citizens = `query($jc: ID!, $n: Int) { citizens(jobcenterId: $jc, first: $n) { nodes { id } } }`;
    for (const n of [0, -1]) {
      const r = await t.gql(cw, citizens, { jc: jc.id, n });
      expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' }, message: expect.stringMatching(/^Query\.citizens: first must be between 1 and 200 \(a page/) });
      expect(r.data).toBeNull();
    }
    for (const n of [1, 200, 201, null]) expect((await t.gql(cw, citizens, { jc: jc.id, n })).errors).toBeUndefined();
    // A literal, a nested field and another maximum (slots: 500).
    const slots = await t.gql(cw, `query($jc: ID!) { slots(filter: { jobcenterId: $jc }, first: 0) { nodes { id } } }`, { jc: jc.id });
    expect(slots.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' }, message: expect.stringMatching(/^SL-2: first must be between 1 and 500 on Query\.slots/) });
    const c = await t.fx.citizen(jc);
    const letters = await t.gql(cw, `query($id: ID!) { citizen(id: $id) { letters(first: 0) { nodes { id } } } }`, { id: c.id });
    expect(letters.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' }, message: expect.stringMatching(/^CZ-8: first must be between 1 and 100 on Citizen\.letters/) });
  });

  it('IN-1: an invalid Date written in the query text is BAD_USER_INPUT with the argument path, as the same value in a variable; nothing changes', async () => {
    const c = await t.fx.citizen(jc);
    const cw = as.caseworker(jc.id);
    const before = await t.fx.snapshot();
    const byVariable = await t.gql(cw, `mutation($input: IssueDeadlineInput!) { issueDeadline(input: $input) { userErrors ${ERR} } }`,
      { input: { citizenId: c.id, bookBy: '2026-02-30' } });
    expect(byVariable.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^IN-1: Variable "\$input" got invalid value "2026-02-30" at "input\.bookBy"; Date cannot represent "2026-02-30"/) });
    const inline = await t.gql(cw, `mutation { issueDeadline(input: { citizenId: "${c.id}", bookBy: "2026-02-30" }) { userErrors ${ERR} } }`);
    expect(inline.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.bookBy' }, message: expect.stringMatching(/^IN-1: Argument "input" got invalid value at "input\.bookBy"; Date cannot represent "2026-02-30": expected a real calendar day/) });
    const query = await t.gql(cw, `{ jointInterviewOptOuts(from: "2026-13-01", to: "2026-03-10") { pageInfo { hasNextPage } } }`);
    expect(query.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
    expect(await t.fx.snapshot()).toEqual(before);
  });
});
