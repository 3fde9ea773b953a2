import { Temporal } from 'temporal-polyfill';
import { addDays, addMonths, cmpDate, daysBetween, maxDate } from '../shared/dates';
import { type MeetingForm, type MeetingStatus, type MeetingType, type TargetGroup, hasSelfBookingDuty } from '../shared/enums';

/**
 * The contact course (kontaktforløb) as pure functions of the registration periods, the held interviews and
 * today. Everything a frontend needs is computed here (CC-10), so no client repeats a rule.
 *
 * How the windows are designed (each point is written up in the README (Contact course)):
 *
 * - Unemployment time (TG-3). `INSURED_UNEMPLOYED` count cumulatively (sammenlagt): only days registered as job
 *   seeker count, so a deregistration pauses the course and re-registration resumes it "where they left off"
 *   (CC-8). The other duty groups count continuously (sammenhængende): calendar days from the start of the
 *   current course; a break of 1 month or more restarts the course (CC-8, 003 2.9.1).
 * - "k months of unemployment" is the number of days from the course start to the same day k months later
 *   (Temporal month arithmetic), laid out on the unemployed days. With no break it is simply start + k months.
 * - The interviews of the first six months (CC-1/CC-2) follow the rhythm of LAB § 16 a as explained in
 *   000 2016-02-09: interview k is due when the person has been unemployed k·(6/N) months, may be held earlier
 *   or up to 2 weeks later, and never later than the end of the first six months (the "at least N in 6 months"
 *   of the same answer). One not held by then is missed and later interviews do not repair it (CC-7).
 * - The joint interviews (CC-3) have the fixed limits of 003 1.1.1 ("senest" / "tidligst"), without the 2-week
 *   tolerance; the 16-month joint interview (CC-4) likewise.
 */

/** TG-3: how unemployment is measured for a group. */
export type UnemploymentMeasure = 'CUMULATIVE' | 'CONTINUOUS';

export type ContactCoursePhase = 'NOT_COVERED' | 'NOT_STARTED' | 'FIRST_SIX_MONTHS' | 'AFTER_SIX_MONTHS';

export type RequirementKind = 'FIRST_CALLED_IN_INTERVIEW' | 'JOB_INTERVIEW' | 'JOINT_INTERVIEW' | 'SIXTEEN_MONTH_JOINT_INTERVIEW';

/**
 * CC-7/CC-10: MET (an interview counts for it), DUE (the next one to hold, within its window), OVERDUE (its
 * target day has passed but the 2-week tolerance has not: it can still be held), MISSED (its window closed
 * without an interview; cannot be caught up), UPCOMING (a later one of the sequence), SUSPENDED (TG-5: no duty to
 * attend interviews under less intensive effort).
 */
export type RequirementStatus = 'MET' | 'DUE' | 'OVERDUE' | 'MISSED' | 'UPCOMING' | 'SUSPENDED';

/** A registration period as job seeker: [from, to) — `to` is the first day deregistered (deregistered_from). */
export interface UnemploymentPeriod {
  from: Temporal.PlainDate;
  to: Temporal.PlainDate | null;
}

/** What the rules need of a meeting. */
export interface CourseMeeting {
  id: string;
  type: MeetingType;
  status: MeetingStatus;
  form: MeetingForm;
  localDay: Temporal.PlainDate;
  startsAt: Temporal.Instant;
}

/** The 2-week tolerance of LAB § 16 a, stk. 4 (000 2016-02-09). */
export const LATE_TOLERANCE_DAYS = 14;
/** CC-9: the first interview is held at the latest 1 week after first contact (003 2.1). */
export const FIRST_INTERVIEW_DAYS = 7;
/** CC-5: the a-kasse's CV interview within the first 2 weeks after registration (003 1.1.1). */
export const CV_INTERVIEW_DAYS = 14;
/** CC-8: a break of this many months or more restarts the course of the continuously measured groups. */
export const RESTART_BREAK_MONTHS = 1;

/** CC-9 (003 2.1): the groups the jobcenter calls in to their first interview. 003 names these four, not JOB_CLARIFICATION. */
const CALLED_IN_FIRST: readonly TargetGroup[] = [
  'JOB_READY_CASH_BENEFIT', 'JOB_READY_TRANSITION_BENEFIT', 'EDUCATION_READY_EDUCATION_BENEFIT', 'EDUCATION_READY_TRANSITION_BENEFIT',
];

