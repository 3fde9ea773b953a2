import type { Temporal } from 'temporal-polyfill';
import { In } from 'typeorm';
import { Citizen, Meeting, RegistrationPeriod } from '../../entities';
import type { Loaders } from '../../loaders';
import { citizenOrStaff, citizenSelf, ensureCitizenAccess, ensureJobcenterAccess, requirePolicy, selfCitizenId } from '../../auth/policy';
import { cmpDate } from '../shared/dates';
import type { Scope } from '../shared/scope';
import { decodeCursor, encodeCursor } from '../shared/pagination';
import {
  type ComputedCourse, type CourseInput, type CourseTimelineFigures, type Requirement, type StoredCourseStatus, type UnemploymentPeriod, computeContactCourse,
  courseTimelineFigures, statusRecheckOn, storedCourseStatus, storedStatusHolds,
} from './contact-course.rules';
import { computeContactCourseStatuses } from './contact-course.status';
import type { ContactCourseBehindReason, ContactCourseRequirementKind, TargetGroup } from '../../generated/enums';

/**
 * What the API shows of a contact course (CC-10): the computed course with the meetings themselves, so the
 * GraphQL layer resolves `Meeting` fields as for any other meeting.
 */
/** A requirement of the contact course as the API shows it (ContactCourseRequirement), with its CC-10 label. */
export type ContactCourseRequirementView = Requirement<Meeting> & { label: string };

export interface ContactCourseView extends Omit<ComputedCourse<Meeting>, 'requirements' | 'cvInterview'> {
  requirements: ContactCourseRequirementView[];
  cvInterview: { windowFrom: Temporal.PlainDate; windowTo: Temporal.PlainDate; text: string } | null;
  citizenId: string;
  targetGroup: TargetGroup;
  /** The next planned job interview, joint interview or follow-up, if any. */
  nextPlannedInterview: Meeting | null;
  /** CC-2/CC-3/CC-4: the joint interviews of the course (planned and held), in time order. */
  jointInterviews: Meeting[];
}

/** CC-10: the label a frontend shows as is. */
function labelOf(r: { kind: ContactCourseRequirementKind; number: number; of: number; required: number }): string {
  switch (r.kind) {
    case 'FIRST_CALLED_IN_INTERVIEW': return 'First job interview (called in by the jobcenter within 7 days)';
    case 'JOB_INTERVIEW': return `${r.required} job interviews in the first 6 months`;
    case 'JOINT_INTERVIEW': return `Joint interview with the a-kasse ${r.number} of ${r.of}`;
    case 'SIXTEEN_MONTH_JOINT_INTERVIEW': return 'Joint interview with the a-kasse at the latest after 16 months (in person)';
  }
}

const CV_TEXT = 'Your a-kasse holds a CV interview with you within the first 2 weeks; it is not part of the jobcenter\'s contact course.';

const NEXT_TYPES = new Set(['JOB_INTERVIEW', 'JOINT_INTERVIEW', 'FOLLOW_UP']);

function periodsOf(rows: readonly RegistrationPeriod[]): UnemploymentPeriod[] {
  return rows.map((r) => ({ from: r.registeredFrom, to: r.deregisteredFrom }));
}

/** The rules' input for a citizen's course (contactCourseOf; the stored status's recheck day, contact-course.status.ts). */
export function courseInputOf(
  citizen: Citizen, meetings: readonly Meeting[], today: Temporal.PlainDate, periods: readonly RegistrationPeriod[] = [],
): CourseInput<Meeting> {
  return {
    group: citizen.targetGroup,
    unemployedSince: citizen.unemployedSince,
    benefitPeriodStart: citizen.benefitPeriodStart,
    periods: periodsOf(periods),
    meetings,
    today,
    // TG-5: less intensive effort suspends the duty to attend, unless the § 106(3) override keeps it.
    lessIntensiveEffort: citizen.lessIntensiveEffort && !citizen.lessIntensiveOverrideJustification,
  };
}

/**
 * CC-1 … CC-10, TG-3: the contact course of a citizen on `today`, from the registration periods and meetings.
 * `periods` empty means none are recorded: the citizen is taken as registered without a break since the start.
 */
