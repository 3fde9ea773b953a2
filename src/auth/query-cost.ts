import { type DocumentNode, type GraphQLField, type GraphQLSchema, Kind, getNullableType, isListType, visit } from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { BOOKABLE_SLOTS_MAX, IMMEDIATE_BOOKING_MAX_SLOTS } from '../domain/booking/booking.rules';
import { SLOTS_PAGE_MAX } from '../domain/slot/slot.service';

/**
 * The largest page each field with a `first` argument really returns: the clamp its service applies
 * (`Math.max(1, Math.min(first, MAX))`). A page is costed at `clamp(first ?? schema default)`, so a variable,
 * a default and a literal cost the same. test/unit/query-cost.test.ts fails when a `first` argument of the
 * schema has no entry here.
 */
export const PAGE_MAX: Readonly<Record<string, number>> = {
  'Query.citizens': 200, // citizen.service.ts
  'Query.contactCoursesBehind': 200, // contact-course.service.ts
  'Query.unemploymentFundEvents': 500, // fund-events.service.ts MAX_PAGE
  'Query.jointInterviewOptOuts': 500, // fund-portal.service.ts
  'Query.followUpList': 200, // lifecycle.service.ts
  'Query.sanctionAssessments': 200, // sanction.service.ts
  'Query.systemOutages': 200, // lifecycle.service.ts
  'Query.accessLog': 200, // access-log.service.ts
  'WebhookSubscription.deliveries': 500, // webhooks.service.ts
  'Query.slots': SLOTS_PAGE_MAX,
  // SL-2/RG-4: the immediate-booking window offers fewer; the larger clamp is the bound.
  'Citizen.bookableSlots': Math.max(BOOKABLE_SLOTS_MAX, IMMEDIATE_BOOKING_MAX_SLOTS),
  'Obligations.bookableSlots': Math.max(BOOKABLE_SLOTS_MAX, IMMEDIATE_BOOKING_MAX_SLOTS),
  'RegistrationStatus.offeredSlots': IMMEDIATE_BOOKING_MAX_SLOTS, // registration.service.ts
  'Citizen.letters': 100, // letter.service.ts MAX_LETTERS_PAGE
  'OtherMeetingOffer.bookableSlots': 50, // other-meeting.service.ts
};

/**
 * Lists without a `first` argument: the number of items the cost assumes (they return all rows of one
 * citizen, meeting or deadline). Decision: 20 for a citizen's own lists (a citizen has a handful of deadlines
 * and meetings a year; 20 is a generous page), 100 for the national lists (about 94 jobcenters; 98 municipalities
 * of statistics), 1 for a connection's `nodes` and a payload's list (already costed by the paged field above,
 * or small: a mutation's own result). Where a real list is longer than assumed, the result bound (objects per
 * response, QueryLimits.maxResultObjects) still stops it. A list field missing here fails the unit test.
 */
export const LIST_SIZE: Readonly<Record<string, number>> = {
  'Citizen.deadlines': 20,
  // Issue 14: a status's reasons: its rule and at most a few more (a user error's `because` is SMALL_LIST).
  'Deadline.because': 5,
  'ContactCourseRequirement.because': 5,
  'SanctionAssessment.because': 5,
  'RegistrationStatus.because': 5,
  'Citizen.immediateBookingRequiredBecause': 5,
  'Obligations.immediateBookingRequiredBecause': 5,
  'Citizen.plannedMeetings': 20,
  'Citizen.meetings': 20,
  'Citizen.holidays': 20,
  'Citizen.selfBookingDecisions': 20,
  'Citizen.messages': 20,
  'Citizen.sanctionAssessments': 20,
  'Citizen.registrationPeriods': 20,
  'Citizen.voluntarySelfBookingHistory': 20,
  'Citizen.selfBookingGuidance': 20,
  'Citizen.jobInterviewRequests': 20,
  'Citizen.changes': 20,
  'Citizen.otherMeetingOffers': 20,
  'Letter.paragraphs': 20,
  'NotificationPreferences.history': 20,
  'DeregistrationPayload.cancelledMeetings': 20,
  'Deadline.history': 20,
  'Meeting.history': 20,
  'ContactCourse.countedInterviews': 20,
  'ContactCourse.requirements': 20,
  'ContactCourse.jointInterviews': 20,
  'ContactCourse.notes': 20,
  'ContactCourseRequirement.ruleIds': 5,
  'ContactCourseRequirement.meetings': 20,
  'Obligations.plannedMeetings': 20,
  'Query.memberJointInterviews': 20,
  'Query.jobcenters': 100,
  'Query.selfBookingShares': 100,
  'Query.webhookSubscriptions': 20, // an a-kasse's own subscriptions (a handful)
  'RecordSystemOutagePayload.flaggedDeregistrations': 100,
  'PublishSlotsPayload.slots': 100,
  'AdvanceSandboxClockPayload.days': 366, // one entry per day advanced (at most 366)
  // Paged by the field that returns the connection (PAGE_MAX).
  'BookableSlots.slots': 1,
  'CitizenConnection.nodes': 1,
  'ContactCourseBehindConnection.nodes': 1,
  'UnemploymentFundEventConnection.nodes': 1,
  'FundJointInterviewConnection.nodes': 1,
  'FollowUpConnection.nodes': 1,
  'SanctionAssessmentConnection.nodes': 1,
  'AccessLogConnection.nodes': 1,
  'SlotConnection.nodes': 1,
  'LetterConnection.nodes': 1,
  'WebhookDeliveryConnection.nodes': 1,
};

