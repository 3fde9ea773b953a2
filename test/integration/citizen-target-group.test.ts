import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { ChangeTargetGroupForCitizenTargetGroup, type ChangeTargetGroupInput, CitizenChanges, CitizenTargetGroupContactCourse, IssueDeadline, RegisterMeetingHeld } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('changeTargetGroup (CZ-2, TG-2, CC-6)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
    cw = as.caseworker(jc.id);
  });

  const member = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-01-05'), ...over });
  const change = async (input: ChangeTargetGroupInput, actor = cw) => (await t.as(actor).run(ChangeTargetGroupForCitizenTargetGroup, { input })).changeTargetGroup;

  it('CZ-2: a change to a group without the duty closes the active deadline (TARGET_GROUP_CHANGED), with history and an event for the a-kasse', async () => {
    const c = await member();
    const d = await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const r = await change({ citizenId: c.id, targetGroup: 'OTHER', reason: 'Overgået til anden ydelse' });
    expect(r.userErrors).toEqual([]);
    expect(r.citizen).toMatchObject({ targetGroup: 'OTHER', hasSelfBookingDuty: false, voluntarySelfBooking: false, activeDeadline: null });
    expect(r.change).toEqual({ kind: 'TARGET_GROUP', effectiveFrom: '2026-03-02', fromValue: 'INSURED_UNEMPLOYED', toValue: 'OTHER', actor: `caseworker:${jc.id}:cw-1` });
    expect(r.closedDeadline).toMatchObject({ id: d.id, status: 'CLOSED', closeReason: 'TARGET_GROUP_CHANGED' });
    expect(r.closedDeadline.history).toContainEqual(expect.objectContaining({ action: 'CLOSED', toStatus: 'CLOSED', reason: expect.stringMatching(/^TARGET_GROUP_CHANGED: CZ-2: /) }));
    const events = await t.ds.query(`SELECT type, unemployment_fund_id, payload FROM domain_event WHERE citizen_id = $1`, [c.id]);
    expect(events).toEqual([expect.objectContaining({ type: 'TARGET_GROUP_CHANGED', unemployment_fund_id: fund.id,
      payload: expect.objectContaining({ fromTargetGroup: 'INSURED_UNEMPLOYED', toTargetGroup: 'OTHER', effectiveFrom: '2026-03-02', closedDeadlineId: d.id }) })]);
    // The rules of the new group apply from then: no new deadline without the duty (DL-5).
    expect((await t.as(cw).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } })).issueDeadline.userErrors).toEqual([expect.objectContaining({ code: 'NO_SELF_BOOKING_DUTY' })]);
  });

  it('TG-2: a citizen who volunteers keeps the deadline; volunteering is refused for a group with the duty', async () => {
    const c = await member();
    const d = await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const r = await change({ citizenId: c.id, targetGroup: 'OTHER', volunteers: true });
    expect(r).toMatchObject({ userErrors: [], closedDeadline: null, citizen: { voluntarySelfBooking: true, activeDeadline: { id: d.id, status: 'OPEN' } } });
    const bad = await change({ citizenId: c.id, targetGroup: 'JOB_READY_CASH_BENEFIT', volunteers: true });
    expect(bad.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'volunteers'], message: expect.stringMatching(/^TG-2: /) })]);
    // Back to a duty group: the voluntary offer is no longer needed, the deadline stays, a new one may be issued.
    const back = await change({ citizenId: c.id, targetGroup: 'JOB_READY_CASH_BENEFIT' });
    expect(back).toMatchObject({ userErrors: [], closedDeadline: null, citizen: { voluntarySelfBooking: false, hasSelfBookingDuty: true, activeDeadline: { id: d.id } } });
  });

  it('CZ-2/CC-6: a change on the day of an interview — the interview held that day and those held before count in the new group\'s course', async () => {
    const c = await member({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: fund.id });
    const earlier = await t.fx.meeting(c, '2026-02-10', '10:00', { status: 'HELD' });
    const d = await t.fx.deadline(c, '2026-02-20', '2026-02-28', { status: 'BOOKED' });
    const today = await t.fx.meeting(c, '2026-03-02', '10:00', { origin: 'SELF_BOOKED', deadlineId: d.id });
    await t.ds.query(`UPDATE deadline SET meeting_id = $1 WHERE id = $2`, [today.id, d.id]);
    const r = await change({ citizenId: c.id, targetGroup: 'INSURED_UNEMPLOYED', effectiveFrom: '2026-03-02' });
    // DL-8: on the interview day the booked deadline closes first (the daily run's state, brought up to date by the change).
    expect(r).toMatchObject({ userErrors: [], closedDeadline: null, citizen: { targetGroup: 'INSURED_UNEMPLOYED', activeDeadline: null } });
    const [dl] = await t.ds.query(`SELECT status, close_reason FROM deadline WHERE id = $1`, [d.id]);
    expect(dl).toEqual({ status: 'CLOSED', close_reason: 'MEETING_DAY_REACHED' });
    t.clock.set('2026-03-02T10:45:00+01:00');
    expect((await t.as(cw).run(RegisterMeetingHeld, { input: { meetingId: today.id } })).registerMeetingHeld.userErrors).toEqual([]);
    const course = (await t.as(cw).run(CitizenTargetGroupContactCourse, { id: c.id })).citizen.contactCourse;
    expect(course.interviewsRequiredInFirstSixMonths).toBe(6); // CC-2: the rules of the new group
    expect(course.countedInterviews.map((m: { id: string }) => m.id).sort()).toEqual([earlier.id, today.id].sort());
  });

  it('CZ-2: with an interview booked for a later day, a change to a group without the duty closes the deadline but leaves the interview planned', async () => {
    const c = await member({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const d = await t.fx.deadline(c, '2026-02-24', '2026-03-04', { status: 'BOOKED' });
    const m = await t.fx.meeting(c, '2026-03-03', '10:00', { origin: 'SELF_BOOKED', deadlineId: d.id });
    await t.ds.query(`UPDATE deadline SET meeting_id = $1 WHERE id = $2`, [m.id, d.id]);
    const r = await change({ citizenId: c.id, targetGroup: 'OTHER' });
    expect(r.closedDeadline).toMatchObject({ id: d.id, closeReason: 'TARGET_GROUP_CHANGED' });
    const [row] = await t.ds.query(`SELECT status FROM meeting WHERE id = $1`, [m.id]);
    expect(row.status).toBe('PLANNED');
  });

  it('CZ-2/RG-1: a change the day after a missed bookBy, before the daily run — the deregistration as INSURED_UNEMPLOYED happens first (old group\'s rules), its event to the a-kasse', async () => {
    const c = await member();
    const d = await t.fx.deadline(c, '2026-02-20', '2026-03-01');
    const r = await change({ citizenId: c.id, targetGroup: 'JOB_READY_CASH_BENEFIT' });
    expect(r.userErrors).toEqual([]);
    const [row] = await t.ds.query(`SELECT registered, target_group FROM citizen WHERE id = $1`, [c.id]);
    expect(row).toEqual({ registered: false, target_group: 'JOB_READY_CASH_BENEFIT' });
    const events = await t.ds.query(`SELECT type FROM domain_event WHERE citizen_id = $1 AND type IN ('DEREGISTERED', 'TARGET_GROUP_CHANGED') ORDER BY seq`, [c.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['DEREGISTERED', 'TARGET_GROUP_CHANGED']);
    const [dl] = await t.ds.query(`SELECT status FROM deadline WHERE id = $1`, [d.id]);
    expect(dl.status).toBe('EXPIRED');
  });

  it('CZ-2: effectiveFrom from unemployedSince (or the previous change) to today; the day before and tomorrow are refused and change nothing', async () => {
    const c = await member();
    const before = await t.fx.snapshot();
    const tomorrow = await change({ citizenId: c.id, targetGroup: 'OTHER', effectiveFrom: '2026-03-03' });
    expect(tomorrow.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'effectiveFrom'], message: expect.stringMatching(/^IN-1: effectiveFrom 2026-03-03 is after 2026-03-02, the last allowed day/) })]);
    const early = await change({ citizenId: c.id, targetGroup: 'OTHER', effectiveFrom: '2026-01-04' });
    expect(early.userErrors).toEqual([expect.objectContaining({ code: 'DATE_OUT_OF_RANGE', message: 'CZ-2: effectiveFrom 2026-01-04 is before unemployedSince (2026-01-05)' })]);
    expect(await t.fx.snapshot()).toEqual(before);
    expect((await change({ citizenId: c.id, targetGroup: 'SICKNESS_BENEFIT', effectiveFrom: '2026-02-01' })).userErrors).toEqual([]);
    const beforePrevious = await change({ citizenId: c.id, targetGroup: 'INSURED_UNEMPLOYED', effectiveFrom: '2026-01-31' });
    expect(beforePrevious.userErrors).toEqual([expect.objectContaining({ code: 'DATE_OUT_OF_RANGE', message: 'CZ-2: effectiveFrom 2026-01-31 is before the previous target group change (2026-02-01)' })]);
    expect((await change({ citizenId: c.id, targetGroup: 'INSURED_UNEMPLOYED', effectiveFrom: '2026-02-01' })).userErrors).toEqual([]);
    const history = (await t.as(cw).run(CitizenChanges, { id: c.id })).citizen.changes;
    expect(history).toEqual([
      { kind: 'TARGET_GROUP', fromValue: 'INSURED_UNEMPLOYED', toValue: 'SICKNESS_BENEFIT', effectiveFrom: '2026-02-01' },
      { kind: 'TARGET_GROUP', fromValue: 'SICKNESS_BENEFIT', toValue: 'INSURED_UNEMPLOYED', effectiveFrom: '2026-02-01' },
    ]);
  });

  it('CZ-2: the same group, INSURED_UNEMPLOYED without an a-kasse, another jobcenter\'s citizen and a non-jobcenter caller are refused', async () => {
    const c = await member();
    const noFund = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const foreign = await t.fx.citizen(await t.fx.jobcenter());
    const before = await t.fx.snapshot();
    expect((await change({ citizenId: c.id, targetGroup: 'INSURED_UNEMPLOYED' })).userErrors).toEqual([expect.objectContaining({ code: 'SAME_TARGET_GROUP' })]);
    expect((await change({ citizenId: noFund.id, targetGroup: 'INSURED_UNEMPLOYED' })).userErrors).toEqual([expect.objectContaining({ code: 'UNEMPLOYMENT_FUND_REQUIRED', field: ['input', 'targetGroup'] })]);
    expect((await change({ citizenId: foreign.id, targetGroup: 'OTHER' })).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'citizenId'] })]);
    for (const actor of [as.fund(fund.id), as.citizen(c.id), as.statistics()]) {
      expect((await t.as(actor).exec(ChangeTargetGroupForCitizenTargetGroup, { input: { citizenId: c.id, targetGroup: 'OTHER' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await t.fx.snapshot()).toEqual(before);
  });
});
