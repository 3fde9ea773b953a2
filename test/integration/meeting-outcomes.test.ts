import { as } from '../support/harness';
import { withApp } from '../support/app';
import { at } from '../support/fixtures';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForMeetingCallIn, CallInMeetingForMeetingOutcomes, CancelMeetingForMeetingOutcomes, type CancelMeetingInput, CitizenPlannedMeetings, DeadlineOverviewForMeetingOutcomes, IssueDeadline, type MeetingType, RegisterMeetingHeldForMeetingOutcomes } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

describe('meeting outcomes: cancelMeeting (DL-12), registerMeetingHeld (MT-5, DL-9), MT-1, MT-6', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  const member = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, { unemploymentFundId: fund.id, ...over });
  const cancel = (input: CancelMeetingInput) => t.as(cw()).run(CancelMeetingForMeetingOutcomes, { input }).then((r) => r.cancelMeeting);
  const held = (meetingId: string) => t.as(cw()).run(RegisterMeetingHeldForMeetingOutcomes, { input: { meetingId } }).then((r) => r.registerMeetingHeld);

  /** A citizen with a deadline (bookBy 10 March) and a self-booked interview, through the real operations. */
  async function selfBooked(date: string, time = '10:00', over: Partial<Citizen> = {}) {
    const c = await member(over);
    const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.deadline;
    const slot = await t.fx.slot(jc, date, time);
    const b = await t.as.citizen(c.id).run(BookSlotForMeetingCallIn, { input: { slotId: slot.id } });
    expect(b.bookSlot.userErrors).toEqual([]);
    return { c, deadlineId: d.id as string, meetingId: b.bookSlot.meeting.id as string, slot };
  }

  describe('DL-12: cancelMeeting', () => {
    it('DL-12: cancelling a self-booked interview requires a deadline action; without one nothing changes', async () => {
      const { meetingId } = await selfBooked('2026-03-12');
      const before = await t.fx.snapshot();
      const r = await cancel({ meetingId, reason: 'Caseworker ill' });
      expect(r.meeting).toBeNull();
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_DEADLINE_ACTION', field: ['input', 'deadlineAction'] })]);
      expect(r.userErrors[0].message).toMatch(/^DL-12: .*REOPEN, EXTEND or CLOSE/);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-12: REOPEN makes the deadline OPEN again without its meeting, frees the slot, and the citizen can book again', async () => {
      const { c, meetingId, deadlineId, slot } = await selfBooked('2026-03-12');
      const r = await cancel({ meetingId, reason: 'Caseworker ill', deadlineAction: 'REOPEN' });
      expect(r.userErrors).toEqual([]);
      expect(r.meeting).toMatchObject({ id: meetingId, status: 'CANCELLED', cancelReason: 'Caseworker ill', outcomeRegisteredAt: '2026-03-02T09:00:00+01:00' });
      expect(r.meeting.history.map((h: { action: string }) => h.action)).toEqual(['BOOKED', 'CANCELLED']);
      expect(r.deadline).toMatchObject({ id: deadlineId, status: 'OPEN', meeting: null, bookBy: '2026-03-10' });
      expect(r.deadline.history.at(-1)).toMatchObject({ action: 'REOPENED', fromStatus: 'BOOKED', toStatus: 'OPEN', reason: 'DL-12: Caseworker ill' });
      // The same slot is free again (SL-1) and the reopened deadline can be booked.
      const again = await t.as.citizen(c.id).run(BookSlotForMeetingCallIn, { input: { slotId: slot.id } });
      expect(again.bookSlot.userErrors).toEqual([]);
      expect(again.bookSlot.deadline).toMatchObject({ id: deadlineId, status: 'BOOKED' });
    });

    it('DL-12: REOPEN is possible on the bookBy day but not the day after (then EXTEND or CLOSE)', async () => {
      const a = await selfBooked('2026-03-12', '10:00');
      const b = await selfBooked('2026-03-12', '11:00');
      t.clock.set('2026-03-10T16:00:00+01:00');
      expect((await cancel({ meetingId: a.meetingId, reason: 'Room unavailable', deadlineAction: 'REOPEN' })).deadline).toMatchObject({ status: 'OPEN' });
      t.clock.set('2026-03-11T08:00:00+01:00');
      const before = await t.fx.snapshot();
      const late = await cancel({ meetingId: b.meetingId, reason: 'Room unavailable', deadlineAction: 'REOPEN' });
      expect(late.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_DEADLINE_ACTION', field: ['input', 'deadlineAction'] })]);
      expect(late.userErrors[0].message).toMatch(/^DL-12: bookBy 2026-03-10 has passed/);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-12/DL-10: EXTEND moves bookBy (latestInterviewDate = bookBy + 7, originalBookBy kept) and reopens the deadline', async () => {
      const { meetingId, deadlineId } = await selfBooked('2026-03-12');
      t.clock.set('2026-03-11T08:00:00+01:00');
      const r = await cancel({ meetingId, reason: 'Interview room flooded', deadlineAction: 'EXTEND', newBookBy: '2026-03-20' });
      expect(r.userErrors).toEqual([]);
      expect(r.deadline).toMatchObject({ id: deadlineId, status: 'OPEN', bookBy: '2026-03-20', latestInterviewDate: '2026-03-27', originalBookBy: '2026-03-10', meeting: null });
      expect(r.deadline.history.at(-1)).toMatchObject({ action: 'EXTENDED', fromStatus: 'BOOKED', toStatus: 'OPEN' });
    });

    it('DL-12/DL-10: EXTEND re-checks DL-2/DL-6 from the original availableFrom and refuses an earlier or equal bookBy', async () => {
      const { c, meetingId } = await selfBooked('2026-03-13');
      // A holiday notified in time (DL-6) now covers most of the booking period.
      await t.fx.holiday(c, '2026-03-04', '2026-03-09', '2026-02-01');
      const before = await t.fx.snapshot();
      const short = await cancel({ meetingId, reason: 'x', deadlineAction: 'EXTEND', newBookBy: '2026-03-11' });
      expect(short.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_DEADLINE_ACTION', field: ['input', 'newBookBy'] })]);
      expect(short.userErrors[0].message).toMatch(/^DL-2: .*availableFrom 2026-03-02.*earliest valid bookBy is 2026-03-16/);
      const same = await cancel({ meetingId, reason: 'x', deadlineAction: 'EXTEND', newBookBy: '2026-03-10' });
      expect(same.userErrors[0]).toMatchObject({ code: 'INVALID_DEADLINE_ACTION', field: ['input', 'newBookBy'] });
      expect(same.userErrors[0].message).toMatch(/^DL-10: /);
      const missing = await cancel({ meetingId, reason: 'x', deadlineAction: 'EXTEND' });
      expect(missing.userErrors[0]).toMatchObject({ code: 'INVALID_DEADLINE_ACTION', field: ['input', 'newBookBy'] });
      expect(await t.fx.snapshot()).toEqual(before);
      expect((await cancel({ meetingId, reason: 'x', deadlineAction: 'EXTEND', newBookBy: '2026-03-16' })).deadline).toMatchObject({ bookBy: '2026-03-16', status: 'OPEN' });
    });

    it('DL-12/DL-10/DL-11/TG-6: EXTEND reaches the citizen like extendDeadline does: SMS with the new reminders, or a letter', async () => {
      const events = async (citizenId: string) =>
        (await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [citizenId])) as { type: string; payload: Record<string, unknown> }[];
      const sms = await selfBooked('2026-03-12', '10:00', { notifySms: true });
      const letter = await selfBooked('2026-03-12', '11:00', { exemptFromActiveJobSeeking: true });
      t.clock.set('2026-03-09T09:00:00+01:00');
      expect((await cancel({ meetingId: sms.meetingId, reason: 'Room flooded', deadlineAction: 'EXTEND', newBookBy: '2026-03-12' })).userErrors).toEqual([]);
      expect((await events(sms.c.id)).filter((e) => e.type === 'NOTIFICATION_SMS').map((e) => e.payload).at(-1))
        .toMatchObject({ kind: 'DEADLINE_EXTENDED', deadlineId: sms.deadlineId, bookBy: '2026-03-12', previousBookBy: '2026-03-10', reminders: ['2026-03-12'] });
      expect((await cancel({ meetingId: letter.meetingId, reason: 'Room flooded', deadlineAction: 'EXTEND', newBookBy: '2026-03-17' })).userErrors).toEqual([]);
      expect((await events(letter.c.id)).filter((e) => e.type === 'LETTER_DEADLINE').map((e) => e.payload).at(-1))
        .toMatchObject({ kind: 'DEADLINE_EXTENDED', deadlineId: letter.deadlineId, bookBy: '2026-03-17', latestInterviewDate: '2026-03-24' });
    });

    it('DL-12/DL-10/DL-5: EXTEND does not hand a deadline to a citizen who may not have one now; nothing changes', async () => {
      const { c, meetingId } = await selfBooked('2026-03-12');
      // Deregistered since booking (RG-1): DL-5 refuses a deadline now; an extension would hand it one.
      await t.ds.query(`UPDATE citizen SET registered = false WHERE id = $1`, [c.id]);
      const before = await t.fx.snapshot();
      const r = await cancel({ meetingId, reason: 'x', deadlineAction: 'EXTEND', newBookBy: '2026-03-16' });
      expect(r.userErrors).toEqual([{ code: 'INVALID_DEADLINE_ACTION', message: expect.stringMatching(/^DL-10: DL-5: .*deregistered/), field: ['input', 'deadlineAction'] }]);
      expect(await t.fx.snapshot()).toEqual(before);
      // CLOSE stays possible for that citizen.
      expect((await cancel({ meetingId, reason: 'x', deadlineAction: 'CLOSE' })).deadline).toMatchObject({ status: 'CLOSED' });
    });

    it('DL-12: CLOSE closes the deadline with MEETING_CANCELLED', async () => {
      const { meetingId, deadlineId } = await selfBooked('2026-03-12');
      const r = await cancel({ meetingId, reason: 'Citizen found a job', deadlineAction: 'CLOSE' });
      expect(r.userErrors).toEqual([]);
      expect(r.deadline).toMatchObject({ id: deadlineId, status: 'CLOSED', closeReason: 'MEETING_CANCELLED' });
      expect(r.deadline.history.at(-1)).toMatchObject({ action: 'CLOSED', fromStatus: 'BOOKED', toStatus: 'CLOSED', reason: 'MEETING_CANCELLED: DL-12: Citizen found a job' });
    });

    it('DL-12: a called-in meeting has no deadline: no action needed, and one given is refused', async () => {
      const c = await member();
      const m = (await t.as(cw()).run(CallInMeetingForMeetingOutcomes, { input: { citizenId: c.id, type: 'FOLLOW_UP', startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' } })).callInMeeting.meeting;
      const withAction = await cancel({ meetingId: m.id, reason: 'x', deadlineAction: 'CLOSE' });
      expect(withAction.userErrors[0]).toMatchObject({ code: 'INVALID_DEADLINE_ACTION' });
      const r = await cancel({ meetingId: m.id, reason: 'Moved to a group session' });
      expect(r.userErrors).toEqual([]);
      expect(r).toMatchObject({ meeting: { status: 'CANCELLED' }, deadline: null });
      const twice = await cancel({ meetingId: m.id, reason: 'again' });
      expect(twice.userErrors[0]).toMatchObject({ code: 'NOT_PLANNED' });
    });

    it('DL-12: only jobcenter staff cancel (FORBIDDEN for the citizen), and a reason is required', async () => {
      const { c, meetingId } = await selfBooked('2026-03-12');
      const r = await t.as.citizen(c.id).exec(CancelMeetingForMeetingOutcomes, { input: { meetingId, reason: 'x', deadlineAction: 'REOPEN' } });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const blank = await cancel({ meetingId, reason: '  ', deadlineAction: 'REOPEN' });
      expect(blank.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'reason'] });
    });
  });

  describe('MT-5, DL-9: registerMeetingHeld', () => {
    it('MT-5: an outcome is registered from the meeting\'s start, not a minute before', async () => {
      const { meetingId } = await selfBooked('2026-03-05', '09:00');
      t.clock.set(at('2026-03-05', '08:59'));
      const early = await held(meetingId);
      expect(early.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_NOT_STARTED', field: ['input', 'meetingId'] })]);
      t.clock.set(at('2026-03-05', '09:00'));
      expect((await held(meetingId)).meeting).toMatchObject({ status: 'HELD', type: 'JOB_INTERVIEW' });
      expect((await held(meetingId)).userErrors[0]).toMatchObject({ code: 'NOT_PLANNED' });
    });

    it('DL-9: a held self-booked job interview closes its deadline (INTERVIEW_HELD); then the next deadline may be issued (MT-5)', async () => {
      const { c, meetingId, deadlineId } = await selfBooked('2026-03-05', '09:00');
      t.clock.set(at('2026-03-05', '09:40'));
      const r = await held(meetingId);
      expect(r.userErrors).toEqual([]);
      expect(r.meeting.history.map((h: { action: string }) => h.action)).toEqual(['BOOKED', 'HELD']);
      expect(r.closedDeadline).toMatchObject({ id: deadlineId, status: 'CLOSED', closeReason: 'INTERVIEW_HELD' });
      expect(r.closedDeadline.history.at(-1)).toMatchObject({ action: 'CLOSED', toStatus: 'CLOSED' });
      const next = await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-20' } });
      expect(next.issueDeadline.userErrors).toEqual([]);
    });

    it('DL-9: a held called-in job interview closes an OPEN deadline issued before it began', async () => {
      const c = await member();
      const m = (await t.as(cw()).run(CallInMeetingForMeetingOutcomes, { input: { citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-10T10:00:00+01:00', endsAt: '2026-03-10T10:30:00+01:00' } })).callInMeeting.meeting;
      const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } })).issueDeadline.deadline;
      t.clock.set('2026-03-10T10:30:00+01:00');
      expect((await held(m.id)).closedDeadline).toMatchObject({ id: d.id, closeReason: 'INTERVIEW_HELD' });
    });

    it('DL-9 Decision: registering late does not close the next deadline issued after the interview began', async () => {
      const c = await member();
      const m = await t.fx.meeting(c, '2026-03-02', '08:00', { type: 'JOB_INTERVIEW' });
      const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } })).issueDeadline.deadline;
      const r = await held(m.id);
      expect(r.userErrors).toEqual([]);
      expect(r.closedDeadline).toBeNull();
      expect((await t.as(cw()).run(DeadlineOverviewForMeetingOutcomes, { id: d.id })).deadline.status).toBe('OPEN');
    });

    it('DL-9: a held JOINT_INTERVIEW does not close the active deadline', async () => {
      const c = await member();
      const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } })).issueDeadline.deadline;
      const m = (await t.as(cw()).run(CallInMeetingForMeetingOutcomes, { input: { citizenId: c.id, type: 'JOINT_INTERVIEW', shortNotice: true, startsAt: '2026-03-03T10:00:00+01:00', endsAt: '2026-03-03T11:00:00+01:00' } })).callInMeeting.meeting;
      t.clock.set('2026-03-03T11:00:00+01:00');
      const r = await held(m.id);
      expect(r.userErrors).toEqual([]);
      expect(r.meeting).toMatchObject({ type: 'JOINT_INTERVIEW', status: 'HELD' });
      expect(r.closedDeadline).toBeNull();
      expect((await t.as(cw()).run(DeadlineOverviewForMeetingOutcomes, { id: d.id })).deadline.status).toBe('OPEN');
    });

    it('MT-2/DL-9 Decision: on the interview day a deadline booked with the NEXT interview is not closed by holding today\'s', async () => {
      // Today's called-in interview; on its day the jobcenter issues a new deadline and the citizen books the next one (MT-2 exception).
      const c = await member();
      const today = await t.fx.meeting(c, '2026-03-02', '08:30', { type: 'JOB_INTERVIEW' });
      const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.deadline;
      const slot = await t.fx.slot(jc, '2026-03-09', '10:00');
      const b = await t.as.citizen(c.id).run(BookSlotForMeetingCallIn, { input: { slotId: slot.id } });
      expect(b.bookSlot.userErrors).toEqual([]);
      const r = await held(today.id);
      expect(r.closedDeadline).toBeNull();
      expect((await t.as(cw()).run(DeadlineOverviewForMeetingOutcomes, { id: d.id })).deadline).toMatchObject({ status: 'BOOKED', meeting: { id: b.bookSlot.meeting.id } });
    });

    it('MT-5: a citizen or an a-kasse cannot register outcomes (FORBIDDEN); another jobcenter gets NOT_FOUND', async () => {
      const c = await member();
      const m = await t.fx.meeting(c, '2026-03-02', '08:30');
      for (const actor of [as.citizen(c.id), as.fund(fund.id)]) {
        expect((await t.as(actor).exec(RegisterMeetingHeldForMeetingOutcomes, { input: { meetingId: m.id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const other = await t.fx.jobcenter();
      const r = await t.as.caseworker(other.id).run(RegisterMeetingHeldForMeetingOutcomes, { input: { meetingId: m.id } });
      expect(r.registerMeetingHeld.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('MT-1, MT-6', () => {
    it('MT-1: plannedMeetings lists every planned meeting (job interview, joint interview, follow-up, other) soonest first, for the citizen and the jobcenter (the a-kasse: its joint interviews)', async () => {
      const { c, meetingId: job } = await selfBooked('2026-03-09', '10:00');
      const call = async (type: MeetingType, day: string) => (await t.as(cw()).run(CallInMeetingForMeetingOutcomes, { input: { citizenId: c.id, type, startsAt: `${day}T10:00:00+01:00`, endsAt: `${day}T11:00:00+01:00` } })).callInMeeting.meeting.id as string;
      const other = await call('OTHER', '2026-03-18');
      const joint = await call('JOINT_INTERVIEW', '2026-03-11');
      // A held and a cancelled meeting are not listed.
      await t.fx.meeting(c, '2026-02-20', '10:00', { status: 'HELD' });
      await t.fx.meeting(c, '2026-03-20', '10:00', { status: 'CANCELLED', type: 'OTHER' });
      // A follow-up can only be planned once the job interview's day has come (MT-2); plan it then.
      t.clock.set('2026-03-09T08:00:00+01:00');
      const followUp = await call('FOLLOW_UP', '2026-03-25');
      const expected = [job, joint, other, followUp];
      for (const actor of [as.citizen(c.id), cw()]) {
        const r = await t.as(actor).run(CitizenPlannedMeetings, { id: c.id });
        expect(r.citizen.plannedMeetings.map((m: { id: string }) => m.id)).toEqual(expected);
      }
      // The a-kasse sees the meetings with it (data minimisation, RULES actors table): the joint interview.
      expect((await t.as.fund(fund.id).run(CitizenPlannedMeetings, { id: c.id })).citizen.plannedMeetings.map((m: { id: string }) => m.id)).toEqual([joint]);
      const r = await t.as.citizen(c.id).run(CitizenPlannedMeetings, { id: c.id });
      expect(r.citizen.plannedMeetings.map((m: { type: string }) => m.type)).toEqual(['JOB_INTERVIEW', 'JOINT_INTERVIEW', 'OTHER', 'FOLLOW_UP']);
      // An a-kasse cannot read a non-member's meetings.
      const nonMember = await t.fx.citizen(jc, { unemploymentFundId: null });
      expect((await t.as.fund(fund.id).run(CitizenPlannedMeetings, { id: nonMember.id })).citizen).toBeNull();
    });

    it('MT-6: an OTHER meeting never satisfies a deadline: calling in and holding it leaves the deadline OPEN, and the citizen can still book', async () => {
      const c = await member();
      const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } })).issueDeadline.deadline;
      const call = await t.as(cw()).run(CallInMeetingForMeetingOutcomes, { input: { citizenId: c.id, type: 'OTHER', shortNotice: true, startsAt: '2026-03-03T10:00:00+01:00', endsAt: '2026-03-03T12:00:00+01:00' } });
      expect(call.callInMeeting.closedDeadline).toBeNull();
      t.clock.set('2026-03-03T12:00:00+01:00');
      const r = await held(call.callInMeeting.meeting.id);
      expect(r.closedDeadline).toBeNull();
      expect((await t.as(cw()).run(DeadlineOverviewForMeetingOutcomes, { id: d.id })).deadline.status).toBe('OPEN');
      const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
      expect((await t.as.citizen(c.id).run(BookSlotForMeetingCallIn, { input: { slotId: slot.id } })).bookSlot.deadline).toMatchObject({ id: d.id, status: 'BOOKED' });
    });

    it('MT-6/DL-9: a held FOLLOW_UP does not satisfy the deadline either', async () => {
      const c = await member();
      const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } })).issueDeadline.deadline;
      const f = await t.fx.meeting(c, '2026-03-02', '08:00', { type: 'FOLLOW_UP', createdAt: at('2026-02-20') });
      const r = await held(f.id);
      expect(r.closedDeadline).toBeNull();
      expect((await t.as(cw()).run(DeadlineOverviewForMeetingOutcomes, { id: d.id })).deadline.status).toBe('OPEN');
    });
  });
});
