import type { Temporal } from 'temporal-polyfill';
import { In } from 'typeorm';
import { Citizen, Meeting, RegistrationPeriod } from '../../entities';
import type { Loaders } from '../../loaders';
import { canSeeCitizen, requireAuthenticated, requireJobcenterActor } from '../shared/access';
import { cmpDate } from '../shared/dates';
import { DUTY_GROUPS, type TargetGroup } from '../shared/enums';
import { ForbiddenError } from '../shared/errors';
import type { Scope } from '../shared/scope';
import { decodeCursor, encodeCursor, groupByCitizen } from '../shared/pagination';
import { type ComputedCourse, type Requirement, type RequirementKind, type UnemploymentPeriod, computeContactCourse } from './contact-course.rules';

/**
 * What the API shows of a contact course (CC-10): the computed course with the meetings themselves, so the
 * GraphQL layer resolves `Meeting` fields as for any other meeting.
 */
export interface ContactCourseView extends Omit<ComputedCourse<Meeting>, 'requirements' | 'cvInterview'> {
  requirements: (Requirement<Meeting> & { label: string })[];
  cvInterview: { windowFrom: Temporal.PlainDate; windowTo: Temporal.PlainDate; text: string } | null;
  citizenId: string;
  targetGroup: TargetGroup;
  /** The next planned job interview, joint interview or follow-up, if any. */
  nextPlannedInterview: Meeting | null;
  /** CC-2/CC-3/CC-4: the joint interviews of the course (planned and held), in time order. */
  jointInterviews: Meeting[];
}