/** TG-3: cumulative (sammenlagt) for INSURED_UNEMPLOYED, continuous (sammenhængende) for the other groups (003 1.1). */
export function unemploymentMeasure(group: TargetGroup): UnemploymentMeasure {
  return group === 'INSURED_UNEMPLOYED' ? 'CUMULATIVE' : 'CONTINUOUS';
}

/** CC-1: the contact course of 003 covers the duty groups (TG-1); sickness benefit and other groups have their own. */
export function contactCourseCovers(group: TargetGroup): boolean {
  return hasSelfBookingDuty(group);
}

/** CC-9: whether the group's first interview is called in by the jobcenter (not self-booked). */
export function firstInterviewCalledIn(group: TargetGroup): boolean {
  return CALLED_IN_FIRST.includes(group);
}

/** CC-1/CC-2: at least 6 interviews (2 of them joint) for INSURED_UNEMPLOYED, at least 4 for the others. */
export function interviewsRequiredInFirstSixMonths(group: TargetGroup): number {
  return group === 'INSURED_UNEMPLOYED' ? 6 : 4;
}

/**
 * The unemployment timeline of the current course: its start and the periods that count as unemployment from
 * then on. The last period is open-ended; when the citizen is currently deregistered (cumulative measure), an
 * assumed period from today is added, so dates ahead read "if re-registered today" (`paused`).
 */
export interface Timeline {
  measure: UnemploymentMeasure;
  start: Temporal.PlainDate;
  periods: UnemploymentPeriod[];
  /** Registered as job seeker today (true when no registration periods are recorded). */
  registered: boolean;
  /** TG-3/CC-8: cumulative unemployment is paused (deregistered today); later dates assume re-registration today. */
  paused: boolean;
}

export interface TimelineInput {
  group: TargetGroup;
  unemployedSince: Temporal.PlainDate | null;
  benefitPeriodStart: Temporal.PlainDate | null;
  periods: readonly UnemploymentPeriod[];
  today: Temporal.PlainDate;
}

function sortedMerged(periods: readonly UnemploymentPeriod[]): UnemploymentPeriod[] {
  const ps = [...periods].sort((a, b) => cmpDate(a.from, b.from));
  const out: UnemploymentPeriod[] = [];
  for (const p of ps) {
    const last = out[out.length - 1];
    if (last && (last.to === null || cmpDate(p.from, last.to) <= 0)) {
      // Overlapping or adjacent periods are one stretch of registration.
      if (last.to !== null) last.to = p.to === null ? null : maxDate(last.to, p.to);
    } else {
      out.push({ from: p.from, to: p.to });
    }
  }
  return out;
}

function coversDay(p: UnemploymentPeriod, d: Temporal.PlainDate): boolean {
  return cmpDate(p.from, d) <= 0 && (p.to === null || cmpDate(d, p.to) < 0);
}

/**
 * TG-3, CC-6, CC-8: the timeline of the current course, or null when no course has started.
 *
 * Cumulative (INSURED_UNEMPLOYED): the course starts on the first day of the benefit period when it is known
 * (CC-6: every interview from that day counts, also those held while briefly in another group), else on the day
 * unemployment began, else on the first registration. Only registered days count; a deregistration pauses.
 * Decision: every deregistration pauses the count, whatever its reason (employment, sickness, missed deadline),
 * since none of those days is a day of unemployment benefit. With no registration periods recorded the citizen
 * is taken as registered without a break since the start.
 *
 * Continuous (the other duty groups): the course starts with the registration that follows the last break of
 * 1 month or more (CC-8), or on `unemployedSince` when that is later. Decision: a break shorter than 1 month does
 * not interrupt continuous unemployment, so its days count too (the course runs on in calendar time); and a
 * citizen deregistered for 1 month or more today has no current course — it starts over at re-registration.
 */
