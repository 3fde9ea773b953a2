import type { Citizen } from '../entities';
import { type Actor, type JobcenterActor, isJobcenterActor } from '../domain/shared/actor';
import { ForbiddenError, UnauthenticatedError } from '../domain/shared/errors';
import { isUuid } from '../resolvers/helpers';

/**
 * The access policy (RULES.md, "Actors and access"), in one module:
 *
 * 1. Who may call an operation: every root field of the schema has one entry in ROOT_POLICIES, naming a policy
 *    (`staff`, `staffOf('jobcenterId')`, `citizenSelf`, `fund`, `statisticsReader`, …). The field guard
 *    (src/auth/field-guard.ts) enforces it before the resolver runs: anonymous callers get UNAUTHENTICATED, every
 *    other caller the policy refuses FORBIDDEN. A root field without an entry fails the server's start
 *    (guardResolvers) and test/unit/access-policy.test.ts.
 * 2. Which objects the caller may see or change: one function per kind of object (ensureCitizenAccess,
 *    mayReadCitizenRecord, ensureJobcenterAccess, ensureFundAccess, canSeeJobcenterSettings), each with ONE answer
 *    for another tenant's object — FOREIGN_OBJECT_ANSWERS, documented in docs/security.md.
 * 3. What an a-kasse may read of what it may see (data minimisation): FUND_READABLE_FIELDS.
 */

/** The owner fields of a citizen that decide who may see it. */
export type CitizenScope = Pick<Citizen, 'id' | 'jobcenterId' | 'unemploymentFundId'>;

/** What a policy may consult besides the actor and the arguments: the caller's own citizen row (Query.slots). */
export interface PolicyContext {
  actor: Actor;
  loaders: { citizen: { load(id: string): Promise<CitizenScope | null | undefined> } };
}

export interface Policy {
  /** Who may call, as the refusal and docs/security.md say it ("jobcenter staff", "an a-kasse", …). */
  readonly who: string;
  /** Anonymous callers are let through (serverInfo, ping); every other policy answers them UNAUTHENTICATED. */
  readonly anonymous?: boolean;
  /** The rule (RULES.md) that says who may, opening the refusal's message. */
  readonly rule?: string;
  /** Whether a signed-in actor may call the operation with these arguments. */
  allows(ctx: PolicyContext, args: Record<string, unknown>): boolean | Promise<boolean>;
}

/** The argument at a dotted path (`jobcenterId`, `input.jobcenterId`, `filter.jobcenterId`). */
function argAt(args: Record<string, unknown>, path: string): unknown {
  let v: unknown = args;
  for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * A scope argument that is not an ID at all is the input check's to answer (BAD_USER_INPUT, or the mutation's
 * INVALID_INPUT user error naming the field), not the policy's: it names no tenant.
 */
function malformedId(v: unknown): boolean {
  return typeof v === 'string' && !isUuid(v);
}

function actsForJobcenter(actor: Actor, jobcenterId: unknown): actor is JobcenterActor {
  return isJobcenterActor(actor) && actor.jobcenterId === jobcenterId;
}

function actsForFund(actor: Actor, unemploymentFundId: unknown): actor is Extract<Actor, { kind: 'UNEMPLOYMENT_FUND' }> {
  return actor.kind === 'UNEMPLOYMENT_FUND' && actor.unemploymentFundId === unemploymentFundId;
}

// ─── named policies ───────────────────────────────────────────────────────────

/** Anyone, signed in or not (serverInfo, ping). */
export const anyone: Policy = { who: 'anyone', anonymous: true, allows: () => true };

/** Any signed-in actor. By-id reads use it: what the caller may not see reads as absent (FOREIGN_OBJECT_ANSWERS). */
export const signedIn: Policy = { who: 'any signed-in caller', allows: () => true };

/** A signed-in citizen, acting on their own data (another citizen's data reads as absent: ensureCitizenAccess). */
export const citizenSelf: Policy = { who: 'the citizen', allows: ({ actor }) => actor.kind === 'CITIZEN' };

/** Jobcenter staff: caseworkers and case-management integrations (their own jobcenter's citizens: per object). */
export const staff: Policy = { who: 'a caseworker or integration of a jobcenter', allows: ({ actor }) => isJobcenterActor(actor) };

/** Staff of the jobcenter the argument at `path` names (another jobcenter: FORBIDDEN, as ensureJobcenterAccess). */
export function staffOf(path: string): Policy {
  return {
    who: `staff of the jobcenter in ${path}`,
    allows: ({ actor }, args) => {
      const id = argAt(args, path);
      return isJobcenterActor(actor) && (malformedId(id) || actsForJobcenter(actor, id));
    },
  };
}

