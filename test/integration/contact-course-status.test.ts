import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Temporal } from 'temporal-polyfill';
import { as, startTestApp, type TestApp } from '../support/harness';
import { Citizen, ContactCourseStatus, Meeting, RegistrationPeriod, type Jobcenter } from '../../src/entities';
import { computeStoredStatus } from '../../src/domain/contact-course/contact-course.service';
import { storedStatusHolds } from '../../src/domain/contact-course/contact-course.rules';
import { groupByCitizen } from '../../src/domain/shared/pagination';
import { seedDemo } from '../../src/db/seed-demo';
import { CallInMeetingForContactCourseStatus, ChangeTargetGroupForContactCourseStatus, CitizensContactCourseForContactCourseStatus, CitizensFullContactCourseForContactCourseStatus, ContactCoursesBehindForContactCourseStatus, DeregisterCitizenForContactCourseStatus, IssueDeadlineForContactCourseStatus, MoveCitizenForContactCourseStatus, ObligationsCourseComputedForContactCourseStatus, ObligationsCourseStoredForContactCourseStatus, RegisterJobSeekerForContactCourseStatus, RegisterMeetingHeldForContactCourseStatus, RegisterWalkInInterviewForContactCourseStatus, SetBenefitPeriodStartForContactCourseStatus, SetLessIntensiveEffortForContactCourseStatus } from '../support/operations';

/**
 * Issue 16 (2): the stored contact-course status (contact_course_status) equals the course recomputed from scratch
 * for every citizen — after operations through GraphQL, after the daily run, and on the demo data — and the caseworker
 * lists read it (CC-7, CC-10).
 */
const START = '2026-03-02';