export function courseTimeline(input: TimelineInput): Timeline | null {
  const { group, today } = input;
  const measure = unemploymentMeasure(group);
  const periods = sortedMerged(input.periods);
  if (measure === 'CUMULATIVE') {
    const start = input.benefitPeriodStart ?? input.unemployedSince ?? periods[0]?.from ?? null;
    if (!start) return null;
    if (periods.length === 0) return { measure, start, periods: [{ from: start, to: null }], registered: true, paused: false };
    const clipped = periods
      .filter((p) => p.to === null || cmpDate(p.to, start) > 0)
      .map((p) => ({ from: maxDate(p.from, start), to: p.to }));
    const registered = clipped.some((p) => coversDay(p, today));
    const last = clipped[clipped.length - 1];
    if (!last || last.to !== null) {
      // Deregistered now (or never registered since the start): assume re-registration today for dates ahead.
      const resume = last?.to ? maxDate(today, last.to) : maxDate(today, start);
      clipped.push({ from: resume, to: null });
    }
    return { measure, start, periods: clipped, registered, paused: !registered };
  }
  if (periods.length === 0) {
    const start = input.unemployedSince ?? input.benefitPeriodStart;
    return start ? { measure, start, periods: [{ from: start, to: null }], registered: true, paused: false } : null;
  }
  // Only registrations that have begun decide the current course (a known future re-registration does not
  // end it before it happens).
  const begun = periods.filter((p) => cmpDate(p.from, today) <= 0);
  if (begun.length === 0) {
    const start = input.unemployedSince ?? periods[0].from;
    return { measure, start, periods: [{ from: start, to: null }], registered: false, paused: false };
  }
  return continuousTimeline(measure, begun, input.unemployedSince, today);
}

function continuousTimeline(measure: UnemploymentMeasure, periods: UnemploymentPeriod[], unemployedSince: Temporal.PlainDate | null, today: Temporal.PlainDate): Timeline | null {
  let chainStart = periods[0].from;
  for (let i = 1; i < periods.length; i++) {
    const prevEnd = periods[i - 1].to!;
    if (cmpDate(periods[i].from, addMonths(prevEnd, RESTART_BREAK_MONTHS)) >= 0) chainStart = periods[i].from;
  }
  const last = periods[periods.length - 1];
  if (last.to !== null && cmpDate(today, addMonths(last.to, RESTART_BREAK_MONTHS)) >= 0) return null;
  const start = unemployedSince && cmpDate(unemployedSince, chainStart) > 0 ? unemployedSince : chainStart;
  const registered = periods.some((p) => coversDay(p, today));
  return { measure, start, periods: [{ from: start, to: null }], registered, paused: false };
}

/** TG-3: days of unemployment in the course before `day` (so 0 on the first day). */
export function elapsedDays(tl: Timeline, day: Temporal.PlainDate): number {
  let n = 0;
  for (const p of tl.periods) {
    if (cmpDate(p.from, day) >= 0) break;
    const end = p.to === null || cmpDate(day, p.to) < 0 ? day : p.to;
    n += daysBetween(p.from, end);
  }
  return n;
}

/** The calendar day on which `n` days of unemployment have been completed (the n-th unemployed day, 0-based). */
export function dayAtElapsed(tl: Timeline, n: number): Temporal.PlainDate {
  let remaining = n;
  for (const p of tl.periods) {
    if (p.to === null) return addDays(p.from, remaining);
    const len = daysBetween(p.from, p.to);
    if (remaining < len) return addDays(p.from, remaining);
    remaining -= len;
  }
  // Unreachable: the last period of a timeline is always open-ended.
  throw new Error('timeline without an open period');
}

/** Days of unemployment that make up `months` (and `days`) from the course start (addMonths remembers the month steps). */
export function unemploymentDaysFor(tl: Timeline, months: number, days = 0): number {
  return daysBetween(tl.start, addMonths(tl.start, months, days));
}

/** The calendar day on which the person has been unemployed `months` (+ `days`) — "ledig i k måneder". */
export function monthMark(tl: Timeline, months: number, days = 0): Temporal.PlainDate {
  return dayAtElapsed(tl, unemploymentDaysFor(tl, months, days));
}

/** Complete months of unemployment on `day` (TG-3). */
export function completeMonths(tl: Timeline, day: Temporal.PlainDate): number {
  const elapsed = elapsedDays(tl, day);
  // IN-1: no month-by-month walk from the course start. No month is longer than 31 days, so at least
  // floor(elapsed / 31) months are complete; from there at most a few steps remain (28-day months) per 30 years.
  let k = Math.max(0, Math.floor(elapsed / 31));
  while (unemploymentDaysFor(tl, k + 1) <= elapsed) k++;
  return k;
}

