/**
 * The authorization matrix: for every root query and mutation of the schema (read from schema/*.graphql at
 * test time, so a new root field without an entry here fails the test) and every role, the expected outcome.
 *
 * Outcomes:
 * - OK: the operation ran for this actor (no error; a mutation may still answer with a domain user error
 *   such as SLOT_TAKEN, but not NOT_FOUND);
 * - HIDDEN: the target is outside the actor's scope and looks as if it did not exist (null, an empty list, or
 *   the mutation's NOT_FOUND user error) — RULES.md: a caseworker cannot probe other jobcenters' citizens;
 * - FORBIDDEN / UNAUTHENTICATED: refused for the role (or for an anonymous caller) with that error code.
 * Every refused mutation (anything but OK) must also leave every table unchanged, the access log included.
 *
 * The target is always citizen A (jobcenter X, a-kasse Z); B belongs to jobcenter Y and a-kasse W.
 * Variables are generated from the argument types (IDs by name: citizenId → A, meetingId → A's joint
 * interview, slotId → a free slot of X, …) and can be overridden per entry.
 */
import {
  type GraphQLField, type GraphQLInputType, type GraphQLOutputType, GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull,
  GraphQLObjectType, GraphQLScalarType, buildASTSchema, getNamedType, isObjectType, parse,
} from 'graphql';
import { Temporal } from 'temporal-polyfill';
import { loadTypeDefs } from '../../src/server';
import type { Actor } from '../../src/domain/shared/actor';
import type { Citizen, Deadline, Jobcenter, Meeting, Slot, UnemploymentFund } from '../../src/entities';
import { as, type GqlResult, type TestApp } from '../support/harness';
import { withApp } from '../support/app';
import { snapshotAll } from '../support/snapshot';
import { CitizenId } from '../support/operations';

