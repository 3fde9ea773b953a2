import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { at } from '../support/fixtures';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForMeetingOverlap, CallInMeetingForMeetingOverlap, type CallInMeetingInput, MeBookableSlotsForMeetingOverlap, MeRegistration, RebookMeetingForMeetingOverlap, RegisterWalkInInterviewForMeetingOverlap, ReregisterForMeetingOverlap } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

describe('MT-7: a citizen is never in two meetings at overlapping times', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  const callIn = (input: CallInMeetingInput) => t.as(cw()).run(CallInMeetingForMeetingOverlap, { input }).then((r) => r.callInMeeting);
  const book = (c: Citizen, slotId: string) => t.as.citizen(c.id).run(BookSlotForMeetingOverlap, { input: { slotId } }).then((r) => r.bookSlot);
  const bookable = async (c: Citizen) => ((await t.as.citizen(c.id).run(MeBookableSlotsForMeetingOverlap)).me.bookableSlots.slots as { id: string }[]).map((s) => s.id);
  const meetings = async (c: Citizen) => (await t.ds.query(
    `SELECT id, type, origin, status FROM meeting WHERE citizen_id = $1 AND status IN ('PLANNED','HELD') ORDER BY starts_at`, [c.id])) as { id: string }[];

  /** The citizen: an OPEN deadline (bookBy 10 March, latest interview 17 March) and a called-in joint interview 12 March 10:00–11:00. */
  async function withJointInterview() {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const ji = await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', form: 'IN_PERSON', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' });
    expect(ji.userErrors).toEqual([]);
    return { c, jointId: ji.meeting.id as string };
  }

  it('MT-7: a slot inside a called-in joint interview is not offered and bookSlot refuses it, naming the joint interview; touching slots are fine', async () => {
    const { c, jointId } = await withJointInterview();
    const inside = await t.fx.slot(jc, '2026-03-12', '10:15', { minutes: 30 }); // 10:15–10:45
    const lastMinute = await t.fx.slot(jc, '2026-03-12', '10:59', { minutes: 30 }); // 10:59–11:29
    const firstMinute = await t.fx.slot(jc, '2026-03-12', '09:31', { minutes: 30 }); // 09:31–10:01
    const before = await t.fx.slot(jc, '2026-03-12', '09:30', { minutes: 30 }); // 09:30–10:00, touches
    const after = await t.fx.slot(jc, '2026-03-12', '11:00', { minutes: 30 }); // 11:00–11:30, touches
    const offered = await bookable(c);
    expect(offered).toEqual(expect.arrayContaining([before.id, after.id]));
    expect(offered).not.toContain(inside.id);
    expect(offered).not.toContain(lastMinute.id);
    expect(offered).not.toContain(firstMinute.id);

    const snap = await t.fx.snapshot();
    for (const s of [inside, lastMinute, firstMinute]) {
      const r = await book(c, s.id);
      expect(r.meeting).toBeNull();
      expect(r.userErrors).toEqual([{ code: 'MEETING_OVERLAP', field: ['input', 'slotId'], message: expect.stringMatching(/^MT-7: .*joint interview.*2026-03-12T10:00\+01:00–11:00/) }]);
      expect(r.userErrors[0].message).toContain(jointId);
    }
    expect(await t.fx.snapshot()).toEqual(snap);
    const ok = await book(c, after.id);
    expect(ok.userErrors).toEqual([]);
  });

  it('MT-7: a slot touching the joint interview at its start is booked', async () => {
    const { c } = await withJointInterview();
    const before = await t.fx.slot(jc, '2026-03-12', '09:30', { minutes: 30 });
    expect((await book(c, before.id)).userErrors).toEqual([]);
  });

  it('MT-7/SL-1: a GROUP_THEN_INDIVIDUAL slot keeps the citizen busy from its group part: not offered, refused, and blocks a call-in into the group part', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    // Group part 09:30, individual part 10:15–10:45; the citizen has an OTHER meeting 09:30–10:00 that day.
    const other = await callIn({ citizenId: c.id, type: 'OTHER', form: 'IN_PERSON', startsAt: '2026-03-12T09:30:00+01:00', endsAt: '2026-03-12T10:00:00+01:00' });
    expect(other.userErrors).toEqual([]);
    const group = await t.fx.slot(jc, '2026-03-12', '10:15', { kind: 'GROUP_THEN_INDIVIDUAL', groupStartsAt: at('2026-03-12', '09:30') });
    const group2 = await t.fx.slot(jc, '2026-03-13', '10:15', { kind: 'GROUP_THEN_INDIVIDUAL', groupStartsAt: at('2026-03-13', '09:30') });
    expect(await bookable(c)).not.toContain(group.id);
    const r = await book(c, group.id);
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', message: expect.stringContaining(other.meeting.id) })]);
    // Booked on the 13th, the group part (09:30–10:15) is the citizen's time too.
    expect((await book(c, group2.id)).userErrors).toEqual([]);
    const inGroupPart = await callIn({ citizenId: c.id, type: 'OTHER', form: 'IN_PERSON', startsAt: '2026-03-13T09:00:00+01:00', endsAt: '2026-03-13T09:35:00+01:00' });
    expect(inGroupPart.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', field: ['input', 'startsAt'], message: expect.stringMatching(/^MT-7: the citizen has a planned job interview \(self-booked\) 2026-03-13T09:30\+01:00–10:45/) })]);
  });

  it('MT-7: rebooking into a slot that overlaps another meeting is refused; overlapping only the interview being moved is fine', async () => {
    const { c, jointId } = await withJointInterview();
    const booked = await t.fx.slot(jc, '2026-03-11', '10:00');
    const near = await t.fx.slot(jc, '2026-03-11', '10:15');
    const clash = await t.fx.slot(jc, '2026-03-12', '10:30');
    const b = await book(c, booked.id);
    expect(b.userErrors).toEqual([]);
    const snap = await t.fx.snapshot();
    const refused = (await t.as.citizen(c.id).run(RebookMeetingForMeetingOverlap, { input: { meetingId: b.meeting.id, slotId: clash.id } })).rebookMeeting;
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', field: ['input', 'slotId'], message: expect.stringContaining(jointId) })]);
    expect(await t.fx.snapshot()).toEqual(snap);
    const moved = (await t.as.citizen(c.id).run(RebookMeetingForMeetingOverlap, { input: { meetingId: b.meeting.id, slotId: near.id } })).rebookMeeting;
    expect(moved.userErrors).toEqual([]);
  });

  it('MT-7: a call-in overlapping a booked interview is refused, naming it; touching, or replacing that interview, is fine', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const slot = await t.fx.slot(jc, '2026-03-12', '10:00'); // 10:00–10:30
    const b = await book(c, slot.id);
    const snap = await t.fx.snapshot();
    for (const [type, from, to] of [['OTHER', '10:15', '11:00'], ['JOINT_INTERVIEW', '09:00', '10:01'], ['FOLLOW_UP', '09:59', '10:31']] as const) {
      const r = await callIn({ citizenId: c.id, type, form: 'IN_PERSON', startsAt: `2026-03-12T${from}:00+01:00`, endsAt: `2026-03-12T${to}:00+01:00` });
      expect(r.userErrors).toEqual([expect.objectContaining({ code: type === 'FOLLOW_UP' ? 'INTERVIEW_ALREADY_PLANNED' : 'MEETING_OVERLAP' })]);
      if (type !== 'FOLLOW_UP') expect(r.userErrors[0].message).toMatch(new RegExp(`^MT-7: the citizen has a planned job interview \\(self-booked\\) 2026-03-12T10:00\\+01:00–10:30, meeting ${b.meeting.id}`));
    }
    expect(await t.fx.snapshot()).toEqual(snap);
    expect((await callIn({ citizenId: c.id, type: 'OTHER', form: 'IN_PERSON', startsAt: '2026-03-12T10:30:00+01:00', endsAt: '2026-03-12T11:00:00+01:00' })).userErrors).toEqual([]);
    expect((await callIn({ citizenId: c.id, type: 'JOINT_INTERVIEW', form: 'IN_PERSON', startsAt: '2026-03-12T09:00:00+01:00', endsAt: '2026-03-12T10:00:00+01:00' })).userErrors).toEqual([]);
    const replaced = await callIn({ citizenId: c.id, type: 'JOB_INTERVIEW', form: 'PHONE', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:20:00+01:00', replacesMeetingId: b.meeting.id });
    expect(replaced.userErrors).toEqual([]);
    expect(replaced.replacedMeeting).toEqual({ id: b.meeting.id, status: 'CANCELLED' });
  });

  it('MT-7: a walk-in inside a planned meeting is refused, naming it; one starting as it ends is registered', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const other = await callIn({ citizenId: c.id, type: 'OTHER', form: 'IN_PERSON', shortNotice: true, startsAt: '2026-03-02T10:00:00+01:00', endsAt: '2026-03-02T11:00:00+01:00' });
    expect(other.userErrors).toEqual([]);
    t.clock.set('2026-03-02T12:00:00+01:00');
    const snap = await t.fx.snapshot();
    const inside = (await t.as(cw()).run(RegisterWalkInInterviewForMeetingOverlap, { input: { citizenId: c.id, startsAt: '2026-03-02T10:15:00+01:00' } })).registerWalkInInterview;
    expect(inside.userErrors).toEqual([{ code: 'MEETING_OVERLAP', field: ['input', 'startsAt'], message: `MT-7: the citizen has a planned other (called-in) 2026-03-02T10:00+01:00–11:00, meeting ${other.meeting.id}, which overlaps this time; choose a time outside it` }]);
    // The same start as the planned meeting: the visit is that meeting (MT-8), to be registered as held.
    const same = (await t.as(cw()).run(RegisterWalkInInterviewForMeetingOverlap, { input: { citizenId: c.id, startsAt: '2026-03-02T10:00:00+01:00' } })).registerWalkInInterview;
    expect(same.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', message: expect.stringMatching(/^MT-8: this visit is already registered: .*; register that meeting as held instead$/) })]);
    expect(await t.fx.snapshot()).toEqual(snap);
    const touching = (await t.as(cw()).run(RegisterWalkInInterviewForMeetingOverlap, { input: { citizenId: c.id, startsAt: '2026-03-02T11:00:00+01:00' } })).registerWalkInInterview;
    expect(touching.userErrors).toEqual([]);
    expect((await meetings(c)).length).toBe(2);
  });

  it('MT-7: a re-registration on Jobnet does not offer a slot overlapping a planned meeting, and refuses it (RG-5 books under the same rules), changing nothing', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-20') });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-20', 'INITIAL')`, [c.id]);
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    t.clock.set('2026-03-11T09:00:00+01:00');
    await t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from('2026-03-11'), clock: t.clock });
    t.clock.set('2026-03-25T09:00:00+01:00');
    const other = await callIn({ citizenId: c.id, type: 'OTHER', form: 'IN_PERSON', shortNotice: true, startsAt: '2026-03-26T15:00:00+01:00', endsAt: '2026-03-26T16:00:00+01:00' });
    expect(other.userErrors).toEqual([]);
    const slot = await t.fx.slot(jc, '2026-03-26', '15:30');
    const touching = await t.fx.slot(jc, '2026-03-26', '16:00');
    const offered = (await t.as.citizen(c.id).run(MeRegistration)).me.registration.offeredSlots;
    expect(offered).toEqual([{ id: touching.id }]);
    const snap = await t.fx.snapshot();
    const r = (await t.as.citizen(c.id).run(ReregisterForMeetingOverlap, { input: { slotId: slot.id } })).reregister;
    expect(r.userErrors).toEqual([{ code: 'MEETING_OVERLAP', field: ['input', 'slotId'], message: expect.stringMatching(new RegExp(`^MT-7: you have a planned other \\(called-in\\) .*meeting ${other.meeting.id}`)) }]);
    expect(await t.fx.snapshot()).toEqual(snap);
  });

  it('MT-7: the database refuses an overlapping PLANNED/HELD meeting of the same citizen (meeting_no_overlap), whatever the types; not a touching, cancelled or other citizen\'s one', async () => {
    const c = await t.fx.citizen(jc);
    const d = await t.fx.citizen(jc);
    await t.fx.meeting(c, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW', endsAt: at('2026-03-20', '11:00') });
    await expect(t.fx.meeting(c, '2026-03-20', '10:30', { type: 'OTHER' })).rejects.toThrow(/meeting_no_overlap/);
    await expect(t.fx.meeting(c, '2026-03-20', '09:45', { type: 'JOB_INTERVIEW', status: 'HELD', origin: 'WALK_IN' })).rejects.toThrow(/meeting_no_overlap/);
    await t.fx.meeting(c, '2026-03-20', '11:00', { type: 'OTHER' });
    await t.fx.meeting(c, '2026-03-20', '10:15', { type: 'OTHER', status: 'CANCELLED' });
    await t.fx.meeting(c, '2026-03-20', '10:15', { type: 'OTHER', status: 'NO_SHOW' });
    await t.fx.meeting(d, '2026-03-20', '10:15', { type: 'OTHER' });
  });
});
