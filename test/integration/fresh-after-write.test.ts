import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import { BookSlotForFreshAfterWrite, CallInMeetingAndCancelMeeting, IssueDeadlineAndCallInMeeting, IssueDeadlineAndIssueDeadline, IssueDeadlineAndRegisterWalkInInterview } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

/**
 * Issue 11 item 3: one request with several mutation fields. Every field resolved after a write reads the state
 * after that write, although the request's DataLoaders cached what an earlier field's payload read.
 */
describe('reads after a write in the same request (issue 11 item 3)', () => {
  const t = withApp({ now: NOW });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  const cw = () => as.caseworker(jc.id);

  it('DL-4: the second issueDeadline of one request shows the new deadline as active, not the one it superseded', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await t.as(cw()).run(IssueDeadlineAndIssueDeadline, { c: c.id });
    expect(r.i1.userErrors).toEqual([]);
    expect(r.i2.userErrors).toEqual([]);
    expect(r.i1.deadline.citizen.activeDeadline).toEqual({ id: r.i1.deadline.id, status: 'OPEN' });
    expect(r.i2.supersededDeadline).toEqual({ id: r.i1.deadline.id, status: 'CLOSED' });
    expect(r.i2.deadline.citizen.activeDeadline).toEqual({ id: r.i2.deadline.id, status: 'OPEN' });
  });

  it('DL-9/MT-1: a call-in after issueDeadline in one request shows the deadline closed and the meeting planned', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await t.as(cw()).run(IssueDeadlineAndCallInMeeting, { c: c.id });
    expect(r.i.userErrors).toEqual([]);
    expect(r.m.userErrors).toEqual([]);
    expect(r.i.deadline.citizen).toEqual({ activeDeadline: { id: r.i.deadline.id, status: 'OPEN' }, plannedMeetings: [] });
    expect(r.m.closedDeadline).toEqual({ id: r.i.deadline.id, status: 'CLOSED' });
    expect(r.m.meeting.citizen).toEqual({ activeDeadline: null, plannedMeetings: [{ id: r.m.meeting.id }] });
  });

  it('SL-2/DL-12: after bookSlot, a call-in and a cancellation in one request show the reopened deadline and only the new meeting', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const a = await t.fx.slot(jc, '2026-03-11', '10:00');
    const b = await t.as.citizen(c.id).run(BookSlotForFreshAfterWrite, { a: a.id });
    expect(b.b.userErrors).toEqual([]);
    const booked = b.b.meeting.id as string;
    expect(b.b.meeting.citizen.activeDeadline).toEqual({ status: 'BOOKED', meeting: { id: booked } });
    const r = await t.as(cw()).run(CallInMeetingAndCancelMeeting, { c: c.id, m: booked });
    expect(r.o.userErrors).toEqual([]);
    expect(r.x.userErrors).toEqual([]);
    expect(r.o.meeting.citizen).toEqual({ activeDeadline: { status: 'BOOKED' }, plannedMeetings: [{ id: booked }, { id: r.o.meeting.id }] });
    expect(r.x.meeting.citizen).toEqual({ activeDeadline: { status: 'OPEN', meeting: null }, plannedMeetings: [{ id: r.o.meeting.id }] });
  });

  it('DL-9/MT-4: a walk-in after issueDeadline in one request shows the deadline closed and the interview among the meetings', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await t.as(cw()).run(IssueDeadlineAndRegisterWalkInInterview, { c: c.id });
    expect(r.w.userErrors).toEqual([]);
    expect(r.i.deadline.citizen).toEqual({ activeDeadline: { id: r.i.deadline.id }, meetings: [] });
    expect(r.w.meeting.deadline).toEqual({ id: r.i.deadline.id, status: 'CLOSED' });
    expect(r.w.meeting.citizen).toEqual({ activeDeadline: null, meetings: [{ id: r.w.meeting.id, status: 'HELD' }] });
  });
});