/** One requirement of the course with its window. The window is inclusive at both ends. */
export interface RequirementSpec {
  kind: RequirementKind;
  /** Position in its sequence (interview 3 of 6; joint interview 1 of 2). */
  number: number;
  of: number;
  ruleIds: string[];
  /** First day an interview counts for it. */
  windowFrom: Temporal.PlainDate;
  /** The day it is expected by (k months of unemployment); after it the requirement is OVERDUE until windowTo. */
  targetDate: Temporal.PlainDate | null;
  /** Last day an interview counts for it; after it the requirement is MISSED (CC-7). */
  windowTo: Temporal.PlainDate;
  /** CC-9/JI-1: held as a call-in by the jobcenter, never self-booked. */
  calledIn: boolean;
}

/**
 * When interview k of N is due, in months (+ days) of unemployment (CC-1/CC-2, 000 2016-02-09).
 * INSURED_UNEMPLOYED: each month, 1 … 6. The groups the jobcenter calls in first (CC-9): the first within a week
 * (handled separately), the other three spread evenly over the rest at 2, 4 and 6 months. JOB_CLARIFICATION: four
 * spread evenly over six months, at 1½ (1 month 15 days), 3, 4½ and 6 months. **Decision**: 003 sets no interval
 * between interviews, so this is the even spread of the "each month" rhythm of § 16 a scaled to N interviews.
 */
export function interviewTargets(group: TargetGroup): { months: number; days: number }[] {
  if (group === 'INSURED_UNEMPLOYED') return [1, 2, 3, 4, 5, 6].map((months) => ({ months, days: 0 }));
  if (firstInterviewCalledIn(group)) return [{ months: 0, days: FIRST_INTERVIEW_DAYS }, { months: 2, days: 0 }, { months: 4, days: 0 }, { months: 6, days: 0 }];
  return [{ months: 1, days: 15 }, { months: 3, days: 0 }, { months: 4, days: 15 }, { months: 6, days: 0 }];
}

/**
 * CC-1 … CC-4, CC-7, CC-9: the requirements of a course and their windows.
 *
 * - Job interviews (CC-1/CC-2): window from the course start (an interview may be held earlier — 003 sets no
 *   minimum interval), target at k·(6/N) months, windowTo = target + 2 weeks (LAB § 16 a stk. 4), but never after
 *   the six-month day, since at least N must be held within the first six months (000 2016-02-09).
 * - CC-9 first interview: called in, held at the latest 7 days after the start (first contact); no tolerance.
 * - Joint interviews (CC-3, INSURED_UNEMPLOYED): the first at the latest on the 3-month day; the second from the
 *   3-month day to the 6-month day. Decision: no 2-week tolerance; 003 1.1.1 states these as fixed limits.
 * - CC-4: the joint interview after the first six months, at the latest on the 16-month day.
 */
export function requirementSpecs(group: TargetGroup, tl: Timeline): RequirementSpec[] {
  const six = unemploymentDaysFor(tl, 6);
  const sixDay = dayAtElapsed(tl, six);
  const targets = interviewTargets(group);
  const specs: RequirementSpec[] = targets.map((t, i) => {
    if (i === 0 && firstInterviewCalledIn(group)) {
      const due = addDays(tl.start, FIRST_INTERVIEW_DAYS);
      return { kind: 'FIRST_CALLED_IN_INTERVIEW', number: 1, of: targets.length, ruleIds: ['CC-9', 'CC-1', 'CC-7'], windowFrom: tl.start, targetDate: due, windowTo: due, calledIn: true };
    }
    const n = unemploymentDaysFor(tl, t.months, t.days);
    return {
      kind: 'JOB_INTERVIEW', number: i + 1, of: targets.length,
      ruleIds: group === 'INSURED_UNEMPLOYED' ? ['CC-2', 'CC-7'] : ['CC-1', 'CC-7'],
      windowFrom: tl.start, targetDate: dayAtElapsed(tl, n), windowTo: dayAtElapsed(tl, Math.min(n + LATE_TOLERANCE_DAYS, six)), calledIn: false,
    };
  });
  if (group === 'INSURED_UNEMPLOYED') {
    const threeDay = monthMark(tl, 3);
    specs.push(
      { kind: 'JOINT_INTERVIEW', number: 1, of: 2, ruleIds: ['CC-2', 'CC-3', 'CC-7'], windowFrom: tl.start, targetDate: threeDay, windowTo: threeDay, calledIn: true },
      { kind: 'JOINT_INTERVIEW', number: 2, of: 2, ruleIds: ['CC-2', 'CC-3', 'CC-7'], windowFrom: threeDay, targetDate: sixDay, windowTo: sixDay, calledIn: true },
    );
    const sixteen = monthMark(tl, 16);
    specs.push({ kind: 'SIXTEEN_MONTH_JOINT_INTERVIEW', number: 1, of: 1, ruleIds: ['CC-4', 'JI-7'], windowFrom: dayAtElapsed(tl, six + 1), targetDate: sixteen, windowTo: sixteen, calledIn: true });
  }
  return specs;
}

