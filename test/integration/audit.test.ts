import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { codeOf, gqlPost } from '../support/http';
import { testIssuer, type TestIssuer } from '../support/tokens';
import { type AccessLogRow, RequestAudit, insertAccessLog } from '../../src/audit/access-log';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { AccessLog, CitizenCasesForAudit, CitizenName, CitizenNameForAudit, CitizenNamesForAudit, Citizens, IssueDeadlineForAudit, MeetingCitizen } from '../support/operations';

interface LogRow {
  citizen_id: string; access: string; operation: string; purpose: string; actor_kind: string; actor: string;
  jobcenter_id: string | null; unemployment_fund_id: string | null; request_id: string; at: Date;
}


describe('access log (GDPR art. 15): who read or changed a citizen\'s data, when, how and why', () => {
  const t = withApp(async () => {
    idp = await testIssuer('https://idp.test/audit');
    return { now: '2026-03-02T09:00:00+01:00', app: { auth: { issuers: [idp.config] } } };
  });
  let url: string;
  let idp: TestIssuer;
  let jc: Jobcenter;
  let fund: UnemploymentFund;

  beforeAll(async () => {
    url = await t.listen();
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const logOf = (c: Citizen): Promise<LogRow[]> => t.ds.query(`SELECT * FROM access_log WHERE citizen_id = $1 ORDER BY id`, [c.id]);

  it('a caseworker\'s read writes one READ entry per citizen and operation, with actor, jobcenter, time and default purpose', async () => {
    const c = await t.fx.citizen(jc);
    await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    await t.fx.meeting(c, '2026-03-05');
    await t.as.caseworker(jc.id, 'jane').run(CitizenCasesForAudit, { id: c.id });
    const rows = await logOf(c);
    expect(rows).toEqual([expect.objectContaining({
      access: 'READ', operation: 'Query.citizen', actor_kind: 'CASEWORKER', actor: `caseworker:${jc.id}:jane`,
      jobcenter_id: jc.id, unemployment_fund_id: null, purpose: expect.stringMatching(/case handling/),
    })]);
    expect(rows[0]!.at.toISOString()).toBe('2026-03-02T08:00:00.000Z');
  });

  it('the citizen\'s own reads and a statistics reader\'s aggregates write nothing; a refused read writes nothing', async () => {
    const c = await t.fx.citizen(jc);
    await t.as.citizen(c.id).run(CitizenCasesForAudit, { id: c.id });
    await t.as.caseworker((await t.fx.jobcenter()).id).run(CitizenCasesForAudit, { id: c.id }); // other jobcenter: null
    await t.as.statistics().exec(CitizenCasesForAudit, { id: c.id });
    expect(await logOf(c)).toEqual([]);
  });

  it('an a-kasse\'s read of its member is logged with the fund', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    await t.as.fund(fund.id).run(CitizenName, { id: c.id });
    expect(await logOf(c)).toEqual([expect.objectContaining({ access: 'READ', actor_kind: 'UNEMPLOYMENT_FUND', unemployment_fund_id: fund.id, jobcenter_id: null })]);
  });

  it('nested reads are logged under their root operation (a meeting\'s citizen, a list of citizens)', async () => {
    const [a, b] = [await t.fx.citizen(jc), await t.fx.citizen(jc)];
    const m = await t.fx.meeting(a, '2026-03-06');
    await t.as.integration(jc.id).run(MeetingCitizen, { id: m.id });
    expect((await logOf(a)).map((r) => [r.operation, r.actor_kind])).toEqual([['Query.meeting', 'INTEGRATION']]);
    await t.as.caseworker(jc.id).run(Citizens, { jc: jc.id });
    expect((await logOf(b)).map((r) => r.operation)).toEqual(['Query.citizens']);
  });

  it('reads are written in one statement per request, however many citizens it returned', async () => {
    const own = await t.fx.jobcenter();
    await t.fx.citizen(own);
    const one = await t.countQueries(() => t.as.caseworker(own.id).run(CitizenNamesForAudit, { jc: own.id }));
    for (let i = 0; i < 40; i++) await t.fx.citizen(own);
    const many = await t.countQueries(() => t.as.caseworker(own.id).run(CitizenNamesForAudit, { jc: own.id }));
    expect(many.result.citizens.nodes).toHaveLength(41);
    expect(many.statements).toBe(one.statements);
    const logged: { n: string }[] = await t.ds.query(`SELECT count(*)::text AS n FROM access_log WHERE jobcenter_id = $1`, [own.id]);
    expect(logged[0]!.n).toBe(String(1 + 41));
  });

  it('a change writes a CHANGE entry in the same transaction as the change, and no second READ entry for it', async () => {
    const c = await t.fx.citizen(jc);
    const r = await t.as.caseworker(jc.id).run(IssueDeadlineForAudit, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    expect(r.issueDeadline.userErrors).toEqual([]);
    const rows = await logOf(c);
    expect(rows.map((x) => [x.access, x.operation])).toEqual([['CHANGE', 'Mutation.issueDeadline']]);
    const [{ same }] = await t.ds.query(
      `SELECT (SELECT xmin FROM access_log WHERE citizen_id = $1) = (SELECT xmin FROM deadline WHERE citizen_id = $1) AS same`, [c.id]);
    expect(same).toBe(true);
  });

  it('a refused change (a rule violation rolls back) leaves no entry', async () => {
    const c = await t.fx.citizen(jc);
    const r = await t.as.caseworker(jc.id).run(IssueDeadlineForAudit, { input: { citizenId: c.id, availableFrom: '2026-03-02', bookBy: '2026-03-09' } });
    expect(r.issueDeadline.userErrors[0].code).toBe('BOOKING_PERIOD_TOO_SHORT');
    expect(await logOf(c)).toEqual([]);
  });

  it('the purpose comes from the x-purpose header (UTF-8), else the token\'s purpose claim; a bad header is refused', async () => {
    const c = await t.fx.citizen(jc);
    const token = await idp.sign({ role: 'caseworker', jobcenter_id: jc.id, sub: 'bo', purpose: 'Opfølgning på ledighed' });
    const viaHeader = await gqlPost(url, CitizenCasesForAudit, { id: c.id }, {
      authorization: `Bearer ${token}`, 'x-purpose': Buffer.from('Sag 2026-117: rådighedsvurdering', 'utf8').toString('latin1'),
    });
    expect(viaHeader.status).toBe(200);
    const viaClaim = await gqlPost(url, CitizenCasesForAudit, { id: c.id }, { authorization: `Bearer ${token}` });
    expect(viaClaim.status).toBe(200);
    expect((await logOf(c)).map((r) => r.purpose)).toEqual(['Sag 2026-117: rådighedsvurdering', 'Opfølgning på ledighed']);
    expect((await logOf(c))[0]!.request_id).toBe(viaHeader.headers['x-request-id']);
    for (const bad of ['x'.repeat(201), 'a\tb', '   ']) {
      const r = await gqlPost(url, CitizenCasesForAudit, { id: c.id }, { authorization: `Bearer ${token}`, 'x-purpose': bad });
      expect([r.status, codeOf(r)]).toEqual([400, 'BAD_REQUEST']);
    }
    expect(await logOf(c)).toHaveLength(2);
  });

  it('GDPR art. 15: the citizen reads their access log (organisation, purpose, time; not the employee), newest first, paginated', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    await t.as.caseworker(jc.id, 'jane').run(CitizenCasesForAudit, { id: c.id });
    t.clock.set('2026-03-03T10:00:00+01:00');
    try {
      await t.as.fund(fund.id).run(CitizenNameForAudit, { id: c.id });
      await t.as.caseworker(jc.id, 'jane').run(IssueDeadlineForAudit, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
    } finally {
      t.clock.set('2026-03-02T09:00:00+01:00');
    }
    const page1 = (await t.as.citizen(c.id).run(AccessLog, { id: c.id, first: 2 })).accessLog;
    expect(page1.nodes).toEqual([
      expect.objectContaining({ access: expect.any(String), at: '2026-03-03T10:00:00+01:00', actor: null }),
      expect.objectContaining({ at: '2026-03-03T10:00:00+01:00', actor: null }),
    ]);
    expect(page1.nodes.map((n: { access: string; actorRole: string }) => [n.access, n.actorRole]).sort()).toEqual([['CHANGE', 'CASEWORKER'], ['READ', 'UNEMPLOYMENT_FUND']]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await t.as.citizen(c.id).run(AccessLog, { id: c.id, first: 2, after: page1.pageInfo.endCursor })).accessLog;
    expect(page2.nodes).toEqual([expect.objectContaining({ access: 'READ', operation: 'Query.citizen', at: '2026-03-02T09:00:00+01:00', jobcenter: { id: jc.id }, actor: null })]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    // The jobcenter sees who (internal control); reading the log is not itself logged.
    const staff = (await t.as.caseworker(jc.id).run(AccessLog, { id: c.id })).accessLog.nodes;
    expect(staff.map((n: { actor: string }) => n.actor)).toContain(`caseworker:${jc.id}:jane`);
    expect(await logOf(c)).toHaveLength(3);
  });

  it('the access log is for the citizen and their jobcenter only', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    expect((await t.as.fund(fund.id).exec(AccessLog, { id: c.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.statistics().exec(AccessLog, { id: c.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.caseworker((await t.fx.jobcenter()).id).exec(AccessLog, { id: c.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await t.as.citizen((await t.fx.citizen(jc)).id).exec(AccessLog, { id: c.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await t.as.citizen(c.id).exec(AccessLog, { id: c.id, after: 'bm9wZQ' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('entries cannot be altered or deleted (append-only in the database)', async () => {
    const c = await t.fx.citizen(jc);
    await t.as.caseworker(jc.id).run(CitizenCasesForAudit, { id: c.id });
    await expect(t.ds.query(`UPDATE access_log SET purpose = 'x' WHERE citizen_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM access_log WHERE citizen_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only/);
    expect(await logOf(c)).toHaveLength(1);
  });

  it('fails closed: when the entry cannot be written, the data is withheld (500) instead of sent unlogged', async () => {
    const c = await t.fx.citizen(jc);
    await t.ds.query(`ALTER TABLE access_log RENAME TO access_log_away`);
    try {
      const r = await gqlPost(url, CitizenCasesForAudit, { id: c.id }, { 'x-dev-actor': `caseworker:${jc.id}` });
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      expect(r.text).not.toContain(c.name);
    } finally {
      await t.ds.query(`ALTER TABLE access_log_away RENAME TO access_log`);
    }
  });

  it('measured: the entries of a request are one INSERT, whatever their number (1, 20, 200 citizens)', async () => {
    const own = await t.fx.jobcenter();
    for (const n of [1, 20, 200]) {
      const audit = new RequestAudit(as.caseworker(own.id), `req-measure-${n}`, undefined);
      for (let i = 0; i < n; i++) audit.noteRead(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'Query.citizens');
      const rows: AccessLogRow[] = audit.takeReads(Temporal.Instant.from('2026-03-02T08:00:00Z'));
      expect(rows).toHaveLength(n);
      let statements = 0;
      const counting = { query: (q: string, p?: unknown[]) => (statements++, t.ds.query(q, p)) };
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const started = process.hrtime.bigint();
        await insertAccessLog(counting, rows);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      expect(statements).toBe(7);
      const median = times.sort((x, y) => x - y)[3]!;
      process.stdout.write(`access log: ${n} READ entries in one INSERT, median ${median.toFixed(2)} ms\n`);
      expect(median).toBeLessThan(200);
    }
  });
});