const ROLES = ['anonymous', 'citizenA', 'citizenB', 'caseworkerX', 'caseworkerY', 'integrationX', 'fundZ', 'fundW', 'statistics'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'OK' | 'HIDDEN' | 'FORBIDDEN' | 'UNAUTHENTICATED';
type Expect = Record<Role, Outcome>;

interface World {
  jcX: Jobcenter; jcY: Jobcenter; fundZ: UnemploymentFund; fundW: UnemploymentFund;
  a: Citizen; b: Citizen;
  deadlineA: Deadline; jointA: Meeting; heldA: Meeting; plannedA: Meeting; slotX: Slot; slotY: Slot;
  /** Ids made by an entry's setup. */
  extra: Record<string, string>;
}

interface Entry {
  expect: Expect;
  /** Top-level argument overrides (merged over the generated ones). */
  args?: (w: World) => Record<string, unknown>;
  /** Overrides inside the `input` argument of a mutation. */
  input?: (w: World) => Record<string, unknown>;
  /** Extra world setup before the calls (e.g. the state an operation needs to get past its pre-checks). */
  setup?: (t: TestApp, w: World) => Promise<void>;
  /** A fresh world for every role: the first allowed call would otherwise change what the next one finds (CZ-4, CZ-5). */
  worldPerRole?: boolean;
}

// ---- presets (the actors table of RULES.md) ----
const U: Outcome = 'UNAUTHENTICATED';
const F: Outcome = 'FORBIDDEN';
const H: Outcome = 'HIDDEN';
const O: Outcome = 'OK';
const roles = (m: Partial<Expect> & { rest: Outcome }): Expect => {
  const { rest, ...given } = m;
  return Object.fromEntries(ROLES.map((r) => [r, r === 'anonymous' ? (given.anonymous ?? U) : (given[r] ?? rest)])) as Expect;
};
/** Jobcenter staff of A's jobcenter change A; Y's staff find nothing; every other role is refused. */
const JOBCENTER_CHANGES_A = roles({ caseworkerX: O, integrationX: O, caseworkerY: H, rest: F });
/** Any authenticated actor (public organisation data). */
const ANY_AUTHENTICATED = roles({ rest: O });

const MATRIX: Record<string, Entry> = {
  // ---- queries ----
  'Query.serverInfo': { expect: roles({ anonymous: O, rest: O }) },
  'Query.me': { expect: roles({ citizenA: O, citizenB: O, rest: H }) },
  'Query.citizen': {
    args: (w) => ({ id: w.a.id }),
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, fundZ: O, rest: H }),
  },
  'Query.citizens': {
    args: (w) => ({ jobcenterId: w.jcX.id }),
    expect: roles({ caseworkerX: O, integrationX: O, rest: F }),
  },
  'Query.deadline': {
    args: (w) => ({ id: w.deadlineA.id }),
    // Data minimisation: an a-kasse does not see deadlines (access.ts, FUND_READABLE_FIELDS).
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, rest: H }),
  },
  'Query.meeting': {
    args: (w) => ({ id: w.jointA.id }),
    // A joint interview is a meeting with the a-kasse: its own a-kasse sees it.
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, fundZ: O, rest: H }),
  },
  // Issue 14 (2): a preview of issueDeadline, for the staff who may issue it.
  'Query.previewDeadline': { args: (w) => ({ citizenId: w.a.id }), expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: H, rest: F }) },
  // Issue 14 (4): the deployment's clock, for any jobcenter's staff (off here: enabled false, SANDBOX_OFF).
  'Query.sandboxClock': { expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: O, rest: F }) },
  'Mutation.advanceSandboxClock': { args: () => ({ days: 1 }), expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: O, rest: F }) },
  'Query.jobcenter': { args: (w) => ({ id: w.jcX.id }), expect: ANY_AUTHENTICATED },
  'Query.jobcenters': { expect: ANY_AUTHENTICATED },
  'Query.unemploymentFund': { args: (w) => ({ id: w.fundZ.id }), expect: ANY_AUTHENTICATED },
  'Query.accessLog': {
    args: (w) => ({ citizenId: w.a.id }),
    setup: async (t, w) => {
      // One logged read, so that an allowed reader gets a non-empty log.
      await t.as.caseworker(w.jcX.id).run(CitizenId, { id: w.a.id });
    },
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, citizenB: H, caseworkerY: H, rest: F }),
  },
  'Query.slots': {
    args: (w) => ({ filter: { jobcenterId: w.jcX.id } }),
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, rest: F }),
  },
  'Query.myObligations': { expect: roles({ citizenA: O, citizenB: O, rest: F }) },
  'Query.obligations': {
    args: (w) => ({ citizenId: w.a.id }),
    // The contact course is the jobcenter's case handling; the a-kasse reads joint interviews instead.
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, citizenB: H, caseworkerY: H, rest: F }),
  },
  'Query.contactCoursesBehind': {
    args: (w) => ({ jobcenterId: w.jcX.id }),
    setup: async (t, w) => {
      // Unemployed since last autumn without interviews: A is behind (CC-1/CC-7), so X's list is not empty.
      await t.ds.query(`UPDATE citizen SET unemployed_since = '2025-09-01', benefit_period_start = '2025-09-01' WHERE id = $1`, [w.a.id]);
    },
    expect: roles({ caseworkerX: O, integrationX: O, rest: F }),
  },
  'Query.jointInterviewOptOuts': {
    // Each reader gets the opt-outs in its own scope: Z and X see A's, W and Y see B's (the leak check below
    // proves that nobody else's come along).
    expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: O, fundZ: O, fundW: O, rest: F }),
  },
  'Query.memberJointInterviews': {
    args: (w) => ({ citizenId: w.a.id }),
    expect: roles({ caseworkerX: O, integrationX: O, fundZ: O, caseworkerY: H, fundW: H, rest: F }),
  },
  'Query.selfBookingShare': {
    args: (w) => ({ jobcenterId: w.jcX.id }),
    expect: roles({ statistics: O, caseworkerX: O, integrationX: O, rest: F }),
  },
  'Query.selfBookingShares': { expect: roles({ statistics: O, rest: F }) },
  // EV-2 pushed (docs/webhooks.md): an a-kasse manages its own webhook subscriptions only.
  'Query.webhookSubscriptions': { setup: (t, w) => webhookFor(t, w), expect: roles({ fundZ: O, fundW: H, rest: F }) },
  'Query.webhookSubscription': {
    setup: (t, w) => webhookFor(t, w), args: (w) => ({ id: w.extra.subscriptionId }), expect: roles({ fundZ: O, fundW: H, rest: F }),
  },
  // EV-2: each a-kasse reads its own members' events from a cursor.
  'Query.unemploymentFundEvents': {
    setup: async (t, w) => {
      const [e] = await t.ds.query(`INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
        VALUES ('2026-03-01T10:00:00Z', 'NO_SHOW', $1, $2, $3, '{}') RETURNING id`, [w.a.id, w.jcX.id, w.fundZ.id]);
      await t.fx.untilFeedMayShow(e.id); // EV-2: the a-kasse's expected OK must not depend on other files' transactions
    },
    expect: roles({ fundZ: O, fundW: H, rest: F }),
  },
  // ST-2: the jobcenter's own follow-up list (A has neither an active deadline nor a planned interview).
  'Query.followUpList': {
    args: (w) => ({ jobcenterId: w.jcX.id, kind: 'NO_DEADLINE_OR_INTERVIEW' }),
    setup: async (t, w) => {
      await t.ds.query(`UPDATE deadline SET status = 'CLOSED', close_reason = 'OTHER' WHERE citizen_id = $1`, [w.a.id]);
      await t.ds.query(`UPDATE meeting SET status = 'CANCELLED' WHERE citizen_id = $1 AND status = 'PLANNED'`, [w.a.id]);
    },
    expect: roles({ caseworkerX: O, integrationX: O, rest: F }),
  },
  'Query.sanctionAssessments': {
    args: (w) => ({ jobcenterId: w.jcX.id }),
    setup: (t, w) => sanctionAssessmentFor(t, w),
    expect: roles({ caseworkerX: O, integrationX: O, rest: F }),
  },
  'Query.sanctionAssessment': {
    args: (w) => ({ id: w.extra.assessmentId }),
    setup: (t, w) => sanctionAssessmentFor(t, w),
    // SA rules: the jobcenter's assessment of its citizen; the citizen sees their own. Not the a-kasse (SA-3).
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, rest: H }),
  },
  'Query.letter': {
    args: (w) => ({ id: w.extra.letterId }),
    setup: async (t, w) => {
      // CZ-8: a TG-6 deadline letter to A, as the deadline service writes it.
      const [row] = await t.ds.query(`INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
        VALUES (now(), 'LETTER_DEADLINE', $1, $2, $3, '{"bookBy":"2026-03-12","latestInterviewDate":"2026-03-19"}') RETURNING id`, [w.a.id, w.jcX.id, w.fundZ.id]);
      w.extra.letterId = row.id;
    },
    // CZ-8: the citizen and the citizen's jobcenter; not the a-kasse (data minimisation), not statistics.
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, rest: H }),
  },
  'Query.systemOutages': {
    args: (w) => ({ jobcenterId: w.jcX.id }),
    setup: async (t, w) => {
      await t.ds.query(`INSERT INTO system_outage (jobcenter_id, starts_at, ends_at, description, recorded_by, recorded_at)
        VALUES ($1, '2026-03-01T08:00:00Z', '2026-03-01T12:00:00Z', 'Jobnet down', 'cw', now())`, [w.jcX.id]);
    },
    expect: roles({ caseworkerX: O, integrationX: O, rest: F }),
  },

  // ---- mutations ----
  'Mutation.ping': { expect: roles({ anonymous: O, rest: O }) },
  'Mutation.exemptFromSelfBooking': { expect: JOBCENTER_CHANGES_A },
  'Mutation.revokeSelfBookingRight': { expect: JOBCENTER_CHANGES_A },
  'Mutation.registerHoliday': { input: () => ({ startDate: '2026-05-01', endDate: '2026-05-05' }), expect: JOBCENTER_CHANGES_A },
  'Mutation.setLessIntensiveEffort': { expect: JOBCENTER_CHANGES_A },
  // TG-2, GU-1 (issue 15): the jobcenter's case handling; the a-kasse guides its members itself and records nothing here.
  'Mutation.offerVoluntarySelfBooking': { expect: JOBCENTER_CHANGES_A },
  'Mutation.withdrawVoluntarySelfBooking': { expect: JOBCENTER_CHANGES_A },
  'Mutation.recordSelfBookingGuidance': { input: () => ({ givenOn: '2026-03-01', form: 'PHONE' }), expect: JOBCENTER_CHANGES_A },
  // CC-11: the citizen asks, or the jobcenter records it on their behalf.
  'Mutation.requestJobInterview': { input: (w) => ({ citizenId: w.a.id }), expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, citizenB: H, caseworkerY: H, rest: F }) },
  'Mutation.issueDeadline': { input: () => ({ bookBy: '2026-03-12' }), expect: JOBCENTER_CHANGES_A },
  'Mutation.extendDeadline': { input: () => ({ bookBy: '2026-03-13' }), expect: JOBCENTER_CHANGES_A },
  'Mutation.closeDeadline': { input: () => ({ reason: 'OTHER', note: 'matrix' }), expect: JOBCENTER_CHANGES_A },
  'Mutation.callInMeeting': { input: () => ({ type: 'JOB_INTERVIEW', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' }), expect: JOBCENTER_CHANGES_A },
  'Mutation.cancelMeeting': { input: (w) => ({ meetingId: w.plannedA.id }), expect: JOBCENTER_CHANGES_A },
  'Mutation.registerMeetingHeld': { input: (w) => ({ meetingId: w.plannedA.id }), expect: JOBCENTER_CHANGES_A },
  'Mutation.registerNoShow': { input: (w) => ({ meetingId: w.plannedA.id, newDeadline: { bookBy: '2026-03-12' } }), expect: JOBCENTER_CHANGES_A },
  'Mutation.registerWalkInInterview': { expect: JOBCENTER_CHANGES_A },
  // JI-2: registered by the jobcenter or the a-kasse, never by the citizen.
  'Mutation.registerJointInterviewOptOut': {
    setup: async (t, w) => {
      await t.ds.query(`UPDATE meeting SET fund_opt_out = false, fund_opt_out_registered_by = NULL, fund_opt_out_registered_at = NULL WHERE id = $1`, [w.jointA.id]);
    },
    expect: roles({ caseworkerX: O, integrationX: O, fundZ: O, caseworkerY: H, fundW: H, rest: F }),
  },
  // JI-5: the a-kasse's participation decision, recorded by it or by the jobcenter.
  'Mutation.recordUnemploymentFundParticipation': {
    input: () => ({ participation: 'PARTICIPATES', form: 'VIDEO' }),
    expect: roles({ caseworkerX: O, integrationX: O, fundZ: O, caseworkerY: H, fundW: H, rest: F }),
  },
  // JI-5: the request that the a-kasse take part, recorded by the jobcenter (on the citizen's behalf too).
  'Mutation.requestUnemploymentFundParticipation': { input: () => ({ requestedBy: 'CITIZEN' }), expect: JOBCENTER_CHANGES_A },
  // MT-6: the jobcenter offers another meeting; the citizen books it for themselves only.
  'Mutation.offerOtherMeeting': { input: () => ({ description: 'Informationsmøde', bookBy: '2026-03-10' }), expect: JOBCENTER_CHANGES_A },
  'Mutation.bookOtherMeeting': {
    setup: async (t, w) => {
      const slot = await t.fx.slot(w.jcX, '2026-03-09', '10:00', { kind: 'OTHER' });
      const [o] = await t.ds.query(`INSERT INTO other_meeting_offer (citizen_id, jobcenter_id, description, book_by, latest_meeting_date, status, text, created_by, created_at)
        VALUES ($1, $2, 'matrix', '2026-03-10', '2026-03-17', 'OPEN', 'matrix', 'matrix', now()) RETURNING id`, [w.a.id, w.jcX.id]);
      w.extra.offerId = o.id;
      w.extra.otherSlotId = slot.id;
    },
    input: (w) => ({ offerId: w.extra.offerId, slotId: w.extra.otherSlotId }),
    expect: roles({ citizenA: O, citizenB: H, rest: F }),
  },
  'Mutation.setRebookingCutoff': { expect: roles({ caseworkerX: O, integrationX: O, rest: F }) },
  'Mutation.createWebhookSubscription': { input: () => ({ url: 'https://ak.example/hooks' }), expect: roles({ fundZ: O, fundW: O, rest: F }) },
  ...Object.fromEntries(['rotateWebhookSecret', 'disableWebhookSubscription', 'enableWebhookSubscription', 'deleteWebhookSubscription'].map((m) => [`Mutation.${m}`, {
    setup: (t: TestApp, w: World) => webhookFor(t, w), input: (w: World) => ({ subscriptionId: w.extra.subscriptionId }), expect: roles({ fundZ: O, fundW: H, rest: F }),
  }])),
  ...Object.fromEntries(['redeliverWebhookDelivery', 'skipWebhookDelivery'].map((m) => [`Mutation.${m}`, {
    setup: (t: TestApp, w: World) => webhookFor(t, w), input: (w: World) => ({ deliveryId: w.extra.failedDeliveryId }), expect: roles({ fundZ: O, fundW: H, rest: F }),
  }])),
  'Mutation.publishSlots': {
    input: () => ({ slots: [{ startsAt: '2026-03-18T10:00:00+01:00', endsAt: '2026-03-18T10:30:00+01:00' }] }),
    expect: roles({ caseworkerX: O, integrationX: O, rest: F }),
  },
  'Mutation.withdrawSlot': { expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: H, rest: F }) },
  // SL-2: the citizen books for themselves only; a slot of another jobcenter does not exist for them.
  'Mutation.bookSlot': { expect: roles({ citizenA: O, citizenB: H, rest: F }) },
  'Mutation.rebookMeeting': { input: (w) => ({ meetingId: w.plannedA.id }), expect: roles({ citizenA: O, citizenB: H, rest: F }) },
  // RG-1: an outage of the actor's own jobcenter (the scope comes from the token), so every jobcenter's staff may.
  'Mutation.recordSystemOutage': {
    input: () => ({ startsAt: '2026-03-01T08:00:00+01:00', endsAt: '2026-03-01T12:00:00+01:00', description: 'Jobnet down' }),
    expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: O, rest: F }),
  },
  'Mutation.decideSanctionAssessment': {
    setup: (t, w) => sanctionAssessmentFor(t, w),
    input: (w) => ({ assessmentId: w.extra.assessmentId, outcome: 'REASONABLE_CAUSE', reasonableCause: 'SICKNESS' }),
    expect: JOBCENTER_CHANGES_A,
  },
  // RG rules: the citizen re-registers and reports recovery; the jobcenter and the a-kasse may do it for them (RG-6, RG-8).
  'Mutation.reregister': {
    input: (w) => ({ citizenId: w.a.id }),
    setup: (t, w) => deregistered(t, w),
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, fundZ: O, citizenB: H, caseworkerY: H, fundW: H, rest: F }),
  },
  'Mutation.reportRecovery': {
    input: (w) => ({ citizenId: w.a.id }),
    setup: (t, w) => deregistered(t, w, 'SICKNESS'),
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, fundZ: O, citizenB: H, caseworkerY: H, fundW: H, rest: F }),
  },
  // RG-8: the citizen reports sick (or the jobcenter registers it); not the a-kasse.
  'Mutation.reportSickness': {
    input: (w) => ({ citizenId: w.a.id }),
    expect: roles({ citizenA: O, caseworkerX: O, integrationX: O, citizenB: H, caseworkerY: H, rest: F }),
  },
  'Mutation.deregisterCitizen': { expect: JOBCENTER_CHANGES_A },
  'Mutation.setWageSubsidy': { expect: JOBCENTER_CHANGES_A },
  // CZ-1 … CZ-5, CZ-10 (issue 12).
  // CZ-1: any jobcenter registers at itself (Y gets REGISTERED_AT_OTHER_JOBCENTER once X registered the CPR: it ran).
  'Mutation.registerJobSeeker': {
    input: () => ({ cpr: '0103901234', name: 'Matrix Jensen', unemployedSince: '2026-02-01' }),
    expect: roles({ caseworkerX: O, caseworkerY: O, integrationX: O, rest: F }),
  },
  'Mutation.changeTargetGroup': { input: () => ({ targetGroup: 'SICKNESS_BENEFIT' }), expect: JOBCENTER_CHANGES_A },
  // CZ-3: the member's a-kasse or the jobcenter.
  'Mutation.setBenefitPeriodStart': {
    input: () => ({ benefitPeriodStart: '2026-01-10' }),
    expect: roles({ caseworkerX: O, integrationX: O, fundZ: O, caseworkerY: H, fundW: H, rest: F }),
  },
  // CZ-4: A moves from a-kasse Z to W: recorded by A's jobcenter or by W (by CPR); Z may not move its member away.
  'Mutation.changeUnemploymentFund': {
    worldPerRole: true,
    setup: (t, w) => validCpr(t, w),
    input: (w) => ({ cpr: w.a.cpr, unemploymentFundId: w.fundW.id }),
    expect: roles({ caseworkerX: O, integrationX: O, fundW: O, caseworkerY: H, rest: F }),
  },
  // CZ-5: A moves from jobcenter X to Y: recorded by X, or by Y (by CPR).
  'Mutation.moveCitizen': {
    worldPerRole: true,
    setup: (t, w) => validCpr(t, w),
    input: (w) => ({ cpr: w.a.cpr, toJobcenterId: w.jcY.id }),
    expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: O, rest: F }),
  },
  // CZ-10: staff of A's jobcenter; another jobcenter finds nothing.
  'Query.citizenByCpr': {
    setup: (t, w) => validCpr(t, w),
    args: (w) => ({ cpr: w.a.cpr }),
    expect: roles({ caseworkerX: O, integrationX: O, caseworkerY: H, rest: F }),
  },
  // CZ-7: each citizen sets their own notices (no citizen argument); nobody else may.
  'Mutation.setNotificationPreferences': {
    input: () => ({ sms: true, email: false, phone: '+4520123456' }),
    expect: roles({ citizenA: O, citizenB: O, rest: F }),
  },
  // Issue 14 item 6 (docs/calendar.md): each citizen renews their own calendar feed address; nobody else may.
  'Mutation.renewCalendarFeedToken': { expect: roles({ citizenA: O, citizenB: O, rest: F }) },
};

