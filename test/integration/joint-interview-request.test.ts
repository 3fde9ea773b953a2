import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Jobcenter, UnemploymentFund } from '../../src/entities';
import { CallInMeeting, MeetingJointInterview, RecordUnemploymentFundParticipation, RegisterJointInterviewOptOut, RequestUnemploymentFundParticipation } from '../support/operations';

/**
 * JI-5 (003 1.1.1, sharpened 2026-11-30): the jobcenter's or the citizen's request that the a-kasse take part in the
 * first joint interview is recorded (by the jobcenter, on the citizen's behalf too), and while it stands a decision by
 * the a-kasse not to take part is refused.
 */

const NOW = '2026-03-02T09:00:00+01:00';

describe('JI-5: the request that the a-kasse take part in the first joint interview', () => {
  const t = withApp({ now: NOW });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  async function joint(day = '2026-03-12') {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const r = await t.as(cw()).run(CallInMeeting, { input: { citizenId: c.id, type: 'JOINT_INTERVIEW', startsAt: `${day}T10:00:00+01:00`, endsAt: `${day}T11:00:00+01:00` } });
    expect(r.callInMeeting.userErrors).toEqual([]);
    return { c, id: r.callInMeeting.meeting.id as string };
  }
  const notTakingPart = (id: string) => t.as.fund(fund.id).run(RecordUnemploymentFundParticipation, { input: { meetingId: id, participation: 'DOES_NOT_PARTICIPATE', reason: 'Judged not needed' } });

  it('JI-5: the jobcenter records the citizen\'s request; the a-kasse reads it and its decision not to take part is refused, changing nothing', async () => {
    const { id } = await joint();
    const r = (await t.as(cw()).run(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'CITIZEN' } })).requestUnemploymentFundParticipation;
    expect(r.userErrors).toEqual([]);
    expect(r.meeting.jointInterview).toMatchObject({
      fundParticipationRequestedBy: 'CITIZEN', fundParticipationRequestRecordedBy: `caseworker:${jc.id}:cw-1`, fundParticipationRequestRecordedAt: NOW,
    });
    expect((await t.as.fund(fund.id).run(MeetingJointInterview, { id })).meeting.jointInterview).toMatchObject({ fundParticipationRequestedBy: 'CITIZEN' });

    const before = await t.fx.snapshot();
    const refused = (await notTakingPart(id)).recordUnemploymentFundParticipation;
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'FUND_PARTICIPATION_REQUESTED', field: ['input', 'participation'] })]);
    expect(refused.userErrors[0].message).toMatch(/^JI-5: the citizen asked that the a-kasse take part/);
    expect(await t.fx.snapshot()).toEqual(before);
    // Taking part is of course recorded.
    const yes = (await t.as.fund(fund.id).run(RecordUnemploymentFundParticipation, { input: { meetingId: id, participation: 'PARTICIPATES' } })).recordUnemploymentFundParticipation;
    expect(yes.userErrors).toEqual([]);
    expect(yes.meeting.jointInterview.fundParticipation).toBe('PARTICIPATES');
  });

  it('JI-5: the jobcenter\'s own request clears an earlier decision not to take part; once withdrawn the a-kasse may decide not to', async () => {
    const { id } = await joint();
    expect((await notTakingPart(id)).recordUnemploymentFundParticipation.userErrors).toEqual([]);
    const r = (await t.as(cw()).run(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'JOBCENTER' } })).requestUnemploymentFundParticipation;
    expect(r.meeting.jointInterview).toMatchObject({ fundParticipationRequestedBy: 'JOBCENTER', fundParticipation: null, fundParticipationReason: null });
    expect((await notTakingPart(id)).recordUnemploymentFundParticipation.userErrors[0]).toMatchObject({ code: 'FUND_PARTICIPATION_REQUESTED', message: expect.stringMatching(/^JI-5: the jobcenter asked/) });

    const wrong = (await t.as(cw()).run(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'CITIZEN', withdraw: true } })).requestUnemploymentFundParticipation;
    expect(wrong.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'requestedBy'], message: expect.stringMatching(/^JI-5: /) })]);
    const w = (await t.as(cw()).run(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'JOBCENTER', withdraw: true } })).requestUnemploymentFundParticipation;
    expect(w.userErrors).toEqual([]);
    expect(w.meeting.jointInterview).toMatchObject({ fundParticipationRequestedBy: null, fundParticipationRequestRecordedAt: null });
    expect((await notTakingPart(id)).recordUnemploymentFundParticipation.userErrors).toEqual([]);
  });

  it('JI-5: only the jobcenter records it (the a-kasse and the citizen are FORBIDDEN), only for the first joint interview', async () => {
    const { c, id } = await joint();
    expect((await t.as.fund(fund.id).exec(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'CITIZEN' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.citizen(c.id).exec(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'CITIZEN' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A joint interview held before this one makes it the second: the a-kasse is expected there anyway.
    await t.fx.meeting(c, '2026-02-20', '10:00', { type: 'JOINT_INTERVIEW', status: 'HELD' });
    const second = (await t.as(cw()).run(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'JOBCENTER' } })).requestUnemploymentFundParticipation;
    expect(second.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FIRST_JOINT_INTERVIEW', message: expect.stringMatching(/^JI-5: /) })]);
  });

  it('JI-2/JI-5 Decision: the citizen\'s opt-out prevails — no request after it, and a standing request does not block "not taking part" after it', async () => {
    const { id } = await joint();
    await t.as(cw()).run(RequestUnemploymentFundParticipation, { input: { meetingId: id, requestedBy: 'JOBCENTER' } });
    expect((await t.as(cw()).run(RegisterJointInterviewOptOut, { input: { meetingId: id } })).registerJointInterviewOptOut.userErrors).toEqual([]);
    expect((await notTakingPart(id)).recordUnemploymentFundParticipation.userErrors).toEqual([]);
    const other = await joint('2026-03-13');
    await t.as(cw()).run(RegisterJointInterviewOptOut, { input: { meetingId: other.id } });
    const r = (await t.as(cw()).run(RequestUnemploymentFundParticipation, { input: { meetingId: other.id, requestedBy: 'CITIZEN' } })).requestUnemploymentFundParticipation;
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'CITIZEN_OPTED_OUT' })]);
  });
});