/** A citizen of the jobcenter the argument at `path` names (their own row tells which). */
export function citizenOf(path: string): Policy {
  return {
    who: `a citizen of the jobcenter in ${path}`,
    allows: ({ actor, loaders }, args) => {
      if (actor.kind !== 'CITIZEN') return false;
      const id = argAt(args, path);
      if (malformedId(id)) return true;
      return loaders.citizen.load(actor.citizenId).then((me) => !!me && me.jobcenterId === id);
    },
  };
}

/** An a-kasse (its own members' data: per object). */
export const fund: Policy = { who: 'an a-kasse', allows: ({ actor }) => actor.kind === 'UNEMPLOYMENT_FUND' };

/** The a-kasse the argument at `path` names (another, or none: FORBIDDEN, as ensureFundAccess). */
export function fundOf(path: string): Policy {
  return {
    who: `the a-kasse in ${path}`,
    allows: ({ actor }, args) => {
      const id = argAt(args, path);
      return actor.kind === 'UNEMPLOYMENT_FUND' && (malformedId(id) || actsForFund(actor, id));
    },
  };
}

/** A statistics reader (aggregated figures only, ST-1). */
export const statisticsReader: Policy = { who: 'a statistics reader', allows: ({ actor }) => actor.kind === 'STATISTICS' };

/** Any one of the policies. */
export function anyOf(...policies: Policy[]): Policy {
  return {
    who: policies.map((p) => p.who).join(', or '),
    allows: (ctx, args) => {
      const pending: Promise<boolean>[] = [];
      for (const p of policies) {
        const v = p.allows(ctx, args);
        if (v === true) return true;
        if (v !== false) pending.push(v);
      }
      return pending.length ? Promise.all(pending).then((vs) => vs.includes(true)) : false;
    },
  };
}

/** The policy, citing the rule that makes it (`SL-1: Mutation.publishSlots: only staff of …`). */
export function ruled(rule: string, policy: Policy): Policy {
  return { ...policy, rule };
}

export const staffOrFund = anyOf(staff, fund);
export const citizenOrStaff = anyOf(citizenSelf, staff);
export const citizenStaffOrFund = anyOf(citizenSelf, staff, fund);

// ─── who may call each operation ─────────────────────────────────────────────

/**
 * Every root field of the schema → who may call it. Per-object scope comes on top (FOREIGN_OBJECT_ANSWERS): e.g.
 * `staff` may call issueDeadline, and a citizen of another jobcenter is NOT_FOUND to them.
 */
