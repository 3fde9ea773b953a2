import { Temporal } from 'temporal-polyfill';
import {
  CONTACT_COURSE_STATUS_VERSION, type CourseInput, type CourseMeeting, type UnemploymentPeriod, computeContactCourse, statusRecheckOn,
  storedCourseStatus, storedStatusHolds,
} from '../../src/domain/contact-course/contact-course.rules';
import type { MeetingType, TargetGroup } from '../../src/generated/enums';

/**
 * Issue 16 (2): the stored contact-course status holds until the recheck day statusRecheckOn names. Checked the
 * strong way: for many courses (every group, breaks, deregistrations, held interviews, less intensive effort), the
 * status computed on every day from today to the day before the recheck day equals today's.
 */
const D = (s: string) => Temporal.PlainDate.from(s);
let n = 0;
function held(day: Temporal.PlainDate, type: MeetingType = 'JOB_INTERVIEW'): CourseMeeting {
  return {
    id: `m${++n}`, type, status: 'HELD', form: n % 3 === 0 ? 'PHONE' : 'IN_PERSON', localDay: day,
    startsAt: day.toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: '10:00' }).toInstant(),
  };
}

const GROUPS: TargetGroup[] = ['INSURED_UNEMPLOYED', 'JOB_READY_CASH_BENEFIT', 'EDUCATION_READY_EDUCATION_BENEFIT', 'JOB_CLARIFICATION', 'SICKNESS_BENEFIT'];

/** A deterministic pseudo-random sequence (no Math.random in tests). */
function rng(seed: number) {
  let s = seed;
  return (k: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
}

function inputs(): CourseInput<CourseMeeting>[] {
  const r = rng(16);
  const out: CourseInput<CourseMeeting>[] = [];
  const today = D('2026-12-01');
  for (let i = 0; i < 120; i++) {
    const group = GROUPS[i % GROUPS.length]!;
    const since = today.subtract({ days: r(420) });
    const periods: UnemploymentPeriod[] = [];
    let from = since;
    for (let p = 0; p < 1 + r(3); p++) {
      const to = r(3) === 0 ? null : from.add({ days: 10 + r(200) });
      periods.push({ from, to });
      if (!to) break;
      from = to.add({ days: 5 + r(60) });
    }
    const meetings: CourseMeeting[] = [];
    for (let m = 0; m < r(8); m++) meetings.push(held(since.add({ days: r(300) }), r(4) === 0 ? 'JOINT_INTERVIEW' : 'JOB_INTERVIEW'));
    out.push({
      group, today, unemployedSince: r(5) === 0 ? null : since, benefitPeriodStart: r(4) === 0 ? since.add({ days: r(40) }) : null,
      periods: r(6) === 0 ? [] : periods, meetings: meetings.filter((m) => Temporal.PlainDate.compare(m.localDay, today) <= 0), lessIntensiveEffort: r(10) === 0,
    });
  }
  return out;
}

describe('Issue 16 (2): the stored contact-course status and its recheck day', () => {
  it('CC-7/CC-10: the stored status is the same on every day before the recheck day (120 courses, up to 400 days each)', () => {
    let checkedDays = 0;
    let withRecheck = 0;
    for (const input of inputs()) {
      const course = computeContactCourse(input);
      const stored = storedCourseStatus(course);
      const recheck = statusRecheckOn(course, input);
      if (recheck) withRecheck++;
      const last = recheck ?? input.today.add({ days: 400 });
      for (let d = input.today.add({ days: 1 }); Temporal.PlainDate.compare(d, last) < 0; d = d.add({ days: 1 })) {
        expect({ day: d.toString(), ...storedCourseStatus(computeContactCourse({ ...input, today: d })) }).toEqual({ day: d.toString(), ...stored });
        checkedDays++;
      }
    }
    expect(withRecheck).toBeGreaterThan(50);
    expect(checkedDays).toBeGreaterThan(2500);
  });

  it('CC-7: a requirement turns MISSED the day after its last day — that day is the recheck day at the latest', () => {
    const input: CourseInput<CourseMeeting> = {
      group: 'JOB_READY_CASH_BENEFIT', today: D('2026-06-25'), unemployedSince: D('2026-01-05'), benefitPeriodStart: null,
      periods: [{ from: D('2026-01-05'), to: null }], meetings: [held(D('2026-01-08')), held(D('2026-02-10')), held(D('2026-03-10'))], lessIntensiveEffort: false,
    };
    const course = computeContactCourse(input);
    expect(course.nextDueDate?.toString()).toBe('2026-07-05'); // the six-month day
    expect(storedCourseStatus(course)).toMatchObject({ missed: 0, atRisk: 1 });
    expect(statusRecheckOn(course, input)?.toString()).toBe('2026-07-06');
    // The day before / on / after: still DUE on the last day, MISSED after it.
    expect(storedCourseStatus(computeContactCourse({ ...input, today: D('2026-07-05') })).missed).toBe(0);
    expect(storedCourseStatus(computeContactCourse({ ...input, today: D('2026-07-06') }))).toMatchObject({ missed: 1, phase: 'AFTER_SIX_MONTHS' });
  });

  it('CC-7: the at-risk day (fewer than 15 days per interview still needed) is a recheck day', () => {
    const input: CourseInput<CourseMeeting> = {
      group: 'JOB_READY_CASH_BENEFIT', today: D('2026-05-01'), unemployedSince: D('2026-01-05'), benefitPeriodStart: null,
      periods: [], meetings: [held(D('2026-01-08')), held(D('2026-02-10')), held(D('2026-03-10'))], lessIntensiveEffort: false,
    };
    const course = computeContactCourse(input);
    // Last day 2026-07-05, 1 interview still needed: at risk from 2026-07-05 − 15 + 1 = 2026-06-21.
    expect(statusRecheckOn(course, input)?.toString()).toBe('2026-06-21');
    expect(storedCourseStatus(computeContactCourse({ ...input, today: D('2026-06-20') })).atRisk).toBe(0);
    expect(storedCourseStatus(computeContactCourse({ ...input, today: D('2026-06-21') })).atRisk).toBe(1);
  });

  it('CC-8: a paused cumulative course is rechecked every day (its dates read "if re-registered today")', () => {
    const input: CourseInput<CourseMeeting> = {
      group: 'INSURED_UNEMPLOYED', today: D('2026-05-01'), unemployedSince: D('2026-01-05'), benefitPeriodStart: null,
      periods: [{ from: D('2026-01-05'), to: D('2026-04-01') }], meetings: [], lessIntensiveEffort: false,
    };
    const course = computeContactCourse(input);
    expect(course.paused).toBe(true);
    expect(statusRecheckOn(course, input)?.toString()).toBe('2026-05-02');
  });

  it('Issue 16 (2): a stored row holds from the day it was computed to the day before its recheck day, with the current rules only', () => {
    const row = { rulesVersion: CONTACT_COURSE_STATUS_VERSION, computedOn: D('2026-12-01'), recheckOn: D('2026-12-10') };
    expect(storedStatusHolds(row, D('2026-11-30'))).toBe(false);
    expect(storedStatusHolds(row, D('2026-12-01'))).toBe(true);
    expect(storedStatusHolds(row, D('2026-12-09'))).toBe(true);
    expect(storedStatusHolds(row, D('2026-12-10'))).toBe(false);
    expect(storedStatusHolds({ ...row, recheckOn: null }, D('2030-01-01'))).toBe(true);
    expect(storedStatusHolds({ ...row, rulesVersion: 0 }, D('2026-12-01'))).toBe(false);
  });
});
