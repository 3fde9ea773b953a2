import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForDeadlineConcurrency, CitizenRead, DeregisterCitizenForEndOfUnemployment, ReportSickness } from '../support/operations';

/** CZ-6: the end of unemployment (deregisterCitizen) leaves no deadline or planned meeting running. */
const NOW = '2026-03-05T09:00:00+01:00';

describe('CZ-6: deregisterCitizen ends unemployment', () => {
  const t = withApp({ now: NOW });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  const member = () => t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-01') });
  const events = (c: Citizen) => t.ds.query(`SELECT type, payload->>'reason' AS reason FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id]) as Promise<{ type: string; reason: string }[]>;

  it('CZ-6: closes the active booked deadline (DEREGISTERED) and cancels the booked interview, a follow-up and a joint interview from now on; the slot is free again', async () => {
    const c = await member();
    const slot = await t.fx.slot(jc, '2026-03-09', '10:00');
    const d = await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    const booked = await t.as.citizen(c.id).run(BookSlotForDeadlineConcurrency, { input: { slotId: slot.id } });
    expect(booked.bookSlot.userErrors).toEqual([]);
    const followUp = await t.fx.meeting(c, '2026-03-20', '13:00', { type: 'FOLLOW_UP' });
    const joint = await t.fx.meeting(c, '2026-04-02', '09:00', { type: 'JOINT_INTERVIEW' });

    const r = (await t.as(cw()).run(DeregisterCitizenForEndOfUnemployment, { input: { citizenId: c.id, reason: 'EMPLOYMENT' } })).deregisterCitizen;
    expect(r.userErrors).toEqual([]);
    expect(r.citizen).toEqual({ id: c.id, registered: false });
    expect(r.closedDeadline).toEqual({ id: d.id, status: 'CLOSED', closeReason: 'DEREGISTERED' });
    expect(r.cancelledMeetings.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      [booked.bookSlot.meeting.id, 'CANCELLED'], [followUp.id, 'CANCELLED'], [joint.id, 'CANCELLED'],
    ]);

    const seen = (await t.as(cw()).run(CitizenRead, { id: c.id })).citizen;
    expect(seen).toMatchObject({ registered: false, activeDeadline: null, plannedMeetings: [] });
    expect(seen.deadlines[0].history.at(-1)).toEqual({ action: 'CLOSED', reason: 'DEREGISTERED: CZ-6: deregistered for employment (end of unemployment)' });
    // The slot is free again: another citizen books it.
    const other = await t.fx.citizen(jc);
    await t.fx.deadline(other, '2026-03-02', '2026-03-12');
    expect((await t.as.citizen(other.id).run(BookSlotForDeadlineConcurrency, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
    // The event log (EV-1) records the deregistration, each cancellation and the closed deadline.
    const ev = (await events(c)).filter((e) => ['DEREGISTERED', 'MEETING_CANCELLED', 'DEADLINE_CLOSED'].includes(e.type));
    expect(ev.map((e) => e.type)).toEqual(['DEREGISTERED', 'MEETING_CANCELLED', 'MEETING_CANCELLED', 'MEETING_CANCELLED', 'DEADLINE_CLOSED']);
  });

  it('CZ-6: at the boundary of now: a meeting earlier today stays planned (to be registered held or missed); one later today is cancelled', async () => {
    const c = await member();
    const earlier = await t.fx.meeting(c, '2026-03-05', '08:30', { type: 'OTHER' });
    const atNow = await t.fx.meeting(c, '2026-03-05', '09:00', { type: 'OTHER' });
    const later = await t.fx.meeting(c, '2026-03-05', '11:00', { type: 'JOB_INTERVIEW' });
    const r = (await t.as(cw()).run(DeregisterCitizenForEndOfUnemployment, { input: { citizenId: c.id, reason: 'OTHER', note: 'Flyttet til udlandet' } })).deregisterCitizen;
    expect(r.userErrors).toEqual([]);
    expect(r.closedDeadline).toBeNull();
    expect(r.cancelledMeetings.map((m: { id: string }) => m.id)).toEqual([atNow.id, later.id]);
    const meetings = (await t.as(cw()).run(CitizenRead, { id: c.id })).citizen.meetings as { id: string; status: string }[];
    expect(meetings.find((m) => m.id === earlier.id)!.status).toBe('PLANNED');
  });

  it('CZ-6: a refused deregistration (OTHER without a note; already deregistered) closes and cancels nothing', async () => {
    const c = await member();
    const d = await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    const m = await t.fx.meeting(c, '2026-03-12');
    const r = (await t.as(cw()).run(DeregisterCitizenForEndOfUnemployment, { input: { citizenId: c.id, reason: 'OTHER' } })).deregisterCitizen;
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'note'] })]);
    expect(r.cancelledMeetings).toEqual([]);
    const gone = await t.fx.citizen(jc, { registered: false });
    const r2 = (await t.as(cw()).run(DeregisterCitizenForEndOfUnemployment, { input: { citizenId: gone.id, reason: 'EMPLOYMENT' } })).deregisterCitizen;
    expect(r2.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DEREGISTERED' })]);
    const seen = (await t.as(cw()).run(CitizenRead, { id: c.id })).citizen;
    expect(seen).toMatchObject({ registered: true, activeDeadline: { id: d.id }, plannedMeetings: [{ id: m.id }] });
  });

  it('CZ-6/RG-8: a sickness deregistration is no end of unemployment: the deadline and meetings stay', async () => {
    const c = await member();
    const d = await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    const m = await t.fx.meeting(c, '2026-03-12');
    const r = (await t.as(cw()).run(ReportSickness, { input: { citizenId: c.id } })).reportSickness;
    expect(r).toEqual({ closedDeadline: null, cancelledMeetings: [], userErrors: [] });
    const seen = (await t.as(cw()).run(CitizenRead, { id: c.id })).citizen;
    expect(seen).toMatchObject({ registered: false, activeDeadline: { id: d.id }, plannedMeetings: [{ id: m.id }] });
  });
});
