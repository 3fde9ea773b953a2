import { inflateSync } from 'node:zlib';
import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { testIssuer, type TestIssuer } from '../support/tokens';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForLetters, CitizenLetters, DecideSanctionAssessment, ExemptFromSelfBookingForLetters, ExtendDeadline, IssueDeadlineForLetters, LetterRead, MeLetters, RecordSystemOutageForLetters, RevokeSelfBookingRight } from '../support/operations';

/**
 * CZ-8: every letter the system sends (RG-2, TG-6, EX-2, EX-3, SA-2) is readable by the citizen and the citizen's
 * jobcenter as a document — through GraphQL and as PDF over HTTP — and nobody else; each read is access-logged.
 */
const START = '2026-03-02';

type LetterView = { id: string; kind: string; rule: string; date: string; sender: string; recipientName: string; subject: string; paragraphs: { heading: string | null; text: string }[]; pdfPath: string };
const body = (l: LetterView) => l.paragraphs.map((p) => `${p.heading ?? ''} ${p.text}`).join('\n');

/**
 * The text of a PDF, from its content streams (FlateDecode, inflated with node's zlib): pdfkit writes the standard
 * fonts' text as WinAnsi hex strings in TJ arrays; each array is one line.
 */
function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try { content = inflateSync(pdf.subarray(start, end)).toString('latin1'); } catch { continue; }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ/g)) {
      lines.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''));
    }
  }
  return lines.join(' ').replace(/\s+/g, ' ');
}

