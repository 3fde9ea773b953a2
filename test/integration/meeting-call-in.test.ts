import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForMeetingCallIn, CallInMeetingForMeetingCallIn, type CallInMeetingInput, DeadlineOverviewForMeetingCallIn, IssueDeadline } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

describe('callInMeeting (MT-3, MT-2, TG-5, JI-1, JI-7, DL-9)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  const callIn = (input: CallInMeetingInput) => t.as(cw()).run(CallInMeetingForMeetingCallIn, { input }).then((r) => r.callInMeeting);
  const events = async (c: Citizen) =>
    (await t.ds.query(`SELECT type, payload, unemployment_fund_id FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id])) as
      { type: string; payload: Record<string, unknown>; unemployment_fund_id: string | null }[];
  const member = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, { unemploymentFundId: fund.id, ...over });

  /** A citizen with a deadline and a self-booked interview (through the real operations). */
  async function selfBooked(date: string, time = '10:00', over: Partial<Citizen> = {}) {
    const c = await member(over);
    const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.deadline;
    const slot = await t.fx.slot(jc, date, time);
    const b = await t.as.citizen(c.id).run(BookSlotForMeetingCallIn, { input: { slotId: slot.id } });
    expect(b.bookSlot.userErrors).toEqual([]);
    return { c, deadlineId: d.id as string, meetingId: b.bookSlot.meeting.id as string, slot };
  }

  describe('MT-3: notice', () => {
    it('MT-3: a digital call-in on day 7 (local) is refused naming the earliest day, and changes nothing', async () => {
      const c = await member();
      const before = await t.fx.snapshot();
      const r = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-09T15:00:00+01:00', endsAt: '2026-03-09T15:30:00+01:00' });
      expect(r.meeting).toBeNull();
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'CALL_IN_TOO_SOON', field: ['input', 'startsAt'] })]);
      expect(r.userErrors[0].message).toMatch(/^MT-3: .*2026-03-10/);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('MT-3: a digital call-in on day 8, early in the morning, is accepted as a planned called-in meeting', async () => {
      const c = await member();
      const r = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', form: 'PHONE', startsAt: '2026-03-10T08:00:00+01:00', endsAt: '2026-03-10T08:30:00+01:00', location: 'Phone' });
      expect(r.userErrors).toEqual([]);
      expect(r.meeting).toMatchObject({ type: 'JOB_INTERVIEW', origin: 'CALLED_IN', form: 'PHONE', status: 'PLANNED', startsAt: '2026-03-10T08:00:00+01:00', shortNotice: false, jointInterview: null });
      expect(r.meeting.history).toEqual([expect.objectContaining({ action: 'CALLED_IN', toStatus: 'PLANNED', actor: `caseworker:${jc.id}:cw-1` })]);
      expect((await events(c)).map((e) => e.type)).toEqual(['MEETING_CALLED_IN']);
    });

    it('MT-3: short notice (tomorrow) and delivered in person (later today) may be sooner', async () => {
      const c = await member();
      const r1 = await callIn({ citizenId: c.id, type: 'FOLLOW_UP', shortNotice: true, startsAt: '2026-03-03T10:00:00+01:00', endsAt: '2026-03-03T10:30:00+01:00' });
      expect(r1.userErrors).toEqual([]);
      expect(r1.meeting.shortNotice).toBe(true);
      const c2 = await member();
      const r2 = await callIn({ citizenId: c2.id, type: 'JOB_INTERVIEW', deliveredInPerson: true, startsAt: '2026-03-02T13:00:00+01:00', endsAt: '2026-03-02T13:30:00+01:00' });
      expect(r2.userErrors).toEqual([]);
    });

    it('MT-3: across the DST change the meeting day is the Copenhagen day (23:30Z on the 28th is day 8, 22:30Z is day 7)', async () => {
      t.clock.set('2026-03-21T10:00:00+01:00');
      const c = await member();
      const tooSoon = await callIn({ citizenId: c.id, type: 'OTHER', startsAt: '2026-03-28T22:30:00Z', endsAt: '2026-03-28T23:00:00Z' });
      expect(tooSoon.userErrors[0]).toMatchObject({ code: 'CALL_IN_TOO_SOON' });
      const ok = await callIn({ citizenId: c.id, type: 'OTHER', startsAt: '2026-03-28T23:30:00Z', endsAt: '2026-03-29T00:00:00Z' });
      expect(ok.userErrors).toEqual([]);
      expect(ok.meeting.startsAt).toBe('2026-03-29T00:30:00+01:00');
    });

    it('MT-3: a time in the past is refused (MEETING_IN_PAST), and endsAt must follow startsAt', async () => {
      const c = await member();
      const past = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', shortNotice: true, startsAt: '2026-03-02T08:59:00+01:00', endsAt: '2026-03-02T09:30:00+01:00' });
      expect(past.userErrors[0]).toMatchObject({ code: 'MEETING_IN_PAST', field: ['input', 'startsAt'] });
      const backwards = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:00:00+01:00' });
      expect(backwards.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'endsAt'] });
    });
  });

  describe('MT-2: one planned job interview or follow-up', () => {
    it('MT-2: a second job interview or follow-up on another day is refused; OTHER and joint interviews are not limited', async () => {
      const c = await member();
      expect((await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' })).userErrors).toEqual([]);
      const before = await t.fx.snapshot();
      const second = await callIn({ citizenId: c.id, type: 'FOLLOW_UP', startsAt: '2026-03-20T10:00:00+01:00', endsAt: '2026-03-20T10:30:00+01:00' });
      expect(second.userErrors).toEqual([expect.objectContaining({ code: 'INTERVIEW_ALREADY_PLANNED', field: ['input', 'startsAt'] })]);
      expect(second.userErrors[0].message).toMatch(/^MT-2: .*2026-03-12T10:00/);
      expect(await t.fx.snapshot()).toEqual(before);
      expect((await callIn({ citizenId: c.id, type: 'OTHER', startsAt: '2026-03-20T10:00:00+01:00', endsAt: '2026-03-20T11:00:00+01:00' })).userErrors).toEqual([]);
      expect((await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', startsAt: '2026-03-13T10:00:00+01:00', endsAt: '2026-03-13T11:00:00+01:00' })).userErrors).toEqual([]);
    });

    it('MT-2: on the day of a planned job interview a new one may be called in (two planned), but not a second on that day', async () => {
      const c = await member();
      await t.fx.meeting(c, '2026-03-02', '13:00', { type: 'JOB_INTERVIEW' });
      const next = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' });
      expect(next.userErrors).toEqual([]);
      const sameDay = await callIn({ citizenId: c.id, type: 'FOLLOW_UP', deliveredInPerson: true, startsAt: '2026-03-02T15:00:00+01:00', endsAt: '2026-03-02T15:30:00+01:00' });
      expect(sameDay.userErrors[0]).toMatchObject({ code: 'INTERVIEW_ALREADY_PLANNED' });
      // One planned for tomorrow is not covered by the exception.
      const c2 = await member();
      await t.fx.meeting(c2, '2026-03-03', '13:00', { type: 'FOLLOW_UP' });
      const early = await callIn({ citizenId: c2.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' });
      expect(early.userErrors[0]).toMatchObject({ code: 'INTERVIEW_ALREADY_PLANNED' });
      // Decision shared with bookSlot (MT-2): one of an earlier day still PLANNED only awaits its outcome (MT-5) and does not block.
      t.clock.set('2026-03-04T09:00:00+01:00');
      const late = await callIn({ citizenId: c2.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' });
      expect(late.userErrors).toEqual([]);
    });
  });

  describe('TG-5: less intensive effort', () => {
    it('TG-5: no call-in to a job or joint interview under less intensive effort without a § 106(3) justification', async () => {
      const c = await member({ lessIntensiveEffort: true });
      const before = await t.fx.snapshot();
      for (const type of ['JOB_INTERVIEW', 'JOINT_INTERVIEW'] as const) {
        const r = await callIn({ citizenId: c.id, type, startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' });
        expect(r.userErrors).toEqual([expect.objectContaining({ code: 'LESS_INTENSIVE_EFFORT', field: ['input', 'type'] })]);
        expect(r.userErrors[0].message).toMatch(/^TG-5: .*§ 106/);
      }
      expect(await t.fx.snapshot()).toEqual(before);
      // Other meetings than job interviews stay possible.
      expect((await callIn({ citizenId: c.id, type: 'FOLLOW_UP', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' })).userErrors).toEqual([]);
    });

    it('TG-5: with the § 106(3) justification the jobcenter may call in to a job interview', async () => {
      const c = await member({ lessIntensiveEffort: true, lessIntensiveOverrideJustification: 'Continued contact benefits the person' });
      const r = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' });
      expect(r.userErrors).toEqual([]);
    });
  });

  describe('JI-1, JI-7: joint interviews', () => {
    it('JI-1: a joint interview is for INSURED_UNEMPLOYED members of an a-kasse only', async () => {
      const cash = await member({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
      const r1 = await callIn({ citizenId: cash.id, type: 'JOINT_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
      expect(r1.userErrors[0]).toMatchObject({ code: 'NOT_ELIGIBLE_FOR_JOINT_INTERVIEW', field: ['input', 'type'] });
      expect(r1.userErrors[0].message).toMatch(/^JI-1: /);
      const noFund = await t.fx.citizen(jc, { targetGroup: 'INSURED_UNEMPLOYED', unemploymentFundId: null });
      const r2 = await callIn({ citizenId: noFund.id, type: 'JOINT_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
      expect(r2.userErrors[0]).toMatchObject({ code: 'NOT_ELIGIBLE_FOR_JOINT_INTERVIEW' });
    });

    it('JI-1: a joint interview is CALLED_IN and reported to the a-kasse (JOINT_INTERVIEW_CALLED_IN)', async () => {
      const c = await member();
      const r = await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', form: 'VIDEO', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
      expect(r.userErrors).toEqual([]);
      expect(r.meeting).toMatchObject({ type: 'JOINT_INTERVIEW', origin: 'CALLED_IN', jointInterview: { sixteenMonth: false, fundOptOut: false } });
      const ev = await events(c);
      expect(ev).toEqual([expect.objectContaining({ type: 'JOINT_INTERVIEW_CALLED_IN', unemployment_fund_id: fund.id })]);
      expect(ev[0].payload).toMatchObject({ meetingId: r.meeting.id, startsAt: '2026-03-12T09:00:00Z' });
    });

    it('JI-7: the 16-month joint interview must be IN_PERSON; sixteenMonth marks joint interviews only', async () => {
      const c = await member();
      const video = await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', sixteenMonth: true, form: 'VIDEO', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
      expect(video.userErrors).toEqual([expect.objectContaining({ code: 'SIXTEEN_MONTH_MUST_BE_IN_PERSON', field: ['input', 'form'] })]);
      expect(video.userErrors[0].message).toMatch(/^JI-7: /);
      const onJob = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', sixteenMonth: true, startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
      expect(onJob.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'sixteenMonth'] });
      const ok = await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', sixteenMonth: true, form: 'IN_PERSON', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
      expect(ok.userErrors).toEqual([]);
      expect(ok.meeting.jointInterview.sixteenMonth).toBe(true);
    });
  });

  describe('DL-9: replacing a planned job interview', () => {
    it('DL-9: replacing a self-booked interview by a joint interview cancels it, frees its slot and closes the deadline CALLED_IN_INSTEAD in one operation', async () => {
      const { c, deadlineId, meetingId, slot } = await selfBooked('2026-03-12');
      const r = await callIn({
        citizenId: c.id, type: 'JOINT_INTERVIEW', replacesMeetingId: meetingId,
        startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00',
      });
      expect(r.userErrors).toEqual([]);
      expect(r.replacedMeeting).toMatchObject({ id: meetingId, status: 'CANCELLED', slot: { id: slot.id } });
      expect(r.replacedMeeting.cancelReason).toMatch(/^DL-9: /);
      expect(r.closedDeadline).toMatchObject({ id: deadlineId, status: 'CLOSED', closeReason: 'CALLED_IN_INSTEAD' });
      expect(r.closedDeadline.history.map((h: { action: string }) => h.action)).toEqual(['ISSUED', 'BOOKED', 'CLOSED']);
      const d = await t.as(cw()).run(DeadlineOverviewForMeetingCallIn, { id: deadlineId });
      expect(d.deadline).toMatchObject({ status: 'CLOSED', closeReason: 'CALLED_IN_INSTEAD' });
      // The slot is free again for another citizen.
      const other = await member();
      await t.as(cw()).run(IssueDeadline, { input: { citizenId: other.id, bookBy: '2026-03-10' } });
      expect((await t.as.citizen(other.id).run(BookSlotForMeetingCallIn, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      expect((await events(c)).map((e) => e.type)).toEqual(expect.arrayContaining(['MEETING_CANCELLED', 'JOINT_INTERVIEW_CALLED_IN']));
    });

    it('DL-9: the replacement is checked like any call-in; an invalid one changes nothing (the old interview stays)', async () => {
      const { c, meetingId } = await selfBooked('2026-03-13');
      const stranger = await member();
      const before = await t.fx.snapshot();
      const r = await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', form: 'VIDEO', sixteenMonth: true, replacesMeetingId: meetingId, startsAt: '2026-03-13T10:00:00+01:00', endsAt: '2026-03-13T11:00:00+01:00' });
      expect(r.userErrors[0]).toMatchObject({ code: 'SIXTEEN_MONTH_MUST_BE_IN_PERSON' });
      const other = await callIn({ citizenId: c.id, type: 'OTHER', replacesMeetingId: meetingId, startsAt: '2026-03-13T10:00:00+01:00', endsAt: '2026-03-13T11:00:00+01:00' });
      expect(other.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'replacesMeetingId'] });
      const notHers = await callIn({ citizenId: stranger.id, type: 'JOB_INTERVIEW', replacesMeetingId: meetingId, startsAt: '2026-03-13T10:00:00+01:00', endsAt: '2026-03-13T11:00:00+01:00' });
      expect(notHers.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'replacesMeetingId'] });
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('MT-2/DL-9: replacing a planned job interview by a job interview on another day is allowed; without replacesMeetingId it is not', async () => {
      const { c, meetingId, deadlineId } = await selfBooked('2026-03-11');
      const blocked = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-18T10:00:00+01:00', endsAt: '2026-03-18T10:30:00+01:00' });
      expect(blocked.userErrors[0]).toMatchObject({ code: 'INTERVIEW_ALREADY_PLANNED' });
      const r = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', replacesMeetingId: meetingId, startsAt: '2026-03-18T10:00:00+01:00', endsAt: '2026-03-18T10:30:00+01:00' });
      expect(r.userErrors).toEqual([]);
      expect(r.closedDeadline).toMatchObject({ id: deadlineId, closeReason: 'CALLED_IN_INSTEAD' });
      const replacedAgain = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', replacesMeetingId: meetingId, startsAt: '2026-03-19T10:00:00+01:00', endsAt: '2026-03-19T10:30:00+01:00' });
      expect(replacedAgain.userErrors[0]).toMatchObject({ code: 'NOT_PLANNED' });
    });

    it('DL-9 Decision: a job interview call-in closes an OPEN deadline (CALLED_IN_INSTEAD); a joint interview call-in leaves it open', async () => {
      const c = await member();
      const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } })).issueDeadline.deadline;
      const joint = await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', startsAt: '2026-03-11T10:00:00+01:00', endsAt: '2026-03-11T11:00:00+01:00' });
      expect(joint.closedDeadline).toBeNull();
      expect((await t.as(cw()).run(DeadlineOverviewForMeetingCallIn, { id: d.id })).deadline.status).toBe('OPEN');
      const job = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' });
      expect(job.userErrors).toEqual([]);
      expect(job.closedDeadline).toMatchObject({ id: d.id, status: 'CLOSED', closeReason: 'CALLED_IN_INSTEAD' });
    });
  });

  describe('access and retries', () => {
    it('a citizen or an a-kasse may not call in (FORBIDDEN); another jobcenter gets NOT_FOUND; anonymous is UNAUTHENTICATED', async () => {
      const c = await member();
      const input: CallInMeetingInput = { citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' };
      expect((await t.as.citizen(c.id).exec(CallInMeetingForMeetingCallIn, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.as.fund(fund.id).exec(CallInMeetingForMeetingCallIn, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.as.anonymous().exec(CallInMeetingForMeetingCallIn, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const otherJc = await t.fx.jobcenter();
      const r = await t.as.caseworker(otherJc.id).run(CallInMeetingForMeetingCallIn, { input });
      expect(r.callInMeeting.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'citizenId'] });
    });

    it('a retry with the same idempotency key returns the first meeting and plans no second one', async () => {
      const c = await member();
      const input: CallInMeetingInput = { citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00', idempotencyKey: `ci-${c.id}` };
      const a = await callIn(input);
      const b = await callIn(input);
      expect(b.userErrors).toEqual([]);
      expect(b.meeting.id).toBe(a.meeting.id);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE citizen_id = $1`, [c.id]);
      expect(n).toBe(1);
      const reused = await callIn({ ...input, startsAt: '2026-03-13T10:00:00+01:00', endsAt: '2026-03-13T10:30:00+01:00' });
      expect(reused.userErrors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('MT-2: two caseworkers calling the same citizen in at the same moment: exactly one job interview is planned', async () => {
      const c = await member();
      const mk = (day: string, user: string) => t.as.caseworker(jc.id, user).exec(CallInMeetingForMeetingCallIn, { input: { citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: `${day}T10:00:00+01:00`, endsAt: `${day}T10:30:00+01:00` } });
      const results = await Promise.all([mk('2026-03-12', 'a'), mk('2026-03-13', 'b'), mk('2026-03-12', 'c')]);
      const payloads = results.map((r) => r.data!.callInMeeting);
      expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
      expect(payloads.filter((p) => p.userErrors[0]?.code === 'INTERVIEW_ALREADY_PLANNED')).toHaveLength(2);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE citizen_id = $1 AND status = 'PLANNED'`, [c.id]);
      expect(n).toBe(1);
    });

    it('malformed ids are refused before any domain call', async () => {
      const r = await callIn({ citizenId: 'nope', type: 'JOB_INTERVIEW', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' });
      expect(r.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'citizenId'] });
    });
  });
});
