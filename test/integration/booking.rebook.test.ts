import { withApp } from '../support/app';
import { at } from '../support/fixtures';
import type { Citizen, Jobcenter, Slot } from '../../src/entities';
import { BookSlot, DeadlineOverview, MeetingOverviewForBookingRebook, RebookMeeting } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('rebookMeeting (SL-4)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let cut: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    cut = await t.fx.jobcenter({ rebookingCutoffHours: 24 });
  });

  /** A citizen of `j` with an OPEN deadline (bookBy 2026-03-10, latest interview 2026-03-17) who booked `date time`. */
  async function booked(j: Jobcenter = jc, date = '2026-03-12', time = '10:00', bookBy = '2026-03-10', availableFrom = '2026-03-01') {
    // JOB_READY_CASH_BENEFIT stays registered after a missed deadline (RG-7), so an expired deadline is booked at once (RG-4).
    const c = await t.fx.citizen(j, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const d = await t.fx.deadline(c, availableFrom, bookBy);
    const slot = await t.fx.slot(j, date, time);
    const r = await t.as.citizen(c.id).run(BookSlot, { input: { slotId: slot.id } });
    expect(r.bookSlot.userErrors).toEqual([]);
    return { c, d, slot, meetingId: r.bookSlot.meeting.id as string };
  }

  const rebook = (c: Citizen, meetingId: string, slotId: string, idempotencyKey?: string) =>
    t.as.citizen(c.id).run(RebookMeeting, { input: { meetingId, slotId, ...(idempotencyKey ? { idempotencyKey } : {}) } });

  async function expectRefused(c: Citizen, meetingId: string, slotId: string, code: string, field: 'slotId' | 'meetingId', message?: RegExp) {
    const before = await t.fx.snapshot();
    const r = await rebook(c, meetingId, slotId);
    expect(r.rebookMeeting).toEqual({ meeting: null, userErrors: [expect.objectContaining({ code, field: ['input', field] })] });
    expect(r.rebookMeeting.userErrors[0].message).toMatch(/^(SL|MT)-\d/);
    if (message) expect(r.rebookMeeting.userErrors[0].message).toMatch(message);
    expect(await t.fx.snapshot()).toEqual(before);
    return r;
  }

  it('SL-4: moves the booking to another free slot: old meeting CANCELLED with history and its slot freed, new one PLANNED, deadline updated', async () => {
    const { c, d, slot: oldSlot, meetingId } = await booked();
    const newSlot = await t.fx.slot(jc, '2026-03-13', '14:00', { form: 'VIDEO' });
    const r = await rebook(c, meetingId, newSlot.id);
    expect(r.rebookMeeting.userErrors).toEqual([]);
    const m = r.rebookMeeting.meeting;
    expect(m).toMatchObject({
      status: 'PLANNED', origin: 'SELF_BOOKED', type: 'JOB_INTERVIEW', form: 'VIDEO', startsAt: '2026-03-13T14:00:00+01:00',
      slot: { id: newSlot.id, booked: true }, deadline: { id: d.id, status: 'BOOKED', meeting: { id: m.id } },
    });
    expect(m.id).not.toBe(meetingId);

    const old = await t.as.caseworker(jc.id).run(MeetingOverviewForBookingRebook, { id: meetingId });
    expect(old.meeting).toMatchObject({ status: 'CANCELLED', slot: { id: oldSlot.id, booked: false } });
    expect(old.meeting.history.map((h: { action: string }) => h.action)).toEqual(['BOOKED', 'REBOOKED']);
    expect(old.meeting.history[1]).toMatchObject({ fromStatus: 'PLANNED', toStatus: 'CANCELLED', actor: `citizen:${c.id}`, reason: expect.stringMatching(/^SL-4/) });
    const fresh = await t.as.caseworker(jc.id).run(MeetingOverviewForBookingRebook, { id: m.id });
    expect(fresh.meeting.history).toEqual([expect.objectContaining({ action: 'BOOKED', toStatus: 'PLANNED', reason: expect.stringMatching(/^SL-4/) })]);
    const dl = await t.as.caseworker(jc.id).run(DeadlineOverview, { id: d.id });
    expect(dl.deadline).toMatchObject({ status: 'BOOKED', meeting: { id: m.id } });
    expect(dl.deadline.history.map((h: { action: string }) => h.action)).toEqual(['BOOKED', 'REBOOKED']);
    const [ev] = await t.ds.query(`SELECT payload FROM domain_event WHERE citizen_id = $1 AND type = 'INTERVIEW_REBOOKED'`, [c.id]);
    expect(ev.payload).toMatchObject({ fromMeetingId: meetingId, meetingId: m.id });

    // The freed slot can be booked by someone else.
    const other = await t.fx.citizen(jc);
    await t.fx.deadline(other, '2026-03-01', '2026-03-10');
    expect((await t.as.citizen(other.id).run(BookSlot, { input: { slotId: oldSlot.id } })).bookSlot.userErrors).toEqual([]);
  });

  it('SL-4: may move to another time on the same day, and the rebooked interview can be rebooked again', async () => {
    const { c, meetingId } = await booked(jc, '2026-03-11', '09:00');
    const same = await t.fx.slot(jc, '2026-03-11', '13:00');
    const r = await rebook(c, meetingId, same.id);
    expect(r.rebookMeeting.userErrors).toEqual([]);
    const again = await rebook(c, r.rebookMeeting.meeting.id, (await t.fx.slot(jc, '2026-03-09', '13:00')).id);
    expect(again.rebookMeeting.userErrors).toEqual([]);
    const planned = await t.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE citizen_id = $1 AND status = 'PLANNED'`, [c.id]);
    expect(planned[0].n).toBe(1);
  });

  describe('SL-4: the jobcenter\'s rebooking cutoff (24 hours)', () => {
    it('SL-4: rebooking exactly at the cutoff is allowed', async () => {
      const { c, meetingId } = await booked(cut, '2026-03-12', '10:00');
      const target = await t.fx.slot(cut, '2026-03-13', '10:00');
      t.clock.set('2026-03-11T10:00:00+01:00');
      expect((await rebook(c, meetingId, target.id)).rebookMeeting.userErrors).toEqual([]);
    });

    it('SL-4: one minute past the cutoff it is refused with REBOOKING_CUTOFF_PASSED, the message stating the cutoff instant', async () => {
      const { c, meetingId } = await booked(cut, '2026-03-12', '10:00');
      const target = await t.fx.slot(cut, '2026-03-13', '11:00');
      t.clock.set('2026-03-11T10:01:00+01:00');
      await expectRefused(c, meetingId, target.id, 'REBOOKING_CUTOFF_PASSED', 'meetingId', /^SL-4: rebooking closed at 2026-03-11T10:00\+01:00, 24 hours before the interview at 2026-03-12T10:00\+01:00/);
    });

    it('SL-4: without a cutoff rebooking is possible until the interview starts, not after', async () => {
      const { c, meetingId } = await booked(jc, '2026-03-12', '10:00');
      const target = await t.fx.slot(jc, '2026-03-13', '12:00');
      t.clock.set('2026-03-12T10:00:00+01:00');
      await expectRefused(c, meetingId, target.id, 'NOT_REBOOKABLE', 'meetingId', /started/);
      t.clock.set('2026-03-12T09:59:00+01:00');
      expect((await rebook(c, meetingId, target.id)).rebookMeeting.userErrors).toEqual([]);
    });
  });

  describe('SL-4: under the SL-2 conditions of the deadline it fulfils', () => {
    let c: Citizen;
    let meetingId: string;
    let currentSlot: Slot;
    beforeAll(async () => {
      ({ c, meetingId, slot: currentSlot } = await booked(jc, '2026-03-12', '11:00'));
    });

    it('SL-4: a slot on the latest interview date is accepted territory; the day after is SLOT_OUTSIDE_DEADLINE', async () => {
      await expectRefused(c, meetingId, (await t.fx.slot(jc, '2026-03-18', '08:00')).id, 'SLOT_OUTSIDE_DEADLINE', 'slotId', /2026-03-17/);
    });

    it('SL-4: a taken, withdrawn, begun or foreign slot is refused like in bookSlot', async () => {
      const { slot: taken } = await booked(jc, '2026-03-13', '15:00');
      await expectRefused(c, meetingId, taken.id, 'SLOT_TAKEN', 'slotId', /^SL-3/);
      await expectRefused(c, meetingId, (await t.fx.slot(jc, '2026-03-13', '16:00', { withdrawnAt: at('2026-03-01') })).id, 'SLOT_WITHDRAWN', 'slotId');
      await expectRefused(c, meetingId, (await t.fx.slot(jc, '2026-03-02', '08:00')).id, 'SLOT_IN_PAST', 'slotId');
      await expectRefused(c, meetingId, (await t.fx.slot(cut, '2026-03-13', '16:00')).id, 'NOT_FOUND', 'slotId');
    });

    it('SL-4: the slot it already holds is INVALID_INPUT', async () => {
      const r = await rebook(c, meetingId, currentSlot.id);
      expect(r.rebookMeeting.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'slotId'] })]);
    });

    it('SL-4/MT-2: a move that would leave two planned interviews is refused', async () => {
      const { c: c2, meetingId: m2 } = await booked(jc, '2026-03-12', '12:00');
      await t.fx.meeting(c2, '2026-03-14', '10:00', { type: 'FOLLOW_UP' });
      await expectRefused(c2, m2, (await t.fx.slot(jc, '2026-03-13', '09:00')).id, 'INTERVIEW_ALREADY_PLANNED', 'slotId', /^MT-2/);
    });

    it('SL-7: a citizen exempted after booking cannot rebook (CITIZEN_EXEMPTED)', async () => {
      const { c: c3, meetingId: m3 } = await booked(jc, '2026-03-12', '13:00');
      await t.ds.query(`UPDATE citizen SET self_booking_right = 'EXEMPTED' WHERE id = $1`, [c3.id]);
      await expectRefused(c3, m3, (await t.fx.slot(jc, '2026-03-13', '09:30')).id, 'CITIZEN_EXEMPTED', 'slotId', /^SL-7/);
    });
  });

  it('SL-4 Decision: an immediate booking (RG-4) past the latest interview date may move earlier, not later', async () => {
    const { c, meetingId } = await booked(jc, '2026-03-05', '10:00', '2026-02-20', '2026-02-10'); // latest interview date 2026-02-27
    await expectRefused(c, meetingId, (await t.fx.slot(jc, '2026-03-06', '10:00')).id, 'SLOT_OUTSIDE_DEADLINE', 'slotId', /2026-03-05/);
    expect((await rebook(c, meetingId, (await t.fx.slot(jc, '2026-03-04', '10:00')).id)).rebookMeeting.userErrors).toEqual([]);
  });

  it('SL-4: only the citizen\'s own planned self-booked job interview can be rebooked', async () => {
    const target = await t.fx.slot(jc, '2026-03-16', '10:00');
    const c = await t.fx.citizen(jc);
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const calledIn = await t.fx.meeting(c, '2026-03-09', '10:00', { origin: 'CALLED_IN' });
    await expectRefused(c, calledIn.id, target.id, 'NOT_REBOOKABLE', 'meetingId', /self-booked/);
    const held = await t.fx.meeting(c, '2026-02-20', '10:00', { origin: 'SELF_BOOKED', status: 'HELD' });
    await expectRefused(c, held.id, target.id, 'NOT_REBOOKABLE', 'meetingId');
    const { meetingId: foreign } = await booked(jc, '2026-03-12', '14:00');
    await expectRefused(c, foreign, target.id, 'NOT_FOUND', 'meetingId');
    const cw = await t.as.caseworker(jc.id).exec(RebookMeeting, { input: { meetingId: foreign, slotId: target.id } });
    expect(cw.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('SL-4: the cancelled (old) meeting of a rebooking cannot be rebooked again (NOT_REBOOKABLE)', async () => {
    const { c, meetingId } = await booked(jc, '2026-03-12', '15:00');
    expect((await rebook(c, meetingId, (await t.fx.slot(jc, '2026-03-13', '15:30')).id)).rebookMeeting.userErrors).toEqual([]);
    await expectRefused(c, meetingId, (await t.fx.slot(jc, '2026-03-13', '16:30')).id, 'NOT_REBOOKABLE', 'meetingId', /cancelled/);
  });

  it('SL-3/SL-4: a retried rebookMeeting with the same idempotency key returns the first result and changes nothing', async () => {
    const { c, meetingId } = await booked(jc, '2026-03-12', '16:00');
    const target = await t.fx.slot(jc, '2026-03-13', '17:00');
    const first = await rebook(c, meetingId, target.id, 'move-1');
    expect(first.rebookMeeting.userErrors).toEqual([]);
    const before = await t.fx.snapshot();
    const again = await rebook(c, meetingId, target.id, 'move-1');
    expect(again.rebookMeeting.meeting.id).toBe(first.rebookMeeting.meeting.id);
    expect(await t.fx.snapshot()).toEqual(before);
  });
});
