import { startTestApp, type TestApp } from '../support/harness';
import { codeOf, gqlPost } from '../support/http';
import { snapshotAll } from '../support/snapshot';
import type { Jobcenter } from '../../src/entities';

const ISSUE = `mutation($input: IssueDeadlineInput!) { issueDeadline(input: $input) { deadline { id } userErrors { code } } }`;

describe('per-actor rate limit on mutations', () => {
  let t: TestApp;
  let url: string;
  let jc: Jobcenter;
  let nowMs = 0;
  beforeAll(async () => {
    t = await startTestApp({ app: { rateLimit: { burst: 3, perMinute: 6, nowMs: () => nowMs } } });
    url = await t.listen();
    jc = await t.fx.jobcenter();
  });
  afterAll(() => t.close());

  const as = (actor: string) => ({ 'x-dev-actor': actor });

  it('allows a burst, then answers 429 RATE_LIMITED with Retry-After and changes nothing; refills over time', async () => {
    const cw = as(`caseworker:${jc.id}:rl-1`);
    for (let i = 0; i < 3; i++) {
      const c = await t.fx.citizen(jc);
      const r = await gqlPost(url, ISSUE, { input: { citizenId: c.id, bookBy: '2026-03-12' } }, cw);
      expect(r.json.data.issueDeadline.userErrors).toEqual([]);
    }
    const c = await t.fx.citizen(jc);
    const before = await snapshotAll(t.ds);
    const limited = await gqlPost(url, ISSUE, { input: { citizenId: c.id, bookBy: '2026-03-12' } }, cw);
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('10');
    expect(limited.json.errors[0].message).toMatch(/at most 6 mutations a minute/);
    expect(limited.json.errors[0].extensions.retryAfterSeconds).toBe(10);
    expect(await snapshotAll(t.ds)).toEqual(before);
    // Reads are not limited; another actor has its own bucket.
    expect((await gqlPost(url, `{ serverInfo { today } }`, undefined, cw)).status).toBe(200);
    expect((await gqlPost(url, `mutation { ping }`, undefined, as(`caseworker:${jc.id}:rl-2`))).status).toBe(200);
    nowMs += 10_000; // one token back
    expect((await gqlPost(url, ISSUE, { input: { citizenId: c.id, bookBy: '2026-03-12' } }, cw)).json.data.issueDeadline.userErrors).toEqual([]);
    expect((await gqlPost(url, `mutation { ping }`, undefined, cw)).status).toBe(429);
  });

  it('aliased mutations cost one token each', async () => {
    const r = await gqlPost(url, `mutation { a: ping b: ping c: ping d: ping }`, undefined, as(`caseworker:${jc.id}:rl-3`));
    expect([r.status, codeOf(r)]).toEqual([429, 'RATE_LIMITED']);
    const ok = await gqlPost(url, `mutation { a: ping b: ping c: ping }`, undefined, as(`caseworker:${jc.id}:rl-3`));
    expect(ok.json.data).toEqual({ a: true, b: true, c: true });
  });

  it('anonymous callers share a bucket per client address', async () => {
    nowMs += 3_600_000;
    for (let i = 0; i < 3; i++) expect((await gqlPost(url, `mutation { ping }`)).status).toBe(200);
    expect(codeOf(await gqlPost(url, `mutation { ping }`))).toBe('RATE_LIMITED');
  });
});

describe('query limits let ordinary queries through', () => {
  it('a full page (first: 200) of citizens with their meetings and deadlines is within depth, cost and token limits', async () => {
    const t = await startTestApp({ development: false });
    try {
      const jc = await t.fx.jobcenter();
      const c = await t.fx.citizen(jc);
      await t.fx.meeting(c, '2026-03-10');
      const r = await t.gql({ kind: 'CASEWORKER', jobcenterId: jc.id, userId: 'u' }, `query($jc: ID!) { citizens(jobcenterId: $jc, first: 200) {
        nodes { id name targetGroup registered activeDeadline { id bookBy status } meetings { id startsAt status type slot { id } } }
        pageInfo { hasNextPage endCursor } } }`, { jc: jc.id });
      expect(r.errors).toBeUndefined();
      expect(r.data!.citizens.nodes).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});

describe('error masking and schema hiding: production versus development', () => {
  it('production: an internal failure answers "Internal server error" without SQL, table names or stack', async () => {
    const t = await startTestApp({ development: false });
    try {
      const url = await t.listen();
      const jc = await t.fx.jobcenter();
      await t.ds.query(`ALTER TABLE citizen RENAME TO citizen_away`);
      try {
        const r = await gqlPost(url, `query($jc: ID!) { citizens(jobcenterId: $jc) { nodes { id } } }`, { jc: jc.id }, { 'x-dev-actor': `caseworker:${jc.id}` });
        expect(r.json.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: ['citizens'] }]);
        expect(r.text).not.toMatch(/citizen_away|relation|SELECT|QueryFailedError|\.ts:/);
      } finally {
        await t.ds.query(`ALTER TABLE citizen_away RENAME TO citizen`);
      }
      const intro = await gqlPost(url, `{ __schema { types { name } } }`);
      expect(codeOf(intro)).toBe('GRAPHQL_VALIDATION_FAILED');
      const typo = await gqlPost(url, `{ serverInfo { todya } }`);
      expect(typo.json.errors[0].message).not.toMatch(/Did you mean/);
    } finally {
      await t.close();
    }
  });

  it('development: introspection and field suggestions are available (so the production checks above can fail)', async () => {
    const t = await startTestApp({ development: true });
    try {
      const url = await t.listen();
      const intro = await gqlPost(url, `{ __schema { queryType { name } } }`);
      expect(intro.json.data.__schema.queryType.name).toBe('Query');
      const typo = await gqlPost(url, `{ serverInfo { todya } }`);
      expect(typo.json.errors[0].message).toMatch(/Did you mean "today"/);
    } finally {
      await t.close();
    }
  });
});
