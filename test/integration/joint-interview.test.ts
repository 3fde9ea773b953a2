import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForDeadlineConcurrency, CallInMeeting, MeBookable, MeetingOverviewForJointInterview, RecordUnemploymentFundParticipationForJointInterview, RegisterJointInterviewOptOutForJointInterview, RegisterMeetingHeldForJointInterview } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

describe('joint interviews with the a-kasse (JI-2 … JI-7)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  let otherFund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
    otherFund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  const events = async (c: Citizen, type: string) =>
    (await t.ds.query(`SELECT unemployment_fund_id, payload FROM domain_event WHERE citizen_id = $1 AND type = $2 ORDER BY seq`, [c.id, type])) as
      { unemployment_fund_id: string; payload: Record<string, unknown> }[];

  async function joint(over: Record<string, unknown> = {}, c?: Citizen) {
    const citizen = c ?? (await t.fx.citizen(jc, { unemploymentFundId: fund.id }));
    const { day = '2026-03-12', ...rest } = over as { day?: string };
    const r = await t.as(cw()).run(CallInMeeting, { input: { citizenId: citizen.id, type: 'JOINT_INTERVIEW', startsAt: `${day}T10:00:00+01:00`, endsAt: `${day}T11:00:00+01:00`, ...rest } });
    expect(r.callInMeeting.userErrors).toEqual([]);
    return { c: citizen, id: r.callInMeeting.meeting.id as string };
  }

  describe('JI-2: the opt-out', () => {
    it('JI-2: the jobcenter registers the citizen\'s opt-out for one joint interview; the a-kasse is told (JOINT_INTERVIEW_OPT_OUT)', async () => {
      const { c, id } = await joint();
      const r = (await t.as(cw()).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } })).registerJointInterviewOptOut;
      expect(r.userErrors).toEqual([]);
      expect(r.meeting).toMatchObject({
        id, type: 'JOINT_INTERVIEW', status: 'PLANNED', origin: 'CALLED_IN',
        jointInterview: { fundOptOut: true, optOutRegisteredBy: `caseworker:${jc.id}:cw-1`, optOutRegisteredAt: '2026-03-02T09:00:00+01:00' },
      });
      const ev = await events(c, 'JOINT_INTERVIEW_OPT_OUT');
      expect(ev).toEqual([expect.objectContaining({ unemployment_fund_id: fund.id, payload: expect.objectContaining({ meetingId: id }) })]);
      // Registering it again changes nothing and tells the a-kasse nothing new.
      expect((await t.as(cw()).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } })).registerJointInterviewOptOut.userErrors).toEqual([]);
      expect(await events(c, 'JOINT_INTERVIEW_OPT_OUT')).toHaveLength(1);
    });

    it('JI-2: the citizen\'s own a-kasse may register it; another a-kasse gets NOT_FOUND and nothing changes', async () => {
      const { id } = await joint();
      const before = await t.fx.snapshot();
      const stranger = (await t.as.fund(otherFund.id).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } })).registerJointInterviewOptOut;
      expect(stranger.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'meetingId'] })]);
      expect(await t.fx.snapshot()).toEqual(before);
      const own = (await t.as.fund(fund.id).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } })).registerJointInterviewOptOut;
      expect(own.userErrors).toEqual([]);
      expect(own.meeting.jointInterview).toMatchObject({ fundOptOut: true, optOutRegisteredBy: `unemployment-fund:${fund.id}:ak-1` });
    });

    it('JI-2: never by the citizen (FORBIDDEN), nor by a statistics reader; an integration of the jobcenter may', async () => {
      const { c, id } = await joint();
      for (const actor of [as.citizen(c.id), as.statistics()]) {
        expect((await t.as(actor).exec(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      expect((await t.as.integration(jc.id).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } })).registerJointInterviewOptOut.userErrors).toEqual([]);
    });

    it('JI-2: only for a planned joint interview (NOT_A_JOINT_INTERVIEW, NOT_PLANNED)', async () => {
      const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
      const job = await t.fx.meeting(c, '2026-03-12', '10:00', { type: 'JOB_INTERVIEW' });
      const r1 = (await t.as(cw()).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: job.id } })).registerJointInterviewOptOut;
      expect(r1.userErrors[0]).toMatchObject({ code: 'NOT_A_JOINT_INTERVIEW', field: ['input', 'meetingId'] });
      expect(r1.userErrors[0].message).toMatch(/^JI-2: /);
      const heldJoint = await t.fx.meeting(c, '2026-02-20', '10:00', { type: 'JOINT_INTERVIEW', status: 'HELD' });
      expect((await t.as(cw()).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: heldJoint.id } })).registerJointInterviewOptOut.userErrors[0]).toMatchObject({ code: 'NOT_PLANNED' });
    });

    it('JI-2: the opt-out applies to that meeting only; a second joint interview is unaffected', async () => {
      const first = await joint({ day: '2026-03-12' });
      const second = await joint({ day: '2026-04-20' }, first.c);
      await t.as(cw()).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: first.id } });
      const m2 = (await t.as(cw()).run(MeetingOverviewForJointInterview, { id: second.id })).meeting;
      expect(m2.jointInterview).toMatchObject({ fundOptOut: false, optOutRegisteredBy: null });
    });
  });

  describe('JI-3: after an opt-out', () => {
    it('JI-3: the meeting stays a called-in JOINT_INTERVIEW, gives no deadline and no self-booking, and is held with the opt-out marked', async () => {
      const { c, id } = await joint({ shortNotice: true, day: '2026-03-04' });
      await t.as(cw()).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } });
      const me = (await t.as.citizen(c.id).run(MeBookable)).me;
      expect(me).toMatchObject({ activeDeadline: null, bookableSlots: { slots: [] }, plannedMeetings: [{ id, type: 'JOINT_INTERVIEW' }] });
      const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
      expect((await t.as.citizen(c.id).run(BookSlotForDeadlineConcurrency, { input: { slotId: slot.id } })).bookSlot.userErrors[0]).toMatchObject({ code: 'NO_OPEN_DEADLINE' });
      t.clock.set('2026-03-04T11:00:00+01:00');
      const held = (await t.as(cw()).run(RegisterMeetingHeldForJointInterview, { input: { meetingId: id } })).registerMeetingHeld;
      expect(held.userErrors).toEqual([]);
      expect(held.meeting).toMatchObject({ type: 'JOINT_INTERVIEW', status: 'HELD', jointInterview: { fundOptOut: true } });
      expect(held.closedDeadline).toBeNull();
    });
  });

  describe('JI-4: who reads it', () => {
    it('JI-4: the jobcenter and the member\'s a-kasse both read the opt-out; another a-kasse cannot read the meeting', async () => {
      const { id } = await joint();
      await t.as.fund(fund.id).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } });
      for (const actor of [cw(), as.fund(fund.id)]) {
        const m = (await t.as(actor).run(MeetingOverviewForJointInterview, { id })).meeting;
        expect(m.jointInterview).toMatchObject({ fundOptOut: true, optOutRegisteredBy: `unemployment-fund:${fund.id}:ak-1` });
      }
      expect((await t.as.fund(otherFund.id).run(MeetingOverviewForJointInterview, { id })).meeting).toBeNull();
      // A non-member's joint interview is not readable by the a-kasse either.
      const nonMember = await t.fx.citizen(jc, { unemploymentFundId: otherFund.id });
      const theirs = await joint({}, nonMember);
      expect((await t.as.fund(fund.id).run(MeetingOverviewForJointInterview, { id: theirs.id })).meeting).toBeNull();
    });
  });

  describe('JI-5, JI-6, JI-7: the a-kasse\'s participation', () => {
    it('JI-5/JI-6: the a-kasse records that it participates; by video unless the citizen asks for in person', async () => {
      const { c, id } = await joint();
      const video = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES', reason: 'Second joint interview' } })).recordUnemploymentFundParticipation;
      expect(video.userErrors).toEqual([]);
      expect(video.meeting.jointInterview).toMatchObject({ fundParticipation: 'PARTICIPATES', fundParticipationForm: 'VIDEO', fundParticipationReason: 'Second joint interview', citizenRequestsFundInPerson: false });
      const inPerson = (await t.as(cw()).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES', citizenRequestsInPerson: true } })).recordUnemploymentFundParticipation;
      expect(inPerson.meeting.jointInterview).toMatchObject({ fundParticipationForm: 'IN_PERSON', citizenRequestsFundInPerson: true });
      const before = await t.fx.snapshot();
      const refused = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES', form: 'VIDEO' } })).recordUnemploymentFundParticipation;
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'form'] })]);
      expect(refused.userErrors[0].message).toMatch(/^JI-6: /);
      expect(await t.fx.snapshot()).toEqual(before);
      expect(await events(c, 'JOINT_INTERVIEW_FUND_DECISION')).toHaveLength(2);
    });

    it('JI-5: not participating is recorded with its reason', async () => {
      const { id } = await joint();
      const noReason = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'DOES_NOT_PARTICIPATE' } })).recordUnemploymentFundParticipation;
      expect(noReason.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'reason'] });
      const withForm = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'DOES_NOT_PARTICIPATE', form: 'VIDEO', reason: 'x' } })).recordUnemploymentFundParticipation;
      expect(withForm.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'form'] });
      const r = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'DOES_NOT_PARTICIPATE', reason: 'Judged not needed (first joint interview)' } })).recordUnemploymentFundParticipation;
      expect(r.meeting.jointInterview).toMatchObject({ fundParticipation: 'DOES_NOT_PARTICIPATE', fundParticipationForm: null, fundParticipationReason: 'Judged not needed (first joint interview)' });
    });

    it('JI-7: the a-kasse takes part in the 16-month joint interview in person (the default), never by video', async () => {
      const { id } = await joint({ sixteenMonth: true, form: 'IN_PERSON' });
      const video = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES', form: 'VIDEO' } })).recordUnemploymentFundParticipation;
      expect(video.userErrors).toEqual([expect.objectContaining({ code: 'SIXTEEN_MONTH_MUST_BE_IN_PERSON', field: ['input', 'form'] })]);
      expect(video.userErrors[0].message).toMatch(/^JI-7: /);
      const r = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES' } })).recordUnemploymentFundParticipation;
      expect(r.meeting.jointInterview).toMatchObject({ sixteenMonth: true, fundParticipationForm: 'IN_PERSON' });
    });

    it('JI-2/JI-5: after the citizen opted out the a-kasse cannot record that it participates', async () => {
      const { id } = await joint();
      await t.as(cw()).run(RegisterJointInterviewOptOutForJointInterview, { input: { meetingId: id } });
      const r = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES' } })).recordUnemploymentFundParticipation;
      expect(r.userErrors[0]).toMatchObject({ code: 'CITIZEN_OPTED_OUT' });
      const not = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'DOES_NOT_PARTICIPATE' } })).recordUnemploymentFundParticipation;
      expect(not.userErrors).toEqual([]);
    });

    it('JI-5: another a-kasse or the citizen cannot record the decision', async () => {
      const { c, id } = await joint();
      expect((await t.as.fund(otherFund.id).run(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES' } })).recordUnemploymentFundParticipation.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
      expect((await t.as.citizen(c.id).exec(RecordUnemploymentFundParticipationForJointInterview, { input: { meetingId: id, participation: 'PARTICIPATES' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
