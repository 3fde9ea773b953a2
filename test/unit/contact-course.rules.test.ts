import { Temporal } from 'temporal-polyfill';
import {
  type CourseMeeting, type UnemploymentPeriod, computeContactCourse, courseTimeline, elapsedDays, interviewRequestOutstanding, monthMark, requirementSpecs,
} from '../../src/domain/contact-course/contact-course.rules';
import type { MeetingType, TargetGroup } from '../../src/generated/enums';

const D = (s: string) => Temporal.PlainDate.from(s);
let n = 0;
function held(day: string, type: MeetingType = 'JOB_INTERVIEW', over: Partial<CourseMeeting> = {}): CourseMeeting {
  return {
    id: `m${++n}`, type, status: 'HELD', form: 'IN_PERSON', localDay: D(day),
    startsAt: D(day).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: '10:00' }).toInstant(), ...over,
  };
}
function period(from: string, to: string | null = null): UnemploymentPeriod {
  return { from: D(from), to: to ? D(to) : null };
}
function course(group: TargetGroup, today: string, o: {
  since?: string; benefitStart?: string; periods?: UnemploymentPeriod[]; meetings?: CourseMeeting[]; lessIntensive?: boolean;
} = {}) {
  return computeContactCourse({
    group, today: D(today), unemployedSince: o.since ? D(o.since) : null, benefitPeriodStart: o.benefitStart ? D(o.benefitStart) : null,
    periods: o.periods ?? [], meetings: o.meetings ?? [], lessIntensiveEffort: o.lessIntensive ?? false,
  });
}
const req = (c: ReturnType<typeof course>, kind: string, number: number) => {
  const r = c.requirements.find((x) => x.kind === kind && x.number === number);
  if (!r) throw new Error(`no ${kind} ${number}`);
  return r;
};
const str = (d: Temporal.PlainDate | null) => d?.toString() ?? null;

