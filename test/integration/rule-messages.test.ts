import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import {
  BookSlot, CallInMeeting, RebookMeetingForConcurrencyBooking, RegisterWalkInInterviewForContactCourseStatus,
  DecideSanctionAssessmentForRuleMessages, DeregisterCitizenForRuleMessages, IssueDeadlineForRuleMessages, JointInterviewOptOutsPageForRuleMessages,
  ReportRecoveryForRuleMessages, ReportSicknessForRuleMessages, ReregisterForRuleMessages, SelfBookingSharePercentForRuleMessages, SetWageSubsidyForRuleMessages,
  CancelMeetingForRuleMessages, ChangeTargetGroupForRuleMessages, ChangeUnemploymentFundForRuleMessages, CloseDeadlineForRuleMessages,
  ExemptFromSelfBookingForRuleMessages, ExtendDeadlineForRuleMessages, MoveCitizenForRuleMessages, OfferVoluntarySelfBookingForRuleMessages,
  PreviewDeadlineForRuleMessages, RecordFundParticipationForRuleMessages, RecordSelfBookingGuidanceForRuleMessages, RegisterHolidayForRuleMessages,
  RegisterJobSeekerForRuleMessages, RegisterJointInterviewOptOutForRuleMessages, RegisterMeetingHeldForRuleMessages, RegisterNoShowForRuleMessages,
  RequestFundParticipationForRuleMessages, RequestJobInterviewForRuleMessages, RevokeSelfBookingRightForRuleMessages, SetBenefitPeriodStartForRuleMessages,
  SetLessIntensiveEffortForRuleMessages, SetRebookingCutoffForRuleMessages, WithdrawSlotForRuleMessages, WithdrawVoluntarySelfBookingForRuleMessages,
  AccessLogForRuleMessages, CitizenCprForRuleMessages, CitizenDeadlinesForRuleMessages, CitizensPageForRuleMessages,
} from '../support/operations';

/**
 * Issue 15 item 10: every user error of the registration and lifecycle operations starts with the rule that applies
 * (RG-5/RG-6 re-registration, RG-8 sickness and recovery, CZ-6 the jobcenter's deregistration, SA-1 assessments),
 * also "not found" and a missing citizenId — and changes nothing.
 */


/** The tables the operations below would write (the fixture's default ones, and the master data and records they keep). */
const SNAPSHOT_TABLES = [
  'deadline', 'meeting', 'deadline_history', 'meeting_history', 'domain_event', 'slot', 'citizen', 'holiday', 'self_booking_decision',
  'registration_period', 'citizen_message', 'idempotency_key', 'jobcenter', 'citizen_change', 'voluntary_self_booking_change',
  'self_booking_guidance', 'job_interview_request',
] as const;

