import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, Meeting, UnemploymentFund } from '../../src/entities';
import { JointInterviewOptOuts, MemberJointInterviews } from '../support/operations';

describe('a-kasse portal: joint interviews with opt-outs and participation decisions (JI-4)', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  let fundA: UnemploymentFund;
  let fundB: UnemploymentFund;
  let member1: Citizen;
  let member2: Citizen;
  let nonMember: Citizen;
  let optedOut: Meeting;
  let decided: Meeting;
  let lastDay: Meeting;
  let dayAfter: Meeting;
  let ofNonMember: Meeting;

  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fundA = await t.fx.fund();
    fundB = await t.fx.fund();
    member1 = await t.fx.citizen(jc, { name: 'Member One', unemploymentFundId: fundA.id });
    member2 = await t.fx.citizen(jc, { name: 'Member Two', unemploymentFundId: fundA.id });
    nonMember = await t.fx.citizen(jc, { name: 'Other Fund', unemploymentFundId: fundB.id });
    const joint = { type: 'JOINT_INTERVIEW' as const, origin: 'CALLED_IN' as const };
    optedOut = await t.fx.meeting(member1, '2026-03-10', '10:00', {
      ...joint, fundOptOut: true, fundOptOutRegisteredBy: `unemployment-fund:${fundA.id}:ak-1`, fundOptOutRegisteredAt: Temporal.Instant.from('2026-03-03T08:00:00Z'),
    });
    decided = await t.fx.meeting(member2, '2026-03-12', '09:00', {
      ...joint, form: 'VIDEO', fundParticipation: 'PARTICIPATES', fundParticipationForm: 'VIDEO', fundParticipationReason: 'second joint interview (JI-5)',
    });
    lastDay = await t.fx.meeting(member1, '2026-03-31', '23:30', { ...joint, status: 'HELD' });
    dayAfter = await t.fx.meeting(member2, '2026-04-01', '08:00', { ...joint });
    ofNonMember = await t.fx.meeting(nonMember, '2026-03-11', '10:00', { ...joint, fundOptOut: true });
    await t.fx.meeting(member1, '2026-03-20', '10:00'); // a job interview: not the a-kasse's business
  });

  const ids = (r: Record<string, any>) => (r.jointInterviewOptOuts.nodes as { meetingId: string }[]).map((n) => n.meetingId);

  it('JI-4: an a-kasse sees the joint interviews of its own members in the period, with opt-out and participation — nothing about non-members', async () => {
    const r = await t.as.fund(fundA.id).run(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-03-31' });
    expect(ids(r)).toEqual([optedOut.id, decided.id, lastDay.id]);
    const [o, d] = r.jointInterviewOptOuts.nodes;
    expect(o).toMatchObject({
      member: { citizenId: member1.id, name: 'Member One' }, jobcenter: { id: jc.id }, form: 'IN_PERSON', status: 'PLANNED',
      fundOptOut: true, optOutRegisteredBy: `unemployment-fund:${fundA.id}:ak-1`, optOutRegisteredAt: '2026-03-03T09:00:00+01:00',
      fundParticipation: null,
    });
    expect(d).toMatchObject({ fundOptOut: false, fundParticipation: 'PARTICIPATES', fundParticipationForm: 'VIDEO', fundParticipationReason: 'second joint interview (JI-5)' });
    expect(ids(r)).not.toContain(ofNonMember.id);
    const b = await t.as.fund(fundB.id).run(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-03-31' });
    expect(ids(b)).toEqual([ofNonMember.id]);
  });

  it('JI-4: the period is inclusive of both days (31 March 23:30 is in, 1 April is out)', async () => {
    const r = await t.as.fund(fundA.id).run(JointInterviewOptOuts, { from: '2026-03-31', to: '2026-03-31' });
    expect(ids(r)).toEqual([lastDay.id]);
    const april = await t.as.fund(fundA.id).run(JointInterviewOptOuts, { from: '2026-04-01', to: '2026-04-30' });
    expect(ids(april)).toEqual([dayAfter.id]);
  });

  it('JI-2/JI-4: optedOutOnly lists only the joint interviews with an opt-out', async () => {
    const r = await t.as.fund(fundA.id).run(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-04-30', only: true });
    expect(ids(r)).toEqual([optedOut.id]);
  });

  it('JI-4: pages by start time with a cursor', async () => {
    const p1 = await t.as.fund(fundA.id).run(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-04-30', first: 2 });
    expect(ids(p1)).toEqual([optedOut.id, decided.id]);
    expect(p1.jointInterviewOptOuts.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.as.fund(fundA.id).run(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-04-30', first: 2, after: p1.jointInterviewOptOuts.pageInfo.endCursor });
    expect(ids(p2)).toEqual([lastDay.id, dayAfter.id]);
    expect(p2.jointInterviewOptOuts.pageInfo.hasNextPage).toBe(false);
  });

  it('JI-4: per member — all joint interviews of a member; null for a citizen who is not a member', async () => {
    const r = await t.as.fund(fundA.id).run(MemberJointInterviews, { id: member1.id });
    expect(r.memberJointInterviews.map((m: { meetingId: string }) => m.meetingId)).toEqual([optedOut.id, lastDay.id]);
    expect((await t.as.fund(fundA.id).run(MemberJointInterviews, { id: nonMember.id })).memberJointInterviews).toBeNull();
    expect((await t.as.fund(fundB.id).run(MemberJointInterviews, { id: member1.id })).memberJointInterviews).toBeNull();
  });

  it('JI-4: the jobcenter sees the opt-outs of its own citizens too; another jobcenter sees none', async () => {
    const r = await t.as.caseworker(jc.id).run(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-03-31', only: true });
    expect(ids(r)).toEqual([optedOut.id, ofNonMember.id]);
    const other = await t.fx.jobcenter();
    expect(ids(await t.as.caseworker(other.id).run(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-03-31' }))).toEqual([]);
    expect((await t.as.caseworker(other.id).run(MemberJointInterviews, { id: member1.id })).memberJointInterviews).toBeNull();
  });

  it('JI-4: citizens and statistics readers may not use the portal; bad periods are rejected', async () => {
    for (const actor of [as.citizen(member1.id), as.statistics()]) {
      expect((await t.as(actor).exec(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-03-31' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await t.as.anonymous().exec(JointInterviewOptOuts, { from: '2026-03-01', to: '2026-03-31' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const reversed = await t.as.fund(fundA.id).exec(JointInterviewOptOuts, { from: '2026-03-31', to: '2026-03-01' });
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooLong = await t.as.fund(fundA.id).exec(JointInterviewOptOuts, { from: '2026-01-01', to: '2027-01-03' });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The longest span (366 days, over 29 February), ending on IN-1's last planning day (today + 2 years).
    const leapYear = await t.as.fund(fundA.id).exec(JointInterviewOptOuts, { from: '2027-03-02', to: '2028-03-02' });
    expect(leapYear.errors).toBeUndefined();
  });
});