function within(day: Temporal.PlainDate, s: RequirementSpec): boolean {
  return cmpDate(s.windowFrom, day) <= 0 && cmpDate(day, s.windowTo) <= 0;
}

/**
 * CC-6: the interviews that count — held job interviews and joint interviews from the course start, in the order
 * they were held (also those held while the citizen was briefly in another group; 000 2018-07-06).
 */
export function countedInterviews<M extends CourseMeeting>(tl: Timeline, meetings: readonly M[]): M[] {
  return meetings
    .filter((m) => m.status === 'HELD' && (m.type === 'JOB_INTERVIEW' || m.type === 'JOINT_INTERVIEW') && cmpDate(m.localDay, tl.start) >= 0)
    .sort((a, b) => a.startsAt.epochMilliseconds - b.startsAt.epochMilliseconds);
}

/**
 * CC-2/CC-3/CC-7: which held interview meets which requirement. Each interview, in the order held, counts for the
 * earliest requirement of its sequence that is still unmet and whose window contains its day. An interview
 * after a window closed therefore counts for a later requirement (if any), never for the missed one: holding
 * interviews late does not repair a miss (000 2016-02-09). A joint interview is also a job interview (the 6 of
 * CC-2 include the 2 joint ones); the 16-month one must be in person (JI-7). Decision: a joint interview
 * where the citizen opted out of the a-kasse's participation still counts as the joint interview (JI-3: it keeps
 * its type and is registered held with the opt-out marked).
 */
export function assignInterviews<M extends CourseMeeting>(specs: readonly RequirementSpec[], interviews: readonly M[]): Map<RequirementSpec, M> {
  const met = new Map<RequirementSpec, M>();
  const take = (m: M, candidates: RequirementSpec[]) => {
    const r = candidates.find((s) => !met.has(s) && within(m.localDay, s));
    if (r) met.set(r, m);
  };
  const interviewSeq = specs.filter((s) => s.kind === 'JOB_INTERVIEW' || s.kind === 'FIRST_CALLED_IN_INTERVIEW');
  const jointSeq = specs.filter((s) => s.kind === 'JOINT_INTERVIEW' || s.kind === 'SIXTEEN_MONTH_JOINT_INTERVIEW');
  for (const m of interviews) {
    take(m, interviewSeq);
    if (m.type === 'JOINT_INTERVIEW') take(m, jointSeq.filter((s) => s.kind === 'JOINT_INTERVIEW' || m.form === 'IN_PERSON'));
  }
  return met;
}

/**
 * CC-7/CC-10: the status of each requirement on `today`. In each sequence (job interviews; joint interviews) the
 * first open requirement is DUE — or OVERDUE once its target day has passed — and later ones UPCOMING. A window
 * that closed unmet is MISSED for good. TG-5: under less intensive effort without the § 106(3) override every
 * unmet requirement is SUSPENDED (there is no duty to attend interviews). Decision: the API keeps no history of
 * less intensive effort periods, so this applies to the whole course while the flag is set.
 */