export const ROOT_POLICIES: Readonly<Record<string, Policy>> = {
  // Public (the only fields an anonymous caller reaches).
  'Query.serverInfo': anyone,
  'Mutation.ping': anyone,

  // By-id reads and organisation data: any signed-in caller; what it may not see is null.
  'Query.me': signedIn, // null for anyone but a citizen
  'Query.citizen': signedIn,
  'Query.deadline': signedIn,
  'Query.meeting': signedIn,
  'Query.letter': signedIn, // CZ-8: the citizen and their jobcenter; null for anyone else
  'Query.sanctionAssessment': signedIn, // SA: the jobcenter and the citizen; null for anyone else (SA-3)
  'Query.jobcenter': signedIn,
  'Query.jobcenters': signedIn,
  'Query.unemploymentFund': signedIn,

  // Jobcenter staff, for a jobcenter named in the arguments (another jobcenter: FORBIDDEN).
  'Query.citizens': staffOf('jobcenterId'), // no rule: the actors table
  'Query.contactCoursesBehind': ruled('CC-7', staffOf('jobcenterId')),
  'Query.followUpList': ruled('ST-2', staffOf('jobcenterId')),
  'Query.sanctionAssessments': ruled('SA-1', staffOf('jobcenterId')),
  'Query.systemOutages': ruled('RG-1', staffOf('jobcenterId')),
  'Mutation.setRebookingCutoff': ruled('SL-4', staffOf('input.jobcenterId')),
  'Mutation.publishSlots': ruled('SL-1', staffOf('input.jobcenterId')),

  // Jobcenter staff, for their own jobcenter's citizens and objects.
  'Query.citizenByCpr': ruled('CZ-10', staff),
  'Query.previewDeadline': ruled('DL-1', staff), // issueDeadline's
  'Query.sandboxClock': staff, // no rule: a test facility (docs/sandbox.md)
  'Mutation.advanceSandboxClock': staff, // no rule: a test facility
  'Mutation.registerJobSeeker': ruled('CZ-1', staff), // at the caller's own jobcenter
  'Mutation.changeTargetGroup': ruled('CZ-2', staff),
  'Mutation.moveCitizen': ruled('CZ-5', staff), // the old jobcenter, or the new one by CPR
  'Mutation.exemptFromSelfBooking': ruled('EX-1', staff),
  'Mutation.revokeSelfBookingRight': ruled('EX-3', staff),
  'Mutation.registerHoliday': ruled('DL-6', staff),
  'Mutation.setLessIntensiveEffort': ruled('TG-5', staff),
  'Mutation.offerVoluntarySelfBooking': ruled('TG-2', staff),
  'Mutation.withdrawVoluntarySelfBooking': ruled('TG-2', staff),
  'Mutation.recordSelfBookingGuidance': ruled('GU-1', staff),
  'Mutation.issueDeadline': ruled('DL-1', staff),
  'Mutation.extendDeadline': ruled('DL-10', staff),
  'Mutation.closeDeadline': ruled('DL-7', staff),
  'Mutation.recordSystemOutage': ruled('RG-1', staff), // an outage of the caller's own jobcenter
  'Mutation.decideSanctionAssessment': ruled('SA-1', staff),
  'Mutation.callInMeeting': ruled('MT-3', staff),
  'Mutation.cancelMeeting': ruled('DL-12', staff),
  'Mutation.registerMeetingHeld': ruled('MT-5', staff),
  'Mutation.registerNoShow': ruled('NS-1', staff),
  'Mutation.registerWalkInInterview': ruled('MT-4', staff),
  'Mutation.requestUnemploymentFundParticipation': ruled('JI-5', staff), // recorded by the jobcenter
  'Mutation.offerOtherMeeting': ruled('MT-6', staff),
  'Mutation.deregisterCitizen': ruled('CZ-6', staff),
  'Mutation.setWageSubsidy': ruled('RG-8', staff),
  'Mutation.withdrawSlot': ruled('SL-1', staff),

  // The citizen, for themselves.
  'Query.myObligations': ruled('CC-10', citizenSelf),
  'Mutation.bookSlot': ruled('SL-2', citizenSelf),
  'Mutation.rebookMeeting': ruled('SL-4', citizenSelf),
  'Mutation.bookOtherMeeting': ruled('MT-6', citizenSelf),
  'Mutation.setNotificationPreferences': ruled('CZ-7', citizenSelf),
  'Mutation.renewCalendarFeedToken': ruled('MT-1', citizenSelf),

  // The citizen or their jobcenter.
  'Query.obligations': ruled('CC-10', citizenOrStaff), // not the a-kasse (the contact course is the jobcenter's case handling)
  'Query.accessLog': citizenOrStaff, // GDPR art. 15
  'Mutation.requestJobInterview': ruled('CC-11', citizenOrStaff),
  'Mutation.reportSickness': ruled('RG-8', citizenOrStaff), // not the a-kasse
  'Query.slots': ruled('SL-2', anyOf(staffOf('filter.jobcenterId'), citizenOf('filter.jobcenterId'))),

  // The citizen, their jobcenter or their a-kasse (RG-5, RG-6, RG-8).
  'Mutation.reregister': ruled('RG-5/RG-6', citizenStaffOrFund),
  'Mutation.reportRecovery': ruled('RG-8', citizenStaffOrFund),

  // The jobcenter or the citizen's a-kasse.
  'Query.jointInterviewOptOuts': ruled('JI-4', staffOrFund),
  'Query.memberJointInterviews': ruled('JI-4', staffOrFund),
  'Mutation.registerJointInterviewOptOut': ruled('JI-2', staffOrFund),
  'Mutation.recordUnemploymentFundParticipation': ruled('JI-5', staffOrFund),
  'Mutation.setBenefitPeriodStart': ruled('CZ-3', staffOrFund),
  'Mutation.changeUnemploymentFund': ruled('CZ-4', anyOf(staff, fundOf('input.unemploymentFundId'))), // only the a-kasse joined

  // The a-kasse, for its own members (EV-2).
  'Query.unemploymentFundEvents': ruled('EV-2', fund),
  'Query.webhookSubscriptions': ruled('EV-2', fund),
  'Query.webhookSubscription': ruled('EV-2', fund),
  'Mutation.createWebhookSubscription': ruled('EV-2', fund),
  'Mutation.rotateWebhookSecret': ruled('EV-2', fund),
  'Mutation.disableWebhookSubscription': ruled('EV-2', fund),
  'Mutation.enableWebhookSubscription': ruled('EV-2', fund),
  'Mutation.deleteWebhookSubscription': ruled('EV-2', fund),
  'Mutation.redeliverWebhookDelivery': ruled('EV-2', fund),
  'Mutation.skipWebhookDelivery': ruled('EV-2', fund),

  // Statistics (ST-1): readers for every jobcenter, staff for their own.
  'Query.selfBookingShare': ruled('ST-1', anyOf(statisticsReader, staffOf('jobcenterId'))),
  'Query.selfBookingShares': ruled('ST-1', statisticsReader),
};