let cprSeq = 0;
/** A gets a valid CPR number (DDMMYY; the fixtures' random ones are not dates), unique per world. */
async function validCpr(t: TestApp, w: World): Promise<void> {
  w.a.cpr = `150370${String(++cprSeq).padStart(4, '0')}`;
  await t.ds.query(`UPDATE citizen SET cpr = $1 WHERE id = $2`, [w.a.cpr, w.a.id]);
}

/** SA-1: an open sanction assessment of A (a cash-benefit recipient who missed bookBy). */
async function sanctionAssessmentFor(t: TestApp, w: World): Promise<void> {
  await t.ds.query(`UPDATE citizen SET target_group = 'JOB_READY_CASH_BENEFIT' WHERE id = $1`, [w.a.id]);
  const [row] = await t.ds.query(`INSERT INTO sanction_assessment (citizen_id, jobcenter_id, deadline_id, target_group, book_by, opened_on, opened_at, status)
    VALUES ($1, $2, $3, 'JOB_READY_CASH_BENEFIT', '2026-02-27', '2026-02-28', now(), 'OPEN') RETURNING id`, [w.a.id, w.jcX.id, w.deadlineA.id]);
  w.extra.assessmentId = row.id;
}

/** A deregistered (for a missed deadline, or sickness) yesterday. */
async function deregistered(t: TestApp, w: World, reason = 'MISSED_DEADLINE'): Promise<void> {
  await t.ds.query(`UPDATE citizen SET registered = false WHERE id = $1`, [w.a.id]);
  await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via, deregistered_from, deregistration_reason)
    VALUES ($1, '2026-01-05', 'INITIAL', '2026-03-01', $2)`, [w.a.id, reason]);
}

// ---- machinery ----
const schema = buildASTSchema(parse(loadTypeDefs()), { assumeValidSDL: true });

function rootFields(): [string, GraphQLField<unknown, unknown>, 'query' | 'mutation'][] {
  const out: [string, GraphQLField<unknown, unknown>, 'query' | 'mutation'][] = [];
  for (const f of Object.values(schema.getQueryType()!.getFields())) out.push([`Query.${f.name}`, f, 'query']);
  for (const f of Object.values(schema.getMutationType()!.getFields())) out.push([`Mutation.${f.name}`, f, 'mutation']);
  return out;
}

/** A webhook subscription of a-kasse Z with one FAILED delivery of an event of A (docs/webhooks.md). */
async function webhookFor(t: TestApp, w: World): Promise<void> {
  const [sub] = await t.ds.query(
    `INSERT INTO webhook_subscription (unemployment_fund_id, url, secret, cursor_tx, created_by, created_at)
     VALUES ($1, 'https://ak.example/hooks', 'whsec_test', pg_current_xact_id(), 'ak-1', now()) RETURNING id`, [w.fundZ.id]);
  const [ev] = await t.ds.query(
    `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id) VALUES (now(), 'NO_SHOW', $1, $2, $3) RETURNING id, tx_id::text AS tx, seq`,
    [w.a.id, w.jcX.id, w.fundZ.id]);
  const [d] = await t.ds.query(
    `INSERT INTO webhook_delivery (subscription_id, event_id, citizen_id, event_tx, event_seq, status, attempts, last_error)
     VALUES ($1, $2, $3, $4::xid8, $5, 'FAILED', 12, 'HTTP 500') RETURNING id`, [sub.id, ev.id, w.a.id, ev.tx, ev.seq]);
  w.extra.subscriptionId = sub.id;
  w.extra.failedDeliveryId = d.id;
}

function idFor(name: string, w: World): string {
  const n = name.toLowerCase();
  if (n === 'citizenid') return w.a.id;
  if (n.includes('meetingid')) return w.jointA.id;
  if (n === 'slotid') return w.slotX.id;
  if (n === 'deadlineid') return w.deadlineA.id;
  if (n === 'jobcenterid') return w.jcX.id;
  if (n.includes('fundid')) return w.fundZ.id;
  return w.a.id;
}

function valueFor(type: GraphQLInputType, name: string, w: World, overrides: Record<string, unknown> = {}): unknown {
  if (type instanceof GraphQLNonNull) return valueFor(type.ofType, name, w, overrides);
  if (type instanceof GraphQLList) return [valueFor(type.ofType, name, w)];
  if (type instanceof GraphQLInputObjectType) {
    const o: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (f.type instanceof GraphQLNonNull && f.defaultValue === undefined) o[f.name] = valueFor(f.type, f.name, w);
    }
    return { ...o, ...overrides };
  }
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.value;
  switch ((type as GraphQLScalarType).name) {
    case 'ID': return idFor(name, w);
    case 'Int': return name === 'year' ? 2026 : name === 'month' ? 2 : name === 'hours' ? 24 : 10;
    case 'Float': return 1;
    case 'Boolean': return false;
    case 'Date': return name === 'from' ? '2026-03-01' : name === 'to' ? '2026-03-31' : '2026-03-20';
    case 'DateTime': return name === 'endsAt' ? '2026-03-20T10:30:00+01:00' : '2026-03-20T10:00:00+01:00';
    default: return 'matrix test';
  }
}

function selectionFor(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const fields = (named as GraphQLObjectType).getFields();
  const parts = ['__typename'];
  if (fields.id) parts.push('id');
  if (fields.userErrors) parts.push('userErrors { code message }');
  if (fields.nodes && depth === 0) parts.push(`nodes ${selectionFor(fields.nodes.type, depth + 1)}`);
  return `{ ${parts.join(' ')} }`;
}

function documentFor(field: GraphQLField<unknown, unknown>, op: 'query' | 'mutation'): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${op}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionFor(field.type)} }`;
}

