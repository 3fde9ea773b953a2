import { Temporal } from 'temporal-polyfill';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, Meeting } from '../../src/entities';
import { CitizenContactCourseForContactCourse, CitizensRequirementsForContactCourse, ContactCoursesBehind, ContactCoursesBehindForContactCourse, ContactCoursesBehindPagedForContactCourse, MyObligations, MyObligationsForContactCourse, MyObligationsOverviewForContactCourse, ObligationsForContactCourse } from '../support/operations';

type Req = {
  kind: string; number: number; status: string; windowFrom: string; targetDate: string | null; windowTo: string; meeting: { id: string; type: string } | null;
  required: number; counted: number; stillNeeded: number; daysLeft: number; atRisk: boolean; meetings: { id: string }[];
};

describe('contact course through GraphQL (CC-1 … CC-10, TG-3)', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  let other: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    other = await t.fx.jobcenter();
  });

  async function period(c: Citizen, from: string, to: string | null = null, reason: string | null = to ? 'EMPLOYMENT' : null) {
    await t.ds.query(
      `INSERT INTO registration_period (citizen_id, registered_from, registered_via, deregistered_from, deregistration_reason) VALUES ($1, $2, 'INITIAL', $3, $4)`,
      [c.id, from, to, reason],
    );
  }
  async function held(c: Citizen, date: string, over: Partial<Meeting> = {}) {
    return t.fx.meeting(c, date, '10:00', { status: 'HELD', ...over });
  }
  async function courseOf(c: Citizen, now: string) {
    t.clock.set(now);
    try {
      return (await t.as.caseworker(c.jobcenterId).run(CitizenContactCourseForContactCourse, { id: c.id })).citizen.contactCourse;
    } finally {
      t.clock.set('2026-03-02T09:00:00+01:00');
    }
  }
  const req = (course: { requirements: Req[] }, kind: string, number: number) => course.requirements.find((r) => r.kind === kind && r.number === number)!;

  it('CC-2/CC-3/CC-10: INSURED_UNEMPLOYED with 6 interviews in 6 months including both joint interviews — all met, with windows', async () => {
    const c = await t.fx.citizen(jc, { unemployedSince: Temporal.PlainDate.from('2026-01-05') });
    await period(c, '2026-01-05');
    const ms = [
      await held(c, '2026-02-02', { origin: 'SELF_BOOKED' }),
      await held(c, '2026-03-02', { origin: 'SELF_BOOKED' }),
      await held(c, '2026-04-01', { type: 'JOINT_INTERVIEW' }),
      await held(c, '2026-05-04', { origin: 'SELF_BOOKED' }),
      await held(c, '2026-06-03', { type: 'JOINT_INTERVIEW', fundOptOut: true }),
      await held(c, '2026-07-03', { origin: 'WALK_IN' }),
    ];
    // The last day of the first six months: every requirement of the first phase is met.
    const course = await courseOf(c, '2026-07-05T12:00:00+02:00');
    expect(course).toMatchObject({
      phase: 'FIRST_SIX_MONTHS', measure: 'CUMULATIVE', unemployedSince: '2026-01-05', unemploymentMonths: 6,
      firstSixMonthsEnd: '2026-07-05', sixteenMonthDate: '2027-05-05', interviewsRequiredInFirstSixMonths: 6,
      jointInterviewsRequired: 2, interviewsHeld: 6, interviewsHeldInFirstSixMonths: 6, behind: false,
      cvInterview: { windowFrom: '2026-01-05', windowTo: '2026-01-19' },
    });
    const firstPhase = course.requirements.filter((r: Req) => r.kind !== 'SIXTEEN_MONTH_JOINT_INTERVIEW');
    // CC-7 (corrected): the 6 job interviews are one count with the six-month day as its last day.
    expect(firstPhase.map((r: Req) => `${r.kind}#${r.number}:${r.status}`)).toEqual(['JOB_INTERVIEW#1:MET', 'JOINT_INTERVIEW#1:MET', 'JOINT_INTERVIEW#2:MET']);
    expect(req(course, 'JOINT_INTERVIEW', 1).meeting!.id).toBe(ms[2].id);
    // JI-3: the opted-out joint interview still counts as the second joint interview.
    expect(req(course, 'JOINT_INTERVIEW', 2).meeting!.id).toBe(ms[4].id);
    expect(req(course, 'JOINT_INTERVIEW', 2)).toMatchObject({ windowFrom: '2026-04-05', windowTo: '2026-07-05' });
    expect(req(course, 'JOB_INTERVIEW', 1)).toMatchObject({
      windowFrom: '2026-01-05', targetDate: null, windowTo: '2026-07-05', required: 6, counted: 6, stillNeeded: 0, daysLeft: 0, atRisk: false,
      label: '6 job interviews in the first 6 months', meeting: { id: ms[5].id },
    });
    expect(req(course, 'JOB_INTERVIEW', 1).meetings.map((m) => m.id)).toEqual(ms.map((m) => m.id));
    expect(course.countedInterviews.map((m: { id: string }) => m.id)).toEqual(ms.map((m) => m.id));
    expect(course.jointInterviews).toHaveLength(2);
    expect(course.nextDueDate).toBe('2027-05-05'); // CC-4: only the 16-month joint interview remains
    expect(req(course, 'SIXTEEN_MONTH_JOINT_INTERVIEW', 1).status).toBe('UPCOMING');
    const after = await courseOf(c, '2026-07-06T09:00:00+02:00');
    expect(after.phase).toBe('AFTER_SIX_MONTHS');
    expect(req(after, 'SIXTEEN_MONTH_JOINT_INTERVIEW', 1).status).toBe('DUE');
    expect(after.notes.map((n: { ruleId: string }) => n.ruleId)).toEqual(expect.arrayContaining(['CC-4', 'CC-5', 'TG-3']));
  });

  it('CC-3/CC-7: a first joint interview that slips past the 3-month day is missed and later joint interviews do not repair it', async () => {
    const c = await t.fx.citizen(jc, { name: 'Aaa Behind', unemployedSince: Temporal.PlainDate.from('2026-01-05') });
    await period(c, '2026-01-05');
    await held(c, '2026-02-02');
    await held(c, '2026-03-02');
    // The 3-month day is 2026-04-05: on it the first joint interview is still due …
    const onDay = await courseOf(c, '2026-04-05T09:00:00+02:00');
    expect(req(onDay, 'JOINT_INTERVIEW', 1).status).toBe('DUE');
    // … the next day it is missed.
    const dayAfter = await courseOf(c, '2026-04-06T09:00:00+02:00');
    expect(req(dayAfter, 'JOINT_INTERVIEW', 1).status).toBe('MISSED');
    expect(dayAfter.behind).toBe(true);
    const late = await held(c, '2026-04-06', { type: 'JOINT_INTERVIEW' });
    const again = await held(c, '2026-05-11', { type: 'JOINT_INTERVIEW' });
    const course = await courseOf(c, '2026-05-20T09:00:00+02:00');
    expect(req(course, 'JOINT_INTERVIEW', 1)).toMatchObject({ status: 'MISSED', meeting: null, windowTo: '2026-04-05' });
    expect(req(course, 'JOINT_INTERVIEW', 2).meeting!.id).toBe(late.id);
    expect(course.jointInterviews.map((m: { id: string }) => m.id)).toEqual([late.id, again.id]);
    expect(course.behind).toBe(true);
    // CC-7 in the caseworker's list: the course is behind for good.
    t.clock.set('2026-05-20T09:00:00+02:00');
    try {
      const list = await t.as.caseworker(jc.id).run(ContactCoursesBehindForContactCourse, { jc: jc.id });
      expect(list.contactCoursesBehind.nodes).toEqual(expect.arrayContaining([{ citizen: { id: c.id }, overdue: 0, missed: 1 }]));
    } finally {
      t.clock.set('2026-03-02T09:00:00+01:00');
    }
  });

  it('CC-6: interviews held from the first benefit day count, also while the citizen was briefly in another group; the first as INSURED_UNEMPLOYED is number 3', async () => {
    // Registered on 1 April; the a-kasse reports 1 May as the first day of the benefit period; meanwhile the
    // citizen received cash benefit and held two job interviews in that group (000 2018-07-06).
    const c = await t.fx.citizen(jc, {
      targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: Temporal.PlainDate.from('2026-04-01'), benefitPeriodStart: Temporal.PlainDate.from('2026-05-01'),
    });
    await period(c, '2026-04-01');
    const before = await held(c, '2026-04-20');
    const a = await held(c, '2026-05-11');
    const b = await held(c, '2026-05-26');
    const asCash = await courseOf(c, '2026-06-01T09:00:00+02:00');
    expect(asCash).toMatchObject({ measure: 'CONTINUOUS', unemployedSince: '2026-04-01', interviewsRequiredInFirstSixMonths: 4, interviewsHeld: 3 });
    await t.ds.query(`UPDATE citizen SET target_group = 'INSURED_UNEMPLOYED' WHERE id = $1`, [c.id]);
    const course = await courseOf(c, '2026-06-01T09:00:00+02:00');
    expect(course).toMatchObject({ measure: 'CUMULATIVE', unemployedSince: '2026-05-01', interviewsHeld: 2 });
    expect(course.countedInterviews.map((m: { id: string }) => m.id)).toEqual([a.id, b.id]);
    expect(course.countedInterviews.map((m: { id: string }) => m.id)).not.toContain(before.id);
    const jobs = req(course, 'JOB_INTERVIEW', 1);
    expect(jobs).toMatchObject({ status: 'DUE', counted: 2, stillNeeded: 4, meeting: null, targetDate: null, windowTo: '2026-11-01' });
    expect(jobs.meetings.map((m) => m.id)).toEqual([a.id, b.id]);
  });

  it('TG-3/CC-8: unemployment interrupted by employment — cumulative for INSURED_UNEMPLOYED, the course restarts for a continuous group', async () => {
    const since = Temporal.PlainDate.from('2026-01-05');
    const insured = await t.fx.citizen(jc, { unemployedSince: since });
    const cash = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: since });
    for (const c of [insured, cash]) {
      // Employed from 5 February; registered again on 5 March (a break of exactly 1 month).
      await period(c, '2026-01-05', '2026-02-05');
      await period(c, '2026-03-05');
      await held(c, '2026-01-20');
    }
    // While employed: the cumulative course is paused, the continuous one still runs (break not yet 1 month).
    const paused = await courseOf(insured, '2026-02-20T09:00:00+01:00');
    expect(paused).toMatchObject({ registered: false, paused: true, unemploymentDays: 31 });
    expect(paused.notes.map((n: { ruleId: string }) => n.ruleId)).toContain('CC-8');
    const running = await courseOf(cash, '2026-02-20T09:00:00+01:00');
    expect(running).toMatchObject({ registered: false, paused: false, unemployedSince: '2026-01-05', unemploymentDays: 46 });

    const i = await courseOf(insured, '2026-04-05T09:00:00+02:00');
    expect(i).toMatchObject({
      measure: 'CUMULATIVE', unemployedSince: '2026-01-05', registered: true, paused: false,
      unemploymentDays: 62, unemploymentMonths: 2, firstSixMonthsEnd: '2026-08-02', interviewsHeld: 1,
    });
    // The six-month day moved by the 28 days of employment; the interview before the break still counts.
    expect(req(i, 'JOB_INTERVIEW', 1)).toMatchObject({ windowTo: '2026-08-02', status: 'DUE', counted: 1 });

    const k = await courseOf(cash, '2026-04-05T09:00:00+02:00');
    expect(k).toMatchObject({ measure: 'CONTINUOUS', unemployedSince: '2026-03-05', unemploymentDays: 31, firstSixMonthsEnd: '2026-09-05', interviewsHeld: 0 });
    // CC-9: the first interview of the new course was due within 7 days of its start, and was not held.
    expect(req(k, 'FIRST_CALLED_IN_INTERVIEW', 1)).toMatchObject({ status: 'MISSED', windowTo: '2026-03-12' });
  });

  it('CC-9: the jobcenter calls a cash-benefit recipient in to the first interview within a week; it is marked as called in', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: Temporal.PlainDate.from('2026-03-02') });
    const planned = await t.fx.meeting(c, '2026-03-06', '10:00');
    const course = await courseOf(c, '2026-03-02T09:00:00+01:00');
    expect(req(course, 'FIRST_CALLED_IN_INTERVIEW', 1)).toMatchObject({ status: 'DUE', windowTo: '2026-03-09' });
    expect(course.requirements[0].calledIn).toBe(true);
    expect(course.nextDueDate).toBe('2026-03-09');
    expect(course.nextPlannedInterview.id).toBe(planned.id);
    expect(course.notes.map((n: { ruleId: string }) => n.ruleId)).toContain('CC-9');
    expect(course.cvInterview).toBeNull();
  });

  it('TG-5: under less intensive effort the requirements are suspended; with the § 106(3) override they apply', async () => {
    const c = await t.fx.citizen(jc, { unemployedSince: Temporal.PlainDate.from('2025-12-01'), lessIntensiveEffort: true });
    const s = await courseOf(c, '2026-03-02T09:00:00+01:00');
    expect(s).toMatchObject({ suspended: true, behind: false, nextDueDate: null });
    expect(s.requirements.filter((r: Req) => r.kind !== 'SIXTEEN_MONTH_JOINT_INTERVIEW').every((r: Req) => r.status === 'SUSPENDED')).toBe(true);
    await t.ds.query(`UPDATE citizen SET less_intensive_override_justification = 'benefit of the duties' WHERE id = $1`, [c.id]);
    const o = await courseOf(c, '2026-03-02T09:00:00+01:00');
    expect(o).toMatchObject({ suspended: false, behind: true });
  });

  it('CC-10: a citizen sees their obligations in one round trip — open deadline, immediate booking, planned meetings, contact course', async () => {
    const c = await t.fx.citizen(jc, { unemployedSince: Temporal.PlainDate.from('2026-02-02') });
    const d = await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    const joint = await t.fx.meeting(c, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW' });
    const { result, statements } = await t.countQueries(() => t.as.citizen(c.id).run(MyObligationsOverviewForContactCourse));
    const o = result.myObligations;
    expect(o.citizen.id).toBe(c.id);
    expect(o.activeDeadline).toMatchObject({ id: d.id, status: 'OPEN', bookBy: '2026-03-10' });
    expect(o.immediateBookingRequired).toBe(false);
    expect(o.plannedMeetings).toEqual([{ id: joint.id, type: 'JOINT_INTERVIEW' }]);
    // CC-10: the first joint interview's last day (the 3-month day) comes first.
    expect(o.contactCourse).toMatchObject({ phase: 'FIRST_SIX_MONTHS', nextDueDate: '2026-05-02', nextPlannedInterview: { id: joint.id } });
    expect(statements).toBeLessThan(20);

    // RG-4: the day after bookBy the same query says an immediate booking is required.
    t.clock.set('2026-03-11T09:00:00+01:00');
    try {
      const later = await t.as.citizen(c.id).run(MyObligations);
      expect(later.myObligations).toEqual({ immediateBookingRequired: true, activeDeadline: { status: 'EXPIRED' } });
    } finally {
      t.clock.set('2026-03-02T09:00:00+01:00');
    }
  });

  it('CC-10: obligations(citizenId) for the citizen and their jobcenter; null for another jobcenter; FORBIDDEN for the a-kasse', async () => {
    const fund = await t.fx.fund();
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    expect((await t.as.caseworker(jc.id).run(ObligationsForContactCourse, { id: c.id })).obligations).toEqual({ citizen: { id: c.id }, contactCourse: { phase: 'NOT_STARTED' } });
    expect((await t.as.citizen(c.id).run(ObligationsForContactCourse, { id: c.id })).obligations.citizen.id).toBe(c.id);
    expect((await t.as.caseworker(other.id).run(ObligationsForContactCourse, { id: c.id })).obligations).toBeNull();
    // The a-kasse reads its members' joint interviews (JI-4), not the jobcenter's case handling.
    expect((await t.as.fund(fund.id).exec(ObligationsForContactCourse, { id: c.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.statistics().exec(ObligationsForContactCourse, { id: c.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cw = await t.as.caseworker(jc.id).exec(MyObligationsForContactCourse);
    expect(cw.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anon = await t.as.anonymous().exec(ObligationsForContactCourse, { id: c.id });
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await t.as.caseworker(jc.id).exec(ObligationsForContactCourse, { id: 'nope' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('TG-1: a sickness-benefit recipient is not covered by the contact course', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'SICKNESS_BENEFIT', unemployedSince: Temporal.PlainDate.from('2026-01-05') });
    const course = await courseOf(c, '2026-03-02T09:00:00+01:00');
    expect(course).toMatchObject({ phase: 'NOT_COVERED', requirements: [], behind: false, interviewsRequiredInFirstSixMonths: 0 });
  });

  it('CC-10: the contact course of a list of citizens is batched — the number of SQL statements does not grow with the list', async () => {
    const jc2 = await t.fx.jobcenter();
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const c = await t.fx.citizen(jc2, { unemployedSince: Temporal.PlainDate.from('2026-01-05') });
        await period(c, '2026-01-05');
        await held(c, '2026-02-02');
      }
    };
    await add(2);
    const small = await t.countQueries(() => t.as.caseworker(jc2.id).run(CitizensRequirementsForContactCourse, { jc: jc2.id }));
    await add(10);
    const large = await t.countQueries(() => t.as.caseworker(jc2.id).run(CitizensRequirementsForContactCourse, { jc: jc2.id }));
    expect(large.result.citizens.nodes).toHaveLength(12);
    expect(large.result.citizens.nodes.every((n: { contactCourse: { phase: string } }) => n.contactCourse.phase === 'FIRST_SIX_MONTHS')).toBe(true);
    // One page of citizens, one batch of meetings, one of registration periods (and at most one access-log
    // write, whose timing is not part of the response): 12 citizens cost no more than 2.
    expect(large.statements).toBeLessThanOrEqual(small.statements + 1);
    expect(large.statements).toBeLessThanOrEqual(5);
  });

  it('CC-7: contactCoursesBehind lists courses MISSED or at risk, with the reasons, by name, paginated, for staff of that jobcenter only', async () => {
    const jc3 = await t.fx.jobcenter();
    // Anna: INSURED_UNEMPLOYED since 1 Aug 2025, no interview — past her six-month day (1 Feb 2026): MISSED.
    const behindA = await t.fx.citizen(jc3, { name: 'Anna', unemployedSince: Temporal.PlainDate.from('2025-08-01') });
    // Bent: 1 of 4 held, 125 days left for 3: on track.
    const onTrack = await t.fx.citizen(jc3, { name: 'Bent', targetGroup: 'JOB_CLARIFICATION', unemployedSince: Temporal.PlainDate.from('2026-01-05') });
    await held(onTrack, '2026-02-02');
    // Carl: 4 still needed, 30 days left to 1 April (fewer than 60): at risk, nothing missed yet.
    const atRiskC = await t.fx.citizen(jc3, { name: 'Carl', targetGroup: 'JOB_CLARIFICATION', unemployedSince: Temporal.PlainDate.from('2025-10-01') });
    await t.fx.citizen(jc3, { name: 'Dorte' }); // no course
    await t.fx.citizen(jc3, { name: 'Erik', targetGroup: 'OTHER', unemployedSince: Temporal.PlainDate.from('2025-08-01') });
    const p1 = (await t.as.caseworker(jc3.id).run(ContactCoursesBehindPagedForContactCourse, { jc: jc3.id })).contactCoursesBehind;
    expect(p1.nodes).toEqual([{ citizen: { id: behindA.id, name: 'Anna' }, missed: 3, overdue: 0, atRisk: 0, reasons: ['MISSED'], contactCourse: { behind: true, atRisk: false } }]);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await t.as.caseworker(jc3.id).run(ContactCoursesBehindPagedForContactCourse, { jc: jc3.id, after: p1.pageInfo.endCursor })).contactCoursesBehind;
    expect(p2.nodes).toEqual([{ citizen: { id: atRiskC.id, name: 'Carl' }, missed: 0, overdue: 0, atRisk: 1, reasons: ['AT_RISK'], contactCourse: { behind: false, atRisk: true } }]);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const forbidden = await t.as.caseworker(other.id).exec(ContactCoursesBehindPagedForContactCourse, { jc: jc3.id });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stat = await t.as.statistics().exec(ContactCoursesBehindPagedForContactCourse, { jc: jc3.id });
    expect(stat.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('CC-7 corrected (2026-11-30): counts with a last day, no monthly windows', () => {
    async function listed(jcId: string, now: string) {
      t.clock.set(now);
      try {
        return (await t.as.caseworker(jcId).run(ContactCoursesBehind, { jc: jcId })).contactCoursesBehind.nodes;
      } finally {
        t.clock.set('2026-03-02T09:00:00+01:00');
      }
    }

    it('CC-7: the issue\'s example — called in within week 1, then interviews on 1, 8 and 15 June: all requirements MET, not on the behind list', async () => {
      const jcX = await t.fx.jobcenter();
      const c = await t.fx.citizen(jcX, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: Temporal.PlainDate.from('2026-01-05') });
      await held(c, '2026-01-08', { origin: 'CALLED_IN' });
      for (const d of ['2026-06-01', '2026-06-08', '2026-06-15']) await held(c, d, { origin: 'SELF_BOOKED' });
      const course = await courseOf(c, '2026-06-20T09:00:00+02:00');
      expect(course.requirements.map((r: Req) => `${r.kind}:${r.status}`)).toEqual(['FIRST_CALLED_IN_INTERVIEW:MET', 'JOB_INTERVIEW:MET']);
      expect(course).toMatchObject({ behind: false, atRisk: false, interviewsHeldInFirstSixMonths: 4 });
      expect(await listed(jcX.id, '2026-06-20T09:00:00+02:00')).toEqual([]);
    });

    it('CC-1/CC-7: the six-month mark — 3 of 4 held: DUE on the last day, MISSED and on the list the day after; an interview that day does not repair it', async () => {
      const jcX = await t.fx.jobcenter();
      const c = await t.fx.citizen(jcX, { targetGroup: 'JOB_CLARIFICATION', unemployedSince: Temporal.PlainDate.from('2026-01-05') });
      for (const d of ['2026-02-02', '2026-04-01', '2026-06-01']) await held(c, d);
      const last = await courseOf(c, '2026-07-05T18:00:00+02:00');
      expect(req(last, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', windowTo: '2026-07-05', daysLeft: 0, stillNeeded: 1, atRisk: true });
      expect(last).toMatchObject({ phase: 'FIRST_SIX_MONTHS', behind: false, atRisk: true });
      expect(await listed(jcX.id, '2026-07-05T18:00:00+02:00')).toEqual([{ citizen: { id: c.id }, reasons: ['AT_RISK'] }]);
      const after = await courseOf(c, '2026-07-06T09:00:00+02:00');
      expect(req(after, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'MISSED', daysLeft: -1, atRisk: false });
      expect(after).toMatchObject({ phase: 'AFTER_SIX_MONTHS', behind: true, atRisk: false });
      expect(await listed(jcX.id, '2026-07-06T09:00:00+02:00')).toEqual([{ citizen: { id: c.id }, reasons: ['MISSED'] }]);
      await held(c, '2026-07-06');
      const late = await courseOf(c, '2026-07-07T09:00:00+02:00');
      expect(req(late, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'MISSED', counted: 3 });
      expect(late.interviewsHeld).toBe(4);
    });

    it('CC-7: the day a requirement turns at risk — 2 of 4 still needed: 30 days left is not at risk, 29 days left is', async () => {
      const jcX = await t.fx.jobcenter();
      const c = await t.fx.citizen(jcX, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: Temporal.PlainDate.from('2026-01-05') });
      await held(c, '2026-01-08', { origin: 'CALLED_IN' });
      await held(c, '2026-03-02');
      // Six-month day 5 July; 2 interviews × 15 days = 30 days.
      const before = await courseOf(c, '2026-06-05T09:00:00+02:00');
      expect(req(before, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', stillNeeded: 2, daysLeft: 30, atRisk: false });
      expect(await listed(jcX.id, '2026-06-05T09:00:00+02:00')).toEqual([]);
      const on = await courseOf(c, '2026-06-06T09:00:00+02:00');
      expect(req(on, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', stillNeeded: 2, daysLeft: 29, atRisk: true });
      expect(on).toMatchObject({ behind: false, atRisk: true });
      expect(await listed(jcX.id, '2026-06-06T09:00:00+02:00')).toEqual([{ citizen: { id: c.id }, reasons: ['AT_RISK'] }]);
      // One more interview held: 1 needed, 29 days left ≥ 15 — no longer at risk.
      await held(c, '2026-06-06');
      const relieved = await courseOf(c, '2026-06-07T09:00:00+02:00');
      expect(req(relieved, 'JOB_INTERVIEW', 1)).toMatchObject({ stillNeeded: 1, daysLeft: 28, atRisk: false });
    });
  });
});
