import { as, startTestApp } from '../support/harness';
import { withApp } from '../support/app';
import { codeOf, gqlPost, request } from '../support/http';
import type { Citizen, Jobcenter } from '../../src/entities';
import { JobcenterNameCode, JobcenterOne, Jobcenters } from '../support/operations';

/** Issue 11.11, first two parts: a jobcenter's settings are its own; an internal error is an HTTP 500. */
describe('jobcenter settings (SL-4, actors table): name and code are public, rebookingCutoffHours only for the jobcenter\'s own staff and citizens', () => {
  const t = withApp();
  let x: Jobcenter;
  let y: Jobcenter;
  let citizenOfX: Citizen;
  let citizenOfY: Citizen;
  beforeAll(async () => {
    x = await t.fx.jobcenter({ rebookingCutoffHours: 24 });
    y = await t.fx.jobcenter({ rebookingCutoffHours: 48 });
    citizenOfX = await t.fx.citizen(x);
    citizenOfY = await t.fx.citizen(y);
  });

  it('SL-4: the jobcenter\'s own caseworker, integration and citizen read its settings', async () => {
    for (const actor of [as.caseworker(x.id), as.integration(x.id), as.citizen(citizenOfX.id)]) {
      expect((await t.as(actor).run(JobcenterOne, { id: x.id })).jobcenter).toEqual({ id: x.id, name: x.name, code: x.code, rebookingCutoffHours: 24 });
    }
  });

  it('SL-4: another jobcenter\'s caseworker, an integration, a citizen, an a-kasse and statistics get FORBIDDEN on the settings, but name and code', async () => {
    const fund = await t.fx.fund();
    for (const actor of [as.caseworker(y.id), as.integration(y.id), as.citizen(citizenOfY.id), as.fund(fund.id), as.statistics()]) {
      const r = await t.as(actor).exec(JobcenterOne, { id: x.id });
      expect(r.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['jobcenter', 'rebookingCutoffHours']]]);
      expect(r.errors![0]!.message).toMatch(/^SL-4: /);
      expect(r.data!.jobcenter).toEqual({ id: x.id, name: x.name, code: x.code, rebookingCutoffHours: null });
      expect((await t.as(actor).run(JobcenterNameCode, { id: x.id })).jobcenter).toEqual({ id: x.id, name: x.name, code: x.code });
    }
  });

  it('SL-4: the jobcenters list shows every name and code, and only the own jobcenter\'s settings', async () => {
    const r = await t.as.caseworker(y.id).exec(Jobcenters);
    const shown = r.data!.jobcenters.filter((j: { rebookingCutoffHours: number | null }) => j.rebookingCutoffHours !== null);
    expect(shown).toEqual([{ id: y.id, rebookingCutoffHours: 48 }]);
    expect(r.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(r.errors).toHaveLength(r.data!.jobcenters.length - 1);
  });
});

describe('internal errors answer HTTP 500 (README: Errors every operation may answer)', () => {
  it('an internal fault answers 500 with the masked JSON error, whichever of application/json and application/graphql-response+json is accepted; a field error such as FORBIDDEN stays 200', async () => {
    const t = await startTestApp({ development: false });
    try {
      const url = await t.listen();
      const jc = await t.fx.jobcenter();
      const cw = { 'x-dev-actor': `caseworker:${jc.id}` };
      // A string on purpose: sent as a raw body too, to test the content types of the answer.
      const Q = `query($jc: ID!) { citizens(jobcenterId: $jc) { nodes { id } } }`;
      await t.ds.query(`ALTER TABLE citizen RENAME TO citizen_away`);
      try {
        const json = await gqlPost(url, Q, { jc: jc.id }, cw);
        expect(json.status).toBe(500);
        expect(json.headers['content-type']).toMatch(/^application\/json/);
        expect(json.json.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: ['citizens'] }]);
        const modern = await request(url, { headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...cw }, body: JSON.stringify({ query: Q, variables: { jc: jc.id } }) });
        expect(modern.status).toBe(500);
        expect(modern.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
        expect(codeOf(modern)).toBe('INTERNAL_SERVER_ERROR');
      } finally {
        await t.ds.query(`ALTER TABLE citizen_away RENAME TO citizen`);
      }
      expect((await gqlPost(url, Q, { jc: jc.id }, cw)).status).toBe(200);
      const other = await t.fx.jobcenter();
      const forbidden = await gqlPost(url, Q, { jc: other.id }, cw);
      expect([forbidden.status, codeOf(forbidden)]).toEqual([200, 'FORBIDDEN']);
    } finally {
      await t.close();
    }
  });
});
