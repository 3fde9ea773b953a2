import { as, startTestApp, type TestApp } from '../support/harness';
import type { Jobcenter } from '../../src/entities';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

/**
 * Issue 11 item 3: one request with several mutation fields. Every field resolved after a write reads the state
 * after that write, although the request's DataLoaders cached what an earlier field's payload read.
 */
describe('reads after a write in the same request (issue 11 item 3)', () => {
  let t: TestApp;
  let jc: Jobcenter;
  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    jc = await t.fx.jobcenter();
  });
  afterAll(() => t.close());

  const cw = () => as.caseworker(jc.id);

  it('DL-4: the second issueDeadline of one request shows the new deadline as active, not the one it superseded', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await t.ok(cw(), `mutation($c: ID!) {
      i1: issueDeadline(input: { citizenId: $c, bookBy: "2026-03-12" }) {
        deadline { id citizen { activeDeadline { id status } } } supersededDeadline { id status } userErrors { code message } }
      i2: issueDeadline(input: { citizenId: $c, bookBy: "2026-03-13" }) {
        deadline { id citizen { activeDeadline { id status } } } supersededDeadline { id status } userErrors { code message } }
    }`, { c: c.id });
    expect(r.i1.userErrors).toEqual([]);
    expect(r.i2.userErrors).toEqual([]);
    expect(r.i1.deadline.citizen.activeDeadline).toEqual({ id: r.i1.deadline.id, status: 'OPEN' });
    expect(r.i2.supersededDeadline).toEqual({ id: r.i1.deadline.id, status: 'CLOSED' });
    expect(r.i2.deadline.citizen.activeDeadline).toEqual({ id: r.i2.deadline.id, status: 'OPEN' });
  });

  it('DL-9/MT-1: a call-in after issueDeadline in one request shows the deadline closed and the meeting planned', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await t.ok(cw(), `mutation($c: ID!) {
      i: issueDeadline(input: { citizenId: $c, bookBy: "2026-03-12" }) {
        deadline { id citizen { activeDeadline { id status } plannedMeetings { id } } } userErrors { code message } }
      m: callInMeeting(input: { citizenId: $c, type: JOB_INTERVIEW, form: IN_PERSON,
                                startsAt: "2026-03-16T10:00:00+01:00", endsAt: "2026-03-16T10:30:00+01:00" }) {
        meeting { id citizen { activeDeadline { id status } plannedMeetings { id } } } closedDeadline { id status } userErrors { code message } }
    }`, { c: c.id });
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
    const b = await t.ok(as.citizen(c.id), `mutation($a: ID!) {
      b: bookSlot(input: { slotId: $a }) { meeting { id citizen { activeDeadline { status meeting { id } } } } userErrors { code message } } }`, { a: a.id });
    expect(b.b.userErrors).toEqual([]);
    const booked = b.b.meeting.id as string;
    expect(b.b.meeting.citizen.activeDeadline).toEqual({ status: 'BOOKED', meeting: { id: booked } });
    const r = await t.ok(cw(), `mutation($c: ID!, $m: ID!) {
      o: callInMeeting(input: { citizenId: $c, type: OTHER, form: IN_PERSON,
                                startsAt: "2026-03-13T10:00:00+01:00", endsAt: "2026-03-13T11:00:00+01:00" }) {
        meeting { id citizen { activeDeadline { status } plannedMeetings { id } } } userErrors { code message } }
      x: cancelMeeting(input: { meetingId: $m, reason: "Caseworker ill", deadlineAction: REOPEN }) {
        meeting { id status citizen { activeDeadline { status meeting { id } } plannedMeetings { id } } } userErrors { code message } }
    }`, { c: c.id, m: booked });
    expect(r.o.userErrors).toEqual([]);
    expect(r.x.userErrors).toEqual([]);
    expect(r.o.meeting.citizen).toEqual({ activeDeadline: { status: 'BOOKED' }, plannedMeetings: [{ id: booked }, { id: r.o.meeting.id }] });
    expect(r.x.meeting.citizen).toEqual({ activeDeadline: { status: 'OPEN', meeting: null }, plannedMeetings: [{ id: r.o.meeting.id }] });
  });

  it('DL-9/MT-4: a walk-in after issueDeadline in one request shows the deadline closed and the interview among the meetings', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await t.ok(cw(), `mutation($c: ID!) {
      i: issueDeadline(input: { citizenId: $c, bookBy: "2026-03-12" }) {
        deadline { id status citizen { activeDeadline { id } meetings { id } } } userErrors { code message } }
      w: registerWalkInInterview(input: { citizenId: $c }) {
        meeting { id citizen { activeDeadline { id } meetings { id status } } deadline { id status } } userErrors { code message } }
    }`, { c: c.id });
    expect(r.w.userErrors).toEqual([]);
    expect(r.i.deadline.citizen).toEqual({ activeDeadline: { id: r.i.deadline.id }, meetings: [] });
    expect(r.w.meeting.deadline).toEqual({ id: r.i.deadline.id, status: 'CLOSED' });
    expect(r.w.meeting.citizen).toEqual({ activeDeadline: null, meetings: [{ id: r.w.meeting.id, status: 'HELD' }] });
  });
});