describe('contact course rules', () => {
  describe('TG-3 / CC-8: measuring unemployment', () => {
    // Employed from 2026-02-05; back on 2026-03-05 (exactly 1 month later) or 2026-03-04 (one day short of it).
    const broken = [period('2026-01-05', '2026-02-05'), period('2026-03-05')];
    const shortBreak = [period('2026-01-05', '2026-02-05'), period('2026-03-04')];

    it('TG-3: INSURED_UNEMPLOYED count cumulatively — the days deregistered for employment do not count', () => {
      const tl = courseTimeline({ group: 'INSURED_UNEMPLOYED', unemployedSince: D('2026-01-05'), benefitPeriodStart: null, periods: broken, today: D('2026-04-05') })!;
      expect(tl.measure).toBe('CUMULATIVE');
      expect(elapsedDays(tl, D('2026-04-05'))).toBe(31 + 31); // 5 Jan–4 Feb and 5 Mar–4 Apr
      // The 3-month day moves by the 28 days of employment: 5 Apr + 28 days.
      expect(monthMark(tl, 3).toString()).toBe('2026-05-03');
    });

    it('TG-3/CC-8: continuous groups restart the course after a break of exactly 1 month', () => {
      const c = course('JOB_READY_CASH_BENEFIT', '2026-04-05', { since: '2026-01-05', periods: broken });
      expect(c.measure).toBe('CONTINUOUS');
      expect(str(c.unemployedSince)).toBe('2026-03-05');
      expect(c.unemploymentDays).toBe(31);
    });

    it('TG-3/CC-8: a break one day short of 1 month does not restart a continuous course, and its days count', () => {
      const c = course('JOB_READY_CASH_BENEFIT', '2026-04-05', { since: '2026-01-05', periods: shortBreak });
      expect(str(c.unemployedSince)).toBe('2026-01-05');
      expect(c.unemploymentDays).toBe(90);
      expect(c.unemploymentMonths).toBe(3);
    });

    it('CC-8: INSURED_UNEMPLOYED resume where they left off — interviews before the break still count', () => {
      const c = course('INSURED_UNEMPLOYED', '2026-04-05', { since: '2026-01-05', periods: broken, meetings: [held('2026-01-20'), held('2026-03-10')] });
      expect(c.interviewsHeld).toBe(2);
      expect(req(c, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', counted: 2, stillNeeded: 4 });
    });

    it('CC-8: a continuous group deregistered for 1 month or more today has no current course', () => {
      const c = course('JOB_READY_CASH_BENEFIT', '2026-03-05', { since: '2026-01-05', periods: [period('2026-01-05', '2026-02-05')] });
      expect(c.phase).toBe('NOT_STARTED');
      expect(c.notes.map((x) => x.ruleId)).toContain('CC-8');
      expect(course('JOB_READY_CASH_BENEFIT', '2026-03-04', { since: '2026-01-05', periods: [period('2026-01-05', '2026-02-05')] }).phase).toBe('FIRST_SIX_MONTHS');
    });

    it('TG-3/CC-8: while an INSURED_UNEMPLOYED citizen is deregistered the course is paused and dates ahead assume re-registration today', () => {
      const periods = [period('2026-01-05', '2026-02-05')];
      const a = course('INSURED_UNEMPLOYED', '2026-03-01', { since: '2026-01-05', periods });
      const b = course('INSURED_UNEMPLOYED', '2026-03-11', { since: '2026-01-05', periods });
      expect(a.paused).toBe(true);
      expect(a.registered).toBe(false);
      expect(a.unemploymentDays).toBe(31);
      expect(b.unemploymentDays).toBe(31);
      // The six-month day needs 150 more days of unemployment from the day of re-registration: paused, not missed.
      expect(req(a, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', targetDate: null, windowTo: D('2026-07-29') });
      expect(str(req(b, 'JOB_INTERVIEW', 1).windowTo)).toBe('2026-08-08');
    });
  });

  describe('CC-1 … CC-4, CC-7: requirements are counts with a last day', () => {
    const tl = courseTimeline({ group: 'INSURED_UNEMPLOYED', unemployedSince: D('2026-01-05'), benefitPeriodStart: null, periods: [], today: D('2026-01-05') })!;
    const specs = requirementSpecs('INSURED_UNEMPLOYED', tl);
    const w = (kind: string, k: number) => {
      const s = specs.find((x) => x.kind === kind && x.number === k)!;
      return [s.required, str(s.windowFrom), str(s.windowTo)];
    };

    it('CC-2/CC-7: INSURED_UNEMPLOYED need 6 job interviews by the six-month day, with no monthly windows (003 1.1, corrected 2026-11-30)', () => {
      expect(specs.filter((s) => s.kind === 'JOB_INTERVIEW')).toHaveLength(1);
      expect(w('JOB_INTERVIEW', 1)).toEqual([6, '2026-01-05', '2026-07-05']);
      expect(specs.every((s) => s.targetDate === null)).toBe(true);
    });

    it('CC-3: the first joint interview at the latest at 3 months; the second from 3 to 6 months', () => {
      expect(w('JOINT_INTERVIEW', 1)).toEqual([1, '2026-01-05', '2026-04-05']);
      expect(w('JOINT_INTERVIEW', 2)).toEqual([1, '2026-04-05', '2026-07-05']);
    });

    it('CC-4: the 16-month joint interview lies after the first six months, at the latest at 16 months', () => {
      expect(w('SIXTEEN_MONTH_JOINT_INTERVIEW', 1)).toEqual([1, '2026-07-06', '2027-05-05']);
    });

    it('CC-1/CC-9: the groups called in first need 4 interviews by the six-month day, the first called in within 7 days', () => {
      const t2 = courseTimeline({ group: 'JOB_READY_CASH_BENEFIT', unemployedSince: D('2026-01-05'), benefitPeriodStart: null, periods: [], today: D('2026-01-05') })!;
      const s = requirementSpecs('JOB_READY_CASH_BENEFIT', t2);
      expect(s.map((x) => [x.kind, x.required, str(x.windowTo), x.calledIn])).toEqual([
        ['FIRST_CALLED_IN_INTERVIEW', 1, '2026-01-12', true],
        ['JOB_INTERVIEW', 4, '2026-07-05', false],
      ]);
    });

    it('CC-1: JOB_CLARIFICATION need 4 self-booked interviews by the six-month day', () => {
      const t3 = courseTimeline({ group: 'JOB_CLARIFICATION', unemployedSince: D('2026-01-05'), benefitPeriodStart: null, periods: [], today: D('2026-01-05') })!;
      const s = requirementSpecs('JOB_CLARIFICATION', t3);
      expect(s.map((x) => [x.kind, x.required, str(x.windowTo)])).toEqual([['JOB_INTERVIEW', 4, '2026-07-05']]);
    });

    it('CC-2: the six-month day across 29 February in a leap year uses calendar months', () => {
      const t4 = courseTimeline({ group: 'INSURED_UNEMPLOYED', unemployedSince: D('2027-08-31'), benefitPeriodStart: null, periods: [], today: D('2027-08-31') })!;
      const s = requirementSpecs('INSURED_UNEMPLOYED', t4);
      expect(str(s[0].windowTo)).toBe('2028-02-29');
      expect(str(s.find((x) => x.kind === 'JOINT_INTERVIEW')!.windowTo)).toBe('2027-11-30');
    });
  });

  describe('CC-7: statuses and the at-risk signal at their boundaries', () => {
    const at = (today: string, meetings: CourseMeeting[] = []) => course('INSURED_UNEMPLOYED', today, { since: '2026-01-05', meetings });
    const cash = (today: string, meetings: CourseMeeting[] = []) => course('JOB_READY_CASH_BENEFIT', today, { since: '2026-05-04', meetings });

    it('CC-7: the issue\'s example — first interview called in in week 1, then 1, 8 and 15 June: every requirement MET, nothing behind', () => {
      const c = cash('2026-06-20', [held('2026-05-08'), held('2026-06-01'), held('2026-06-08'), held('2026-06-15')]);
      expect(c.requirements.map((r) => [r.kind, r.status])).toEqual([['FIRST_CALLED_IN_INTERVIEW', 'MET'], ['JOB_INTERVIEW', 'MET']]);
      expect(req(c, 'JOB_INTERVIEW', 1)).toMatchObject({ counted: 4, stillNeeded: 0, atRisk: false });
      expect(req(c, 'JOB_INTERVIEW', 1).meeting?.localDay).toEqual(D('2026-06-15'));
      expect(c.behind).toBe(false);
      expect(c.atRisk).toBe(false);
    });

    it('CC-7: no interview for 4 months is not missed; the count is DUE until the six-month day and MISSED the day after', () => {
      expect(req(at('2026-05-04'), 'JOB_INTERVIEW', 1).status).toBe('DUE');
      expect(course('JOB_CLARIFICATION', '2026-05-04', { since: '2026-01-05' }).behind).toBe(false);
      expect(req(at('2026-07-05'), 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', daysLeft: 0 });
      expect(req(at('2026-07-06'), 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'MISSED', daysLeft: -1 });
      expect(at('2026-07-06').behind).toBe(true);
    });

    it('CC-7: an interview on the six-month day counts; one the day after does not repair the count', () => {
      const five = [held('2026-02-02'), held('2026-03-02'), held('2026-04-01', 'JOINT_INTERVIEW'), held('2026-05-04'), held('2026-06-03', 'JOINT_INTERVIEW')];
      expect(req(at('2026-07-10', [...five, held('2026-07-05')]), 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'MET', counted: 6 });
      const late = at('2026-07-10', [...five, held('2026-07-06')]);
      expect(req(late, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'MISSED', counted: 5, stillNeeded: 1 });
      expect(late.interviewsHeld).toBe(6);
    });

    it('CC-7: at risk from the day fewer than 15 days per interview still needed are left — the day before it is not', () => {
      // 4 needed by 2026-11-04: at risk when fewer than 60 days are left, i.e. from 2026-09-06 (59 days left).
      expect(req(cash('2026-09-05'), 'JOB_INTERVIEW', 1)).toMatchObject({ daysLeft: 60, atRisk: false });
      expect(req(cash('2026-09-06'), 'JOB_INTERVIEW', 1)).toMatchObject({ daysLeft: 59, atRisk: true });
      expect(cash('2026-09-06').atRisk).toBe(true);
      // With 3 of 4 held, one interview needs 15 days: at risk from 14 days left.
      const three = [held('2026-05-08'), held('2026-06-01'), held('2026-07-01')];
      expect(req(cash('2026-10-20', three), 'JOB_INTERVIEW', 1)).toMatchObject({ stillNeeded: 1, daysLeft: 15, atRisk: false });
      expect(req(cash('2026-10-21', three), 'JOB_INTERVIEW', 1)).toMatchObject({ stillNeeded: 1, daysLeft: 14, atRisk: true });
      // Missed is not at risk any more; called-in requirements are never at risk (CC-9, JI-1).
      expect(req(cash('2026-11-05', three), 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'MISSED', atRisk: false });
      expect(req(cash('2026-05-10'), 'FIRST_CALLED_IN_INTERVIEW', 1)).toMatchObject({ status: 'DUE', daysLeft: 1, atRisk: false });
      expect(req(at('2026-04-01'), 'JOINT_INTERVIEW', 1)).toMatchObject({ status: 'DUE', daysLeft: 4, atRisk: false });
    });

    it('CC-3/CC-7: a joint interview on the 3-month day is the first; one day later it is the second and the first is missed', () => {
      const onDay = at('2026-04-10', [held('2026-04-05', 'JOINT_INTERVIEW')]);
      expect(req(onDay, 'JOINT_INTERVIEW', 1).status).toBe('MET');
      expect(req(onDay, 'JOINT_INTERVIEW', 2).status).toBe('DUE');
      const dayAfter = at('2026-04-10', [held('2026-04-06', 'JOINT_INTERVIEW')]);
      expect(req(dayAfter, 'JOINT_INTERVIEW', 1).status).toBe('MISSED');
      expect(req(dayAfter, 'JOINT_INTERVIEW', 2).status).toBe('MET');
    });

    it('CC-3: the second joint interview is UPCOMING before the 3-month day and DUE from it', () => {
      expect(req(at('2026-04-04'), 'JOINT_INTERVIEW', 2).status).toBe('UPCOMING');
      expect(req(at('2026-04-05'), 'JOINT_INTERVIEW', 2).status).toBe('DUE');
    });

    it('CC-2: a joint interview also counts as one of the 6 interviews', () => {
      const c = at('2026-02-10', [held('2026-02-01', 'JOINT_INTERVIEW')]);
      expect(req(c, 'JOB_INTERVIEW', 1).meetings.map((m) => m.type)).toEqual(['JOINT_INTERVIEW']);
      expect(req(c, 'JOINT_INTERVIEW', 1).status).toBe('MET');
    });

    it('CC-4/JI-7: the 16-month joint interview must be in person; a video joint interview does not meet it', () => {
      const video = at('2026-09-01', [held('2026-08-01', 'JOINT_INTERVIEW', { form: 'VIDEO' })]);
      expect(req(video, 'SIXTEEN_MONTH_JOINT_INTERVIEW', 1).status).toBe('DUE');
      const inPerson = at('2026-09-01', [held('2026-08-01', 'JOINT_INTERVIEW')]);
      expect(req(inPerson, 'SIXTEEN_MONTH_JOINT_INTERVIEW', 1).status).toBe('MET');
      expect(at('2027-05-05').requirements.find((r) => r.kind === 'SIXTEEN_MONTH_JOINT_INTERVIEW')!.status).toBe('DUE');
      expect(at('2027-05-06').requirements.find((r) => r.kind === 'SIXTEEN_MONTH_JOINT_INTERVIEW')!.status).toBe('MISSED');
    });

    it('CC-9: the first called-in interview on day 7 meets it; on day 8 it is missed but still counts among the 4', () => {
      const onTime = course('JOB_READY_CASH_BENEFIT', '2026-01-20', { since: '2026-01-05', meetings: [held('2026-01-12')] });
      expect(req(onTime, 'FIRST_CALLED_IN_INTERVIEW', 1).status).toBe('MET');
      const late = course('JOB_READY_CASH_BENEFIT', '2026-01-20', { since: '2026-01-05', meetings: [held('2026-01-13')] });
      expect(req(late, 'FIRST_CALLED_IN_INTERVIEW', 1).status).toBe('MISSED');
      expect(req(late, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', counted: 1 });
    });

    it('CC-10: the next due date is the earliest last day of an open requirement; phase switches after the six-month day', () => {
      const c = at('2026-01-10');
      expect(str(c.nextDueDate)).toBe('2026-04-05');
      expect(c.phase).toBe('FIRST_SIX_MONTHS');
      expect(at('2026-07-05').phase).toBe('FIRST_SIX_MONTHS');
      expect(at('2026-07-06').phase).toBe('AFTER_SIX_MONTHS');
      expect(at('2026-07-06').notes.map((x) => x.ruleId)).toContain('CC-4');
    });
  });

  describe('whole courses', () => {
    it('CC-2/CC-3: 6 interviews in 6 months including both joint interviews — every requirement met, nothing behind', () => {
      const meetings = [
        held('2026-02-02'), held('2026-03-02'), held('2026-04-01', 'JOINT_INTERVIEW'),
        held('2026-05-04'), held('2026-06-03', 'JOINT_INTERVIEW'), held('2026-07-03'),
      ];
      const c = course('INSURED_UNEMPLOYED', '2026-07-06', { since: '2026-01-05', meetings });
      const firstSix = c.requirements.filter((r) => r.kind !== 'SIXTEEN_MONTH_JOINT_INTERVIEW');
      expect(firstSix.map((r) => r.status)).toEqual(Array(3).fill('MET'));
      expect(c.interviewsHeldInFirstSixMonths).toBe(6);
      expect(c.behind).toBe(false);
      expect(str(c.nextDueDate)).toBe('2027-05-05');
    });

    it('CC-6: with a known first benefit day, interviews held from it count, also while in another group; earlier ones do not', () => {
      const c = course('INSURED_UNEMPLOYED', '2026-06-01', {
        since: '2026-04-01', benefitStart: '2026-05-01', periods: [period('2026-04-01')],
        meetings: [held('2026-04-20'), held('2026-05-10'), held('2026-05-25')],
      });
      expect(str(c.unemployedSince)).toBe('2026-05-01');
      expect(c.interviewsHeld).toBe(2);
      expect(c.countedInterviews.map((m) => m.localDay.toString())).toEqual(['2026-05-10', '2026-05-25']);
      expect(req(c, 'JOB_INTERVIEW', 1)).toMatchObject({ status: 'DUE', counted: 2 });
    });

    it('TG-5: under less intensive effort unmet requirements are SUSPENDED and the course is not behind', () => {
      const c = course('INSURED_UNEMPLOYED', '2026-03-01', { since: '2026-01-05', lessIntensive: true });
      expect(req(c, 'JOB_INTERVIEW', 1).status).toBe('SUSPENDED');
      expect(c.behind).toBe(false);
      expect(c.nextDueDate).toBeNull();
    });

    it('TG-1/CC-10: sickness benefit is not covered; a duty group without a start has not started', () => {
      expect(course('SICKNESS_BENEFIT', '2026-03-01', { since: '2026-01-05' }).phase).toBe('NOT_COVERED');
      expect(course('JOB_CLARIFICATION', '2026-03-01').phase).toBe('NOT_STARTED');
    });

    it('CC-5: the a-kasse CV interview is information with a 2-week window, not a requirement', () => {
      const c = course('INSURED_UNEMPLOYED', '2026-01-10', { since: '2026-01-05' });
      expect(c.cvInterview).toEqual({ windowFrom: D('2026-01-05'), windowTo: D('2026-01-19') });
      expect(c.requirements.some((r) => (r.kind as string).includes('CV'))).toBe(false);
      expect(course('JOB_READY_CASH_BENEFIT', '2026-01-10', { since: '2026-01-05' }).cvInterview).toBeNull();
    });
  });

  describe('CC-11: a request for an interview is answered by one planned or held from its day', () => {
    const m = (day: string, status: CourseMeeting['status'], type: MeetingType = 'JOB_INTERVIEW') => ({ type, status, localDay: D(day) });
    it('CC-11: outstanding until a job or joint interview is planned or held on or after the request day; the day before does not answer it', () => {
      expect(interviewRequestOutstanding(D('2026-08-10'), [])).toBe(true);
      expect(interviewRequestOutstanding(D('2026-08-10'), [m('2026-08-09', 'HELD')])).toBe(true);
      expect(interviewRequestOutstanding(D('2026-08-10'), [m('2026-08-10', 'HELD')])).toBe(false);
      expect(interviewRequestOutstanding(D('2026-08-10'), [m('2026-08-20', 'PLANNED', 'JOINT_INTERVIEW')])).toBe(false);
      expect(interviewRequestOutstanding(D('2026-08-10'), [m('2026-08-20', 'CANCELLED'), m('2026-08-21', 'NO_SHOW'), m('2026-08-22', 'PLANNED', 'FOLLOW_UP')])).toBe(true);
    });
  });
});