describe('CZ-8: letters as documents and PDF', () => {
  let url: string;
  let idp: TestIssuer;
  const t = withApp(async () => {
    idp = await testIssuer('https://idp.test/letters');
    return { now: `${START}T09:00:00+01:00`, app: { auth: { issuers: [idp.config] } }, resetClock: true };
  });
  let jc: Jobcenter;
  let other: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    url = (await t.listen()).replace(/\/graphql$/, '');
    jc = await t.fx.jobcenter({ name: 'Jobcenter Tårnby-Ærø' });
    other = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const day = (d: string) => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: '09:00' }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });
  const cw = () => as.caseworker(jc.id);
  const lettersOf = async (c: Citizen, actor = cw(), first?: number, after?: string) =>
    (await t.as(actor).run(CitizenLetters, { id: c.id, first, after })).citizen.letters as { nodes: LetterView[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

  /** An INSURED_UNEMPLOYED member with a deadline bookBy 2026-03-10, deregistered by the run of 2026-03-11 (RG-1). */
  async function deregistered(name = 'Søren Åberg Ørsted') {
    const c = await t.fx.citizen(jc, { name, unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-20') });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-20', 'INITIAL')`, [c.id]);
    expect((await t.as(cw()).run(IssueDeadlineForLetters, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.userErrors).toEqual([]);
    day('2026-03-11');
    await run('2026-03-11');
    return c;
  }

  async function pdf(path: string, headers: Record<string, string>) {
    const res = await fetch(`${url}${path}`, { headers });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  }
  const dev = (actor: string) => ({ 'x-dev-actor': actor });

  describe('GraphQL', () => {
    it('RG-2/CZ-8: the deregistration letter states deregistered, why, from when, re-registration and the benefit risk; sender, recipient and date', async () => {
      const c = await deregistered();
      const { nodes } = await lettersOf(c);
      expect(nodes).toHaveLength(1);
      const l = nodes[0]!;
      expect(l).toMatchObject({
        kind: 'DEREGISTRATION', rule: 'RG-2', date: '2026-03-11', sender: 'Jobcenter Tårnby-Ærø', recipientName: 'Søren Åberg Ørsted',
        recipientAddress: null, pdfPath: `/letters/${l.id}.pdf`,
      });
      const text = body(l);
      expect(text).toContain('Du er afmeldt som jobsøgende fra og med 11. marts 2026'); // deregistered, from when
      expect(text).toContain('Du bookede ikke en jobsamtale senest 10. marts 2026'); // why
      expect(text).toContain('Du kan tilmelde dig igen'); // can re-register
      expect(text).toContain('Det kan få betydning for din ret til dagpenge'); // benefits may be affected
      expect(text).not.toContain('RG-10');
    });

    it('RG-10/CZ-8: a deregistration flagged for a system outage carries the mark and its reason in the letter', async () => {
      const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-20') });
      await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-20', 'INITIAL')`, [c.id]);
      await t.as(cw()).run(IssueDeadlineForLetters, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
      day('2026-03-11');
      const outage = await t.as(cw()).run(RecordSystemOutageForLetters, { input: { startsAt: '2026-03-10T08:00:00+01:00', endsAt: '2026-03-10T20:00:00+01:00', description: 'Jobnet nede' } });
      expect(outage.recordSystemOutage.userErrors).toEqual([]);
      await run('2026-03-11');
      const [l] = (await lettersOf(c)).nodes;
      expect(l!.kind).toBe('DEREGISTRATION');
      expect(body(l!)).toContain('caused by the jobcenter, RG-10');
      expect(body(l!)).toContain('Jobnet havde driftsforstyrrelser på fristdagen');
    });

    it('TG-6/CZ-8: a deadline sent by letter shows bookBy, latestInterviewDate and how to book; its extension is a second letter, newest first', async () => {
      const c = await t.fx.citizen(jc, { exemptFromActiveJobSeeking: true });
      const issued = await t.as(cw()).run(IssueDeadlineForLetters, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
      expect(issued.issueDeadline.deadline.channel).toBe('LETTER');
      day('2026-03-05');
      expect((await t.as(cw()).run(ExtendDeadline, { input: { deadlineId: issued.issueDeadline.deadline.id, bookBy: '2026-03-16', reason: 'Ferie' } })).extendDeadline.userErrors).toEqual([]);
      const { nodes } = await lettersOf(c);
      expect(nodes.map((l) => [l.kind, l.rule, l.date])).toEqual([['DEADLINE_EXTENDED', 'TG-6', '2026-03-05'], ['DEADLINE', 'TG-6', '2026-03-02']]);
      const first = body(nodes[1]!);
      expect(first).toContain('Sidste dag at booke: 12. marts 2026');
      expect(first).toContain('Samtalen skal holdes senest 19. marts 2026');
      expect(first).toContain('Sådan booker du');
      expect(body(nodes[0]!)).toContain('Den nye frist er 16. marts 2026');
    });

    it('TG-6: a deadline on Jobnet (not exempted from active job-seeking) is no letter', async () => {
      const c = await t.fx.citizen(jc);
      await t.as(cw()).run(IssueDeadlineForLetters, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
      expect((await lettersOf(c)).nodes).toEqual([]);
    });

    it('EX-2/EX-3/CZ-8: formal decisions are letters with the decision, justification and complaint guidance; an exemption without disagreement is none', async () => {
      const plain = await t.fx.citizen(jc);
      await t.as(cw()).run(ExemptFromSelfBookingForLetters, { input: { citizenId: plain.id, reason: 'POOR_IT_SKILLS', note: 'kan ikke bruge computer' } });
      expect((await lettersOf(plain)).nodes).toEqual([]); // EX-1: no formal decision, no letter
      const c = await t.fx.citizen(jc);
      const formal = await t.as(cw()).run(ExemptFromSelfBookingForLetters, { input: { citizenId: c.id, reason: 'LANGUAGE_BARRIER', citizenDisagrees: true,
        justification: 'Borgeren taler ikke dansk', complaintGuidance: 'Klag til Ankestyrelsen inden 4 uger' } });
      expect(formal.exemptFromSelfBooking.userErrors).toEqual([]);
      const c2 = await t.fx.citizen(jc);
      const rev = await t.as(cw()).run(RevokeSelfBookingRight, { input: { citizenId: c2.id, reason: 'Booker gentagne gange ved at ringe', justification: 'Tre gange siden januar', complaintGuidance: 'Klag inden 4 uger' } });
      expect(rev.revokeSelfBookingRight.userErrors).toEqual([]);

      const [ex] = (await lettersOf(c)).nodes;
      expect(ex).toMatchObject({ kind: 'EXEMPTION_DECISION', rule: 'EX-2' });
      expect(ex!.paragraphs.map((p) => p.heading)).toEqual(['Afgørelse (decision)', 'Begrundelse (justification)', 'Klagevejledning (how to complain)']);
      expect(body(ex!)).toContain('betydelige sproglige barrierer');
      expect(body(ex!)).toContain('Borgeren taler ikke dansk');
      expect(body(ex!)).toContain('Klag til Ankestyrelsen inden 4 uger');
      const [rv] = (await lettersOf(c2)).nodes;
      expect(rv).toMatchObject({ kind: 'REVOCATION_DECISION', rule: 'EX-3' });
      expect(body(rv!)).toContain('fratage dig retten til selv at booke');
      expect(body(rv!)).toContain('Tre gange siden januar');
      expect(body(rv!)).toContain('Klag inden 4 uger');
    });

    it('SA-2/CZ-8: a sanction deduction is a decision letter: the deduction, why, and complaint guidance', async () => {
      const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: Temporal.PlainDate.from('2026-02-20') });
      await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-20', 'INITIAL')`, [c.id]);
      await t.as(cw()).run(IssueDeadlineForLetters, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
      day('2026-03-11');
      await run('2026-03-11');
      day('2026-03-13');
      const slot = await t.fx.slot(jc, '2026-03-16', '09:00');
      expect((await t.as.citizen(c.id).run(BookSlotForLetters, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      const [a] = await t.ds.query(`SELECT id FROM sanction_assessment WHERE citizen_id = $1`, [c.id]);
      const decided = await t.as(cw()).run(DecideSanctionAssessment, { input: { assessmentId: a.id, outcome: 'DEDUCTION' } });
      expect(decided.decideSanctionAssessment.userErrors).toEqual([]);
      const { nodes } = await lettersOf(c);
      expect(nodes.map((l) => [l.kind, l.rule, l.date])).toEqual([['SANCTION_DECISION', 'SA-2', '2026-03-13']]);
      expect(nodes[0]!.paragraphs.map((p) => p.heading)).toEqual(['Afgørelse (decision)', 'Begrundelse (justification)', 'Klagevejledning (how to complain)']);
      expect(body(nodes[0]!)).toContain('Der fradrages 3 dagssats(er)');
      expect(body(nodes[0]!)).toContain('genoprettede først kontakten 13. marts 2026');
      expect(body(nodes[0]!)).toContain('Ankestyrelsen');
    });

    it('CZ-8: letters are paginated newest first with a cursor; `letter(id)` reads one', async () => {
      const c = await t.fx.citizen(jc, { exemptFromActiveJobSeeking: true });
      for (const [d, bookBy] of [['2026-03-02', '2026-03-12'], ['2026-03-03', '2026-03-13'], ['2026-03-04', '2026-03-14']] as const) {
        day(d);
        await t.as(cw()).run(IssueDeadlineForLetters, { input: { citizenId: c.id, bookBy } });
      }
      const p1 = await lettersOf(c, cw(), 2);
      expect(p1.nodes.map((l) => l.date)).toEqual(['2026-03-04', '2026-03-03']);
      expect(p1.pageInfo.hasNextPage).toBe(true);
      const p2 = await lettersOf(c, cw(), 2, p1.pageInfo.endCursor!);
      expect(p2.nodes.map((l) => l.date)).toEqual(['2026-03-02']);
      expect(p2.pageInfo.hasNextPage).toBe(false);
      const one = await t.as.citizen(c.id).run(LetterRead, { id: p2.nodes[0]!.id });
      expect(one.letter).toEqual(p2.nodes[0]);
      expect((await t.as.citizen(c.id).run(MeLetters)).me.letters.nodes).toHaveLength(3);
    });

    it('CZ-8: a malformed cursor or letter id is BAD_USER_INPUT', async () => {
      const c = await t.fx.citizen(jc);
      const bad = await t.as(cw()).exec(CitizenLetters, { id: c.id, after: 'not-a-cursor' });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const badId = await t.as(cw()).exec(LetterRead, { id: 'x' });
      expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('CZ-8: only the citizen and the citizen\'s jobcenter read letters: another jobcenter, another citizen and the a-kasse get nothing', async () => {
      const c = await deregistered('Ida Holm');
      const [l] = (await lettersOf(c)).nodes;
      expect((await t.as.citizen(c.id).run(LetterRead, { id: l!.id })).letter.id).toBe(l!.id);
      expect((await t.as.integration(jc.id).run(LetterRead, { id: l!.id })).letter.id).toBe(l!.id);
      const stranger = await t.fx.citizen(jc);
      expect((await t.as.citizen(stranger.id).run(LetterRead, { id: l!.id })).letter).toBeNull();
      expect((await t.as.caseworker(other.id).run(LetterRead, { id: l!.id })).letter).toBeNull();
      expect((await t.as.fund(fund.id).run(LetterRead, { id: l!.id })).letter).toBeNull();
      const viaFund = await t.as.fund(fund.id).exec(CitizenLetters, { id: c.id });
      expect(viaFund.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.as.statistics().run(LetterRead, { id: l!.id })).letter).toBeNull();
    });

    it('CZ-8: a caseworker\'s read of letters is access-logged (Query.letter, Query.citizen)', async () => {
      const c = await deregistered('Bo Bæk');
      const [l] = (await lettersOf(c, as.caseworker(jc.id, 'jane'))).nodes;
      await t.as.caseworker(jc.id, 'jane').run(LetterRead, { id: l!.id });
      const log: { operation: string; access: string; actor: string }[] = await t.ds.query(
        `SELECT operation, access, actor FROM access_log WHERE citizen_id = $1 AND actor LIKE '%jane' ORDER BY id`, [c.id]);
      expect(log.map((r) => r.operation)).toEqual(expect.arrayContaining(['Query.citizen', 'Query.letter']));
      expect(log.every((r) => r.access === 'READ')).toBe(true);
    });
  });

  describe('PDF over HTTP: GET /letters/:id.pdf', () => {
    it('CZ-8: the citizen gets the letter as PDF (application/pdf, %PDF, the letter\'s text with æøå)', async () => {
      const c = await deregistered('Åse Ærø Søgaard');
      const [l] = (await lettersOf(c)).nodes;
      const r = await pdf(l!.pdfPath, dev(`citizen:${c.id}`));
      expect(r.status).toBe(200);
      expect(r.type).toBe('application/pdf');
      expect(r.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(r.bytes);
      expect(text).toContain('Jobcenter Tårnby-Ærø');
      expect(text).toContain('Åse Ærø Søgaard');
      expect(text).toContain('11. marts 2026');
      expect(text).toContain('Du er afmeldt som jobsøgende');
      expect(text).toContain('Du kan tilmelde dig igen');
    });

    it('CZ-8: a caseworker with a bearer token reads it and the read is access-logged with the purpose; another jobcenter gets 404', async () => {
      const c = await deregistered('Mads Møller');
      const [l] = (await lettersOf(c)).nodes;
      const token = await idp.sign({ role: 'caseworker', jobcenter_id: jc.id, sub: 'bo', purpose: 'Klagesag' });
      const ok = await pdf(l!.pdfPath, { authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      const log: { operation: string; access: string; purpose: string; actor: string }[] = await t.ds.query(
        `SELECT operation, access, purpose, actor FROM access_log WHERE citizen_id = $1 AND operation = 'GET /letters/:id.pdf'`, [c.id]);
      expect(log).toEqual([{ operation: 'GET /letters/:id.pdf', access: 'READ', purpose: 'Klagesag', actor: `caseworker:${jc.id}:bo` }]);

      const foreign = await pdf(l!.pdfPath, dev(`caseworker:${other.id}`));
      expect(foreign.status).toBe(404);
      expect(JSON.parse(foreign.bytes.toString()).errors[0].extensions.code).toBe('NOT_FOUND');
      const notLogged: unknown[] = await t.ds.query(`SELECT 1 FROM access_log WHERE citizen_id = $1 AND jobcenter_id = $2`, [c.id, other.id]);
      expect(notLogged).toEqual([]);
    });

    it('CZ-8: someone else\'s letter and an unknown id are the same 404; the a-kasse gets 404; no login is 401; a malformed id is 400; POST is 405', async () => {
      const c = await deregistered('Lone Lund');
      const [l] = (await lettersOf(c)).nodes;
      const stranger = await t.fx.citizen(jc);
      expect((await pdf(l!.pdfPath, dev(`citizen:${stranger.id}`))).status).toBe(404);
      expect((await pdf(l!.pdfPath, dev(`unemployment-fund:${fund.id}`))).status).toBe(404);
      expect((await pdf('/letters/00000000-0000-4000-8000-000000000000.pdf', dev(`citizen:${c.id}`))).status).toBe(404);
      expect((await pdf(l!.pdfPath, {})).status).toBe(401);
      expect((await pdf(l!.pdfPath, { authorization: 'Bearer nonsense' })).status).toBe(401);
      const bad = await pdf('/letters/not-a-uuid.pdf', dev(`citizen:${c.id}`));
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.bytes.toString()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect((await fetch(`${url}${l!.pdfPath}`, { method: 'POST', headers: dev(`citizen:${c.id}`) })).status).toBe(405);
    });
  });
});
