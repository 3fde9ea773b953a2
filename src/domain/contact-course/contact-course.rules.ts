import { Temporal } from 'temporal-polyfill';
import { addDays, addMonths, cmpDate, daysBetween, maxDate } from '../shared/dates';
import { hasSelfBookingDuty } from '../shared/enums';
import { type Language, type Reason, reason } from '../shared/reasons';
import type { ContactCoursePhase, ContactCourseRequirementKind, ContactCourseRequirementStatus, MeetingForm, MeetingStatus, MeetingType, TargetGroup, UnemploymentMeasure } from '../../generated/enums';

/**
 * The contact course (kontaktforløb) as pure functions of the registration periods, the held interviews and
 * today. Everything a frontend needs is computed here (CC-10), so no client repeats a rule.
 *
 * How the windows are designed (each point is written up in docs/api/contact-course.md, "How the contact course is computed"):
 *
 * - Unemployment time (TG-3). `INSURED_UNEMPLOYED` count cumulatively (sammenlagt): only days registered as job
 *   seeker count, so a deregistration pauses the course and re-registration resumes it "where they left off"
 *   (CC-8). The other duty groups count continuously (sammenhængende): calendar days from the start of the
 *   current course; a break of 1 month or more restarts the course (CC-8, 003 2.9.1).
 * - "k months of unemployment" is the number of days from the course start to the same day k months later
 *   (Temporal month arithmetic), laid out on the unemployed days. With no break it is simply start + k months.
 * - CC-7 (corrected 2026-11-30): since the 2020 act no rule fixes how long may pass between interviews (003 1.1);
 *   the monthly rhythm of 000 2016-02-09 described the earlier act. So each requirement is a count with a last day:
 *   N interviews by the six-month day (CC-1/CC-2), the joint interviews in their own windows (CC-3), MET / DUE /
 *   MISSED, and *at risk* when fewer than 15 days per interview still needed are left (CC-7 Decision).
 * - The joint interviews (CC-3) have the fixed limits of 003 1.1.1 ("senest" / "tidligst"); the 16-month joint
 *   interview (CC-4) likewise.
 */

/**
 * CC-7/CC-10: MET (enough interviews count for it), DUE (still reachable by its last day), MISSED (its last day
 * passed short of it; cannot be caught up), UPCOMING (its window has not opened yet), SUSPENDED (TG-5: no duty to
 * attend interviews under less intensive effort). OVERDUE is no longer produced since the CC-7 correction (it came
 * from the monthly targets of the earlier act); the value stays for the GraphQL enum's existing clients.
 */

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

/** CC-9: the first interview is held at the latest 1 week after first contact (003 2.1). */
const FIRST_INTERVIEW_DAYS = 7;
/** CC-5: the a-kasse's CV interview within the first 2 weeks after registration (003 1.1.1). */
const CV_INTERVIEW_DAYS = 14;
/** CC-8: a break of this many months or more restarts the course of the continuously measured groups. */
const RESTART_BREAK_MONTHS = 1;

/** CC-9 (003 2.1): the groups the jobcenter calls in to their first interview. 003 names these four, not JOB_CLARIFICATION. */
const CALLED_IN_FIRST: readonly TargetGroup[] = [
  'JOB_READY_CASH_BENEFIT', 'JOB_READY_TRANSITION_BENEFIT', 'EDUCATION_READY_EDUCATION_BENEFIT', 'EDUCATION_READY_TRANSITION_BENEFIT',
];

/** TG-3: cumulative (sammenlagt) for INSURED_UNEMPLOYED, continuous (sammenhængende) for the other groups (003 1.1). */
function unemploymentMeasure(group: TargetGroup): UnemploymentMeasure {
  return group === 'INSURED_UNEMPLOYED' ? 'CUMULATIVE' : 'CONTINUOUS';
}

/** CC-1: the contact course of 003 covers the duty groups (TG-1); sickness benefit and other groups have their own. */
function contactCourseCovers(group: TargetGroup): boolean {
  return hasSelfBookingDuty(group);
}

/** CC-9: whether the group's first interview is called in by the jobcenter (not self-booked). */
function firstInterviewCalledIn(group: TargetGroup): boolean {
  return CALLED_IN_FIRST.includes(group);
}