/**
 * How a refusal of `operation` (`Mutation.issueDeadline`, or a service's `issueDeadline`) begins: `DL-1: ` — the rule
 * of its policy — or, for the operations RULES.md has no rule for (docs/security.md lists them), the operation itself,
 * `Query.citizens: `. Input checks that are not a rule of their own (ids, text length, NUL and bidi controls, page sizes)
 * cite it too.
 */
export function citeOperation(operation: string): string {
  const name = operation.includes('.') ? operation : `Mutation.${operation}`;
  return citation(name, ROOT_POLICIES[name]);
}

/** `DL-1: ` for an operation (`Mutation.issueDeadline`) whose policy names a rule, else `Mutation.issueDeadline: `. */
export function citation(operation: string, policy: Policy | undefined): string {
  return `${policy?.rule ?? operation}: `;
}

/** The rule a refusal by the access rules of RULES.md cites when its policy names none (requirePolicy). */
export const ACTORS_RULE = 'Actors and access';

/**
 * Enforces `policy` for `operation` (`Mutation.issueDeadline`): UNAUTHENTICATED for an anonymous caller of a
 * non-public operation, FORBIDDEN (saying who may) for any other caller it refuses.
 */
export function enforcePolicy(policy: Policy, operation: string, ctx: PolicyContext, args: Record<string, unknown>): void | Promise<void> {
  if (ctx.actor.kind === 'ANONYMOUS') {
    if (policy.anonymous) return;
    throw new UnauthenticatedError();
  }
  const decide = (allowed: boolean) => {
    if (!allowed) throw new ForbiddenError(`${policy.rule ? `${policy.rule}: ` : ''}${operation}: only ${policy.who} may do this`);
  };
  const v = policy.allows(ctx, args);
  return typeof v === 'boolean' ? decide(v) : v.then(decide);
}

/**
 * A domain service's own check of the actor against a policy that reads no database (services are also called
 * outside GraphQL, by the import, the letter PDF, the calendar feed and the worker). `args`: the operation's
 * arguments, for a policy that reads them (`staffOf('jobcenterId')`).
 */
export function requirePolicy<A extends Actor>(policy: Policy, actor: Actor, args: Record<string, unknown> = {}): A {
  if (actor.kind === 'ANONYMOUS' && !policy.anonymous) throw new UnauthenticatedError();
  const allowed = policy.allows({ actor, loaders: NO_LOADERS }, args);
  if (typeof allowed !== 'boolean') throw new Error('requirePolicy: a policy that reads the database needs enforcePolicy');
  if (!allowed) throw new ForbiddenError(`${policy.rule ?? ACTORS_RULE}: only ${policy.who} may do this`);
  return actor as A;
}

/** requirePolicy(staff, …), typed: a caseworker or integration of a jobcenter. */
export function requireStaff(actor: Actor): JobcenterActor {
  return requirePolicy(staff, actor);
}

/** requirePolicy(citizenSelf, …), typed: the signed-in citizen. */
export function requireCitizenSelf(actor: Actor): Extract<Actor, { kind: 'CITIZEN' }> {
  return requirePolicy(citizenSelf, actor);
}

/** requirePolicy(staffOrFund, …), typed: jobcenter staff or an a-kasse. */
export function requireStaffOrFund(actor: Actor): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'UNEMPLOYMENT_FUND' }> {
  return requirePolicy(staffOrFund, actor);
}

/** requirePolicy(citizenOrStaff, …), typed: the citizen or jobcenter staff. */
export function requireCitizenOrStaff(actor: Actor): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'CITIZEN' }> {
  return requirePolicy(citizenOrStaff, actor);
}

