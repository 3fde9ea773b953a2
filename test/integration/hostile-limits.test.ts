import { startTestApp } from '../support/harness';
import { withApp } from '../support/app';
import { codeOf, gqlPost } from '../support/http';
import { snapshotAll } from '../support/snapshot';
import type { Jobcenter } from '../../src/entities';
import { CitizenIds, CitizensForHostileLimits, IssueDeadlineCodes, MeName, Ping, ServerToday } from '../support/operations';


describe('per-actor rate limit on mutations', () => {
  const t = withApp({ app: { rateLimit: { burst: 3, perMinute: 6, nowMs: () => nowMs } } });
  let url: string;
  let jc: Jobcenter;
  let nowMs = 0;
  beforeAll(async () => {
    url = await t.listen();
    jc = await t.fx.jobcenter();
  });

  const as = (actor: string) => ({ 'x-dev-actor': actor });

  it('allows a burst, then answers 429 RATE_LIMITED with Retry-After and changes nothing; refills over time', async () => {
    const cw = as(`caseworker:${jc.id}:rl-1`);
    for (let i = 0; i < 3; i++) {
      const c = await t.fx.citizen(jc);
      const r = await gqlPost(url, IssueDeadlineCodes, { input: { citizenId: c.id, bookBy: '2026-03-12' } }, cw);
      expect(r.json.data.issueDeadline.userErrors).toEqual([]);
    }
    const c = await t.fx.citizen(jc);
    const before = await snapshotAll(t.ds);
    const limited = await gqlPost(url, IssueDeadlineCodes, { input: { citizenId: c.id, bookBy: '2026-03-12' } }, cw);
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('10');
    expect(limited.json.errors[0].message).toMatch(/at most 6 mutations a minute/);
    expect(limited.json.errors[0].extensions.retryAfterSeconds).toBe(10);
    expect(await snapshotAll(t.ds)).toEqual(before);
    // Reads are not limited; another actor has its own bucket.
    expect((await gqlPost(url, ServerToday, undefined, cw)).status).toBe(200);
    expect((await gqlPost(url, Ping, undefined, as(`caseworker:${jc.id}:rl-2`))).status).toBe(200);
    nowMs += 10_000; // one token back
    expect((await gqlPost(url, IssueDeadlineCodes, { input: { citizenId: c.id, bookBy: '2026-03-12' } }, cw)).json.data.issueDeadline.userErrors).toEqual([]);
    expect((await gqlPost(url, Ping, undefined, cw)).status).toBe(429);
  });

  it('aliased mutations cost one token each', async () => {
    // Strings on purpose: the aliases are the probe (each one a mutation the rate limit must count).
    const r = await gqlPost(url, `mutation { a: ping b: ping c: ping d: ping }`, undefined, as(`caseworker:${jc.id}:rl-3`));
    expect([r.status, codeOf(r)]).toEqual([429, 'RATE_LIMITED']);
    const ok = await gqlPost(url, `mutation { a: ping b: ping c: ping }`, undefined, as(`caseworker:${jc.id}:rl-3`));
    expect(ok.json.data).toEqual({ a: true, b: true, c: true });
  });

  it('anonymous callers share a bucket per client address', async () => {
    nowMs += 3_600_000;
    for (let i = 0; i < 3; i++) expect((await gqlPost(url, Ping)).status).toBe(200);
    expect(codeOf(await gqlPost(url, Ping))).toBe('RATE_LIMITED');
  });
});

