import { print } from 'graphql';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { gqlPost, request } from '../support/http';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { CitizenByCpr, MoveCitizenForCitizenByCpr, RegisterJobSeekerForCitizenByCpr } from '../support/operations';


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
    const r = await gqlPost(url, CitizenByCpr, { cpr: mine.cpr }, { 'x-dev-actor': `caseworker:${jc.id}`, 'x-purpose': 'Borgeren ringede om sin frist' });
    expect(r.json).toEqual({ data: { citizenByCpr: { id: mine.id, name: mine.name, cpr: mine.cpr } } });
    expect(await logOf(mine)).toEqual([{ access: 'READ', operation: 'Query.citizenByCpr', purpose: 'Borgeren ringede om sin frist', actor_kind: 'CASEWORKER' }]);
  });

  it('CZ-10: another jobcenter\'s citizen is not found (null), and nothing about them is logged or shown', async () => {
    const r = await t.as.caseworker(jc.id).run(CitizenByCpr, { cpr: foreign.cpr });
    expect(r.citizenByCpr).toBeNull();
    expect(await logOf(foreign)).toEqual([]);
    expect((await t.as.integration(jc.id).run(CitizenByCpr, { cpr: '0101011234' })).citizenByCpr).toBeNull();
  });

  it('CZ-10: a GET is refused, so a CPR number never appears in a URL; a malformed number is BAD_USER_INPUT naming cpr without echoing it', async () => {
    const q = new URLSearchParams({ query: print(CitizenByCpr), variables: JSON.stringify({ cpr: mine.cpr }) });
    const get = await request(`${url}?${q}`, { method: 'GET', headers: { 'x-dev-actor': `caseworker:${jc.id}`, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
    expect(get.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(get.text).not.toContain(mine.cpr);
    for (const bad of ['12078512', '3202851234', 'abcdefghij']) {
      const r = await t.as.caseworker(jc.id).exec(CitizenByCpr, { cpr: bad });
      expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'cpr' }, message: expect.stringMatching(/^CZ-10: /) });
      expect(r.errors?.[0]?.message).not.toContain(bad);
    }
    expect(await logOf(mine)).toHaveLength(1); // only the first test's read
  });

  it('CZ-10: only jobcenter staff look up by CPR — the citizen, an a-kasse (even of a member) and statistics are refused; anonymous is unauthenticated', async () => {
    for (const [actor, code] of [[as.citizen(mine.id), 'FORBIDDEN'], [as.fund(fund.id), 'FORBIDDEN'], [as.statistics(), 'FORBIDDEN'], [as.anonymous(), 'UNAUTHENTICATED']] as const) {
      const r = await t.as(actor).exec(CitizenByCpr, { cpr: mine.cpr });
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
      expect(r.data?.citizenByCpr ?? null).toBeNull();
    }
  });
});

/**
 * CZ-5/CZ-10 policy (docs/security.md): any jobcenter may name a citizen by CPR in moveCitizen and registerJobSeeker,
 * and the answers tell a known number from an unknown one. Accepted — looking a person up by CPR is the caseworker's
 * normal duty when the person is in front of them — on the condition that every such answer is an audited look-up.
 */
describe('CZ-10: a CPR probe by another jobcenter is in the access log', () => {
  const t = withApp();
  const logOf = (id: string) => t.ds.query(`SELECT access, operation, jobcenter_id FROM access_log WHERE citizen_id = $1 ORDER BY at, operation`, [id]);

  it('CZ-10, CZ-1, CZ-5: REGISTERED_AT_OTHER_JOBCENTER and a refused move by CPR are logged as the asking jobcenter\'s READ of that citizen; an unknown number logs nothing', async () => {
    const home = await t.fx.jobcenter();
    const other = await t.fx.jobcenter();
    const c = await t.fx.citizen(home, { cpr: '1408861234', unemployedSince: t.clock.today().subtract({ days: 30 }) });
    const reg = (await t.as.caseworker(other.id).run(RegisterJobSeekerForCitizenByCpr, { input: { cpr: c.cpr, name: 'Anden Person', targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: '2026-02-02' } })).registerJobSeeker;
    expect(reg.userErrors).toEqual([{ code: 'REGISTERED_AT_OTHER_JOBCENTER', field: ['input', 'cpr'] }]);
    expect(await logOf(c.id)).toEqual([{ access: 'READ', operation: 'Mutation.registerJobSeeker', jobcenter_id: other.id }]);
    // A move by CPR dated before the citizen's previous move is refused (CZ-5) — after the citizen was found: logged too, nothing moved.
    await t.ds.query(`INSERT INTO citizen_change (citizen_id, at, actor, kind, effective_from, from_value, to_value) VALUES ($1, now(), 'test', 'JOBCENTER', $2, NULL, $3)`,
      [c.id, t.clock.today().subtract({ days: 5 }).toString(), home.id]);
    const move = (await t.as.caseworker(other.id).run(MoveCitizenForCitizenByCpr, { input: { cpr: c.cpr, toJobcenterId: other.id, effectiveFrom: t.clock.today().subtract({ days: 10 }).toString() } })).moveCitizen;
    expect(move.userErrors).toEqual([expect.objectContaining({ code: 'DATE_OUT_OF_RANGE', field: ['input', 'effectiveFrom'] })]);
    expect(await logOf(c.id)).toEqual([
      { access: 'READ', operation: 'Mutation.moveCitizen', jobcenter_id: other.id }, { access: 'READ', operation: 'Mutation.registerJobSeeker', jobcenter_id: other.id },
    ]);
    expect((await t.ds.query(`SELECT jobcenter_id FROM citizen WHERE id = $1`, [c.id]))[0].jobcenter_id).toBe(home.id);
    // An unknown number: NOT_FOUND, and no citizen to log.
    const before = await t.ds.query(`SELECT count(*)::int AS n FROM access_log`);
    const none = (await t.as.caseworker(other.id).run(MoveCitizenForCitizenByCpr, { input: { cpr: '1508861234', toJobcenterId: other.id } })).moveCitizen;
    expect(none.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'cpr'] })]);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM access_log`)).toEqual(before);
  });
});
