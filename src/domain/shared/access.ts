import type { Citizen } from '../../entities';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { type Actor, type JobcenterActor, isJobcenterActor } from './actor';

/**
 * Access rules of the actors table in RULES.md, enforced in the domain layer:
 * a citizen sees only themselves; a caseworker or integration only citizens of their jobcenter;
 * an a-kasse only its members; a statistics reader no individual.
 */
export function canSeeCitizen(actor: Actor, c: Pick<Citizen, 'id' | 'jobcenterId' | 'unemploymentFundId'>): boolean {
  switch (actor.kind) {
    case 'CITIZEN':
      return actor.citizenId === c.id;
    case 'CASEWORKER':
    case 'INTEGRATION':
      return actor.jobcenterId === c.jobcenterId;
    case 'UNEMPLOYMENT_FUND':
      return c.unemploymentFundId !== null && actor.unemploymentFundId === c.unemploymentFundId;
    default:
      return false;
  }
}

export function requireAuthenticated(actor: Actor): void {
  if (actor.kind === 'ANONYMOUS') throw new UnauthenticatedError();
}

/** The operation is for jobcenter staff (caseworkers and case-management integrations) only. */
export function requireJobcenterActor(actor: Actor): JobcenterActor {
  requireAuthenticated(actor);
  if (!isJobcenterActor(actor)) throw new ForbiddenError('Only a caseworker or integration of a jobcenter may do this');
  return actor;
}

export function requireCitizenActor(actor: Actor): Extract<Actor, { kind: 'CITIZEN' }> {
  requireAuthenticated(actor);
  if (actor.kind !== 'CITIZEN') throw new ForbiddenError('Only the citizen may do this');
  return actor;
}

/** Jobcenter staff, or the a-kasse of the citizen (JI-2, JI-5, RG-6). */
export function requireJobcenterOrFundActor(actor: Actor): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'UNEMPLOYMENT_FUND' }> {
  requireAuthenticated(actor);
  if (!isJobcenterActor(actor) && actor.kind !== 'UNEMPLOYMENT_FUND') {
    throw new ForbiddenError('Only a jobcenter or the citizen\'s a-kasse may do this');
  }
  return actor;
}

/** Jobcenter staff, or the citizen themselves. */
export function requireJobcenterOrCitizenActor(actor: Actor): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'CITIZEN' }> {
  requireAuthenticated(actor);
  if (!isJobcenterActor(actor) && actor.kind !== 'CITIZEN') throw new ForbiddenError('Only the citizen or their jobcenter may do this');
  return actor;
}

/**
 * Whose settings of a jobcenter an actor may read (SL-4's rebooking cutoff): its own staff, and its own citizens,
 * whose rebooking the cutoff governs. Decision: a jobcenter's name and code are public (the `jobcenters` list), its
 * settings are its own case handling — another jobcenter's staff, an a-kasse and statistics readers get FORBIDDEN
 * on the field (not null, which would read as "no cutoff"). `citizenJobcenterId`: the citizen actor's jobcenter.
 */
export function canSeeJobcenterSettings(actor: Actor, jobcenterId: string, citizenJobcenterId?: string | null): boolean {
  if (isJobcenterActor(actor)) return actor.jobcenterId === jobcenterId;
  if (actor.kind === 'CITIZEN') return citizenJobcenterId === jobcenterId;
  return false;
}

/**
 * The only root fields an anonymous caller may use; every other root field answers UNAUTHENTICATED before
 * its resolver runs (the field guard enforces it, so a new field cannot forget it).
 */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set(['Query.serverInfo', 'Mutation.ping']);