/** CC-1/CC-2: at least 6 interviews (2 of them joint) for INSURED_UNEMPLOYED, at least 4 for the others. */
function interviewsRequiredInFirstSixMonths(group: TargetGroup): number {
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
function dayAtElapsed(tl: Timeline, n: number): Temporal.PlainDate {
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

/**
 * One requirement of the course: a count of interviews with a window (CC-7). The window is inclusive at both ends;
 * `windowTo` is the requirement's last day.
 */
export interface RequirementSpec {
  kind: ContactCourseRequirementKind;
  /** Position in its sequence (joint interview 1 of 2); 1 of 1 for a count requirement. */
  number: number;
  of: number;
  ruleIds: string[];
  /** CC-7: how many interviews it asks for (4 or 6 job interviews; 1 for the others). */
  required: number;
  /** First day an interview counts for it. */
  windowFrom: Temporal.PlainDate;
  /** No longer used since the CC-7 correction (no rule sets a day by which an interview is expected): always null. */
  targetDate: Temporal.PlainDate | null;
  /** The last day an interview counts for it; after it the requirement is MISSED if still short (CC-7). */
  windowTo: Temporal.PlainDate;
  /** CC-9/JI-1: held as a call-in by the jobcenter, never self-booked. */
  calledIn: boolean;
}

/**
 * CC-7 Decision: days per interview still needed below which a requirement is at risk — one deadline of at least 8
 * days (DL-2) plus the 7 days to hold the interview after it (DL-3).
 */
const AT_RISK_DAYS_PER_INTERVIEW = 15;

/**
 * CC-1 … CC-4, CC-7, CC-9: the requirements of a course, each a count of interviews with a last day.
 *
 * - Job interviews (CC-1/CC-2): N = 4 (6 for INSURED_UNEMPLOYED) from the course start to the six-month day. No rule
 *   says how long may pass between them (003 1.1, the 2020 act), so there are no monthly windows.
 * - CC-9 first interview: called in, held at the latest 7 days after the start (first contact, 003 2.1). It also
 *   counts as one of the N.
 * - Joint interviews (CC-3, INSURED_UNEMPLOYED): the first at the latest on the 3-month day; the second from the
 *   3-month day to the 6-month day (003 1.1.1, fixed limits "senest" / "tidligst"). Both also count among the 6.
 * - CC-4: the joint interview after the first six months, at the latest on the 16-month day.
 */
export function requirementSpecs(group: TargetGroup, tl: Timeline): RequirementSpec[] {
  const six = unemploymentDaysFor(tl, 6);
  const sixDay = dayAtElapsed(tl, six);
  const insured = group === 'INSURED_UNEMPLOYED';
  const specs: RequirementSpec[] = [];
  if (firstInterviewCalledIn(group)) {
    const due = addDays(tl.start, FIRST_INTERVIEW_DAYS);
    specs.push({ kind: 'FIRST_CALLED_IN_INTERVIEW', number: 1, of: 1, ruleIds: ['CC-9', 'CC-7'], required: 1, windowFrom: tl.start, targetDate: null, windowTo: due, calledIn: true });
  }
  specs.push({
    kind: 'JOB_INTERVIEW', number: 1, of: 1, ruleIds: insured ? ['CC-2', 'CC-7'] : ['CC-1', 'CC-7'],
    required: interviewsRequiredInFirstSixMonths(group), windowFrom: tl.start, targetDate: null, windowTo: sixDay, calledIn: false,
  });
  if (insured) {
    const threeDay = monthMark(tl, 3);
    specs.push(
      { kind: 'JOINT_INTERVIEW', number: 1, of: 2, ruleIds: ['CC-2', 'CC-3', 'CC-7'], required: 1, windowFrom: tl.start, targetDate: null, windowTo: threeDay, calledIn: true },
      { kind: 'JOINT_INTERVIEW', number: 2, of: 2, ruleIds: ['CC-2', 'CC-3', 'CC-7'], required: 1, windowFrom: threeDay, targetDate: null, windowTo: sixDay, calledIn: true },
      { kind: 'SIXTEEN_MONTH_JOINT_INTERVIEW', number: 1, of: 1, ruleIds: ['CC-4', 'JI-7'], required: 1, windowFrom: dayAtElapsed(tl, six + 1), targetDate: null, windowTo: monthMark(tl, 16), calledIn: true },
    );
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
function countedInterviews<M extends CourseMeeting>(tl: Timeline, meetings: readonly M[]): M[] {
  return meetings
    .filter((m) => m.status === 'HELD' && (m.type === 'JOB_INTERVIEW' || m.type === 'JOINT_INTERVIEW') && cmpDate(m.localDay, tl.start) >= 0)
    .sort((a, b) => a.startsAt.epochMilliseconds - b.startsAt.epochMilliseconds);
}

/**
 * CC-2/CC-3/CC-7/CC-9: which held interviews count for which requirement, in the order held. Every interview in a
 * count requirement's window counts for it, up to its number (the first interview also for CC-9 when it falls in the
 * first 7 days). A joint interview is also a job interview (the 6 of CC-2 include the 2 joint ones) and counts for the
 * earliest unmet joint requirement whose window contains its day; the 16-month one must be in person (JI-7). An
 * interview after a window closed never counts for it: holding interviews late does not repair a missed requirement.
 * Decision: a joint interview where the citizen opted out of the a-kasse's participation still counts as the joint
 * interview (JI-3: it keeps its type and is registered held with the opt-out marked).
 */
function assignInterviews<M extends CourseMeeting>(specs: readonly RequirementSpec[], interviews: readonly M[]): Map<RequirementSpec, M[]> {
  const met = new Map<RequirementSpec, M[]>();
  const add = (s: RequirementSpec, m: M) => {
    const list = met.get(s);
    if (list) list.push(m);
    else met.set(s, [m]);
  };
  const short = (s: RequirementSpec) => (met.get(s)?.length ?? 0) < s.required;
  for (const m of interviews) {
    let jointTaken = m.type !== 'JOINT_INTERVIEW';
    for (const s of specs) {
      if (!short(s) || !within(m.localDay, s)) continue;
      if (s.kind === 'JOB_INTERVIEW' || s.kind === 'FIRST_CALLED_IN_INTERVIEW') add(s, m);
      else if (!jointTaken && (s.kind === 'JOINT_INTERVIEW' || m.form === 'IN_PERSON')) {
        add(s, m);
        jointTaken = true;
      }
    }
  }
  return met;
}

/**
 * CC-7/CC-10: the status of each requirement on `today`: MET (enough interviews counted), DUE (still reachable by its
 * last day, window open), UPCOMING (its window has not opened yet: the second joint interview before the 3-month day,
 * the 16-month one in the first six months), MISSED (its last day passed short of it; for good). TG-5: under less
 * intensive effort without the § 106(3) override every unmet requirement is SUSPENDED (there is no duty to attend
 * interviews). Decision: the API keeps no history of less intensive effort periods, so this applies to the whole
 * course while the flag is set.
 */
function requirementStatus(s: RequirementSpec, counted: number, today: Temporal.PlainDate, suspended: boolean): ContactCourseRequirementStatus {
  if (counted >= s.required) return 'MET';
  if (suspended) return 'SUSPENDED';
  if (cmpDate(s.windowTo, today) < 0) return 'MISSED';
  if (cmpDate(s.windowFrom, today) > 0) return 'UPCOMING';
  return 'DUE';
}

/**
 * CC-7 Decision: a DUE requirement is at risk when the days left before its last day (today excluded, the last day
 * included) are fewer than 15 × the interviews it still needs: a deadline of 8 days plus 7 days to hold each (DL-2,
 * DL-3) no longer fits, so the caseworker should call in instead of issuing deadlines. Only self-booked requirements
 * are at risk: the called-in ones (CC-9, the joint interviews, JI-1) are planned by the jobcenter at short notice
 * anyway (and the joint ones have their own call-in list, RG-9). Decision.
 */
function requirementAtRisk(s: RequirementSpec, status: ContactCourseRequirementStatus, stillNeeded: number, daysLeft: number): boolean {
  return status === 'DUE' && !s.calledIn && daysLeft < AT_RISK_DAYS_PER_INTERVIEW * stillNeeded;
}

/** A requirement with its status and the interviews that count for it. */
export interface Requirement<M> extends RequirementSpec {
  status: ContactCourseRequirementStatus;
  /** The interview that completed it (the `required`-th), when MET. */
  meeting: M | null;
  /** The interviews that count for it, in the order held. */
  meetings: M[];
  /** How many count for it (at most `required`). */
  counted: number;
  /** `required` − `counted`. */
  stillNeeded: number;
  /** Days from today to its last day (0 on the last day; negative after it). */
  daysLeft: number;
  /** CC-7: DUE and fewer than 15 days per interview still needed are left. */
  atRisk: boolean;
}

/**
 * Issue 14: why a requirement has its status: each rule it implements (CC-1/CC-2/CC-3/…), then CC-7 with the
 * sentence of its status (MET, DUE, at risk, MISSED, from the same `status` and `atRisk` computeCourse gave), or TG-5
 * when SUSPENDED.
 */
export function requirementReasons(r: Pick<Requirement<unknown>, 'ruleIds' | 'status' | 'atRisk' | 'required' | 'counted' | 'stillNeeded' | 'daysLeft' | 'windowTo'>, lang: Language): Reason[] {
  const out = r.ruleIds.filter((id) => id !== 'CC-7').map((id) => reason(id, lang));
  const variant = r.status === 'DUE' ? (r.atRisk ? 'AT_RISK' : 'DUE') : r.status === 'MET' || r.status === 'MISSED' ? r.status : null;
  if (variant) {
    out.push(reason('CC-7', lang, variant, {
      held: r.counted, required: r.required, missing: r.stillNeeded, daysLeft: r.daysLeft, lastDay: r.windowTo.toString(),
    }));
  }
  if (r.status === 'SUSPENDED') out.push(reason('TG-5', lang));
  return out;
}

interface CourseNote {
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
  /** CC-7: a requirement is MISSED. */
  behind: boolean;
  /** CC-7: a requirement is at risk. */
  atRisk: boolean;
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

/**
 * The figures of a course that follow from the citizen and the registration periods alone, not from meetings (TG-1,
 * TG-3, TG-5, CC-1/CC-2/CC-3): what computeContactCourse answers for them, and what completes a stored status
 * (contact-course.service.ts) without reading the citizen's meetings.
 */
export type CourseTimelineFigures = Pick<ComputedCourse<unknown>, 'measure' | 'unemployedSince' | 'unemploymentDays' | 'unemploymentMonths'
  | 'registered' | 'paused' | 'interviewsRequiredInFirstSixMonths' | 'jointInterviewsRequired' | 'suspended'>;

/** The figures for a group not covered (TG-1), a course not started (`tl` null) or the timeline `tl`. */
function figuresOf(group: TargetGroup, covered: boolean, tl: Timeline | null, today: Temporal.PlainDate, lessIntensiveEffort: boolean): CourseTimelineFigures {
  const required = covered ? interviewsRequiredInFirstSixMonths(group) : 0;
  const joint = group === 'INSURED_UNEMPLOYED' ? 2 : 0;
  if (!tl) {
    return {
      measure: unemploymentMeasure(group), unemployedSince: null, unemploymentDays: 0, unemploymentMonths: 0, registered: false, paused: false,
      interviewsRequiredInFirstSixMonths: required, jointInterviewsRequired: joint, suspended: false,
    };
  }
  return {
    measure: tl.measure, unemployedSince: tl.start, unemploymentDays: elapsedDays(tl, today), unemploymentMonths: completeMonths(tl, today),
    registered: tl.registered, paused: tl.paused, interviewsRequiredInFirstSixMonths: required, jointInterviewsRequired: joint, suspended: lessIntensiveEffort,
  };
}

/** CourseTimelineFigures of a citizen on `today` (the same as computeContactCourse's, without the meetings). */
export function courseTimelineFigures(input: Omit<CourseInput<CourseMeeting>, 'meetings'>): CourseTimelineFigures {
  const covered = contactCourseCovers(input.group);
  return figuresOf(input.group, covered, covered ? courseTimeline(input) : null, input.today, input.lessIntensiveEffort);
}

/** CC-1 … CC-10, TG-3: the whole course of one citizen on `today`. */
export function computeContactCourse<M extends CourseMeeting>(input: CourseInput<M>): ComputedCourse<M> {
  const { group, today } = input;
  const empty = (phase: ContactCoursePhase, notes: CourseNote[], covered: boolean): ComputedCourse<M> => ({
    phase, ...figuresOf(group, covered, null, today, input.lessIntensiveEffort), firstSixMonthsEnd: null, sixteenMonthDate: null,
    interviewsHeld: 0, interviewsHeldInFirstSixMonths: 0, countedInterviews: [], requirements: [],
    nextDueDate: null, behind: false, atRisk: false, cvInterview: null, notes,
  });
  if (!contactCourseCovers(group)) {
    return empty('NOT_COVERED', [{ ruleId: 'TG-1', text: 'This group is not covered by the contact course of the self-booking guidance.' }], false);
  }
  const tl = courseTimeline(input);
  if (!tl) {
    const restarts = unemploymentMeasure(group) === 'CONTINUOUS' && input.periods.length > 0;
    return empty('NOT_STARTED', restarts
      ? [{ ruleId: 'CC-8', text: 'Without benefit for 1 month or more: the contact course starts over at re-registration.' }]
      : [{ ruleId: 'CC-10', text: 'No start of unemployment is known, so the contact course has not started.' }], true);
  }
  const specs = requirementSpecs(group, tl);
  const counted = countedInterviews(tl, input.meetings);
  const met = assignInterviews(specs, counted);
  // The specs are this call's own objects: completed in place (no copy per requirement and citizen).
  const requirements: Requirement<M>[] = specs.map((s) => {
    const meetings = met.get(s) ?? [];
    const status = requirementStatus(s, meetings.length, today, input.lessIntensiveEffort);
    const stillNeeded = s.required - meetings.length;
    const daysLeft = daysBetween(today, s.windowTo);
    return Object.assign(s, {
      status, meetings, counted: meetings.length, stillNeeded, daysLeft,
      meeting: status === 'MET' ? meetings[meetings.length - 1]! : null,
      atRisk: requirementAtRisk(s, status, stillNeeded, daysLeft),
    });
  });
  const sixDay = requirements.find((r) => r.kind === 'JOB_INTERVIEW')!.windowTo;
  const phase: ContactCoursePhase = cmpDate(today, sixDay) <= 0 ? 'FIRST_SIX_MONTHS' : 'AFTER_SIX_MONTHS';
  // CC-10: the earliest last day of a requirement still open (due or upcoming) — the next date by which an
  // interview must be held.
  let nextDueDate: Temporal.PlainDate | null = null;
  for (const r of requirements) {
    if ((r.status === 'DUE' || r.status === 'UPCOMING') && (!nextDueDate || cmpDate(r.windowTo, nextDueDate) < 0)) nextDueDate = r.windowTo;
  }
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
    phase, ...figuresOf(group, true, tl, today, input.lessIntensiveEffort),
    firstSixMonthsEnd: sixDay,
    sixteenMonthDate: requirements.find((r) => r.kind === 'SIXTEEN_MONTH_JOINT_INTERVIEW')?.windowTo ?? null,
    interviewsHeld: counted.length,
    interviewsHeldInFirstSixMonths: counted.filter((m) => cmpDate(m.localDay, sixDay) <= 0).length,
    countedInterviews: counted, requirements, nextDueDate,
    behind: requirements.some((r) => r.status === 'MISSED'),
    atRisk: requirements.some((r) => r.atRisk),
    cvInterview: group === 'INSURED_UNEMPLOYED' ? { windowFrom: tl.start, windowTo: addDays(tl.start, CV_INTERVIEW_DAYS) } : null,
    notes,
  };
}

/**
 * CC-11 (003 1.1): a request for a job interview is answered once a job interview or joint interview is planned or
 * held on or after the day of the request; until then it stays on the follow-up list (ST-2). A planned one that is
 * later cancelled (or turns into a no-show) no longer answers it.
 */
export function interviewRequestOutstanding(requestedOn: Temporal.PlainDate, meetings: readonly Pick<CourseMeeting, 'type' | 'status' | 'localDay'>[]): boolean {
  return !meetings.some((m) => (m.type === 'JOB_INTERVIEW' || m.type === 'JOINT_INTERVIEW') && (m.status === 'PLANNED' || m.status === 'HELD')
    && cmpDate(m.localDay, requestedOn) >= 0);
}

/**
 * Issue 16 (2): what is stored of a course per citizen (contact_course_status), what the caseworker lists read.
 * Everything here changes only with a write or on one of the days `statusRecheckOn` names.
 */
export interface StoredCourseStatus {
  phase: ContactCoursePhase;
  nextDueDate: Temporal.PlainDate | null;
  /** CC-7: requirements MISSED. */
  missed: number;
  /** CC-7: requirements at risk. */
  atRisk: number;
  interviewsHeld: number;
  interviewsHeldInFirstSixMonths: number;
}

export function storedCourseStatus(course: ComputedCourse<unknown>): StoredCourseStatus {
  let missed = 0;
  let atRisk = 0;
  for (const r of course.requirements) {
    if (r.status === 'MISSED') missed++;
    if (r.atRisk) atRisk++;
  }
  return {
    phase: course.phase, nextDueDate: course.nextDueDate, missed, atRisk,
    interviewsHeld: course.interviewsHeld, interviewsHeldInFirstSixMonths: course.interviewsHeldInFirstSixMonths,
  };
}

/**
 * Issue 16 (2): the first day after `today` on which the stored status (StoredCourseStatus) of this course may change
 * although nothing is written — the day passing alone — or null when it cannot. The candidates, each a day the
 * functions above compare `today` with:
 * - each requirement: its window opens (UPCOMING → DUE), the day after its last day (DUE → MISSED, the next due date
 *   and, for the six-month requirement, the phase), and the first day it is at risk (CC-7 Decision: fewer than 15 days
 *   per interview still needed left: windowTo − 15 × stillNeeded + 1);
 * - TG-3/CC-8: every registration period's first day, its first day deregistered and the day after, and 1 month after
 *   it (a continuous course ends); the start of unemployment and of the benefit period;
 * - a paused cumulative course (deregistered today) reads its dates "if re-registered today": tomorrow.
 * Extra candidates only cost a recomputation; a missing one would leave a stale row, which the unit test of this
 * function (every day before the day it names gives the same stored status) and the from-scratch comparison catch.
 */
export function statusRecheckOn(course: ComputedCourse<unknown>, input: TimelineInput): Temporal.PlainDate | null {
  const { today } = input;
  let next: Temporal.PlainDate | null = null;
  const consider = (d: Temporal.PlainDate | null) => {
    if (d && cmpDate(d, today) > 0 && (!next || cmpDate(d, next) < 0)) next = d;
  };
  if (course.paused) consider(addDays(today, 1));
  for (const r of course.requirements) {
    consider(r.windowFrom);
    consider(addDays(r.windowTo, 1));
    if (r.stillNeeded > 0) consider(addDays(r.windowTo, 1 - AT_RISK_DAYS_PER_INTERVIEW * r.stillNeeded));
  }
  for (const p of input.periods) {
    consider(p.from);
    if (p.to) {
      consider(p.to);
      consider(addDays(p.to, 1));
      consider(addMonths(p.to, RESTART_BREAK_MONTHS));
    }
  }
  consider(input.unemployedSince);
  consider(input.benefitPeriodStart);
  return next;
}

/**
 * Issue 16 (2): the version of the rules a stored status was computed with. Raise it when the rules change what is
 * stored, with a migration that marks every row stale (rules_version = 0, recheck_on in the past) for the daily run.
 */
export const CONTACT_COURSE_STATUS_VERSION = 1;

/** Issue 16 (2): a stored status holds on `today` when computed by these rules, on or before today, and its recheck day has not come. */
export function storedStatusHolds(
  row: { rulesVersion: number; computedOn: Temporal.PlainDate; recheckOn: Temporal.PlainDate | null }, today: Temporal.PlainDate,
): boolean {
  return row.rulesVersion === CONTACT_COURSE_STATUS_VERSION && cmpDate(row.computedOn, today) <= 0
    && (row.recheckOn === null || cmpDate(today, row.recheckOn) < 0);
}