export function requirementStatuses(specs: readonly RequirementSpec[], met: ReadonlyMap<RequirementSpec, unknown>, today: Temporal.PlainDate, suspended: boolean): Map<RequirementSpec, RequirementStatus> {
  const out = new Map<RequirementSpec, RequirementStatus>();
  const seqOf = (s: RequirementSpec) => (s.kind === 'JOINT_INTERVIEW' || s.kind === 'SIXTEEN_MONTH_JOINT_INTERVIEW' ? 'joint' : 'interview');
  const firstOpenSeen = new Set<string>();
  for (const s of specs) {
    if (met.has(s)) out.set(s, 'MET');
    else if (suspended) out.set(s, 'SUSPENDED');
    else if (cmpDate(s.windowTo, today) < 0) out.set(s, 'MISSED');
    else if (firstOpenSeen.has(seqOf(s)) || cmpDate(s.windowFrom, today) > 0) {
      firstOpenSeen.add(seqOf(s));
      out.set(s, 'UPCOMING');
    } else {
      firstOpenSeen.add(seqOf(s));
      out.set(s, s.targetDate && cmpDate(s.targetDate, today) < 0 ? 'OVERDUE' : 'DUE');
    }
  }
  return out;
}

/** A requirement with its status and the interview that met it. */
export interface Requirement<M> extends RequirementSpec {
  status: RequirementStatus;
  meeting: M | null;
}

export interface CourseNote {
  ruleId: string;
  text: string;
}

/** CC-10: the computed course, ready to render. */
export interface ComputedCourse<M> {
  phase: ContactCoursePhase;
  measure: UnemploymentMeasure;
  unemployedSince: Temporal.PlainDate | null;
  unemploymentDays: number;
  unemploymentMonths: number;
  registered: boolean;
  paused: boolean;
  firstSixMonthsEnd: Temporal.PlainDate | null;
  sixteenMonthDate: Temporal.PlainDate | null;
  interviewsRequiredInFirstSixMonths: number;
  jointInterviewsRequired: number;
  interviewsHeld: number;
  interviewsHeldInFirstSixMonths: number;
  countedInterviews: M[];
  requirements: Requirement<M>[];
  nextDueDate: Temporal.PlainDate | null;
  behind: boolean;
  suspended: boolean;
  cvInterview: { windowFrom: Temporal.PlainDate; windowTo: Temporal.PlainDate } | null;
  notes: CourseNote[];
}

export interface CourseInput<M extends CourseMeeting> extends TimelineInput {
  meetings: readonly M[];
  /** TG-5: less intensive effort without the § 106(3) override. */
  lessIntensiveEffort: boolean;
}

/** CC-10: the notes a course may carry (the same texts for every citizen; shared, read-only). */
const NOTES = {
  cumulative: { ruleId: 'TG-3', text: 'Unemployment is counted cumulatively (sammenlagt): periods of deregistration do not count.' },
  continuous: { ruleId: 'TG-3', text: 'Unemployment is counted continuously (sammenhængende); a break of 1 month or more without benefit restarts the course (CC-8).' },
  paused: { ruleId: 'CC-8', text: 'Deregistered: the course is paused and resumes where it left off; dates ahead assume re-registration today.' },
  lessIntensive: { ruleId: 'TG-5', text: 'Less intensive effort: no duty to attend job interviews in this period; the requirements are suspended.' },
  calledInFirst: { ruleId: 'CC-9', text: 'The jobcenter calls you in to your first job interview, held at the latest 1 week after your first contact; it is not self-booked.' },
  cvInterview: { ruleId: 'CC-5', text: 'The CV interview at your a-kasse within the first 2 weeks is not part of the jobcenter\'s contact course.' },
  jointCalledIn: { ruleId: 'CC-3', text: 'The jobcenter calls you in to the joint interviews with your a-kasse; they cannot be self-booked.' },
  afterSixMonths: { ruleId: 'CC-4', text: 'After the first 6 months there is no minimum: the course is agreed with you individually, and you have a right to a job interview when you ask for one.' },
} as const satisfies Record<string, CourseNote>;