describe('Issue 16 (2): the stored contact-course status', () => {
  let t: TestApp;
  let jc: Jobcenter;
  let jc2: Jobcenter;
  let fundId: string;
  let cpr = 100;
  beforeAll(async () => {
    t = await startTestApp({ now: `${START}T09:00:00+01:00` });
    jc = await t.fx.jobcenter();
    jc2 = await t.fx.jobcenter();
    fundId = (await t.fx.fund()).id;
  });
  afterAll(() => t.close());

  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });
  const cw = (j: Jobcenter = jc) => as.caseworker(j.id);

  async function mutate(query: TypedDocumentNode<any, any>, input: Record<string, unknown>, j: Jobcenter = jc) {
    const r = await t.as(cw(j)).run(query, { input });
    const payload = Object.values(r)[0] as { userErrors: unknown[] } & Record<string, any>;
    expect(payload.userErrors).toEqual([]);
    return payload;
  }
  async function register(name: string, targetGroup: string, unemployedSince: string, j: Jobcenter = jc): Promise<string> {
    const n = cpr++;
    const r = await mutate(RegisterJobSeekerForContactCourseStatus, {
      cpr: `0101${String(n).padStart(2, '0').slice(-2)}${String(1000 + n).slice(-4)}`, name, targetGroup, unemployedSince,
      unemploymentFundId: targetGroup === 'INSURED_UNEMPLOYED' ? fundId : null,
    }, j);
    return r.citizen.id;
  }

  /**
   * Every citizen's course recomputed from scratch on `today` against the stored row: the row must hold today and equal
   * it (a write path that forgot the refresh leaves a row its trigger marked stale, or a wrong one). Returns mismatches.
   */
  async function mismatches(today: string): Promise<{ citizenId: string; name: string; stored: unknown; fresh: unknown }[]> {
    const d = Temporal.PlainDate.from(today);
    const em = t.ds.manager;
    const citizens = await em.find(Citizen);
    const rows = new Map((await em.find(ContactCourseStatus)).map((r) => [r.citizenId, r]));
    const meetings = groupByCitizen(await em.find(Meeting, { where: { status: 'HELD' } }));
    const periods = groupByCitizen(await em.find(RegistrationPeriod, { order: { registeredFrom: 'ASC', id: 'ASC' } }));
    const out: { citizenId: string; name: string; stored: unknown; fresh: unknown }[] = [];
    for (const c of citizens) {
      const fresh = computeStoredStatus(c, meetings.get(c.id) ?? [], periods.get(c.id) ?? [], d);
      const expected = { holds: true, jobcenterId: c.jobcenterId, name: c.name, ...fresh, nextDueDate: fresh.nextDueDate?.toString() ?? null, recheckOn: fresh.recheckOn?.toString() ?? null };
      const row = rows.get(c.id);
      const stored = row && {
        holds: storedStatusHolds(row, d), jobcenterId: row.jobcenterId, name: row.name, phase: row.phase, nextDueDate: row.nextDueDate?.toString() ?? null,
        missed: row.missed, atRisk: row.atRisk, interviewsHeld: row.interviewsHeld, interviewsHeldInFirstSixMonths: row.interviewsHeldInFirstSixMonths,
        recheckOn: row.recheckOn?.toString() ?? null,
      };
      if (JSON.stringify(stored) !== JSON.stringify(expected)) out.push({ citizenId: c.id, name: c.name, stored, fresh: expected });
    }
    return out;
  }

  /**
   * CC-10, TG-3: the citizen's own course answered from the stored status and the registration periods equals the
   * course computed from the meetings, field by field (the stored path must have been taken: the row holds today).
   */
  async function sameBothWays(ids: string[], today: string) {
    for (const id of ids) {
      const row = await t.ds.manager.findOneByOrFail(ContactCourseStatus, { citizenId: id });
      expect(storedStatusHolds(row, Temporal.PlainDate.from(today))).toBe(true);
      const log: string[] = [];
      const orig = t.ds.query.bind(t.ds);
      (t.ds as unknown as { query: unknown }).query = (sql: string, p?: unknown[]) => { log.push(sql); return orig(sql, p); };
      let stored;
      try {
        stored = (await t.as(as.citizen(id)).run(ObligationsCourseStoredForContactCourseStatus)).myObligations.contactCourse;
      } finally {
        (t.ds as unknown as { query: unknown }).query = orig;
      }
      // Only the planned meetings are read (nextPlannedInterview), not the citizen's meeting history.
      expect(log.some((q) => q.includes('FROM meeting t WHERE t.citizen_id = ANY') && !q.includes(`t.status = 'PLANNED'`))).toBe(false);
      const { firstSixMonthsEnd: _computedOnly, ...computed } = (await t.as(as.citizen(id)).run(ObligationsCourseComputedForContactCourseStatus)).myObligations.contactCourse;
      expect({ day: today, id, course: stored }).toEqual({ day: today, id, course: computed });
    }
  }

  it('CC-7/CC-10: after a run of operations through GraphQL and daily runs, every stored status equals the course recomputed from scratch', async () => {
    day(START);
    // CC-1/CC-7: a continuous group whose six-month day is 2026-03-09: 4 interviews still needed, at risk.
    const a = await register('Anders Status', 'JOB_READY_CASH_BENEFIT', '2025-09-09');
    // CC-2/CC-3: insured, started a month ago.
    const b = await register('Birgit Status', 'INSURED_UNEMPLOYED', '2026-02-02');
    const c = await register('Carsten Status', 'JOB_CLARIFICATION', '2025-12-01');
    const e = await register('Ellen Status', 'EDUCATION_READY_EDUCATION_BENEFIT', '2026-01-05');
    expect(await mismatches(START)).toEqual([]);

    // A called-in interview, then held (MT-5): counts for CC-1 and CC-9.
    const callIn = await mutate(CallInMeetingForContactCourseStatus, { citizenId: a, type: 'JOB_INTERVIEW', startsAt: '2026-03-04T09:00:00Z', endsAt: '2026-03-04T09:30:00Z', shortNotice: true });
    expect(await mismatches(START)).toEqual([]);
    day('2026-03-04', '12:00');
    await mutate(RegisterMeetingHeldForContactCourseStatus, { meetingId: callIn.meeting.id });
    // MT-4: a walk-in interview, held at once.
    await mutate(RegisterWalkInInterviewForContactCourseStatus, { citizenId: b });
    // CC-6: the benefit period's first day; TG-5: less intensive effort; TG-3: another group; a deregistration (CC-8).
    await mutate(SetBenefitPeriodStartForContactCourseStatus, { citizenId: b, benefitPeriodStart: '2026-02-09' });
    await mutate(SetLessIntensiveEffortForContactCourseStatus, { citizenId: e, lessIntensive: true });
    await mutate(ChangeTargetGroupForContactCourseStatus, { citizenId: c, targetGroup: 'JOB_READY_CASH_BENEFIT' });
    await mutate(DeregisterCitizenForContactCourseStatus, { citizenId: c, reason: 'EMPLOYMENT' });
    // CZ-5: moved to another jobcenter (its list must show the citizen).
    await mutate(MoveCitizenForContactCourseStatus, { citizenId: e, toJobcenterId: jc2.id });
    // DL-1: a deadline for b; the daily run expires it after bookBy (RG-1 deregisters: the course pauses).
    await mutate(IssueDeadlineForContactCourseStatus, { citizenId: b, bookBy: '2026-03-12' });
    expect(await mismatches('2026-03-04')).toEqual([]);
    await sameBothWays([a, b, c, e], '2026-03-04');

    // The daily runs of the days after: the six-month day of a passes (DUE → MISSED), b's deadline expires.
    for (const d of ['2026-03-09', '2026-03-10', '2026-03-13', '2026-03-14']) {
      day(d, '00:30');
      await run(d);
      expect({ day: d, mismatches: await mismatches(d) }).toEqual({ day: d, mismatches: [] });
      await sameBothWays([a, b, c, e], d);
    }
    const rows = await t.ds.query(`SELECT citizen_id, missed, at_risk FROM contact_course_status WHERE citizen_id = ANY($1::uuid[])`, [[a, b]]);
    // CC-9 (first interview within 7 days) and CC-1 (4 by the six-month day) are both MISSED.
    expect(rows.find((r: { citizen_id: string }) => r.citizen_id === a)).toMatchObject({ missed: 2 });
    day(START);
  });

  it('CC-7: a write that bypasses the refresh leaves a row that no longer holds — the from-scratch comparison names it, the list computes it live, the daily run repairs it', async () => {
    const today = '2026-03-14'; // the day of the last daily run above: every row holds
    day(today);
    const id = await register('Dorthe Bypass', 'JOB_READY_CASH_BENEFIT', '2025-12-01');
    expect(await mismatches(today)).toEqual([]);
    // A held interview written straight into the table (no operation, no refresh).
    await t.ds.query(`INSERT INTO meeting (citizen_id, jobcenter_id, type, origin, form, starts_at, ends_at, local_day, status)
      VALUES ($1, $2, 'JOB_INTERVIEW', 'CALLED_IN', 'IN_PERSON', '2026-02-20T09:00:00Z', '2026-02-20T09:30:00Z', '2026-02-20', 'HELD')`, [id, jc.id]);
    const found = await mismatches(today);
    expect(found.map((m) => m.citizenId)).toEqual([id]);
    expect(found[0]!.stored).toMatchObject({ holds: false });
    // The list answers from scratch for it meanwhile (the interview counts).
    const node = (await t.as(cw()).run(CitizensContactCourseForContactCourseStatus, { jc: jc.id })).citizens.nodes.find((n: { id: string }) => n.id === id);
    expect(node!.contactCourse!.interviewsHeld).toBe(1);
    await run(today);
    expect(await mismatches(today)).toEqual([]);
    // A row missing altogether (a bulk load with triggers off): named by the comparison, created and computed by the daily run.
    await t.ds.query(`DELETE FROM contact_course_status WHERE citizen_id = $1`, [id]);
    expect((await mismatches(today)).map((m) => m.citizenId)).toEqual([id]);
    await run(today);
    expect(await mismatches(today)).toEqual([]);
    day(START);
  });

  it('CC-7: contactCoursesBehind reads the stored status — at risk on the six-month day, MISSED the day after, before and after the daily run', async () => {
    const j = await t.fx.jobcenter();
    day('2026-03-20');
    // Six-month day 2026-03-21 (4 interviews still needed: at risk); a start on 2026-03-01: not behind. JOB_CLARIFICATION
    // is not called in to a first interview (CC-9), so only the count of CC-1 decides.
    const late = await register('Aase Late', 'JOB_CLARIFICATION', '2025-09-21', j);
    await register('Bent Fine', 'JOB_CLARIFICATION', '2026-03-01', j);
    const insured = await register('Cecilie Insured', 'INSURED_UNEMPLOYED', '2025-09-21', j);
    const list = async (d: string) => {
      day(d, '08:00');
      const p1 = (await t.as(cw(j)).run(ContactCoursesBehindForContactCourseStatus, { jc: j.id })).contactCoursesBehind;
      const p2 = p1.pageInfo.hasNextPage ? (await t.as(cw(j)).run(ContactCoursesBehindForContactCourseStatus, { jc: j.id, after: p1.pageInfo.endCursor })).contactCoursesBehind : { nodes: [] };
      return [...p1.nodes, ...p2.nodes].map((n: any) => `${n.citizen.name}:${n.reasons.join('+')}:${n.missed}/${n.atRisk}:${n.contactCourse.behind}/${n.contactCourse.atRisk}`);
    };
    // The day before the six-month day and on it: DUE, at risk (CC-7 Decision); the insured also misses the first joint interview (3-month day passed).
    expect(await list('2026-03-20')).toEqual(['Aase Late:AT_RISK:0/1:false/true', 'Cecilie Insured:MISSED+AT_RISK:1/1:true/true']);
    expect(await list('2026-03-21')).toEqual(['Aase Late:AT_RISK:0/1:false/true', 'Cecilie Insured:MISSED+AT_RISK:1/1:true/true']);
    // The day after, before the daily run: the rows' recheck day has come, so they are computed (MISSED).
    const stale: { n: number }[] = await t.ds.query(`SELECT count(*)::int AS n FROM contact_course_status WHERE citizen_id = ANY($1::uuid[]) AND recheck_on <= '2026-03-22'`, [[late, insured]]);
    expect(stale[0]!.n).toBe(2);
    expect(await list('2026-03-22')).toEqual(['Aase Late:MISSED:1/0:true/false', 'Cecilie Insured:MISSED:3/0:true/false']);
    // After the daily run: read from the stored rows (behind index), the same answer.
    await run('2026-03-22');
    const stored: { missed: number; recheck_on: string | null }[] = await t.ds.query(`SELECT missed, recheck_on::text FROM contact_course_status WHERE citizen_id = $1`, [late]);
    expect(stored[0]).toMatchObject({ missed: 1 });
    expect(await list('2026-03-22')).toEqual(['Aase Late:MISSED:1/0:true/false', 'Cecilie Insured:MISSED:3/0:true/false']);
    day(START);
  });

  it('CC-10: the caseworker list answers its contact-course fields from the stored rows (no meetings read) and computes when more is asked', async () => {
    day(START);
    const j = await t.fx.jobcenter();
    const id = await register('Frida List', 'JOB_READY_CASH_BENEFIT', '2025-12-01', j);
    const callIn = await mutate(CallInMeetingForContactCourseStatus, { citizenId: id, type: 'JOB_INTERVIEW', startsAt: '2026-03-05T09:00:00Z', endsAt: '2026-03-05T09:30:00Z', shortNotice: true }, j);
    const fast = await t.as(cw(j)).run(CitizensContactCourseForContactCourseStatus, { jc: j.id });
    const full = await t.as(cw(j)).run(CitizensFullContactCourseForContactCourseStatus, { jc: j.id });
    const { unemploymentDays, firstSixMonthsEnd, ...rest } = full.citizens.nodes[0].contactCourse;
    expect({ unemploymentDays, firstSixMonthsEnd }).toEqual({ unemploymentDays: 91, firstSixMonthsEnd: '2026-06-01' });
    expect(fast.citizens.nodes[0].contactCourse).toEqual(rest);
    // CC-9: the first called-in interview (within 7 days of the start) was missed.
    expect(rest).toMatchObject({ phase: 'FIRST_SIX_MONTHS', behind: true, nextDueDate: '2026-06-01', interviewsHeld: 0, nextPlannedInterview: { id: callIn.meeting.id } });
    // The stored path reads no meeting rows but the planned ones (the statement of the page's rows).
    const log: string[] = [];
    const orig = t.ds.query.bind(t.ds);
    (t.ds as unknown as { query: unknown }).query = (sql: string, p?: unknown[]) => { log.push(sql); return orig(sql, p); };
    try {
      await t.as(cw(j)).run(CitizensContactCourseForContactCourseStatus, { jc: j.id });
    } finally {
      (t.ds as unknown as { query: unknown }).query = orig;
    }
    expect(log.some((s) => s.includes('FROM meeting t WHERE t.citizen_id = ANY') && !s.includes(`t.status = 'PLANNED'`))).toBe(false);
    expect(log.some((s) => s.includes('FROM contact_course_status t'))).toBe(true);
  });

  it('CC-7/CC-10: on the demo data, every stored status equals the course recomputed from scratch', async () => {
    const demo = await startTestApp({ now: `${START}T09:00:00+01:00` });
    try {
      await seedDemo(demo.ds, Temporal.PlainDate.from(START));
      const em = demo.ds.manager;
      const citizens = await em.find(Citizen);
      expect(citizens.length).toBe(13);
      const rows = new Map((await em.find(ContactCourseStatus)).map((r) => [r.citizenId, r]));
      const meetings = groupByCitizen(await em.find(Meeting, { where: { status: 'HELD' } }));
      const periods = groupByCitizen(await em.find(RegistrationPeriod, { order: { registeredFrom: 'ASC', id: 'ASC' } }));
      const d = Temporal.PlainDate.from(START);
      for (const c of citizens) {
        const fresh = computeStoredStatus(c, meetings.get(c.id) ?? [], periods.get(c.id) ?? [], d);
        const row = rows.get(c.id)!;
        expect({ name: c.name, holds: storedStatusHolds(row, d), phase: row.phase, missed: row.missed, atRisk: row.atRisk, held: row.interviewsHeld, due: row.nextDueDate?.toString() ?? null })
          .toEqual({ name: c.name, holds: true, phase: fresh.phase, missed: fresh.missed, atRisk: fresh.atRisk, held: fresh.interviewsHeld, due: fresh.nextDueDate?.toString() ?? null });
      }
    } finally {
      await demo.close();
    }
  });
});