function actorOf(role: Role, w: World): Actor {
  switch (role) {
    case 'anonymous': return as.anonymous();
    case 'citizenA': return as.citizen(w.a.id);
    case 'citizenB': return as.citizen(w.b.id);
    case 'caseworkerX': return as.caseworker(w.jcX.id);
    case 'caseworkerY': return as.caseworker(w.jcY.id);
    case 'integrationX': return as.integration(w.jcX.id);
    case 'fundZ': return as.fund(w.fundZ.id);
    case 'fundW': return as.fund(w.fundW.id);
    case 'statistics': return as.statistics();
  }
}

/** Citizens whose rows a call added or changed (any table with citizen_id) without a CHANGE entry in the access log. */
function unloggedChanges(before: Record<string, unknown[]>, after: Record<string, unknown[]>): string[] {
  const seen = new Set((before.access_log ?? []).map((r) => JSON.stringify(r)));
  const logged = new Set((after.access_log ?? []).filter((r) => !seen.has(JSON.stringify(r)) && (r as { access: string }).access === 'CHANGE')
    .map((r) => (r as { citizen_id: string }).citizen_id));
  const changed = new Set<string>();
  for (const [table, rows] of Object.entries(after)) {
    if (table === 'access_log') continue;
    const old = new Set((before[table] ?? []).map((r) => JSON.stringify(r)));
    for (const r of rows as Record<string, unknown>[]) {
      if (old.has(JSON.stringify(r))) continue;
      const id = table === 'citizen' ? r.id : r.citizen_id;
      if (typeof id === 'string') changed.add(id);
    }
  }
  return [...changed].filter((id) => !logged.has(id));
}

