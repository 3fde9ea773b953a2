import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import type { TargetGroup } from '../../src/generated/enums';
import { BookSlotForNoShow, CallInMeetingForNoShow, CancelMeetingForNoShow, CitizenState, IssueDeadline, RegisterNoShowForNoShow, type RegisterNoShowInput } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday
const NO_SHOW_TIME = '2026-03-05T09:30:00+01:00'; // after the 09:00 interview on Thursday

describe('registerNoShow (NS-1, NS-2, NS-3)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const cw = () => as.caseworker(jc.id);
  const noShow = (input: RegisterNoShowInput) => t.as(cw()).run(RegisterNoShowForNoShow, { input }).then((r) => r.registerNoShow);
  const eventTypes = async (c: Citizen) =>
    ((await t.ds.query(`SELECT type FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id])) as { type: string }[]).map((e) => e.type);
  const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

  /** A citizen who self-booked an interview on Thursday 5 March 09:00 (deadline bookBy 10 March). */
  async function selfBooked(targetGroup: TargetGroup = 'INSURED_UNEMPLOYED', over: Partial<Citizen> = {}) {
    const c = await t.fx.citizen(jc, { targetGroup, unemploymentFundId: targetGroup === 'INSURED_UNEMPLOYED' ? fund.id : null, ...over });
    const d = (await t.as(cw()).run(IssueDeadline, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline;
    expect(d.userErrors).toEqual([]);
    const slot = await t.fx.slot(jc, '2026-03-05', '09:00');
    const b = (await t.as.citizen(c.id).run(BookSlotForNoShow, { input: { slotId: slot.id } })).bookSlot;
    expect(b.userErrors).toEqual([]);
    return { c, deadlineId: d.deadline.id as string, meeting: b.meeting as { id: string; sanctionable: boolean } };
  }

  /** NS-1: the citizen has an active deadline or a planned meeting. */
  async function expectNotLeftWithout(c: Citizen) {
    const s = (await t.as(cw()).run(CitizenState, { id: c.id })).citizen;
    expect(s.activeDeadline !== null || s.plannedMeetings.length > 0).toBe(true);
    return s;
  }

  describe('NS-1: new deadline or call-in', () => {
    it('NS-1: NEW_DEADLINE records the no-show and issues a new OPEN deadline (the booked one is superseded)', async () => {
      const { c, meeting, deadlineId } = await selfBooked();
      t.clock.set(NO_SHOW_TIME);
      const r = await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } });
      expect(r.userErrors).toEqual([]);
      expect(r.meeting.status).toBe('NO_SHOW');
      expect(r.newDeadline).toMatchObject({ status: 'OPEN', bookBy: '2026-03-13' });
      expect(r.calledInMeeting).toBeNull();
      const s = await expectNotLeftWithout(c);
      expect(s.activeDeadline.id).toBe(r.newDeadline.id);
      expect(s.deadlines.find((d: { id: string }) => d.id === deadlineId)).toMatchObject({ status: 'CLOSED', closeReason: 'SUPERSEDED' });
    });

    it('NS-1: CALL_IN records the no-show and calls the citizen in, in the same operation; the booked deadline is closed (CALLED_IN_INSTEAD)', async () => {
      const { c, meeting, deadlineId } = await selfBooked();
      t.clock.set(NO_SHOW_TIME);
      const r = await noShow({ meetingId: meeting.id, followUp: 'CALL_IN', callIn: { startsAt: '2026-03-13T10:00:00+01:00', endsAt: '2026-03-13T10:30:00+01:00', location: 'Room 2' } });
      expect(r.userErrors).toEqual([]);
      expect(r.meeting.status).toBe('NO_SHOW');
      expect(r.meeting.history.map((h: { action: string }) => h.action)).toEqual(['BOOKED', 'NO_SHOW']);
      expect(r.newDeadline).toBeNull();
      expect(r.calledInMeeting).toMatchObject({ type: 'JOB_INTERVIEW', origin: 'CALLED_IN', status: 'PLANNED', startsAt: '2026-03-13T10:00:00+01:00' });
      const s = await expectNotLeftWithout(c);
      expect(s.activeDeadline).toBeNull();
      expect(s.plannedMeetings.map((m: { id: string }) => m.id)).toEqual([r.calledInMeeting.id]);
      const old = s.deadlines.find((d: { id: string }) => d.id === deadlineId)!;
      expect(old).toMatchObject({ status: 'CLOSED', closeReason: 'CALLED_IN_INSTEAD' });
      expect(old.history.at(-1)!.reason).toMatch(/NS-1: no-show/);
    });

    it('NS-1/MT-3: a digital follow-up call-in 7 days ahead is refused and changes nothing — the no-show itself is not recorded', async () => {
      const { c, meeting } = await selfBooked();
      t.clock.set(NO_SHOW_TIME);
      const before = await t.fx.snapshot();
      const r = await noShow({ meetingId: meeting.id, followUp: 'CALL_IN', callIn: { startsAt: '2026-03-12T10:00:00+01:00', endsAt: '2026-03-12T10:30:00+01:00' } });
      expect(r.meeting).toBeNull();
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FOLLOW_UP', field: ['input', 'callIn', 'startsAt'] })]);
      expect(r.userErrors[0].message).toMatch(/^NS-1: MT-3: .*2026-03-13/);
      expect(await t.fx.snapshot()).toEqual(before);
      // Day 8 works, and so does a short-notice call-in for tomorrow.
      const ok = await noShow({ meetingId: meeting.id, followUp: 'CALL_IN', callIn: { shortNotice: true, startsAt: '2026-03-06T10:00:00+01:00', endsAt: '2026-03-06T10:30:00+01:00' } });
      expect(ok.userErrors).toEqual([]);
      expect(ok.calledInMeeting.shortNotice).toBe(true);
      await expectNotLeftWithout(c);
    });

    it('NS-1: an invalid new deadline (too short, DL-2) changes nothing, including the no-show', async () => {
      const { meeting } = await selfBooked();
      t.clock.set(NO_SHOW_TIME);
      const before = await t.fx.snapshot();
      const r = await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-12' } });
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FOLLOW_UP', field: ['input', 'newDeadline', 'bookBy'] })]);
      expect(r.userErrors[0].message).toMatch(/^NS-1: DL-2: /);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('NS-1: a citizen who may not get a deadline (exempted, EX-1) is refused NEW_DEADLINE and can be called in instead', async () => {
      const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', selfBookingRight: 'EXEMPTED' });
      const m = await t.fx.meeting(c, '2026-03-05', '09:00');
      t.clock.set(NO_SHOW_TIME);
      const before = await t.fx.snapshot();
      const refused = await noShow({ meetingId: m.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } });
      expect(refused.userErrors[0]).toMatchObject({ code: 'INVALID_FOLLOW_UP' });
      expect(refused.userErrors[0].message).toMatch(/^NS-1: DL-5\/EX-1/);
      expect(await t.fx.snapshot()).toEqual(before);
      const r = await noShow({ meetingId: m.id, followUp: 'CALL_IN', callIn: { type: 'FOLLOW_UP', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' } });
      expect(r.userErrors).toEqual([]);
      expect(r.calledInMeeting.type).toBe('FOLLOW_UP');
      await expectNotLeftWithout(c);
    });

    it('NS-1: the follow-up must be given, and a call-in to an OTHER meeting does not count', async () => {
      const { meeting } = await selfBooked();
      t.clock.set(NO_SHOW_TIME);
      const before = await t.fx.snapshot();
      const noDeadline = await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE' });
      expect(noDeadline.userErrors[0]).toMatchObject({ code: 'INVALID_FOLLOW_UP', field: ['input', 'newDeadline'] });
      const noCallIn = await noShow({ meetingId: meeting.id, followUp: 'CALL_IN' });
      expect(noCallIn.userErrors[0]).toMatchObject({ code: 'INVALID_FOLLOW_UP', field: ['input', 'callIn'] });
      const other = await noShow({ meetingId: meeting.id, followUp: 'CALL_IN', callIn: { type: 'OTHER', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' } });
      expect(other.userErrors[0]).toMatchObject({ code: 'INVALID_FOLLOW_UP', field: ['input', 'callIn', 'type'] });
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('NS-1/MT-5: a no-show is registered from the meeting\'s start, once', async () => {
      const { meeting } = await selfBooked();
      t.clock.set('2026-03-05T08:59:00+01:00');
      const early = await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } });
      expect(early.userErrors[0]).toMatchObject({ code: 'MEETING_NOT_STARTED' });
      t.clock.set('2026-03-05T09:00:00+01:00');
      expect((await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } })).userErrors).toEqual([]);
      const again = await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-14' } });
      expect(again.userErrors[0]).toMatchObject({ code: 'NOT_PLANNED' });
    });

    it('NS-1: a retry with the same idempotency key returns the first call-in', async () => {
      const { c, meeting } = await selfBooked();
      t.clock.set(NO_SHOW_TIME);
      const input: RegisterNoShowInput = { meetingId: meeting.id, followUp: 'CALL_IN', callIn: { startsAt: '2026-03-13T10:00:00+01:00', endsAt: '2026-03-13T10:30:00+01:00' }, idempotencyKey: `ns-${c.id}` };
      const a = await noShow(input);
      const b = await noShow(input);
      expect(b.userErrors).toEqual([]);
      expect(b.calledInMeeting.id).toBe(a.calledInMeeting.id);
      expect(b.meeting).toMatchObject({ id: meeting.id, status: 'NO_SHOW' });
    });
  });

  describe('NS-2: sanctionable', () => {
    const cases: [TargetGroup, boolean][] = [
      ['INSURED_UNEMPLOYED', true], ['JOB_READY_CASH_BENEFIT', true], ['SICKNESS_BENEFIT', true],
      ['EDUCATION_READY_EDUCATION_BENEFIT', false], ['JOB_READY_TRANSITION_BENEFIT', false],
    ];
    it.each(cases)('NS-2: a no-show from a self-booked interview of %s is sanctionable: %s', async (group, expected) => {
      const { meeting } = await selfBooked(group);
      expect(meeting.sanctionable).toBe(expected);
      t.clock.set(NO_SHOW_TIME);
      const r = await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } });
      expect(r.meeting).toMatchObject({ status: 'NO_SHOW', sanctionable: expected });
    });

    it.each(cases)('NS-2: a no-show from a called-in interview of %s is sanctionable: %s', async (group, expected) => {
      const c = await t.fx.citizen(jc, { targetGroup: group });
      const m = (await t.as(cw()).run(CallInMeetingForNoShow, { input: { citizenId: c.id, type: 'JOB_INTERVIEW', shortNotice: true, startsAt: '2026-03-05T09:00:00+01:00', endsAt: '2026-03-05T09:30:00+01:00' } })).callInMeeting.meeting;
      expect(m.sanctionable).toBe(expected);
      t.clock.set(NO_SHOW_TIME);
      const r = await noShow({ meetingId: m.id, followUp: 'CALL_IN', callIn: { startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' } });
      expect(r.userErrors).toEqual([]);
      expect(r.meeting.sanctionable).toBe(expected);
      expect(r.calledInMeeting.sanctionable).toBe(expected);
    });
  });

  describe('NS-3: reported to the a-kasse', () => {
    it('NS-3: a no-show of an INSURED_UNEMPLOYED is reported (NO_SHOW with the a-kasse); of another group it is not', async () => {
      const a = await selfBooked('INSURED_UNEMPLOYED');
      const b = await selfBooked('JOB_READY_CASH_BENEFIT');
      t.clock.set(NO_SHOW_TIME);
      for (const x of [a, b]) {
        expect((await noShow({ meetingId: x.meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } })).userErrors).toEqual([]);
      }
      const rows = await t.ds.query(`SELECT unemployment_fund_id, payload FROM domain_event WHERE citizen_id = $1 AND type = 'NO_SHOW'`, [a.c.id]);
      expect(rows).toEqual([expect.objectContaining({ unemployment_fund_id: fund.id, payload: expect.objectContaining({ meetingId: a.meeting.id, sanctionable: true }) })]);
      expect(await eventTypes(b.c)).not.toContain('NO_SHOW');
    });

    it('NS-3: self-booking after a no-show emits CONTACT_AFTER_NO_SHOW exactly once (not again on a later booking)', async () => {
      const { c, meeting } = await selfBooked('INSURED_UNEMPLOYED');
      t.clock.set(NO_SHOW_TIME);
      await noShow({ meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } });
      expect(count(await eventTypes(c), 'CONTACT_AFTER_NO_SHOW')).toBe(0);
      t.clock.set('2026-03-06T10:00:00+01:00');
      const s1 = await t.fx.slot(jc, '2026-03-11', '10:00');
      const b1 = (await t.as.citizen(c.id).run(BookSlotForNoShow, { input: { slotId: s1.id } })).bookSlot;
      expect(b1.userErrors).toEqual([]);
      expect(count(await eventTypes(c), 'CONTACT_AFTER_NO_SHOW')).toBe(1);
      // The jobcenter cancels and reopens; booking again is not a new contact after the same no-show.
      expect((await t.as(cw()).run(CancelMeetingForNoShow, { input: { meetingId: b1.meeting.id, reason: 'Room unavailable', deadlineAction: 'REOPEN' } })).cancelMeeting.userErrors).toEqual([]);
      const s2 = await t.fx.slot(jc, '2026-03-12', '10:00');
      expect((await t.as.citizen(c.id).run(BookSlotForNoShow, { input: { slotId: s2.id } })).bookSlot.userErrors).toEqual([]);
      expect(count(await eventTypes(c), 'CONTACT_AFTER_NO_SHOW')).toBe(1);
    });

    it('NS-3: a called-in follow-up is not contact from the citizen (no CONTACT_AFTER_NO_SHOW); a group other than INSURED_UNEMPLOYED never gets one', async () => {
      const a = await selfBooked('INSURED_UNEMPLOYED');
      t.clock.set(NO_SHOW_TIME);
      await noShow({ meetingId: a.meeting.id, followUp: 'CALL_IN', callIn: { startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T10:30:00+01:00' } });
      expect(count(await eventTypes(a.c), 'CONTACT_AFTER_NO_SHOW')).toBe(0);
      t.clock.set(NOW);
      const b = await selfBooked('JOB_READY_CASH_BENEFIT');
      t.clock.set(NO_SHOW_TIME);
      await noShow({ meetingId: b.meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } });
      const s = await t.fx.slot(jc, '2026-03-11', '11:00');
      expect((await t.as.citizen(b.c.id).run(BookSlotForNoShow, { input: { slotId: s.id } })).bookSlot.userErrors).toEqual([]);
      expect(count(await eventTypes(b.c), 'CONTACT_AFTER_NO_SHOW')).toBe(0);
    });
  });

  it('NS-1: only jobcenter staff register no-shows (FORBIDDEN for the citizen and the a-kasse)', async () => {
    const { c, meeting } = await selfBooked();
    t.clock.set(NO_SHOW_TIME);
    const input: RegisterNoShowInput = { meetingId: meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } };
    for (const actor of [as.citizen(c.id), as.fund(fund.id)]) {
      expect((await t.as(actor).exec(RegisterNoShowForNoShow, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
