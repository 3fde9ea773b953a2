import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { CitizenOverviewForRuleFidelityCourse, type FollowUpKind, FollowUpListForRuleFidelityCourse, IssueDeadlineForCitizenDecisions, OfferVoluntarySelfBooking, type OfferVoluntarySelfBookingInput, RecordSelfBookingGuidance, RequestJobInterview, WithdrawVoluntarySelfBooking } from '../support/operations';

/** Issue 15: TG-2 (voluntary self-booking offered and withdrawn), GU-1 (guidance recorded), CC-11 (interview on request). */
const START = '2026-03-02';

describe('issue 15: voluntary self-booking (TG-2), guidance (GU-1), interview on request (CC-11)', () => {
  const t = withApp({ now: `${START}T09:00:00+01:00` });
  let jc: Jobcenter;
  let other: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    other = await t.fx.jobcenter();
  });
  afterEach(() => day(START));
  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const listed = async (kind: FollowUpKind, jcId = jc.id) =>
    (await t.as.caseworker(jcId).run(FollowUpListForRuleFidelityCourse, { jc: jcId, kind })).followUpList.nodes as { citizen: { id: string }; reason: string; deadline: { id: string } | null }[];
  const ids = (nodes: { citizen: { id: string } }[]) => nodes.map((n) => n.citizen.id);
  /** The fixture's default tables plus this issue's three (nothing may change on a refused call). */
  const snapshot = () => t.fx.snapshot([
    'deadline', 'meeting', 'deadline_history', 'meeting_history', 'domain_event', 'slot', 'citizen', 'holiday', 'self_booking_decision',
    'registration_period', 'citizen_message', 'idempotency_key', 'voluntary_self_booking_change', 'self_booking_guidance', 'job_interview_request',
  ]);

  describe('TG-2: the jobcenter offers and withdraws voluntary self-booking', () => {
    it('TG-2: offering lets the jobcenter issue a deadline to a citizen outside the duty groups, and is kept in the history', async () => {
      const c = await t.fx.citizen(jc, { targetGroup: 'OTHER' });
      const refused = await t.as.caseworker(jc.id).run(IssueDeadlineForCitizenDecisions, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
      expect(refused.issueDeadline.userErrors).toEqual([expect.objectContaining({ code: 'NO_SELF_BOOKING_DUTY' })]);
      const r = await t.as.caseworker(jc.id).run(OfferVoluntarySelfBooking, { input: { citizenId: c.id, reason: 'wants to book online' } });
      expect(r.offerVoluntarySelfBooking).toMatchObject({
        userErrors: [], citizen: { id: c.id, voluntarySelfBooking: true }, closedDeadline: null,
        change: { offered: true, reason: 'wants to book online', changedOn: START },
      });
      const issued = await t.as.caseworker(jc.id).run(IssueDeadlineForCitizenDecisions, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
      expect(issued.issueDeadline).toMatchObject({ userErrors: [], deadline: { status: 'OPEN' } });
      const seen = (await t.as.citizen(c.id).run(CitizenOverviewForRuleFidelityCourse, { id: c.id })).citizen;
      expect(seen.voluntarySelfBookingHistory).toEqual([{ offered: true, reason: 'wants to book online', changedOn: START, changedBy: expect.any(String) }]);
    });

    it('TG-2: refused for a duty group, for sickness benefit, when already offered, for an exempted citizen; NOT_FOUND for another jobcenter; FORBIDDEN for the citizen and the a-kasse — nothing changes', async () => {
      const fund = await t.fx.fund();
      const duty = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
      const sick = await t.fx.citizen(jc, { targetGroup: 'SICKNESS_BENEFIT' });
      const offered = await t.fx.citizen(jc, { targetGroup: 'OTHER', voluntarySelfBooking: true, unemploymentFundId: fund.id });
      const exempted = await t.fx.citizen(jc, { targetGroup: 'OTHER', selfBookingRight: 'EXEMPTED' });
      const before = await snapshot();
      const code = async (input: OfferVoluntarySelfBookingInput, actor = as.caseworker(jc.id)) =>
        (await t.as(actor).run(OfferVoluntarySelfBooking, { input })).offerVoluntarySelfBooking.userErrors.map((e: { code: string; message: string }) => `${e.code} ${e.message.slice(0, 4)}`);
      expect(await code({ citizenId: duty.id })).toEqual(['HAS_DUTY TG-2']);
      expect(await code({ citizenId: sick.id })).toEqual(['HAS_DUTY TG-2']);
      expect(await code({ citizenId: offered.id })).toEqual(['ALREADY_OFFERED TG-2']);
      expect(await code({ citizenId: exempted.id })).toEqual(['SELF_BOOKING_NOT_ALLOWED TG-2']);
      expect(await code({ citizenId: offered.id }, as.caseworker(other.id))).toEqual(['NOT_FOUND TG-2']);
      const notOffered = await t.as.caseworker(jc.id).run(WithdrawVoluntarySelfBooking, { input: { citizenId: exempted.id } });
      expect(notOffered.withdrawVoluntarySelfBooking.userErrors).toEqual([expect.objectContaining({ code: 'NOT_OFFERED', field: ['input', 'citizenId'] })]);
      for (const actor of [as.citizen(offered.id), as.fund(fund.id)]) {
        expect((await t.as(actor).exec(WithdrawVoluntarySelfBooking, { input: { citizenId: offered.id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('TG-2: withdrawing closes the active deadline (even EXPIRED, the day after bookBy) and takes the citizen off the follow-up list; the history keeps both changes', async () => {
      const c = await t.fx.citizen(jc, { targetGroup: 'OTHER' });
      expect((await t.as.caseworker(jc.id).run(OfferVoluntarySelfBooking, { input: { citizenId: c.id } })).offerVoluntarySelfBooking.userErrors).toEqual([]);
      const d = await t.fx.deadline(c, START, '2026-03-10');
      day('2026-03-11'); // bookBy passed: no consequence beyond the follow-up list (TG-2)
      expect(await listed('NO_DEADLINE_OR_INTERVIEW')).toContainEqual({ citizen: { id: c.id }, reason: 'DEADLINE_EXPIRED', deadline: { id: d.id } });
      const w = await t.as.caseworker(jc.id).run(WithdrawVoluntarySelfBooking, { input: { citizenId: c.id, reason: 'back in work soon' } });
      expect(w.withdrawVoluntarySelfBooking).toMatchObject({
        userErrors: [], citizen: { voluntarySelfBooking: false }, change: { offered: false, reason: 'back in work soon', changedOn: '2026-03-11' },
        closedDeadline: { id: d.id, status: 'CLOSED', closeReason: 'OTHER' },
      });
      expect(w.withdrawVoluntarySelfBooking.closedDeadline.history).toContainEqual({ action: 'CLOSED', reason: 'OTHER: TG-2: voluntary self-booking withdrawn' });
      expect(ids(await listed('NO_DEADLINE_OR_INTERVIEW'))).not.toContain(c.id);
      const after = await t.as.caseworker(jc.id).run(IssueDeadlineForCitizenDecisions, { input: { citizenId: c.id, bookBy: '2026-03-20' } });
      expect(after.issueDeadline.userErrors).toEqual([expect.objectContaining({ code: 'NO_SELF_BOOKING_DUTY' })]);
      const seen = (await t.as.caseworker(jc.id).run(CitizenOverviewForRuleFidelityCourse, { id: c.id })).citizen;
      expect(seen.voluntarySelfBookingHistory.map((h: { offered: boolean }) => h.offered)).toEqual([true, false]);
    });
  });

  describe('GU-1: guidance about self-booking', () => {
    it('GU-1: a duty citizen with a deadline and no recorded guidance is on the GUIDANCE_MISSING list until the jobcenter records it; INSURED_UNEMPLOYED (guided by the a-kasse) and citizens without a deadline are not', async () => {
      const jcG = await t.fx.jobcenter();
      const cash = await t.fx.citizen(jcG, { targetGroup: 'JOB_READY_CASH_BENEFIT', name: 'A cash' });
      const insured = await t.fx.citizen(jcG, { targetGroup: 'INSURED_UNEMPLOYED', name: 'B insured' });
      const noDeadline = await t.fx.citizen(jcG, { targetGroup: 'JOB_CLARIFICATION', name: 'C clarification' });
      const d = await t.fx.deadline(cash, START, '2026-03-10');
      await t.fx.deadline(insured, START, '2026-03-10');
      expect(await listed('GUIDANCE_MISSING', jcG.id)).toEqual([{ citizen: { id: cash.id }, reason: 'NO_GUIDANCE_RECORDED', deadline: { id: d.id } }]);
      const r = await t.as.caseworker(jcG.id).run(RecordSelfBookingGuidance, { input: { citizenId: cash.id, givenOn: START, form: 'IN_PERSON', note: 'explained RG-4 and SA-2' } });
      expect(r.recordSelfBookingGuidance).toMatchObject({ userErrors: [], guidance: { givenOn: START, form: 'IN_PERSON', note: 'explained RG-4 and SA-2' }, citizen: { id: cash.id } });
      expect(await listed('GUIDANCE_MISSING', jcG.id)).toEqual([]);
      expect((await t.as.citizen(cash.id).run(CitizenOverviewForRuleFidelityCourse, { id: cash.id })).citizen.selfBookingGuidance).toEqual([{ givenOn: START, form: 'IN_PERSON' }]);
      expect(noDeadline.id).toBeTruthy();
    });

    it('GU-1: givenOn today and exactly 1 year back are accepted; tomorrow and a year and a day back are refused naming the field; the a-kasse may not record it (actors table) — nothing changes', async () => {
      const fund = await t.fx.fund();
      const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
      const before = await snapshot();
      const err = async (givenOn: string) => (await t.as.caseworker(jc.id).run(RecordSelfBookingGuidance, { input: { citizenId: c.id, givenOn, form: 'PHONE' } })).recordSelfBookingGuidance.userErrors;
      expect(await err('2026-03-03')).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'givenOn'], message: expect.stringMatching(/^GU-1: .*after today/) })]);
      expect(await err('2025-03-01')).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'givenOn'], message: expect.stringMatching(/^IN-1: givenOn .*2025-03-02/) })]);
      expect((await t.as.fund(fund.id).exec(RecordSelfBookingGuidance, { input: { citizenId: c.id, givenOn: START, form: 'PHONE' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.as.citizen(c.id).exec(RecordSelfBookingGuidance, { input: { citizenId: c.id, givenOn: START, form: 'PHONE' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const foreign = await t.as.caseworker(other.id).run(RecordSelfBookingGuidance, { input: { citizenId: c.id, givenOn: START, form: 'PHONE' } });
      expect(foreign.recordSelfBookingGuidance.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      expect(await snapshot()).toEqual(before);
      expect(await err(START)).toEqual([]);
      expect(await err('2025-03-02')).toEqual([]);
    });
  });

  describe('CC-11: a job interview on request after the first six months', () => {
    async function courseCitizen(jcX: Jobcenter, over: Partial<Citizen> = {}) {
      // Six-month day 5 March 2026 (JOB_CLARIFICATION, continuous, since 5 September 2025).
      return t.fx.citizen(jcX, { targetGroup: 'JOB_CLARIFICATION', unemployedSince: Temporal.PlainDate.from('2025-09-05'), ...over });
    }

    it('CC-11: refused on the six-month day (citing CC-11), recorded the day after; on the INTERVIEW_REQUESTED list until an interview is planned, back on it if that is cancelled', async () => {
      const jcR = await t.fx.jobcenter();
      const c = await courseCitizen(jcR);
      day('2026-03-05');
      const before = await snapshot();
      const early = await t.as.citizen(c.id).run(RequestJobInterview, { input: {} });
      expect(early.requestJobInterview.userErrors).toEqual([expect.objectContaining({
        code: 'NOT_AFTER_SIX_MONTHS', field: ['input', 'citizenId'], message: expect.stringMatching(/^CC-11: .*from 2026-03-06/),
      })]);
      expect(await snapshot()).toEqual(before);
      day('2026-03-06');
      const r = await t.as.citizen(c.id).run(RequestJobInterview, { input: { note: 'I want to talk about a course' } });
      expect(r.requestJobInterview).toMatchObject({ userErrors: [], request: { requestedOn: '2026-03-06', requestedVia: 'CITIZEN', note: 'I want to talk about a course', outstanding: true } });
      expect(await listed('INTERVIEW_REQUESTED', jcR.id)).toEqual([{ citizen: { id: c.id }, reason: 'INTERVIEW_REQUESTED', deadline: null }]);
      const again = await t.as.citizen(c.id).run(RequestJobInterview, { input: {} });
      expect(again.requestJobInterview.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REQUESTED', message: expect.stringMatching(/^CC-11: /) })]);
      // The jobcenter plans an interview: the request is answered and leaves the list.
      const planned = await t.fx.meeting(c, '2026-03-12', '10:00');
      expect(await listed('INTERVIEW_REQUESTED', jcR.id)).toEqual([]);
      expect((await t.as.caseworker(jcR.id).run(CitizenOverviewForRuleFidelityCourse, { id: c.id })).citizen.jobInterviewRequests).toEqual([{ requestedOn: '2026-03-06', requestedVia: 'CITIZEN', outstanding: false }]);
      const planAgain = await t.as.citizen(c.id).run(RequestJobInterview, { input: {} });
      expect(planAgain.requestJobInterview.userErrors).toEqual([expect.objectContaining({ code: 'INTERVIEW_ALREADY_PLANNED', message: expect.stringMatching(/^CC-11: .*2026-03-12/) })]);
      await t.ds.query(`UPDATE meeting SET status = 'CANCELLED' WHERE id = $1`, [planned.id]);
      expect(ids(await listed('INTERVIEW_REQUESTED', jcR.id))).toEqual([c.id]);
    });

    it('CC-11: the jobcenter records it on the citizen\'s behalf; a held interview answers it; another jobcenter gets NOT_FOUND, the a-kasse FORBIDDEN, staff without citizenId INVALID_INPUT', async () => {
      const jcR = await t.fx.jobcenter();
      const fund = await t.fx.fund();
      const c = await courseCitizen(jcR, { unemploymentFundId: fund.id });
      const otherGroup = await t.fx.citizen(jcR, { targetGroup: 'OTHER', unemployedSince: Temporal.PlainDate.from('2025-01-05') });
      day('2026-04-01');
      const before = await snapshot();
      expect((await t.as.caseworker(other.id).run(RequestJobInterview, { input: { citizenId: c.id } })).requestJobInterview.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      expect((await t.as.caseworker(jcR.id).run(RequestJobInterview, { input: {} })).requestJobInterview.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'citizenId'] })]);
      expect((await t.as.fund(fund.id).exec(RequestJobInterview, { input: { citizenId: c.id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.as.caseworker(jcR.id).run(RequestJobInterview, { input: { citizenId: otherGroup.id } })).requestJobInterview.userErrors)
        .toEqual([expect.objectContaining({ code: 'NOT_AFTER_SIX_MONTHS', message: expect.stringMatching(/^CC-11: .*TG-1/) })]);
      expect(await snapshot()).toEqual(before);
      const r = await t.as.caseworker(jcR.id).run(RequestJobInterview, { input: { citizenId: c.id } });
      expect(r.requestJobInterview).toMatchObject({ userErrors: [], request: { requestedOn: '2026-04-01', requestedVia: 'JOBCENTER', outstanding: true } });
      expect(ids(await listed('INTERVIEW_REQUESTED', jcR.id))).toEqual([c.id]);
      // An interview held that day (a walk-in, for example) answers it.
      await t.fx.meeting(c, '2026-04-01', '08:00', { status: 'HELD' });
      expect(await listed('INTERVIEW_REQUESTED', jcR.id)).toEqual([]);
    });
  });
});