describe('issue 15 item 10: user errors cite the rule that applies', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  let other: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    other = await t.fx.jobcenter();
  });

  it('RG-5/RG-6/RG-8/CZ-6/SA-1: not found, a missing citizenId and a citizen acting for another cite the operation\'s rule, changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    const foreign = await t.fx.citizen(other);
    const cw = as.caseworker(jc.id);
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await t.fx.snapshot();
    const cases: [ReturnType<typeof as.caseworker>, TypedDocumentNode<any, any>, Record<string, unknown>, string, RegExp][] = [
      [cw, ReregisterForRuleMessages, { citizenId: foreign.id }, 'reregister', /^RG-5\/RG-6: no citizen /],
      [cw, ReregisterForRuleMessages, {}, 'reregister', /^RG-5\/RG-6: the jobcenter or the a-kasse acting for a citizen names the citizen/],
      [as.citizen(c.id), ReregisterForRuleMessages, { citizenId: foreign.id }, 'reregister', /^RG-5\/RG-6: a citizen acts for themselves only/],
      [cw, ReportRecoveryForRuleMessages, {}, 'reportRecovery', /^RG-8: the jobcenter or the a-kasse acting/],
      [cw, ReportRecoveryForRuleMessages, { citizenId: c.id }, 'reportRecovery', /^RG-8: the citizen is registered as job seeker/],
      [cw, ReportSicknessForRuleMessages, { citizenId: foreign.id }, 'reportSickness', /^RG-8: no citizen /],
      [cw, DeregisterCitizenForRuleMessages, { citizenId: missing, reason: 'EMPLOYMENT' }, 'deregisterCitizen', /^CZ-6: no citizen /],
      [cw, SetWageSubsidyForRuleMessages, { citizenId: foreign.id, wageSubsidy: true }, 'setWageSubsidy', /^RG-8: no citizen /],
      [cw, DecideSanctionAssessmentForRuleMessages, { assessmentId: missing, outcome: 'DEDUCTION' }, 'decideSanctionAssessment', /^SA-1: no sanction assessment /],
    ];
    for (const [actor, doc, input, name, message] of cases) {
      const r = await t.as(actor).run(doc, { input });
      expect(r[name].userErrors).toEqual([expect.objectContaining({ message: expect.stringMatching(message) })]);
    }
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('SL-3, ST-1, JI-4/IN-1: the input limits of an idempotency key, a statistics year and a joint-interview range cite their rule, changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    const cw = as.caseworker(jc.id);
    const before = await t.fx.snapshot();
    const key = await t.as(cw).exec(IssueDeadlineForRuleMessages,
      { input: { citizenId: c.id, bookBy: '2026-03-20', idempotencyKey: 'k'.repeat(201) } });
    expect(key.data?.issueDeadline.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/^SL-3: idempotencyKey must be 1–200 characters/), field: ['input', 'idempotencyKey'] })]);
    const year = await t.as(cw).exec(SelfBookingSharePercentForRuleMessages, { jc: jc.id, year: 1999, month: 1 });
    expect(year.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^ST-1: year must be between 2000 and 2100/), extensions: { code: 'BAD_USER_INPUT' } });
    const reversed = await t.as(cw).exec(JointInterviewOptOutsPageForRuleMessages, { from: '2026-03-10', to: '2026-03-01' });
    expect(reversed.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^JI-4, IN-1: from must not be after to/), extensions: { code: 'BAD_USER_INPUT' } });
    const long = await t.as(cw).exec(JointInterviewOptOutsPageForRuleMessages, { from: '2026-01-01', to: '2027-01-03' });
    expect(long.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^JI-4, IN-1: at most 366 days between from and to/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await t.fx.snapshot()).toEqual(before);
  });
  it('SL-3, SL-4, MT-3, MT-4: a reused idempotency key, another jobcenter\'s citizen and the wrong caller of rebookMeeting and callInMeeting cite their rule, changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const slotA = await t.fx.slot(jc, '2026-03-05', '10:00');
    const slotB = await t.fx.slot(jc, '2026-03-05', '11:00');
    const booked = await t.as.citizen(c.id).run(BookSlot, { input: { slotId: slotA.id, idempotencyKey: 'rule-key' } });
    expect(booked.bookSlot.userErrors).toEqual([]);
    const foreign = await t.fx.citizen(other);
    const cw = as.caseworker(jc.id);
    const before = await t.fx.snapshot();
    const reused = await t.as.citizen(c.id).run(BookSlot, { input: { slotId: slotB.id, idempotencyKey: 'rule-key' } });
    expect(reused.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringMatching(/^SL-3: idempotencyKey 'rule-key' was already used with other input/) })]);
    const callIn = await t.as(cw).run(CallInMeeting, { input: { citizenId: foreign.id, type: 'FOLLOW_UP', startsAt: '2026-03-20T10:00:00+01:00', endsAt: '2026-03-20T10:30:00+01:00' } });
    expect(callIn.callInMeeting.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/^MT-3: no citizen /) })]);
    const walkIn = await t.as(cw).run(RegisterWalkInInterviewForContactCourseStatus, { input: { citizenId: foreign.id } });
    expect(walkIn.registerWalkInInterview.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/^MT-4: no citizen /) })]);
    const rebook = await t.as(cw).exec(RebookMeetingForConcurrencyBooking, { input: { meetingId: booked.bookSlot.meeting!.id, slotId: slotB.id } });
    expect(rebook.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^SL-4: Mutation.rebookMeeting: only the citizen may do this/), extensions: { code: 'FORBIDDEN' } });
    const citizenCallIn = await t.as.citizen(c.id).exec(CallInMeeting, { input: { citizenId: c.id, type: 'FOLLOW_UP', startsAt: '2026-03-20T10:00:00+01:00', endsAt: '2026-03-20T10:30:00+01:00' } });
    expect(citizenCallIn.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^MT-3: Mutation.callInMeeting: only a caseworker or integration/), extensions: { code: 'FORBIDDEN' } });
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('EX-1, EX-3, DL-6, TG-5, TG-2, GU-1, CZ-2, CZ-3, CC-11, DL-1, DL-7, DL-10, DL-12, MT-5, NS-1, JI-2, JI-5, SL-4: another jobcenter\'s citizen, deadline or meeting is NOT_FOUND citing the operation\'s rule, changing nothing', async () => {
    const foreign = await t.fx.citizen(other, { unemploymentFundId: (await t.fx.fund()).id });
    const deadline = await t.fx.deadline(foreign, '2026-03-01', '2026-03-10');
    const meeting = await t.fx.meeting(foreign, '2026-03-02', '08:00');
    const joint = await t.fx.meeting(foreign, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW', origin: 'CALLED_IN' });
    const cw = as.caseworker(jc.id);
    const missing = '00000000-0000-4000-8000-000000000000';
    const citizenId = foreign.id;
    const before = await t.fx.snapshot([...SNAPSHOT_TABLES]);
    const cases: [ReturnType<typeof as.caseworker>, TypedDocumentNode<any, any>, Record<string, unknown>, string, RegExp, string[]][] = [
      [cw, ExemptFromSelfBookingForRuleMessages, { citizenId, reason: 'POOR_IT_SKILLS' }, 'exemptFromSelfBooking', /^EX-1: no citizen /, ['input', 'citizenId']],
      [cw, RevokeSelfBookingRightForRuleMessages, { citizenId, reason: 'r', justification: 'j', complaintGuidance: 'g' }, 'revokeSelfBookingRight', /^EX-3: no citizen /, ['input', 'citizenId']],
      [cw, RegisterHolidayForRuleMessages, { citizenId, startDate: '2026-04-01', endDate: '2026-04-05' }, 'registerHoliday', /^DL-6: no citizen /, ['input', 'citizenId']],
      [cw, SetLessIntensiveEffortForRuleMessages, { citizenId, lessIntensive: true }, 'setLessIntensiveEffort', /^TG-5: no citizen /, ['input', 'citizenId']],
      [cw, OfferVoluntarySelfBookingForRuleMessages, { citizenId }, 'offerVoluntarySelfBooking', /^TG-2: no citizen /, ['input', 'citizenId']],
      [cw, WithdrawVoluntarySelfBookingForRuleMessages, { citizenId }, 'withdrawVoluntarySelfBooking', /^TG-2: no citizen /, ['input', 'citizenId']],
      [cw, RecordSelfBookingGuidanceForRuleMessages, { citizenId, givenOn: '2026-03-01', form: 'PHONE' }, 'recordSelfBookingGuidance', /^GU-1: no citizen /, ['input', 'citizenId']],
      [cw, ChangeTargetGroupForRuleMessages, { citizenId, targetGroup: 'JOB_READY_CASH_BENEFIT' }, 'changeTargetGroup', /^CZ-2: no citizen /, ['input', 'citizenId']],
      [cw, SetBenefitPeriodStartForRuleMessages, { citizenId, benefitPeriodStart: '2026-01-05' }, 'setBenefitPeriodStart', /^CZ-3: no citizen /, ['input', 'citizenId']],
      [cw, RequestJobInterviewForRuleMessages, { citizenId }, 'requestJobInterview', /^CC-11: no citizen /, ['input', 'citizenId']],
      [cw, IssueDeadlineForRuleMessages, { citizenId, bookBy: '2026-03-20' }, 'issueDeadline', /^DL-1: no citizen /, ['input', 'citizenId']],
      [cw, CloseDeadlineForRuleMessages, { deadlineId: deadline.id, reason: 'OTHER', note: 'n' }, 'closeDeadline', /^DL-7: no deadline /, ['input', 'deadlineId']],
      [cw, ExtendDeadlineForRuleMessages, { deadlineId: deadline.id, bookBy: '2026-03-20', reason: 'r' }, 'extendDeadline', /^DL-10: no deadline /, ['input', 'deadlineId']],
      [cw, CancelMeetingForRuleMessages, { meetingId: meeting.id, reason: 'r' }, 'cancelMeeting', /^DL-12: no meeting /, ['input', 'meetingId']],
      [cw, RegisterMeetingHeldForRuleMessages, { meetingId: meeting.id }, 'registerMeetingHeld', /^MT-5: no meeting /, ['input', 'meetingId']],
      [cw, RegisterNoShowForRuleMessages, { meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-20' } }, 'registerNoShow', /^NS-1: no meeting /, ['input', 'meetingId']],
      [cw, RegisterJointInterviewOptOutForRuleMessages, { meetingId: joint.id }, 'registerJointInterviewOptOut', /^JI-2: no meeting /, ['input', 'meetingId']],
      [cw, RequestFundParticipationForRuleMessages, { meetingId: joint.id, requestedBy: 'JOBCENTER' }, 'requestUnemploymentFundParticipation', /^JI-5: no meeting /, ['input', 'meetingId']],
      [as.fund((await t.fx.fund()).id), RecordFundParticipationForRuleMessages, { meetingId: joint.id, participation: 'PARTICIPATES' }, 'recordUnemploymentFundParticipation', /^JI-5: no meeting /, ['input', 'meetingId']],
      // A caseworker token of a jobcenter that does not exist (the policy lets staff of input.jobcenterId through).
      [as.caseworker(missing), SetRebookingCutoffForRuleMessages, { jobcenterId: missing, hours: 24 }, 'setRebookingCutoff', /^SL-4: no jobcenter /, ['input', 'jobcenterId']],
    ];
    for (const [actor, doc, input, name, message, field] of cases) {
      const r = await t.as(actor).run(doc, { input });
      expect([name, r[name].userErrors]).toEqual([name, [{ code: 'NOT_FOUND', message: expect.stringMatching(message), field }]]);
    }
    // previewDeadline answers null for another jobcenter's citizen (its DL-1 refusal is not shown), as before.
    expect((await t.as(cw).run(PreviewDeadlineForRuleMessages, { citizenId })).previewDeadline).toBeNull();
    expect(await t.fx.snapshot([...SNAPSHOT_TABLES])).toEqual(before);
  });

  it('CZ-1, CZ-4, CZ-5, DL-1: an unknown a-kasse or jobcenter and an availableFrom in the past cite the operation\'s rule, changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    const cw = as.caseworker(jc.id);
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await t.fx.snapshot([...SNAPSHOT_TABLES]);
    const cases: [TypedDocumentNode<any, any>, Record<string, unknown>, string, string, RegExp, string[]][] = [
      [RegisterJobSeekerForRuleMessages, { cpr: '0101901234', name: 'Ny Ledig', targetGroup: 'INSURED_UNEMPLOYED', unemployedSince: '2026-02-02', unemploymentFundId: missing },
        'registerJobSeeker', 'UNKNOWN_UNEMPLOYMENT_FUND', /^CZ-1: no a-kasse /, ['input', 'unemploymentFundId']],
      [ChangeUnemploymentFundForRuleMessages, { citizenId: c.id, unemploymentFundId: missing }, 'changeUnemploymentFund', 'UNKNOWN_UNEMPLOYMENT_FUND', /^CZ-4: no a-kasse /, ['input', 'unemploymentFundId']],
      [MoveCitizenForRuleMessages, { citizenId: c.id, toJobcenterId: missing }, 'moveCitizen', 'UNKNOWN_JOBCENTER', /^CZ-5: no jobcenter /, ['input', 'toJobcenterId']],
      [IssueDeadlineForRuleMessages, { citizenId: c.id, availableFrom: '2026-03-01', bookBy: '2026-03-20' }, 'issueDeadline', 'AVAILABLE_FROM_IN_PAST', /^DL-1: availableFrom 2026-03-01 is before today \(2026-03-02\)/, ['input', 'availableFrom']],
    ];
    for (const [doc, input, name, code, message, field] of cases) {
      const r = await t.as(cw).run(doc, { input });
      expect([name, r[name].userErrors]).toEqual([name, [{ code, message: expect.stringMatching(message), field }]]);
    }
    expect(await t.fx.snapshot([...SNAPSHOT_TABLES])).toEqual(before);
  });

  it('Actors and access: a citizen calling a jobcenter operation is FORBIDDEN citing the operation\'s rule (DL-1, DL-7, DL-10, EX-1, EX-3, DL-6, TG-5, TG-2, CZ-2, CZ-6, RG-8, SL-1, SA-1), changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    const citizenId = c.id;
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await t.fx.snapshot([...SNAPSHOT_TABLES]);
    const cases: [TypedDocumentNode<any, any>, Record<string, unknown>, string][] = [
      [IssueDeadlineForRuleMessages, { input: { citizenId, bookBy: '2026-03-20' } }, 'DL-1: Mutation.issueDeadline'],
      [PreviewDeadlineForRuleMessages, { citizenId }, 'DL-1: Query.previewDeadline'],
      [CloseDeadlineForRuleMessages, { input: { deadlineId: missing, reason: 'OTHER', note: 'n' } }, 'DL-7: Mutation.closeDeadline'],
      [ExtendDeadlineForRuleMessages, { input: { deadlineId: missing, bookBy: '2026-03-20', reason: 'r' } }, 'DL-10: Mutation.extendDeadline'],
      [ExemptFromSelfBookingForRuleMessages, { input: { citizenId, reason: 'POOR_IT_SKILLS' } }, 'EX-1: Mutation.exemptFromSelfBooking'],
      [RevokeSelfBookingRightForRuleMessages, { input: { citizenId, reason: 'r', justification: 'j', complaintGuidance: 'g' } }, 'EX-3: Mutation.revokeSelfBookingRight'],
      [RegisterHolidayForRuleMessages, { input: { citizenId, startDate: '2026-04-01', endDate: '2026-04-05' } }, 'DL-6: Mutation.registerHoliday'],
      [SetLessIntensiveEffortForRuleMessages, { input: { citizenId, lessIntensive: true } }, 'TG-5: Mutation.setLessIntensiveEffort'],
      [WithdrawVoluntarySelfBookingForRuleMessages, { input: { citizenId } }, 'TG-2: Mutation.withdrawVoluntarySelfBooking'],
      [ChangeTargetGroupForRuleMessages, { input: { citizenId, targetGroup: 'JOB_READY_CASH_BENEFIT' } }, 'CZ-2: Mutation.changeTargetGroup'],
      [DeregisterCitizenForRuleMessages, { input: { citizenId, reason: 'EMPLOYMENT' } }, 'CZ-6: Mutation.deregisterCitizen'],
      [SetWageSubsidyForRuleMessages, { input: { citizenId, wageSubsidy: true } }, 'RG-8: Mutation.setWageSubsidy'],
      [WithdrawSlotForRuleMessages, { input: { slotId: missing } }, 'SL-1: Mutation.withdrawSlot'],
      [DecideSanctionAssessmentForRuleMessages, { input: { assessmentId: missing, outcome: 'DEDUCTION' } }, 'SA-1: Mutation.decideSanctionAssessment'],
    ];
    for (const [doc, variables, start] of cases) {
      const r = await t.as.citizen(c.id).exec(doc, variables);
      expect(r.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FORBIDDEN', `${start}: only a caseworker or integration of a jobcenter may do this`]]);
    }
    expect(await t.fx.snapshot([...SNAPSHOT_TABLES])).toEqual(before);
  });

  it('CZ-1, DL-1, ST-1: a non-UUID id, text beyond the general bound, NUL and bidi controls in a mutation input are its INVALID_INPUT user error citing its rule and naming the field; the same in a query argument is BAD_USER_INPUT citing the query\'s rule; changing nothing', async () => {
    const cw = as.caseworker(jc.id);
    const before = await t.fx.snapshot([...SNAPSHOT_TABLES]);
    const register = { cpr: '0101901234', targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: '2026-02-02' };
    const cases: [TypedDocumentNode<any, any>, Record<string, unknown>, string, string, string[]][] = [
      [IssueDeadlineForRuleMessages, { citizenId: 'not-an-id', bookBy: '2026-03-20' }, 'issueDeadline', 'DL-1: citizenId must be an ID returned by this API (a UUID)', ['input', 'citizenId']],
      // The general bound says it is one, and that the field's own limit may be lower (CZ-1's 200, next case).
      [RegisterJobSeekerForRuleMessages, { ...register, name: 'n'.repeat(5000) }, 'registerJobSeeker',
        'CZ-1: name has 5000 characters; no text input may exceed 2000 (the general bound; the field\'s own limit may be lower)', ['input', 'name']],
      [RegisterJobSeekerForRuleMessages, { ...register, name: 'n'.repeat(201) }, 'registerJobSeeker', 'CZ-1: name must be 1–200 characters', ['input', 'name']],
      // NUL: a user error like every other malformed text of a mutation input (it was a top-level BAD_USER_INPUT).
      [RegisterJobSeekerForRuleMessages, { ...register, name: 'Ny\u0000Ledig' }, 'registerJobSeeker', 'CZ-1: name must not contain NUL characters (U+0000)', ['input', 'name']],
      [RegisterJobSeekerForRuleMessages, { ...register, name: 'Ny \u202ELedig' }, 'registerJobSeeker',
        'CZ-1: name must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069): they make text display differently from what is stored', ['input', 'name']],
    ];
    for (const [doc, input, name, message, field] of cases) {
      const r = await t.as(cw).run(doc, { input });
      expect([name, r[name].userErrors]).toEqual([name, [{ code: 'INVALID_INPUT', message, field }]]);
    }
    const queries: [TypedDocumentNode<any, any>, Record<string, unknown>, string, string][] = [
      [SelfBookingSharePercentForRuleMessages, { jc: 'not-an-id', year: 2026, month: 1 }, 'ST-1: jobcenterId must be an ID returned by this API (a UUID)', 'jobcenterId'],
      [SelfBookingSharePercentForRuleMessages, { jc: jc.id, year: 2026, month: 13 }, 'ST-1: month must be 1–12', 'month'],
      [CitizensPageForRuleMessages, { jc: jc.id, after: 'a\u0000b' }, 'Query.citizens: after must not contain NUL characters (U+0000)', 'after'],
      [CitizensPageForRuleMessages, { jc: jc.id, after: 'a'.repeat(2001) }, 'Query.citizens: after has 2001 characters; no text input may exceed 2000 (the general bound; the field\'s own limit may be lower)', 'after'],
      [CitizensPageForRuleMessages, { jc: jc.id, first: 0 },
        'Query.citizens: first must be between 1 and 200 (a page of at least one item; a larger one is answered with at most 200 and hasNextPage); got 0', 'first'],
      [JointInterviewOptOutsPageForRuleMessages, { from: '2026-02-30', to: '2026-03-10' },
        'IN-1: Variable "$from" got invalid value "2026-02-30"; Date cannot represent "2026-02-30": expected a real calendar day (e.g. 29 February only in leap years)', ''],
    ];
    for (const [doc, variables, message, field] of queries) {
      const r = await t.as(cw).exec(doc, variables);
      expect(r.errors?.map((e) => [e.extensions?.code, e.message, e.extensions?.field ?? ''])).toEqual([['BAD_USER_INPUT', message, field]]);
    }
    expect(await t.fx.snapshot([...SNAPSHOT_TABLES])).toEqual(before);
  });

  it('DL-1 (not SL-3): a reused idempotency key cites the operation\'s own rule; SL-3 stays bookSlot\'s (test above); changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    const cw = as.caseworker(jc.id);
    const first = await t.as(cw).run(IssueDeadlineForRuleMessages, { input: { citizenId: c.id, bookBy: '2026-03-20', idempotencyKey: 'rm-reuse' } });
    expect(first.issueDeadline.userErrors).toEqual([]);
    const before = await t.fx.snapshot([...SNAPSHOT_TABLES]);
    const reused = await t.as(cw).run(IssueDeadlineForRuleMessages, { input: { citizenId: c.id, bookBy: '2026-03-21', idempotencyKey: 'rm-reuse' } });
    expect(reused.issueDeadline.userErrors).toEqual([{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'DL-1: idempotencyKey \'rm-reuse\' was already used with other input', field: ['input', 'idempotencyKey'] }]);
    expect(await t.fx.snapshot([...SNAPSHOT_TABLES])).toEqual(before);
  });

  it('CZ-10, Actors and access: an a-kasse selecting its member\'s cpr or deadlines is FORBIDDEN citing the rule; another jobcenter\'s access log is NOT_FOUND naming citizenId (GDPR art. 15, no rule of RULES.md); changing nothing', async () => {
    const fundId = (await t.fx.fund()).id;
    const member = await t.fx.citizen(jc, { unemploymentFundId: fundId });
    const foreign = await t.fx.citizen(other);
    const before = await t.fx.snapshot([...SNAPSHOT_TABLES]);
    const cpr = await t.as(as.fund(fundId)).exec(CitizenCprForRuleMessages, { id: member.id });
    expect(cpr.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FORBIDDEN', 'CZ-10: Citizen.cpr is not available to an a-kasse (data minimisation)']]);
    const deadlines = await t.as(as.fund(fundId)).exec(CitizenDeadlinesForRuleMessages, { id: member.id });
    expect(deadlines.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FORBIDDEN', 'Actors and access: Citizen.deadlines is not available to an a-kasse (data minimisation)']]);
    const log = await t.as(as.caseworker(jc.id)).exec(AccessLogForRuleMessages, { id: foreign.id });
    expect(log.errors?.map((e) => [e.extensions?.code, e.message, e.extensions?.field])).toEqual([
      ['NOT_FOUND', `Query.accessLog (GDPR art. 15): no citizen ${foreign.id} whose access log you may read`, 'citizenId'],
    ]);
    expect(await t.fx.snapshot([...SNAPSHOT_TABLES])).toEqual(before);
  });

  it('query-shape limits (no rule of RULES.md, docs/security.md): depth, aliases and tokens say which limit, not "Syntax Error", and name no rule; nothing runs', async () => {
    const cw = as.caseworker(jc.id);
    const before = await t.fx.snapshot([...SNAPSHOT_TABLES]);
    // Strings on purpose: documents beyond the limits are the probe.
    const deep = `query($id: ID!) { citizen(id: $id) { ${'meetings { citizen { '.repeat(5)}id${' } }'.repeat(5)} } }`;
    const depth = await t.gql(cw, deep, { id: '00000000-0000-4000-8000-000000000000' });
    expect(depth.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'Query depth limit of 10 exceeded, found 12 (a limit of the query\'s shape, docs/security.md)'],
    ]);
    const aliases = await t.gql(cw, `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`);
    expect(aliases.errors?.map((e) => e.message)).toEqual(['Aliases limit of 15 exceeded, found 16 (a limit of the query\'s shape, docs/security.md)']);
    const tokens = await t.gql(cw, `{ ${'serverInfo { version } '.repeat(600)} }`);
    expect(tokens.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['GRAPHQL_PARSE_FAILED', 'The query text has more than 2000 tokens, the limit (a limit of the query\'s shape, docs/security.md); parsing stopped'],
    ]);
    expect(await t.fx.snapshot([...SNAPSHOT_TABLES])).toEqual(before);
  });
});