const NO_LOADERS: PolicyContext['loaders'] = {
  citizen: { load: () => Promise.reject(new Error('no loaders outside a request')) },
};

// ─── per object: one answer per kind of foreign object ──────────────────────

/**
 * What another tenant's object answers, per kind (docs/security.md, "Another tenant's object"):
 * - ABSENT: exactly as if it did not exist — null in a nullable field, left out of a list, the NOT_FOUND user
 *   error of a mutation (NOT_FOUND error where the answer cannot be empty, accessLog). The caller cannot probe it.
 * - FORBIDDEN: a public thing named as the scope of the call (a jobcenter, an a-kasse): its existence is no
 *   secret, so the refusal says so.
 */
export const FOREIGN_OBJECT_ANSWERS = {
  Citizen: 'ABSENT',
  'a citizen\'s record (Deadline, Meeting, Letter, SanctionAssessment, Holiday, OtherMeetingOffer, …)': 'ABSENT',
  Slot: 'ABSENT',
  'WebhookSubscription, WebhookDelivery, UnemploymentFundEvent': 'ABSENT',
  'Jobcenter (as the scope of a call)': 'FORBIDDEN',
  'Jobcenter settings (rebookingCutoffHours)': 'FORBIDDEN',
  'UnemploymentFund (as the scope of a call)': 'FORBIDDEN',
} as const;

/**
 * Citizens: a citizen sees only themselves; a caseworker or integration only citizens of their jobcenter; an
 * a-kasse only its members; a statistics reader no individual.
 */
export function canSeeCitizen(actor: Actor, c: CitizenScope): boolean {
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

/**
 * The citizen if the actor may see it, else null — answered exactly as a citizen that does not exist (ABSENT), so
 * the caller treats a missing row and another tenant's citizen alike.
 */
export function ensureCitizenAccess<C extends CitizenScope>(scope: { actor: Actor }, citizen: C | null | undefined): C | null {
  return citizen && canSeeCitizen(scope.actor, citizen) ? citizen : null;
}

/**
 * The citizen the actor is (their own record: Query.me, myObligations, the calendar feed), or null for any other
 * actor — who has no "own" citizen, so `me` is null to them.
 */
export function selfCitizenId(actor: Actor): string | null {
  return actor.kind === 'CITIZEN' ? actor.citizenId : null;
}

/**
 * A jobcenter named as the scope of a call: only its own staff (FORBIDDEN otherwise; jobcenters are public, so
 * pretending it did not exist would hide nothing).
 */
export function ensureJobcenterAccess(scope: { actor: Actor }, jobcenterId: string): JobcenterActor {
  const a = scope.actor;
  if (a.kind === 'ANONYMOUS') throw new UnauthenticatedError();
  if (!actsForJobcenter(a, jobcenterId)) throw new ForbiddenError(`${ACTORS_RULE}: only staff of that jobcenter may do this`);
  return a;
}

/** An a-kasse named as the scope of a call: only that a-kasse itself (FORBIDDEN otherwise). */
export function ensureFundAccess(scope: { actor: Actor }, unemploymentFundId: string | null): Extract<Actor, { kind: 'UNEMPLOYMENT_FUND' }> {
  const a = scope.actor;
  if (a.kind === 'ANONYMOUS') throw new UnauthenticatedError();
  if (!actsForFund(a, unemploymentFundId)) throw new ForbiddenError(`${ACTORS_RULE}: an a-kasse acts only for itself`);
  return a;
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
export const FUND_READABLE_FIELDS: Readonly<Record<string, ReadonlySet<string> | 'ALL'>> = {
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
 * A citizen's record of GraphQL type `typeName` that belongs to `owner` (a meeting, a deadline, the citizen itself):
 * visible when its citizen is, and, for an a-kasse, when data minimisation lets it see that kind (only joint
 * interviews of meetings). Checked by the field guard for every object a field returns, nested fields and list
 * items included, not only at the root. Not visible: ABSENT.
 */
export function mayReadCitizenRecord(actor: Actor, typeName: string, record: { type?: unknown }, owner: CitizenScope): boolean {
  if (!canSeeCitizen(actor, owner)) return false;
  if (actor.kind !== 'UNEMPLOYMENT_FUND') return true;
  if (typeName === 'Citizen') return true;
  if (typeName === 'Meeting' || typeName === 'JointInterviewDetails') return record.type === 'JOINT_INTERVIEW';
  return FUND_READABLE_FIELDS[typeName] !== undefined;
}