/** Ids of A's world that `role` must never receive. */
function secretsOf(role: Role, w: World): string[] {
  const all = [w.a.id, w.deadlineA.id, w.jointA.id, w.heldA.id, w.plannedA.id];
  if (['citizenA', 'caseworkerX', 'integrationX'].includes(role)) return [];
  if (role === 'fundZ') return [w.deadlineA.id, w.heldA.id, w.plannedA.id];
  return all;
}

function classify(r: GqlResult, fieldName: string, op: 'query' | 'mutation'): string {
  if (r.errors?.length) {
    const code = String(r.errors[0]!.extensions?.code);
    if (code === 'NOT_FOUND') return 'HIDDEN';
    return code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? code : `ERROR ${code}: ${r.errors[0]!.message}`;
  }
  const v = r.data?.[fieldName];
  if (op === 'mutation') {
    const codes: string[] = (v?.userErrors ?? []).map((e: { code: string }) => e.code);
    if (codes.includes('NOT_FOUND')) return 'HIDDEN';
    if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
    if (codes.includes('INVALID_INPUT')) return `ERROR INVALID_INPUT: ${JSON.stringify(v.userErrors)}`;
    return 'OK';
  }
  if (v === null || v === undefined) return 'HIDDEN';
  if (Array.isArray(v)) return v.length === 0 ? 'HIDDEN' : 'OK';
  if (Array.isArray(v.nodes)) return v.nodes.length === 0 ? 'HIDDEN' : 'OK';
  return 'OK';
}