export function contactCourseOf(
  citizen: Citizen, meetings: readonly Meeting[], today: Temporal.PlainDate, periods: readonly RegistrationPeriod[] = [],
): ContactCourseView {
  const course = computeContactCourse(courseInputOf(citizen, meetings, today, periods));
  const byStart = (a: Meeting, b: Meeting) => a.startsAt.epochMilliseconds - b.startsAt.epochMilliseconds;
  const nextPlannedInterview = meetings.filter((m) => m.status === 'PLANNED' && NEXT_TYPES.has(m.type)).sort(byStart)[0] ?? null;
  const start = course.unemployedSince;
  const jointInterviews = start
    ? meetings.filter((m) => m.type === 'JOINT_INTERVIEW' && m.status !== 'CANCELLED' && cmpDate(m.localDay, start) >= 0).sort(byStart)
    : [];
  return {
    ...course,
    requirements: course.requirements.map((r) => Object.assign(r, { label: labelOf(r) })),
    cvInterview: course.cvInterview ? { ...course.cvInterview, text: CV_TEXT } : null,
    citizenId: citizen.id, targetGroup: citizen.targetGroup, nextPlannedInterview, jointInterviews,
  };
}

/** One citizen on the caseworker's list of courses that are behind (its contactCourse is resolved per field selection). */
export interface BehindEntry {
  citizen: Citizen;
  /** Always 0 since the CC-7 correction (no requirement is OVERDUE); kept for existing clients. */
  overdue: number;
  missed: number;
  atRisk: number;
  reasons: ContactCourseBehindReason[];
}

/**
 * Issue 16 (2): the fields of ContactCourse the stored status answers (contact_course_status); a selection of only
 * these is served from it when the row holds, anything else computes the course.
 */
export const STORED_COURSE_FIELDS: ReadonlySet<string> = new Set([
  '__typename', 'phase', 'behind', 'atRisk', 'nextDueDate', 'interviewsHeld', 'interviewsHeldInFirstSixMonths', 'nextPlannedInterview',
]);

/**
 * The fields that follow from the citizen and the registration periods alone (CourseTimelineFigures): with the stored
 * fields they are answered without the citizen's meetings — the citizen's own obligations ask `unemploymentDays` and
 * `interviewsRequiredInFirstSixMonths` beside stored fields (issue 16: the full course was 20 % of that request's CPU).
 */
export const TIMELINE_COURSE_FIELDS: ReadonlySet<string> = new Set([
  'measure', 'unemployedSince', 'unemploymentDays', 'unemploymentMonths', 'registered', 'paused', 'interviewsRequiredInFirstSixMonths',
  'jointInterviewsRequired', 'suspended',
]);

/** What the stored status and the timeline give of a ContactCourse (STORED_COURSE_FIELDS, TIMELINE_COURSE_FIELDS). */
export type StoredCourseView = Pick<ContactCourseView, 'phase' | 'behind' | 'atRisk' | 'nextDueDate' | 'interviewsHeld' | 'interviewsHeldInFirstSixMonths'>
  & Partial<CourseTimelineFigures> & { nextPlannedInterview: () => Promise<Meeting | null> };

/** The next planned job interview, joint interview or follow-up among planned meetings (as contactCourseOf). */
function nextPlannedOf(planned: readonly Meeting[]): Meeting | null {
  let next: Meeting | null = null;
  for (const m of planned) {
    if (m.status === 'PLANNED' && NEXT_TYPES.has(m.type) && (!next || m.startsAt.epochMilliseconds < next.startsAt.epochMilliseconds)) next = m;
  }
  return next;
}

/** Citizens scanned per round when looking for courses that are behind (bounded memory). */
const SCAN_BATCH = 200;

/**
 * What a contact_course_status row stores, computed from scratch from the entities (contactCourseOf, as the API computes
 * a course). The refresh (contact-course.status.ts) reads the same inputs in one statement of its own; the from-scratch
 * test compares the two.
 */
export function computeStoredStatus(
  citizen: Citizen, heldInterviews: readonly Meeting[], periods: readonly RegistrationPeriod[], today: Temporal.PlainDate,
): StoredCourseStatus & { recheckOn: Temporal.PlainDate | null } {
  const course = contactCourseOf(citizen, heldInterviews, today, periods);
  return { ...storedCourseStatus(course), recheckOn: statusRecheckOn(course, courseInputOf(citizen, heldInterviews, today, periods)) };
}

