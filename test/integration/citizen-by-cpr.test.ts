import { as } from '../support/harness';
import { withApp } from '../support/app';
import { gqlPost, request } from '../support/http';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';

const BY_CPR = `query($cpr: String!) { citizenByCpr(cpr: $cpr) { id name cpr } }`;

describe('citizenByCpr (CZ-10, IN-2)', () => {
  const t = withApp();
  let url: string;
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  let mine: Citizen;
  let foreign: Citizen;
  beforeAll(async () => {
    url = await t.listen();
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
    mine = await t.fx.citizen(jc, { cpr: '1207851234', unemploymentFundId: fund.id });
    foreign = await t.fx.citizen(await t.fx.jobcenter(), { cpr: '1207855678' });
  });

  const logOf = (c: Citizen) => t.ds.query(`SELECT access, operation, purpose, actor_kind FROM access_log WHERE citizen_id = $1`, [c.id]);

  it('CZ-10: staff of the citizen\'s jobcenter look the citizen up by CPR over POST; the read is access-logged with its purpose', async () => {
    const r = await gqlPost(url, BY_CPR, { cpr: mine.cpr }, { 'x-dev-actor': `caseworker:${jc.id}`, 'x-purpose': 'Borgeren ringede om sin frist' });
    expect(r.json).toEqual({ data: { citizenByCpr: { id: mine.id, name: mine.name, cpr: mine.cpr } } });
    expect(await logOf(mine)).toEqual([{ access: 'READ', operation: 'Query.citizenByCpr', purpose: 'Borgeren ringede om sin frist', actor_kind: 'CASEWORKER' }]);
  });

  it('CZ-10: another jobcenter\'s citizen is not found (null), and nothing about them is logged or shown', async () => {
    const r = await t.ok(as.caseworker(jc.id), BY_CPR, { cpr: foreign.cpr });
    expect(r.citizenByCpr).toBeNull();
    expect(await logOf(foreign)).toEqual([]);
    expect((await t.ok(as.integration(jc.id), BY_CPR, { cpr: '0101011234' })).citizenByCpr).toBeNull();
  });

  it('CZ-10: a GET is refused, so a CPR number never appears in a URL; a malformed number is BAD_USER_INPUT naming cpr without echoing it', async () => {
    const q = new URLSearchParams({ query: BY_CPR, variables: JSON.stringify({ cpr: mine.cpr }) });
    const get = await request(`${url}?${q}`, { method: 'GET', headers: { 'x-dev-actor': `caseworker:${jc.id}`, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
    expect(get.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(get.text).not.toContain(mine.cpr);
    for (const bad of ['12078512', '3202851234', 'abcdefghij']) {
      const r = await t.gql(as.caseworker(jc.id), BY_CPR, { cpr: bad });
      expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'cpr' }, message: expect.stringMatching(/^CZ-10: /) });
      expect(r.errors?.[0]?.message).not.toContain(bad);
    }
    expect(await logOf(mine)).toHaveLength(1); // only the first test's read
  });

  it('CZ-10: only jobcenter staff look up by CPR — the citizen, an a-kasse (even of a member) and statistics are refused; anonymous is unauthenticated', async () => {
    for (const [actor, code] of [[as.citizen(mine.id), 'FORBIDDEN'], [as.fund(fund.id), 'FORBIDDEN'], [as.statistics(), 'FORBIDDEN'], [as.anonymous(), 'UNAUTHENTICATED']] as const) {
      const r = await t.gql(actor, BY_CPR, { cpr: mine.cpr });
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
      expect(r.data?.citizenByCpr ?? null).toBeNull();
    }
  });
});