async function makeWorld(t: TestApp): Promise<World> {
  const [jcX, jcY, fundZ, fundW] = [await t.fx.jobcenter(), await t.fx.jobcenter(), await t.fx.fund(), await t.fx.fund()];
  const since = Temporal.PlainDate.from('2026-01-05');
  const a = await t.fx.citizen(jcX, { unemploymentFundId: fundZ.id, unemployedSince: since, benefitPeriodStart: since });
  const b = await t.fx.citizen(jcY, { unemploymentFundId: fundW.id, unemployedSince: since, benefitPeriodStart: since });
  const deadlineA = await t.fx.deadline(a, '2026-03-02', '2026-03-10');
  await t.fx.deadline(b, '2026-03-02', '2026-03-10');
  const jointA = await t.fx.meeting(a, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW', fundOptOut: true, fundOptOutRegisteredBy: 'citizen', fundOptOutRegisteredAt: Temporal.Instant.from('2026-02-27T09:00:00Z') });
  await t.fx.meeting(b, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW', fundOptOut: true });
  const heldA = await t.fx.meeting(a, '2026-02-10', '10:00', { status: 'HELD', origin: 'SELF_BOOKED' });
  const plannedA = await t.fx.meeting(a, '2026-03-02', '08:00', { type: 'FOLLOW_UP' });
  await t.fx.holiday(a, '2026-04-01', '2026-04-05', '2026-03-01');
  const slotX = await t.fx.slot(jcX, '2026-03-06', '10:00');
  const slotY = await t.fx.slot(jcY, '2026-03-06', '10:00');
  return { jcX, jcY, fundZ, fundW, a, b, deadlineA, jointA, heldA, plannedA, slotX, slotY, extra: {} };
}

describe('authorization matrix: every root field × every role', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });

  it('every root query and mutation of the schema has an entry (a new field must be added to the matrix)', () => {
    const missing = rootFields().map(([k]) => k).filter((k) => !MATRIX[k]);
    const stale = Object.keys(MATRIX).filter((k) => !rootFields().some(([f]) => f === k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  // MATRIX_DUMP=1 prints each field's actual outcomes (and runs new fields against a placeholder) to help fill entries.
  if (process.env.MATRIX_DUMP) for (const [k] of rootFields()) MATRIX[k] ??= { expect: roles({ rest: O }) };
  const fields = rootFields().filter(([k]) => MATRIX[k]);
  it.each(fields.map(([k, f, op]) => [k, f, op] as const))('%s', async (key, field, op) => {
    const entry = MATRIX[key]!;
    const prepare = async () => {
      const world = await makeWorld(t);
      if (entry.setup) await entry.setup(t, world);
      const overrides = entry.args?.(world) ?? {};
      const vars: Record<string, unknown> = {};
      for (const a of field.args) {
        vars[a.name] = a.name in overrides ? overrides[a.name]
          : a.name === 'input' ? valueFor(a.type, a.name, world, entry.input?.(world)) : a.type instanceof GraphQLNonNull ? valueFor(a.type, a.name, world) : undefined;
      }
      return { world, vars };
    };
    let { world: w, vars: variables } = await prepare();
    const doc = documentFor(field, op);
    const actual: Record<string, string> = {};
    // Refused roles first (their calls must change nothing), then the allowed ones.
    const order = [...ROLES].sort((x, y) => Number(entry.expect[x] === 'OK') - Number(entry.expect[y] === 'OK'));
    let asked = JSON.stringify(variables);
    for (const role of order) {
      if (entry.worldPerRole && role !== order[0]) {
        ({ world: w, vars: variables } = await prepare());
        asked = JSON.stringify(variables);
      }
      const before = op === 'mutation' ? await snapshotAll(t.ds) : undefined;
      // A string on purpose: the document is built from the schema for every root field (the matrix covers all of them).
      const r = await t.gql(actorOf(role, w), doc, variables);
      actual[role] = classify(r, field.name, op);
      if (before && entry.expect[role] === 'OK' && ['caseworkerX', 'integrationX', 'fundZ'].includes(role)) {
        // Access log: a change of a citizen's data by jobcenter staff or an a-kasse has its CHANGE entry.
        const missing = unloggedChanges(before, await snapshotAll(t.ds));
        if (missing.length) actual[role] += ` (NO CHANGE ENTRY FOR ${missing.join(', ')})`;
      }
      // Never serve one actor's data to another: no id of A's world the caller did not send itself.
      const leaked = secretsOf(role, w).filter((id) => JSON.stringify(r).includes(id) && !asked.includes(id));
      if (leaked.length) actual[role] += ` (LEAKED ${leaked.join(', ')})`;
      if (before && entry.expect[role] !== 'OK') {
        const after = await snapshotAll(t.ds);
        if (JSON.stringify(after) !== JSON.stringify(before)) actual[role] += ' (CHANGED THE DATABASE)';
      }
    }
    if (process.env.MATRIX_DUMP) process.stdout.write(`${key} ${JSON.stringify(actual)}\n`);
    expect(actual).toEqual(entry.expect);
  });
});