describe('query limits let ordinary queries through', () => {
  it('a full page (first: 200) of citizens with their meetings and deadlines is within depth, cost and token limits', async () => {
    const t = await startTestApp({ development: false });
    try {
      const jc = await t.fx.jobcenter();
      const c = await t.fx.citizen(jc);
      await t.fx.meeting(c, '2026-03-10');
      const r = await t.as({ kind: 'CASEWORKER', jobcenterId: jc.id, userId: 'u' }).exec(CitizensForHostileLimits, { jc: jc.id });
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
        const r = await gqlPost(url, CitizenIds, { jc: jc.id }, { 'x-dev-actor': `caseworker:${jc.id}` });
        expect(r.json.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: ['citizens'] }]);
        expect(r.text).not.toMatch(/citizen_away|relation|SELECT|QueryFailedError|\.ts:/);
      } finally {
        await t.ds.query(`ALTER TABLE citizen_away RENAME TO citizen`);
      }
      // Strings on purpose: introspection and a misspelt field are what production must hide.
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
      // Strings on purpose: introspection and a misspelt field, as above.
      const intro = await gqlPost(url, `{ __schema { queryType { name } } }`);
      expect(intro.json.data.__schema.queryType.name).toBe('Query');
      const typo = await gqlPost(url, `{ serverInfo { todya } }`);
      expect(typo.json.errors[0].message).toMatch(/Did you mean "today"/);
    } finally {
      await t.close();
    }
  });
});

// Strings on purpose below: cost and result-size probes (an attack of 15 aliases, full pages, answers just over a bound).
/** The issue's attack: 15 aliases of a page of citizens with meetings and deadlines, the page size a variable. */
const ATTACK = `query($jc: ID!, $n: Int) { ${Array.from({ length: 15 }, (_, i) =>
  `c${i}: citizens(jobcenterId: $jc, first: $n) { nodes { id name cpr meetings { id startsAt endsAt status type } deadlines { id bookBy status } } }`).join(' ')} }`;
/** One full page of the same: an ordinary caseworker query (cost 200 × 205 = 41 000). */
const FULL_PAGE = `query($jc: ID!, $n: Int) { citizens(jobcenterId: $jc, first: $n) { nodes { id name cpr meetings { id startsAt endsAt status type } deadlines { id bookBy status } } } }`;