/**
 * CC-7/CC-10 (contactCoursesBehind): a keyset page of a jobcenter's stored course statuses in (name, citizen) order —
 * the courses behind or at risk (contact_course_status_behind_idx), and the rows that may not hold today (recheck day
 * arrived: contact_course_status_recheck_idx; computed for a later day: contact_course_status_computed_idx), marked
 * stale. $1 jobcenter, $2/$3 the cursor's (name, citizen id), $4 today, $5 rows. Exported for the EXPLAIN checks
 * (test/integration/contact-courses-behind-plan.test.ts, bench/explain.ts).
 */
export const CONTACT_COURSES_BEHIND_SQL = `SELECT citizen_id, name, missed, at_risk, bool_or(stale) AS stale FROM (
     (SELECT s.citizen_id, s.name, s.missed, s.at_risk, false AS stale FROM contact_course_status s
       WHERE s.jobcenter_id = $1 AND (s.missed > 0 OR s.at_risk > 0) AND (s.name, s.citizen_id) > ($2, $3::uuid)
       ORDER BY s.name, s.citizen_id LIMIT $5)
     UNION ALL
     (SELECT s.citizen_id, s.name, s.missed, s.at_risk, true FROM contact_course_status s
       WHERE s.jobcenter_id = $1 AND s.recheck_on <= $4::date AND (s.name, s.citizen_id) > ($2, $3::uuid)
       ORDER BY s.name, s.citizen_id LIMIT $5)
     UNION ALL
     (SELECT s.citizen_id, s.name, s.missed, s.at_risk, true FROM contact_course_status s
       WHERE s.jobcenter_id = $1 AND s.computed_on > $4::date AND (s.name, s.citizen_id) > ($2, $3::uuid)
       ORDER BY s.name, s.citizen_id LIMIT $5)) x
   GROUP BY citizen_id, name, missed, at_risk ORDER BY name, citizen_id LIMIT $5`;

export class ContactCourseService {
  /**
   * CC-10: the course of a citizen the caller has already been allowed to see (Citizen.contactCourse). Batched by the
   * loaders. Issue 16 (2): when `fields` (the selected ContactCourse fields) are all STORED_COURSE_FIELDS and the
   * citizen's stored status holds today, it answers from that row (no meetings, no computation); else it computes.
   */
  async forCitizen(scope: Scope, loaders: Loaders, citizen: Citizen, fields?: ReadonlySet<string>): Promise<ContactCourseView> {
    const today = scope.clock.today();
    if (fields && [...fields].every((f) => STORED_COURSE_FIELDS.has(f) || TIMELINE_COURSE_FIELDS.has(f))) {
      // Same tick as the page's other citizen rows (activeDeadline, planned meetings): one statement for all.
      const planned = fields.has('nextPlannedInterview') ? loaders.plannedMeetingsByCitizen.load(citizen.id) : undefined;
      const periods = [...fields].some((f) => TIMELINE_COURSE_FIELDS.has(f)) ? loaders.registrationPeriodsByCitizen.load(citizen.id) : undefined;
      const row = await loaders.contactCourseStatus.load(citizen.id);
      if (row && storedStatusHolds(row, today)) {
        const view: StoredCourseView = {
          phase: row.phase as ContactCourseView['phase'], behind: row.missed > 0, atRisk: row.atRisk > 0, nextDueDate: row.nextDueDate,
          interviewsHeld: row.interviewsHeld, interviewsHeldInFirstSixMonths: row.interviewsHeldInFirstSixMonths,
          ...(periods ? courseTimelineFigures(courseInputOf(citizen, [], today, await periods)) : {}),
          nextPlannedInterview: async () => nextPlannedOf((await planned) ?? await loaders.plannedMeetingsByCitizen.load(citizen.id)),
        };
        // Only the fields above are selected (STORED_COURSE_FIELDS, TIMELINE_COURSE_FIELDS), so the rest of
        // ContactCourseView is never read.
        return view as unknown as ContactCourseView;
      }
    }
    const [meetings, periods] = await Promise.all([
      loaders.meetingsByCitizen.load(citizen.id),
      loaders.registrationPeriodsByCitizen.load(citizen.id),
    ]);
    return contactCourseOf(citizen, meetings, today, periods);
  }