/** `userErrors`, a user error's `field` path and its `because` (issue 14): a few entries at most. */
const SMALL_LIST = 5;

/** The page size a field will really return: its `first` (variable, literal or default) clamped as its service does. */
function pageSize(key: string, args: Record<string, unknown>, field: GraphQLField<unknown, unknown>): number {
  const max = PAGE_MAX[key]!;
  let first = args.first;
  // An explicit null means the default (the resolvers use `first ?? default`).
  if (first === null || first === undefined) first = field.args.find((a) => a.name === 'first')?.defaultValue;
  const n = typeof first === 'number' && Number.isFinite(first) ? Math.trunc(first) : max;
  return Math.max(1, Math.min(n, max));
}

/** The number of items a list field is costed at (1 for a field that is not a list). */
function listSize(key: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  if (key in PAGE_MAX) return pageSize(key, args, field);
  if (!isListType(getNullableType(field.type))) return 1;
  return LIST_SIZE[key] ?? SMALL_LIST;
}

/**
 * Cost of a field: 1 for itself plus its selection, times the items it returns. So the cost of a query is the
 * number of values its answer can hold at most: a full page of 200 citizens with 10 scalar fields costs about 2200.
 */
const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const key = `${type.name}.${field.name}`;
  return listSize(key, field, args) * (1 + childComplexity);
};

/**
 * The cost of the operation `operationName` of `document` with `variables` (defaults and clamps applied).
 * Throws a GraphQLError for variables that do not fit their types (Apollo answers those itself) or a query of
 * more than `maxNodes` fields and fragments (expanded).
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, maxNodes = 10_000): number {
  return getComplexity({ schema, query: document, variables: variables ?? {}, operationName, estimators: [estimator], maxQueryNodes: maxNodes });
}

interface CostCache {
  /** Variables whose value can change the cost (pageVariablesOf). */
  pageVariables: string[];
  costs: Map<string, number>;
}

const caches = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, CostCache>>();
const MAX_COSTS_PER_DOCUMENT = 100;

/**
 * queryCost, remembered per parsed document (Apollo hands the same DocumentNode for the same query text) and the
 * values of the variables that can change it — those passed as `first` or to @include/@skip; every other variable
 * (ids, dates) leaves the cost as it is. The citizen's obligations query is thus costed once, not on every request (bench:
 * bench/results/limits.md). A cost computation that throws is not remembered.
 */
export function cachedQueryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): number {
  let bySchema = caches.get(schema);
  if (!bySchema) caches.set(schema, (bySchema = new WeakMap()));
  let cache = bySchema.get(document);
  if (!cache) bySchema.set(document, (cache = { pageVariables: pageVariablesOf(document), costs: new Map() }));
  const key = `${operationName ?? ''}\u0000${JSON.stringify(cache.pageVariables.map((v) => variables?.[v] ?? null))}`;
  const known = cache.costs.get(key);
  if (known !== undefined) return known;
  const cost = queryCost(schema, document, variables, operationName);
  if (cache.costs.size >= MAX_COSTS_PER_DOCUMENT) cache.costs.clear();
  cache.costs.set(key, cost);
  return cost;
}

/**
 * Names of the variables that can change the cost, anywhere in the document (fragments included): those given as a
 * `first` argument, and those in a directive's arguments (`@include(if: $x)` / `@skip(if: $x)` decide whether a
 * selection counts at all).
 */
function pageVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.name.value === 'first' && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
    Directive(node) {
      visit(node, { Variable(v) { names.add(v.name.value); } });
    },
  });
  return [...names].sort();
}