/** CC-10: the label a frontend shows as is. */
function labelOf(r: { kind: RequirementKind; number: number; of: number; required: number }): string {
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

/**
 * CC-1 … CC-10, TG-3: the contact course of a citizen on `today`, from the registration periods and meetings.
 * `periods` empty means none are recorded: the citizen is taken as registered without a break since the start.
 */
export function contactCourseOf(
  citizen: Citizen, meetings: readonly Meeting[], today: Temporal.PlainDate, periods: readonly RegistrationPeriod[] = [],
): ContactCourseView {
  const course = computeContactCourse({
    group: citizen.targetGroup,
    unemployedSince: citizen.unemployedSince,
    benefitPeriodStart: citizen.benefitPeriodStart,
    periods: periodsOf(periods),
    meetings,
    today,
    // TG-5: less intensive effort suspends the duty to attend, unless the § 106(3) override keeps it.
    lessIntensiveEffort: citizen.lessIntensiveEffort && !citizen.lessIntensiveOverrideJustification,
  });
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

/** CC-7: why a course is on the caseworker's list. */
export type BehindReason = 'MISSED' | 'AT_RISK';

/** One citizen on the caseworker's list of courses that are behind. */
export interface BehindEntry {
  citizen: Citizen;
  contactCourse: ContactCourseView;
  /** Always 0 since the CC-7 correction (no requirement is OVERDUE); kept for existing clients. */
  overdue: number;
  missed: number;
  atRisk: number;
  reasons: BehindReason[];
}

/** Citizens scanned per round when looking for courses that are behind (bounded memory; 3 queries a round). */
const SCAN_BATCH = 200;

export class ContactCourseService {
  /** CC-10: the course of a citizen the caller has already been allowed to see (Citizen.contactCourse). Batched by the loaders. */
  async forCitizen(scope: Scope, loaders: Loaders, citizen: Citizen): Promise<ContactCourseView> {
    const [meetings, periods] = await Promise.all([
      loaders.meetingsByCitizen.load(citizen.id),
      loaders.registrationPeriodsByCitizen.load(citizen.id),
    ]);
    return contactCourseOf(citizen, meetings, scope.clock.today(), periods);
  }

  /**
   * The citizen whose obligations are asked for: the logged-in citizen (no id), or a citizen the actor may see
   * (jobcenter staff of the citizen's jobcenter, the citizen themselves). Null when there is none to show.
   */
  async obligationsOf(scope: Scope, loaders: Loaders, citizenId: string | null): Promise<Citizen | null> {
    requireAuthenticated(scope.actor);
    if (citizenId === null) {
      if (scope.actor.kind !== 'CITIZEN') throw new ForbiddenError('myObligations is for the logged-in citizen; use obligations(citizenId)');
      return loaders.citizen.load(scope.actor.citizenId);
    }
    // Obligations are the jobcenter's case handling: the a-kasse sees its members' joint interviews, registration
    // and events instead (RULES.md actors table; JI-4), and statistics readers no individual at all.
    if (scope.actor.kind === 'UNEMPLOYMENT_FUND' || scope.actor.kind === 'STATISTICS') {
      throw new ForbiddenError('A citizen\'s obligations are for the citizen and their jobcenter');
    }
    const c = await loaders.citizen.load(citizenId);
    if (!c || !canSeeCitizen(scope.actor, c)) return null;
    return c;
  }

  /**
   * CC-7/CC-10: citizens of a jobcenter whose contact course is behind (a requirement MISSED or at risk), by name,
   * keyset-paginated. The course is computed, not stored, so the citizens of the jobcenter are scanned in rounds of
   * SCAN_BATCH with their meetings and registration periods loaded per round (never one query per citizen).
   */
  async behind(scope: Scope, jobcenterId: string, first: number, after: string | null) {
    const actor = requireJobcenterActor(scope.actor);
    if (actor.jobcenterId !== jobcenterId) throw new ForbiddenError('Only staff of that jobcenter may list its citizens');
    const limit = Math.max(1, Math.min(first, 200));
    const today = scope.clock.today();
    const found: BehindEntry[] = [];
    let cursor = after ? decodeCursor('Query.contactCoursesBehind', after) : null;
    let exhausted = false;
    while (found.length <= limit && !exhausted) {
      const qb = scope.db.createQueryBuilder(Citizen, 'c')
        .where('c.jobcenter_id = :jobcenterId', { jobcenterId })
        .andWhere('c.target_group IN (:...groups)', { groups: [...DUTY_GROUPS] })
        .andWhere(`(c.unemployed_since IS NOT NULL OR c.benefit_period_start IS NOT NULL
          OR EXISTS (SELECT 1 FROM registration_period r WHERE r.citizen_id = c.id))`)
        .orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').limit(SCAN_BATCH);
      if (cursor) qb.andWhere('(c.name, c.id) > (:name, :id)', { name: cursor[0], id: cursor[1] });
      const batch = await qb.getMany();
      exhausted = batch.length < SCAN_BATCH;
      if (batch.length === 0) break;
      cursor = [batch[batch.length - 1].name, batch[batch.length - 1].id];
      const ids = batch.map((c) => c.id);
      const [meetings, periods] = await Promise.all([
        scope.db.find(Meeting, { where: { citizenId: In(ids) } }),
        scope.db.find(RegistrationPeriod, { where: { citizenId: In(ids) } }),
      ]);
      const meetingsOf = groupByCitizen(meetings);
      const periodsOfCitizen = groupByCitizen(periods);
      for (const c of batch) {
        const course = contactCourseOf(c, meetingsOf.get(c.id) ?? [], today, periodsOfCitizen.get(c.id) ?? []);
        if (!course.behind && !course.atRisk) continue;
        const missed = course.requirements.filter((r) => r.status === 'MISSED').length;
        const atRisk = course.requirements.filter((r) => r.atRisk).length;
        const reasons: BehindReason[] = [];
        if (missed > 0) reasons.push('MISSED');
        if (atRisk > 0) reasons.push('AT_RISK');
        found.push({ citizen: c, contactCourse: course, overdue: 0, missed, atRisk, reasons });
        if (found.length > limit) break;
      }
    }
    const nodes = found.slice(0, limit);
    const last = nodes[nodes.length - 1];
    for (const n of nodes) scope.audit?.noteRead(n.citizen.id, 'Query.contactCoursesBehind'); // IN-2: the page is read, whatever is selected
    return { nodes, pageInfo: { hasNextPage: found.length > limit, endCursor: last ? encodeCursor('Query.contactCoursesBehind', [last.citizen.name, last.citizen.id]) : null } };
  }
}