  /**
   * The citizen whose obligations are asked for: the logged-in citizen (no id), or a citizen the actor may see
   * (jobcenter staff of the citizen's jobcenter, the citizen themselves). Null when there is none to show.
   */
  async obligationsOf(scope: Scope, loaders: Loaders, citizenId: string | null): Promise<Citizen | null> {
    if (citizenId === null) {
      // Query.myObligations: the logged-in citizen only (policy citizenSelf).
      requirePolicy(citizenSelf, scope.actor);
      return ensureCitizenAccess(scope, await loaders.citizen.load(selfCitizenId(scope.actor)!));
    }
    // Obligations are the jobcenter's case handling (policy citizenOrStaff, CC-10): the a-kasse sees its members'
    // joint interviews, registration and events instead (RULES.md actors table; JI-4), and statistics readers no
    // individual at all. Another tenant's citizen: ABSENT (null).
    requirePolicy(citizenOrStaff, scope.actor);
    return ensureCitizenAccess(scope, await loaders.citizen.load(citizenId));
  }

  /**
   * CC-7/CC-10: citizens of a jobcenter whose contact course is behind (a requirement MISSED) or at risk, by name,
   * keyset-paginated. Issue 16 (2): read from the stored status (contact_course_status_behind_idx, in page order); the
   * rows that do not hold today (recheck day arrived before the daily run of the day, marked stale by a trigger,
   * computed for a later day) come from contact_course_status_recheck_idx / _computed_idx and are computed here.
   */
  async behind(scope: Scope, jobcenterId: string, first: number, after: string | null): Promise<{ nodes: BehindEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
    ensureJobcenterAccess(scope, jobcenterId);
    const limit = Math.max(1, Math.min(first, 200));
    const today = scope.clock.today();
    const found: { id: string; name: string; missed: number; atRisk: number }[] = [];
    let cursor = after ? decodeCursor('Query.contactCoursesBehind', after) : null;
    for (;;) {
      const want = Math.min(SCAN_BATCH, limit + 1 - found.length);
      const rows: { citizen_id: string; name: string; missed: number; at_risk: number; stale: boolean }[] = await scope.db.query(
        CONTACT_COURSES_BEHIND_SQL,
        [jobcenterId, cursor?.[0] ?? '', cursor?.[1] ?? '00000000-0000-0000-0000-000000000000', today.toString(), want]);
      if (rows.length === 0) break;
      const stale = rows.filter((r) => r.stale).map((r) => r.citizen_id);
      const recomputed = stale.length > 0 ? await this.computeStored(scope, stale, today) : new Map<string, { missed: number; atRisk: number }>();
      for (const r of rows) {
        const s = r.stale ? recomputed.get(r.citizen_id) : { missed: r.missed, atRisk: r.at_risk };
        if (s && (s.missed > 0 || s.atRisk > 0)) found.push({ id: r.citizen_id, name: r.name, missed: s.missed, atRisk: s.atRisk });
      }
      const last = rows[rows.length - 1]!;
      cursor = [last.name, last.citizen_id];
      if (found.length > limit || rows.length < want) break;
    }
    const page = found.slice(0, limit);
    const citizens = page.length > 0 ? await scope.db.find(Citizen, { where: { id: In(page.map((p) => p.id)) } }) : [];
    const byId = new Map(citizens.map((c) => [c.id, c]));
    const nodes: BehindEntry[] = [];
    for (const p of page) {
      const citizen = byId.get(p.id);
      if (!citizen) continue;
      const reasons: ContactCourseBehindReason[] = [];
      if (p.missed > 0) reasons.push('MISSED');
      if (p.atRisk > 0) reasons.push('AT_RISK');
      nodes.push({ citizen, overdue: 0, missed: p.missed, atRisk: p.atRisk, reasons });
    }
    const last = page[page.length - 1];
    for (const n of nodes) scope.audit?.noteRead(n.citizen.id, 'Query.contactCoursesBehind'); // IN-2: the page is read, whatever is selected
    return { nodes, pageInfo: { hasNextPage: found.length > limit, endCursor: last ? encodeCursor('Query.contactCoursesBehind', [last.name, last.id]) : null } };
  }

  /** The stored status of citizens whose row may be stale, computed now (not written: a read never writes). */
  private async computeStored(scope: Scope, ids: string[], today: Temporal.PlainDate): Promise<Map<string, { missed: number; atRisk: number }>> {
    const computed = await computeContactCourseStatuses(scope.db, ids, today);
    return new Map(computed.map((c) => [c.citizenId, { missed: c.status.missed, atRisk: c.status.atRisk }]));
  }
}
