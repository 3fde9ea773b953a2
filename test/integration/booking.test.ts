import { withApp } from '../support/app';
import { at } from '../support/fixtures';
import type { Citizen, Jobcenter } from '../../src/entities';
import { BookSlotForBooking, CitizenBookableSlots, DeadlineOverviewForBooking, MeImmediateBookingRequiredBookableSlots, MeMessages, MeetingStatusHistory, MyObligationsBookableSlotsForBooking, ReportRecoveryForRegistration,
  ReportSicknessForRegistration } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('bookSlot and bookableSlots (SL-2, SL-3, SL-5, SL-6, SL-7, MT-2, RG-4)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  /** A citizen of `j` with an OPEN deadline available from 2026-03-01 (latest interview date = bookBy + 7). */
  /** RG-7: other duty groups stay registered after a missed deadline (INSURED_UNEMPLOYED are deregistered first, RG-1). */
  const STAYS_REGISTERED: Partial<Citizen> = { targetGroup: 'JOB_READY_CASH_BENEFIT' };

  async function withDeadline(bookBy = '2026-03-10', over: Partial<Citizen> = {}, j: Jobcenter = jc, availableFrom = '2026-03-01') {
    const c = await t.fx.citizen(j, over);
    const d = await t.fx.deadline(c, availableFrom, bookBy);
    return { c, d };
  }

  const book = (c: Citizen, slotId: string, idempotencyKey?: string) =>
    t.as.citizen(c.id).run(BookSlotForBooking, { input: { slotId, ...(idempotencyKey ? { idempotencyKey } : {}) } });

  async function expectRefused(c: Citizen, slotId: string, code: string, message?: RegExp) {
    const before = await t.fx.snapshot();
    const r = await book(c, slotId);
    expect(r.bookSlot.meeting).toBeNull();
    expect(r.bookSlot.userErrors).toEqual([expect.objectContaining({ code, field: ['input', 'slotId'] })]);
    if (message) expect(r.bookSlot.userErrors[0].message).toMatch(message);
    expect(r.bookSlot.userErrors[0].message).toMatch(/^(SL|MT|RG)-\d/);
    expect(await t.fx.snapshot()).toEqual(before);
  }

  describe('SL-2: the conditions for booking', () => {
    it('SL-2: a slot on the latest interview date is bookable; it records history on both and an INTERVIEW_BOOKED event', async () => {
      const { c, d } = await withDeadline('2026-03-10');
      const slot = await t.fx.slot(jc, '2026-03-17', '15:00');
      const r = await book(c, slot.id);
      expect(r.bookSlot.userErrors).toEqual([]);
      expect(r.bookSlot.meeting).toMatchObject({
        type: 'JOB_INTERVIEW', origin: 'SELF_BOOKED', status: 'PLANNED', form: 'IN_PERSON',
        startsAt: '2026-03-17T15:00:00+01:00', endsAt: '2026-03-17T15:30:00+01:00', slot: { id: slot.id, booked: true }, deadline: { id: d.id },
      });
      expect(r.bookSlot.deadline).toEqual({ id: d.id, status: 'BOOKED', meeting: { id: r.bookSlot.meeting.id } });
      const dl = await t.as.caseworker(jc.id).run(DeadlineOverviewForBooking, { id: d.id });
      expect(dl.deadline.history).toEqual([expect.objectContaining({ action: 'BOOKED', fromStatus: 'OPEN', toStatus: 'BOOKED', actor: `citizen:${c.id}` })]);
      const m = await t.as.caseworker(jc.id).run(MeetingStatusHistory, { id: r.bookSlot.meeting.id });
      expect(m.meeting.history).toEqual([expect.objectContaining({ action: 'BOOKED', toStatus: 'PLANNED', actor: `citizen:${c.id}` })]);
      const events = await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1`, [c.id]);
      expect(events).toEqual([expect.objectContaining({ type: 'INTERVIEW_BOOKED', payload: expect.objectContaining({ meetingId: r.bookSlot.meeting.id, immediate: false }) })]);
    });

    it('SL-2: a slot on the day after the latest interview date is refused (SLOT_OUTSIDE_DEADLINE) and changes nothing', async () => {
      const { c } = await withDeadline('2026-03-10');
      const slot = await t.fx.slot(jc, '2026-03-18', '08:00');
      await expectRefused(c, slot.id, 'SLOT_OUTSIDE_DEADLINE', /^SL-2: .*latest interview date 2026-03-17.*2026-03-18/);
    });

    it('SL-2: on bookBy itself the citizen can still book (the deadline is OPEN that whole day)', async () => {
      const { c } = await withDeadline('2026-03-10');
      t.clock.set('2026-03-10T23:50:00+01:00');
      const slot = await t.fx.slot(jc, '2026-03-16', '09:00');
      expect((await book(c, slot.id)).bookSlot.userErrors).toEqual([]);
    });

    it('SL-2: a slot that already started is refused (SLOT_IN_PAST), also one starting this very minute', async () => {
      const { c } = await withDeadline();
      await expectRefused(c, (await t.fx.slot(jc, '2026-03-02', '08:45')).id, 'SLOT_IN_PAST');
      await expectRefused(c, (await t.fx.slot(jc, '2026-03-02', '09:00')).id, 'SLOT_IN_PAST');
      expect((await book(c, (await t.fx.slot(jc, '2026-03-02', '09:01')).id)).bookSlot.userErrors).toEqual([]);
    });

    it('SL-2/SL-1: a group-then-individual slot whose group part has begun is refused, though the individual part is later', async () => {
      const { c } = await withDeadline();
      const started = await t.fx.slot(jc, '2026-03-02', '09:30', { kind: 'GROUP_THEN_INDIVIDUAL', groupStartsAt: at('2026-03-02', '08:45') });
      await expectRefused(c, started.id, 'SLOT_IN_PAST', /08:45/);
      const later = await t.fx.slot(jc, '2026-03-04', '10:30', { kind: 'GROUP_THEN_INDIVIDUAL', groupStartsAt: at('2026-03-04', '09:30') });
      const r = await book(c, later.id);
      expect(r.bookSlot.userErrors).toEqual([]);
      expect(r.bookSlot.meeting).toMatchObject({ type: 'JOB_INTERVIEW', startsAt: '2026-03-04T10:30:00+01:00' });
    });

    it('SL-2: a slot of another jobcenter is NOT_FOUND (no probing), like a slot that does not exist', async () => {
      const { c } = await withDeadline();
      const other = await t.fx.jobcenter();
      await expectRefused(c, (await t.fx.slot(other, '2026-03-05', '10:00')).id, 'NOT_FOUND');
      await expectRefused(c, '00000000-0000-4000-8000-000000000000', 'NOT_FOUND');
    });

    it('SL-2: a withdrawn slot is refused (SLOT_WITHDRAWN)', async () => {
      const { c } = await withDeadline();
      const slot = await t.fx.slot(jc, '2026-03-05', '11:00', { withdrawnAt: at('2026-03-01'), withdrawnReason: 'Sygdom' });
      await expectRefused(c, slot.id, 'SLOT_WITHDRAWN');
    });

    it('SL-2: without an open deadline booking is refused (NO_OPEN_DEADLINE): none, a closed one, one not yet available, one already booked', async () => {
      const slot = await t.fx.slot(jc, '2026-03-05', '12:00');
      const none = await t.fx.citizen(jc);
      await expectRefused(none, slot.id, 'NO_OPEN_DEADLINE', /no open deadline/);
      const closed = await t.fx.citizen(jc);
      await t.fx.deadline(closed, '2026-03-01', '2026-03-10', { status: 'CLOSED', closeReason: 'OTHER' });
      await expectRefused(closed, slot.id, 'NO_OPEN_DEADLINE');
      const { c: early } = await withDeadline('2026-03-20', {}, jc, '2026-03-05');
      await expectRefused(early, slot.id, 'NO_OPEN_DEADLINE', /not open for booking yet/);
      const { c: booked } = await withDeadline();
      expect((await book(booked, (await t.fx.slot(jc, '2026-03-06', '12:00')).id)).bookSlot.userErrors).toEqual([]);
      await expectRefused(booked, slot.id, 'NO_OPEN_DEADLINE', /rebookMeeting/);
    });

    it('a caseworker cannot book for a citizen (FORBIDDEN); an anonymous caller is UNAUTHENTICATED', async () => {
      const slot = await t.fx.slot(jc, '2026-03-05', '13:00');
      const r = await t.as.caseworker(jc.id).exec(BookSlotForBooking, { input: { slotId: slot.id } });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const anon = await t.as.anonymous().exec(BookSlotForBooking, { input: { slotId: slot.id } });
      expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const bad = await t.as.citizen((await t.fx.citizen(jc)).id).run(BookSlotForBooking, { input: { slotId: 'slot-1' } });
      expect(bad.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'slotId'] })]);
    });
  });

  describe('SL-2 across the DST changes: the latest interview date is a Copenhagen local day', () => {
    it('SL-2: on 2026-10-25 (25 hours) a slot at 23:30 is on the latest interview date; 00:30 on the 26th (still the 25th in UTC) is not', async () => {
      t.clock.set('2026-10-15T09:00:00+02:00');
      const dj = await t.fx.jobcenter();
      const { c } = await withDeadline('2026-10-18', {}, dj, '2026-10-10');
      const late = await t.fx.slot(dj, '2026-10-25', '23:30');
      const after = await t.fx.slot(dj, '2026-10-26', '00:30');
      expect(after.startsAt.toString()).toBe('2026-10-25T23:30:00Z');
      const offered = await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      expect(offered.me.bookableSlots).toMatchObject({ windowTo: '2026-10-25', slots: [{ id: late.id, startsAt: '2026-10-25T23:30:00+01:00' }] });
      await expectRefused(c, after.id, 'SLOT_OUTSIDE_DEADLINE', /2026-10-25.*2026-10-26/);
      const r = await book(c, late.id);
      expect(r.bookSlot.userErrors).toEqual([]);
      expect(r.bookSlot.meeting.startsAt).toBe('2026-10-25T23:30:00+01:00');
      const [row] = await t.ds.query(`SELECT local_day::text AS d FROM meeting WHERE id = $1`, [r.bookSlot.meeting.id]);
      expect(row.d).toBe('2026-10-25');
    });

    it('SL-2: on 2026-03-29 (23 hours; 02:30 does not exist) a slot published for 02:30 is at 03:30 CEST and bookable; 00:30 on the 30th is not', async () => {
      t.clock.set('2026-03-20T09:00:00+01:00');
      const dj = await t.fx.jobcenter();
      const { c } = await withDeadline('2026-03-22', {}, dj, '2026-03-13');
      const nonexistent = await t.fx.slot(dj, '2026-03-29', '02:30');
      const late = await t.fx.slot(dj, '2026-03-29', '23:30');
      const after = await t.fx.slot(dj, '2026-03-30', '00:30');
      const offered = await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      expect(offered.me.bookableSlots.slots).toEqual([
        { id: nonexistent.id, startsAt: '2026-03-29T03:30:00+02:00' }, { id: late.id, startsAt: '2026-03-29T23:30:00+02:00' }]);
      await expectRefused(c, after.id, 'SLOT_OUTSIDE_DEADLINE');
      const r = await book(c, nonexistent.id);
      expect(r.bookSlot.meeting.startsAt).toBe('2026-03-29T03:30:00+02:00');
    });
  });

  it('SL-6: PHONE and VIDEO slots are booked exactly like in-person ones (a job interview in that form)', async () => {
    for (const form of ['PHONE', 'VIDEO'] as const) {
      const { c, d } = await withDeadline();
      const slot = await t.fx.slot(jc, '2026-03-09', form === 'PHONE' ? '09:00' : '09:30', { form, location: null });
      const r = await book(c, slot.id);
      expect(r.bookSlot.userErrors).toEqual([]);
      expect(r.bookSlot.meeting).toMatchObject({ form, type: 'JOB_INTERVIEW', origin: 'SELF_BOOKED', status: 'PLANNED' });
      expect(r.bookSlot.deadline).toMatchObject({ id: d.id, status: 'BOOKED' });
    }
  });

  it('SL-7: an exempted citizen gets CITIZEN_EXEMPTED, a revoked one CITIZEN_REVOKED; neither is offered slots', async () => {
    const slot = await t.fx.slot(jc, '2026-03-09', '10:00');
    const { c: ex } = await withDeadline('2026-03-10', { selfBookingRight: 'EXEMPTED' });
    await expectRefused(ex, slot.id, 'CITIZEN_EXEMPTED', /^SL-7/);
    const { c: rev } = await withDeadline('2026-03-10', { selfBookingRight: 'REVOKED' });
    await expectRefused(rev, slot.id, 'CITIZEN_REVOKED', /^SL-7/);
    const view = await t.as.citizen(rev.id).run(MeImmediateBookingRequiredBookableSlots, {});
    expect(view.me.bookableSlots).toMatchObject({ slots: [], noSlotsAvailable: false, message: null });
    expect((await t.as.citizen(rev.id).run(MeMessages)).me.messages).toEqual([]);
  });

  describe('MT-2: one planned job interview at a time, except on its day', () => {
    it('MT-2: a second planned job interview is refused, naming the planned one; on the day of the planned one a new one may be booked', async () => {
      const { c } = await withDeadline('2026-03-10');
      await t.fx.meeting(c, '2026-03-05', '10:00', { origin: 'CALLED_IN' });
      const slot = await t.fx.slot(jc, '2026-03-12', '10:00');
      await expectRefused(c, slot.id, 'INTERVIEW_ALREADY_PLANNED', /^MT-2: .*2026-03-05T10:00/);
      t.clock.set('2026-03-05T08:00:00+01:00');
      const r = await book(c, slot.id);
      expect(r.bookSlot.userErrors).toEqual([]);
      const planned = await t.ds.query(`SELECT local_day::text AS d FROM meeting WHERE citizen_id = $1 AND status = 'PLANNED' ORDER BY starts_at`, [c.id]);
      expect(planned.map((p: { d: string }) => p.d)).toEqual(['2026-03-05', '2026-03-12']);
    });

    it('MT-2: on the day of the planned one, a second one that same day is still refused; a planned follow-up blocks like an interview', async () => {
      const { c } = await withDeadline('2026-03-10');
      await t.fx.meeting(c, '2026-03-05', '10:00');
      t.clock.set('2026-03-05T08:00:00+01:00');
      await expectRefused(c, (await t.fx.slot(jc, '2026-03-05', '14:00')).id, 'INTERVIEW_ALREADY_PLANNED');
      const { c: f } = await withDeadline('2026-03-10');
      await t.fx.meeting(f, '2026-03-06', '10:00', { type: 'FOLLOW_UP' });
      await expectRefused(f, (await t.fx.slot(jc, '2026-03-09', '14:00')).id, 'INTERVIEW_ALREADY_PLANNED', /follow-up/);
    });

    it('MT-2: a planned joint interview does not block booking a job interview', async () => {
      const { c } = await withDeadline('2026-03-10');
      await t.fx.meeting(c, '2026-03-06', '10:00', { type: 'JOINT_INTERVIEW', origin: 'CALLED_IN' });
      expect((await book(c, (await t.fx.slot(jc, '2026-03-09', '15:00')).id)).bookSlot.userErrors).toEqual([]);
    });
  });

  describe('RG-4: immediate booking (straksbooking)', () => {
    let rj: Jobcenter;
    let beyond: string;
    let lastDay: string;
    beforeAll(async () => {
      rj = await t.fx.jobcenter();
      // 12 free slots from today to 2026-03-06, one on the window's last day (2026-03-07) and one after it.
      for (let i = 0; i < 12; i++) await t.fx.slot(rj, `2026-03-0${2 + Math.floor(i / 3)}`, ['10:00', '11:00', '13:00'][i % 3]);
      lastDay = (await t.fx.slot(rj, '2026-03-07', '23:00')).id;
      beyond = (await t.fx.slot(rj, '2026-03-08', '09:00')).id;
    });

    it('RG-4: a citizen whose deadline expired without a booking must book at once, from at most 10 slots within the window', async () => {
      const { c, d } = await withDeadline('2026-02-28', STAYS_REGISTERED, rj, '2026-02-16');
      const r = await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, { first: 50 });
      expect(r.me.immediateBookingRequired).toBe(true);
      const offer = r.me.bookableSlots;
      expect(offer).toMatchObject({ immediateBooking: true, noSlotsAvailable: false, windowFrom: '2026-03-02', windowTo: '2026-03-07' });
      expect(offer.slots).toHaveLength(10);
      expect(offer.slots.map((s: { id: string }) => s.id)).not.toContain(beyond);
      const starts = offer.slots.map((s: { startsAt: string }) => s.startsAt);
      expect([...starts].sort()).toEqual(starts); // soonest first
      expect(starts[0]).toBe('2026-03-02T10:00:00+01:00');

      const chosen = offer.slots[9].id;
      const b = await book(c, chosen);
      expect(b.bookSlot.userErrors).toEqual([]);
      expect(b.bookSlot.deadline).toMatchObject({ id: d.id, status: 'BOOKED' });
      const dl = await t.as.caseworker(rj.id).run(DeadlineOverviewForBooking, { id: d.id });
      // The expiry the daily run would have stored is recorded first (DL-7), then the immediate booking.
      expect(dl.deadline.history).toEqual([
        expect.objectContaining({ action: 'EXPIRED', fromStatus: 'OPEN', toStatus: 'EXPIRED' }),
        expect.objectContaining({ action: 'BOOKED', fromStatus: 'EXPIRED', toStatus: 'BOOKED', reason: 'RG-4: immediate booking' }),
      ]);
      const after = await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      expect(after.me.immediateBookingRequired).toBe(false);
    });

    it('RG-4: the window\'s last day is bookable; a slot beyond the immediate-booking window is refused', async () => {
      const { c } = await withDeadline('2026-02-28', STAYS_REGISTERED, rj, '2026-02-16');
      await expectRefused(c, beyond, 'SLOT_OUTSIDE_DEADLINE', /^RG-4: .*2026-03-07.*2026-03-08/);
      expect((await book(c, lastDay)).bookSlot.userErrors).toEqual([]);
    });

    it('RG-4: the offer holds at most 10 even when asked for more, and fewer when asked for fewer', async () => {
      const { c } = await withDeadline('2026-02-28', STAYS_REGISTERED, rj, '2026-02-16');
      expect((await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, { first: 3 })).me.bookableSlots.slots).toHaveLength(3);
      expect((await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, { first: 100 })).me.bookableSlots.slots.length).toBeLessThanOrEqual(10);
    });
  });

  describe('SL-5: no free slot fits', () => {
    it('SL-5: reports noSlotsAvailable with the message and records one NO_SLOTS_AVAILABLE inbox message per deadline and day', async () => {
      const ej = await t.fx.jobcenter();
      const { c } = await withDeadline('2026-03-10', {}, ej);
      // None of these fit: another jobcenter's, a withdrawn one, a booked one, one after the latest interview date, one begun.
      await t.fx.slot(jc, '2026-03-05', '10:00');
      await t.fx.slot(ej, '2026-03-05', '10:00', { withdrawnAt: at('2026-03-01') });
      const { c: other } = await withDeadline('2026-03-10', {}, ej);
      expect((await book(other, (await t.fx.slot(ej, '2026-03-05', '11:00')).id)).bookSlot.userErrors).toEqual([]);
      await t.fx.slot(ej, '2026-03-18', '09:00');
      await t.fx.slot(ej, '2026-03-02', '08:00');

      const r = await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      expect(r.me.bookableSlots).toMatchObject({ slots: [], noSlotsAvailable: true, immediateBooking: false, windowTo: '2026-03-17' });
      expect(r.me.bookableSlots.message).toMatch(/Kontakt jobcenteret/);
      expect(r.me.bookableSlots.message).toMatch(/2026-03-10/);
      const inbox = async () => (await t.as.citizen(c.id).run(MeMessages)).me.messages;
      expect(await inbox()).toEqual([{ kind: 'NO_SLOTS_AVAILABLE', text: r.me.bookableSlots.message, at: '2026-03-02T09:00:00+01:00' }]);

      // Asking again the same day (and a caseworker looking) records nothing new.
      t.clock.set('2026-03-02T18:00:00+01:00');
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      const cw = await t.as.caseworker(ej.id).run(CitizenBookableSlots, { id: c.id });
      expect(cw.citizen.bookableSlots.noSlotsAvailable).toBe(true);
      expect(await inbox()).toHaveLength(1);

      // The next day it is said again.
      t.clock.set('2026-03-03T09:00:00+01:00');
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      expect(await inbox()).toHaveLength(2);
    });

    it('SL-5: a new deadline the same day gets its own message; once a slot is published the state clears', async () => {
      const ej = await t.fx.jobcenter();
      const { c, d } = await withDeadline('2026-03-10', {}, ej);
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      await t.ds.query(`UPDATE deadline SET status = 'CLOSED', close_reason = 'SUPERSEDED' WHERE id = $1`, [d.id]);
      await t.fx.deadline(c, '2026-03-02', '2026-03-12');
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      const messages = (await t.as.citizen(c.id).run(MeMessages)).me.messages;
      expect(messages).toHaveLength(2);
      expect(messages[0].text).not.toEqual(messages[1].text);
      const slot = await t.fx.slot(ej, '2026-03-19', '09:00');
      const later = await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      expect(later.me.bookableSlots).toMatchObject({ noSlotsAvailable: false, message: null, slots: [{ id: slot.id }] });
      expect((await t.as.citizen(c.id).run(MeMessages)).me.messages).toHaveLength(2);
    });

    it('SL-5: twenty simultaneous reads of a citizen who finds no slot record the message once', async () => {
      const { c } = await withDeadline('2026-03-10', {}, await t.fx.jobcenter());
      const reads = await Promise.all(Array.from({ length: 20 }, () => t.as.citizen(c.id).exec(MeImmediateBookingRequiredBookableSlots, {})));
      expect(reads.every((r) => !r.errors && r.data!.me.bookableSlots.noSlotsAvailable === true)).toBe(true);
      expect(await t.ds.query(`SELECT count(*)::int AS n FROM citizen_message WHERE citizen_id = $1`, [c.id])).toEqual([{ n: 1 }]);
    });

    it('SL-5: the day is the Copenhagen day — 23:59 and 00:01 local are two days, each told once', async () => {
      const { c } = await withDeadline('2026-03-10', {}, await t.fx.jobcenter());
      t.clock.set('2026-03-02T23:59:00+01:00');
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      t.clock.set('2026-03-03T00:01:00+01:00');
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      const rows = await t.ds.query(`SELECT (at AT TIME ZONE 'Europe/Copenhagen')::date::text AS day FROM citizen_message WHERE citizen_id = $1 ORDER BY at`, [c.id]);
      expect(rows).toEqual([{ day: '2026-03-02' }, { day: '2026-03-03' }]);
    });

    it('SL-5: a citizen without a deadline to book is not told "no slots" (nothing to book)', async () => {
      const c = await t.fx.citizen(await t.fx.jobcenter());
      const r = await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {});
      expect(r.me.bookableSlots).toMatchObject({ noSlotsAvailable: false, message: null, windowFrom: null, windowTo: null });
      expect((await t.as.citizen(c.id).run(MeMessages)).me.messages).toEqual([]);
    });
  });

  describe('bookableSlots offers nothing where bookSlot refuses before a slot is considered (SL-7, RG-5/RG-8, RG-1, SL-2)', () => {
    const offer = async (c: Citizen) => (await t.as.citizen(c.id).run(MeImmediateBookingRequiredBookableSlots, {})).me.bookableSlots;
    const inbox = async (c: Citizen) => (await t.as.citizen(c.id).run(MeMessages)).me.messages;
    /** Nothing offered on `me` nor `myObligations`, and not SL-5's "no free slot fits": no flag, no message, no window, nothing in the inbox. */
    async function expectNothingOffered(c: Citizen) {
      const nothing = { slots: [], noSlotsAvailable: false, message: null, immediateBooking: false, windowFrom: null, windowTo: null };
      expect(await offer(c)).toEqual(nothing);
      expect((await t.as.citizen(c.id).run(MyObligationsBookableSlotsForBooking)).myObligations.bookableSlots).toEqual(nothing);
      expect(await inbox(c)).toEqual([]);
    }
    async function registeredSince(c: Citizen, since = '2026-02-01') {
      await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, $2, 'INITIAL')`, [c.id, since]);
      return c;
    }

    it('RG-8: a citizen deregistered for sickness is offered nothing (bookSlot: REREGISTRATION_REQUIRED) and gets no SL-5 message; after the recovery report the offer is back', async () => {
      const j = await t.fx.jobcenter();
      const slot = await t.fx.slot(j, '2026-03-05', '10:00');
      const { c } = await withDeadline('2026-03-10', {}, j);
      await registeredSince(c);
      expect((await offer(c)).slots).toEqual([{ id: slot.id, startsAt: '2026-03-05T10:00:00+01:00' }]);
      expect((await t.as.citizen(c.id).run(ReportSicknessForRegistration, { input: {} })).reportSickness.userErrors).toEqual([]);
      await expectNothingOffered(c);
      await expectRefused(c, slot.id, 'REREGISTRATION_REQUIRED', /^RG-5\/RG-8: you are deregistered/);
      expect((await t.as.citizen(c.id).run(ReportRecoveryForRegistration, { input: {} })).reportRecovery.userErrors).toEqual([]);
      expect(await offer(c)).toMatchObject({ slots: [{ id: slot.id }], noSlotsAvailable: false, windowTo: '2026-03-17' });
      expect((await book(c, slot.id)).bookSlot.userErrors).toEqual([]);
    });

    it('RG-8/SL-5: a sick citizen at a jobcenter with no free slot is not told "no free slot fits" (no inbox message); a registered one is', async () => {
      const j = await t.fx.jobcenter();
      const { c: sick } = await withDeadline('2026-03-10', {}, j);
      await registeredSince(sick);
      expect((await t.as.caseworker(j.id).run(ReportSicknessForRegistration, { input: { citizenId: sick.id } })).reportSickness.userErrors).toEqual([]);
      await expectNothingOffered(sick);
      const { c: well } = await withDeadline('2026-03-10', {}, j);
      expect(await offer(well)).toMatchObject({ slots: [], noSlotsAvailable: true, message: expect.stringMatching(/Kontakt jobcenteret/) });
      expect(await inbox(well)).toHaveLength(1);
    });

    it('RG-1: an INSURED_UNEMPLOYED citizen is offered slots on bookBy; the day after, before the daily run has deregistered them, nothing (bookSlot: REREGISTRATION_REQUIRED); RG-7: another group gets the immediate booking', async () => {
      const j = await t.fx.jobcenter();
      const slot = await t.fx.slot(j, '2026-03-04', '10:00');
      const { c: insured } = await withDeadline('2026-03-02', {}, j, '2026-02-16');
      await registeredSince(insured);
      const { c: cash } = await withDeadline('2026-03-02', STAYS_REGISTERED, j, '2026-02-16');
      await registeredSince(cash);
      expect(await offer(insured)).toMatchObject({ slots: [{ id: slot.id }], immediateBooking: false, windowTo: '2026-03-09' });
      t.clock.set('2026-03-03T09:00:00+01:00');
      await expectNothingOffered(insured);
      await expectRefused(insured, slot.id, 'REREGISTRATION_REQUIRED', /^RG-5\/RG-8/);
      expect(await offer(cash)).toMatchObject({ slots: [{ id: slot.id }], immediateBooking: true, windowFrom: '2026-03-03', windowTo: '2026-03-08' });
      expect((await book(cash, slot.id)).bookSlot.userErrors).toEqual([]);
    });

    it('TG-4: a JOB_CLARIFICATION person is never registered as job seeker, yet is offered slots and books one', async () => {
      const j = await t.fx.jobcenter();
      const slot = await t.fx.slot(j, '2026-03-05', '10:00');
      const { c } = await withDeadline('2026-03-10', { targetGroup: 'JOB_CLARIFICATION', registered: false }, j);
      expect((await offer(c)).slots).toEqual([{ id: slot.id, startsAt: '2026-03-05T10:00:00+01:00' }]);
      expect((await book(c, slot.id)).bookSlot.userErrors).toEqual([]);
    });

    it('SL-7: an exempted and a revoked citizen are offered nothing; an allowed one with the same deadline is', async () => {
      const j = await t.fx.jobcenter();
      const slot = await t.fx.slot(j, '2026-03-05', '10:00');
      for (const selfBookingRight of ['EXEMPTED', 'REVOKED'] as const) {
        const { c } = await withDeadline('2026-03-10', { selfBookingRight }, j);
        await expectNothingOffered(c);
        await expectRefused(c, slot.id, selfBookingRight === 'EXEMPTED' ? 'CITIZEN_EXEMPTED' : 'CITIZEN_REVOKED', /^SL-7/);
      }
      const { c: allowed } = await withDeadline('2026-03-10', {}, j);
      expect((await offer(allowed)).slots).toEqual([{ id: slot.id, startsAt: '2026-03-05T10:00:00+01:00' }]);
    });

    it('SL-2: nothing is offered where bookSlot answers NO_OPEN_DEADLINE: none, closed, booked, and before availableFrom — from that day on it is offered', async () => {
      const j = await t.fx.jobcenter();
      const slot = await t.fx.slot(j, '2026-03-05', '10:00');
      const none = await t.fx.citizen(j);
      const { c: closed } = await withDeadline('2026-03-10', {}, j);
      await t.ds.query(`UPDATE deadline SET status = 'CLOSED', close_reason = 'OTHER' WHERE citizen_id = $1`, [closed.id]);
      const { c: booked } = await withDeadline('2026-03-10', {}, j);
      expect((await book(booked, (await t.fx.slot(j, '2026-03-06', '10:00')).id)).bookSlot.userErrors).toEqual([]);
      const { c: early } = await withDeadline('2026-03-20', {}, j, '2026-03-03');
      for (const c of [none, closed, booked, early]) {
        await expectNothingOffered(c);
        await expectRefused(c, slot.id, 'NO_OPEN_DEADLINE', /^SL-2/);
      }
      t.clock.set('2026-03-03T09:00:00+01:00');
      expect((await offer(early)).slots).toEqual([{ id: slot.id, startsAt: '2026-03-05T10:00:00+01:00' }]);
    });
  });

  describe('SL-3: idempotent retries', () => {
    it('SL-3: a retried bookSlot with the same idempotencyKey returns the first meeting and creates nothing new', async () => {
      const { c } = await withDeadline();
      const slot = await t.fx.slot(jc, '2026-03-11', '10:00');
      const first = await book(c, slot.id, 'book-1');
      expect(first.bookSlot.userErrors).toEqual([]);
      const before = await t.fx.snapshot();
      const again = await book(c, slot.id, 'book-1');
      expect(again.bookSlot.userErrors).toEqual([]);
      expect(again.bookSlot.meeting.id).toBe(first.bookSlot.meeting.id);
      expect(again.bookSlot.deadline).toEqual(first.bookSlot.deadline);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('SL-3: the same key with another slot is IDEMPOTENCY_KEY_REUSED; keys are per actor', async () => {
      const { c } = await withDeadline();
      const [s1, s2] = [await t.fx.slot(jc, '2026-03-11', '11:00'), await t.fx.slot(jc, '2026-03-11', '12:00')];
      expect((await book(c, s1.id, 'k')).bookSlot.userErrors).toEqual([]);
      const before = await t.fx.snapshot();
      const r = await book(c, s2.id, 'k');
      expect(r.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
      expect(await t.fx.snapshot()).toEqual(before);
      const { c: other } = await withDeadline();
      const o = await book(other, s2.id, 'k');
      expect(o.bookSlot.userErrors).toEqual([]);
    });
  });
});