/**
 * Data minimisation towards the a-kasse (RULES.md, actors table: "its own members, only what it needs:
 * registration, meetings with it, opt-outs, events"). Per GraphQL type, the fields an a-kasse may read;
 * a type not listed here that holds a citizen's data is not readable by an a-kasse at all.
 *
 * Decision (and why):
 * - Citizen: identity (name, id), group, jobcenter and a-kasse, registration and its periods, the duty flag
 *   (derived from the group), and meetings (filtered to the joint interviews, below). Not the CPR number
 *   (the a-kasse holds its own member register; the token scope already identifies the member), not
 *   deadlines, holidays, exemption decisions, inbox messages, immediate-booking state, bookable slots, the
 *   contact course or less-intensive-effort details: those are the jobcenter's case handling.
 * - Meeting: only JOINT_INTERVIEW meetings (the meetings *with* the a-kasse, JI-1…JI-7), and of those the
 *   time, form, place, status, opt-out and participation details; not the deadline, slot, the caseworker's
 *   name or the change history.
 * - Events (EV-2) and registration periods (RG rules) of members are readable in full (a deadline a period refers
 *   to is not: RG-1's reason and system-outage flag say what the a-kasse needs). Of the registration status, the
 *   a-kasse reads what bears on a re-registration it may make itself (RG-6: whether one would demand an immediate
 *   booking, whether the deadline lapses) — but, as on Citizen, not the member's current immediate-booking state,
 *   nor the jobcenter's offered slots or their window.
 * - The a-kasse portal's own views (FundMember, FundJointInterview) are built for it and scoped to members by
 *   the fund-portal service (JI-4).
 * - Sanction assessments are not: the a-kasse decides on benefit itself (SA-3).
 */
const FUND_READABLE_FIELDS: Readonly<Record<string, ReadonlySet<string> | 'ALL'>> = {
  Citizen: new Set([
    'id', 'name', 'targetGroup', 'jobcenter', 'unemploymentFund', 'hasSelfBookingDuty', 'registered',
    'registration', 'registrationPeriods', 'plannedMeetings', 'meetings',
    // CZ-3: the a-kasse reports the first day of its member's benefit period, so it reads it back.
    'benefitPeriodStart',
  ]),
  Meeting: new Set([
    'id', 'citizen', 'type', 'origin', 'form', 'startsAt', 'endsAt', 'status', 'shortNotice', 'sanctionable', 'location', 'jointInterview',
  ]),
  JointInterviewDetails: 'ALL',
  RegistrationStatus: new Set([
    'registered', 'pendingDeregistration', 'registeredFrom', 'registeredVia', 'deregisteredFrom', 'deregistrationReason',
    'systemOutage', 'benefitGapDaysIfReregisteredToday', 'immediateBookingRequiredAtReregistration', 'deadlineLapsesAtReregistration',
    // Issue 14 Decision: the reasons restate only the fields above (their rules and days), so the a-kasse reads them too.
    'because',
  ]),
  RegistrationPeriod: 'ALL',
  // CZ-3/CZ-4: the change an a-kasse itself recorded, in its mutation's payload (Citizen.changes is not readable to it).
  CitizenChange: 'ALL',
  UnemploymentFundEvent: 'ALL',
  FundMember: 'ALL',
  FundJointInterview: 'ALL',
  WebhookDelivery: 'ALL',
};

/** Whether an a-kasse may read `field` of `typeName` (types without personal data are always readable). */
export function fundMayReadField(typeName: string, field: string): boolean {
  const allowed = FUND_READABLE_FIELDS[typeName];
  return allowed === undefined || allowed === 'ALL' || allowed.has(field);
}

/**
 * Whether the actor may see a record of GraphQL type `typeName` that belongs to `owner` — checked for every
 * object a field returns, nested fields and list items included (a meeting's citizen, a slot's booker), not
 * only at the root.
 */
export function canSeeRecord(
  actor: Actor,
  typeName: string,
  record: { type?: unknown },
  owner: Pick<Citizen, 'id' | 'jobcenterId' | 'unemploymentFundId'>,
): boolean {
  if (!canSeeCitizen(actor, owner)) return false;
  if (actor.kind !== 'UNEMPLOYMENT_FUND') return true;
  if (typeName === 'Citizen') return true;
  if (typeName === 'Meeting' || typeName === 'JointInterviewDetails') return record.type === 'JOINT_INTERVIEW';
  return FUND_READABLE_FIELDS[typeName] !== undefined;
}