describe('limits (issue 11.1): cost at the real page size, a per-actor query budget, a bounded answer', () => {
  const t = withApp({
    development: false,
    // A budget of two full pages in a burst (the abuser's third is refused), refilled slowly.
    app: { queryBudget: { perMinute: 60_000, burst: 100_000, nowMs: () => nowMs } },
  });
  let url: string;
  let jc: Jobcenter;
  let citizenId: string;
  let nowMs = 0;
  beforeAll(async () => {
    url = await t.listen();
    jc = await t.fx.jobcenter();
    for (let i = 0; i < 30; i++) {
      const c = await t.fx.citizen(jc, { name: `Borger ${String(i).padStart(2, '0')}` });
      await t.fx.meeting(c, '2026-03-10');
      await t.fx.deadline(c, '2026-03-02', '2026-03-20');
      citizenId = c.id;
    }
  });

  const cw = (user: string) => ({ 'x-dev-actor': `caseworker:${jc.id}:${user}` });

  it('the issue\'s attack (15 × citizens(first: $n), n = 200, with meetings and deadlines) is refused at once: 400, nothing runs', async () => {
    const before = await t.countQueries(async () => {
      const r = await gqlPost(url, ATTACK, { jc: jc.id, n: 200 }, cw('attacker-1'));
      expect(r.status).toBe(400);
      expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.json.errors[0].message).toMatch(/^Query cost \d+ exceeds the limit of 50000/);
      expect(r.json.data).toBeUndefined();
      return r;
    });
    expect(before.statements).toBe(0); // refused before any SQL (no access-log row either)
    // The same with a literal page size, and with the page size left to the schema default (50 × 15 aliases).
    expect(codeOf(await gqlPost(url, ATTACK.replace(/\$n\b(?!:)/g, '200').replace(', $n: Int', ''), { jc: jc.id }, cw('attacker-1')))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(codeOf(await gqlPost(url, ATTACK, { jc: jc.id }, cw('attacker-1')))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a page size above the clamp costs the clamp, not more: one full page asked as first: 100 000 passes and returns the page', async () => {
    const r = await gqlPost(url, FULL_PAGE, { jc: jc.id, n: 100_000 }, cw('clamp-1'));
    expect(r.status).toBe(200);
    expect(r.json.data.citizens.nodes).toHaveLength(30);
  });

  it('queries count against a per-actor budget: 429 RATE_LIMITED with Retry-After once it is spent; other actors, e.g. a citizen\'s { me { name } }, still answer while one caller misbehaves', async () => {
    const abuser = cw('abuser-1');
    const me = { 'x-dev-actor': `citizen:${citizenId}` };
    // The abuser fires 12 full pages at once; meanwhile the citizen asks for their name 5 times, one after another.
    const abuse = Promise.all(Array.from({ length: 12 }, () => gqlPost(url, FULL_PAGE, { jc: jc.id, n: 200 }, abuser)));
    const started = performance.now();
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await gqlPost(url, MeName, undefined, me));
    const citizenMs = performance.now() - started;
    const abused = await abuse;
    for (const r of mine) expect([r.status, r.json.data?.me?.name]).toEqual([200, 'Borger 29']);
    const statuses = abused.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(2); // 100 000 units of burst: two pages of 41 000
    const refused = abused.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    expect(codeOf(refused[0]!)).toBe('RATE_LIMITED');
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused[0]!.json.errors[0].message).toMatch(/at most 60000 cost units a minute \(bursts of 100000\) per actor/);
    // Generous bound (the point is that it answered, not how fast): five sequential { me { name } } within 5 s.
    expect(citizenMs).toBeLessThan(5000);
    // Refilled over time.
    nowMs += 60_000;
    expect((await gqlPost(url, FULL_PAGE, { jc: jc.id, n: 200 }, abuser)).status).toBe(200);
  });

  it('no answer is built beyond the result bound: 400 RESPONSE_TOO_LARGE, one error, no partial data', async () => {
    const small = await startTestApp({ development: false, app: { limits: { maxResultValues: 200 } } });
    try {
      const u = await small.listen();
      const j = await small.fx.jobcenter();
      for (let i = 0; i < 3; i++) {
        const c = await small.fx.citizen(j);
        for (let d = 10; d < 30; d++) await small.fx.meeting(c, `2026-03-${d}`);
      }
      const q = `query($jc: ID!) { citizens(jobcenterId: $jc, first: 3) { nodes { id meetings { id startsAt endsAt status type } } } }`;
      // Cost (3 × 20 assumed meetings × 6 ≈ 370) is under maxCost; the real answer (3 × 20 × 6 + …) is over 200 values.
      const r = await gqlPost(u, q, { jc: j.id }, { 'x-dev-actor': `caseworker:${j.id}` });
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ errors: [{ message: 'The answer would hold more than 200 values; ask for smaller pages or fewer fields', extensions: { code: 'RESPONSE_TOO_LARGE', maxResultValues: 200 } }] });
      // A smaller answer passes.
      const ok = await gqlPost(u, `query($jc: ID!) { citizens(jobcenterId: $jc, first: 1) { nodes { id meetings { id } } } }`, { jc: j.id }, { 'x-dev-actor': `caseworker:${j.id}` });
      expect(ok.status).toBe(200);
      expect(ok.json.data.citizens.nodes[0].meetings).toHaveLength(20);
    } finally {
      await small.close();
    }
  });

  it('the byte bound: an answer over maxResponseBytes is refused with 400 RESPONSE_TOO_LARGE', async () => {
    const small = await startTestApp({ development: false, app: { limits: { maxResponseBytes: 1000 } } });
    try {
      const u = await small.listen();
      const j = await small.fx.jobcenter();
      for (let i = 0; i < 20; i++) await small.fx.citizen(j, { name: `Borger med et langt navn nummer ${i}` });
      const r = await gqlPost(u, `query($jc: ID!) { citizens(jobcenterId: $jc, first: 20) { nodes { id name } } }`, { jc: j.id }, { 'x-dev-actor': `caseworker:${j.id}` });
      expect([r.status, codeOf(r)]).toEqual([400, 'RESPONSE_TOO_LARGE']);
      expect(r.json.errors[0].message).toMatch(/larger than 1000 bytes/);
    } finally {
      await small.close();
    }
  });
});