/** CC-1 … CC-10, TG-3: the whole course of one citizen on `today`. */
export function computeContactCourse<M extends CourseMeeting>(input: CourseInput<M>): ComputedCourse<M> {
  const { group, today } = input;
  const required = interviewsRequiredInFirstSixMonths(group);
  const joint = group === 'INSURED_UNEMPLOYED' ? 2 : 0;
  const empty = (phase: ContactCoursePhase, notes: CourseNote[]): ComputedCourse<M> => ({
    phase, measure: unemploymentMeasure(group), unemployedSince: null, unemploymentDays: 0, unemploymentMonths: 0,
    registered: false, paused: false, firstSixMonthsEnd: null, sixteenMonthDate: null, interviewsRequiredInFirstSixMonths: required,
    jointInterviewsRequired: joint, interviewsHeld: 0, interviewsHeldInFirstSixMonths: 0, countedInterviews: [], requirements: [],
    nextDueDate: null, behind: false, suspended: false, cvInterview: null, notes,
  });
  if (!contactCourseCovers(group)) {
    return { ...empty('NOT_COVERED', [{ ruleId: 'TG-1', text: 'This group is not covered by the contact course of the self-booking guidance.' }]), interviewsRequiredInFirstSixMonths: 0 };
  }
  const tl = courseTimeline(input);
  if (!tl) {
    const restarts = unemploymentMeasure(group) === 'CONTINUOUS' && input.periods.length > 0;
    return empty('NOT_STARTED', restarts
      ? [{ ruleId: 'CC-8', text: 'Without benefit for 1 month or more: the contact course starts over at re-registration.' }]
      : [{ ruleId: 'CC-10', text: 'No start of unemployment is known, so the contact course has not started.' }]);
  }
  const specs = requirementSpecs(group, tl);
  const counted = countedInterviews(tl, input.meetings);
  const met = assignInterviews(specs, counted);
  const statuses = requirementStatuses(specs, met, today, input.lessIntensiveEffort);
  // The specs are this call's own objects: completed in place (no copy per requirement and citizen).
  const requirements = specs.map((s) => Object.assign(s, { status: statuses.get(s)!, meeting: met.get(s) ?? null }));
  const sixDay = monthMark(tl, 6);
  const phase: ContactCoursePhase = cmpDate(today, sixDay) <= 0 ? 'FIRST_SIX_MONTHS' : 'AFTER_SIX_MONTHS';
  // CC-10: the earliest last day of a requirement still open (due, overdue or upcoming) — the next date by which
  // an interview must be held.
  const open = requirements.filter((r) => r.status === 'DUE' || r.status === 'OVERDUE' || r.status === 'UPCOMING');
  const nextDueDate = open.length ? open.map((r) => r.windowTo).sort(cmpDate)[0] : null;
  const notes: CourseNote[] = [];
  if (tl.measure === 'CUMULATIVE') {
    notes.push(NOTES.cumulative);
  } else {
    notes.push(NOTES.continuous);
  }
  if (tl.paused) notes.push(NOTES.paused);
  if (input.lessIntensiveEffort) notes.push(NOTES.lessIntensive);
  if (firstInterviewCalledIn(group)) notes.push(NOTES.calledInFirst);
  if (group === 'INSURED_UNEMPLOYED') {
    notes.push(NOTES.cvInterview);
    notes.push(NOTES.jointCalledIn);
  }
  if (phase === 'AFTER_SIX_MONTHS') {
    notes.push(NOTES.afterSixMonths);
  }
  return {
    phase, measure: tl.measure, unemployedSince: tl.start,
    unemploymentDays: elapsedDays(tl, today),
    unemploymentMonths: completeMonths(tl, today),
    registered: tl.registered, paused: tl.paused,
    firstSixMonthsEnd: sixDay,
    sixteenMonthDate: group === 'INSURED_UNEMPLOYED' ? monthMark(tl, 16) : null,
    interviewsRequiredInFirstSixMonths: required, jointInterviewsRequired: joint,
    interviewsHeld: counted.length,
    interviewsHeldInFirstSixMonths: counted.filter((m) => cmpDate(m.localDay, sixDay) <= 0).length,
    countedInterviews: counted, requirements, nextDueDate,
    behind: requirements.some((r) => r.status === 'OVERDUE' || r.status === 'MISSED'),
    suspended: input.lessIntensiveEffort,
    cvInterview: group === 'INSURED_UNEMPLOYED' ? { windowFrom: tl.start, windowTo: addDays(tl.start, CV_INTERVIEW_DAYS) } : null,
    notes,
  };
}
