import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { BookOtherMeeting, BookSlot, CallInMeetingForOtherMeetingOffer, CancelMeetingForOtherMeetingOffer, CitizenOtherMeetingOffers, FollowUpListForOtherMeetingOffer, IssueDeadlineForLifecycleBooking, MeOverviewForOtherMeetingOffer, OfferOtherMeeting, PublishSlotsForOtherMeetingOffer } from '../support/operations';

/**
 * MT-6 (003 2.16): other meetings than job interviews offered for self-booking — slots of kind OTHER, the jobcenter's
 * offer with a last day to book that says the citizen is called in otherwise, the booking against the offer (not a
 * deadline), and the call-in list (ST-2) once the last day has passed unbooked. The last day and the day after.
 */

const START = '2026-03-02';

describe('MT-6: other meetings offered for self-booking', () => {
  const t = withApp({ now: `${START}T09:00:00+01:00` });
  let jc: Jobcenter;
  let otherSlot: string;
  let jobSlot: string;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    const r = await t.as.caseworker(jc.id).run(PublishSlotsForOtherMeetingOffer, { input: { jobcenterId: jc.id, slots: [
      { startsAt: '2026-03-09T10:00:00+01:00', endsAt: '2026-03-09T11:00:00+01:00', kind: 'OTHER', location: 'Mødelokale 2' },
      { startsAt: '2026-03-09T13:00:00+01:00', endsAt: '2026-03-09T13:30:00+01:00' },
    ] } });
    expect(r.publishSlots.userErrors).toEqual([]);
    expect(r.publishSlots.slots.map((s: any) => s.kind)).toEqual(['OTHER', 'JOB_INTERVIEW']);
    [otherSlot, jobSlot] = r.publishSlots.slots.map((s: any) => s.id);
  });

  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const cw = () => as.caseworker(jc.id);
  const offer = async (c: Citizen, bookBy = '2026-03-10', extra: Record<string, unknown> = {}) =>
    (await t.as(cw()).run(OfferOtherMeeting, { input: { citizenId: c.id, description: 'Informationsmøde om uddannelse', bookBy, ...extra } })).offerOtherMeeting;
  const onList = async () => (await t.as(cw()).run(FollowUpListForOtherMeetingOffer, { jc: jc.id })).followUpList.nodes as any[];

  it('MT-6/SL-1: an OTHER slot is never offered or bookable for a deadline; the offer says the citizen is called in otherwise', async () => {
    day(START);
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    expect((await t.as(cw()).run(IssueDeadlineForLifecycleBooking, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.userErrors).toEqual([]);
    const me = (await t.as.citizen(c.id).run(MeOverviewForOtherMeetingOffer)).me;
    expect(me.bookableSlots.slots.map((s: any) => s.id)).toContain(jobSlot);
    expect(me.bookableSlots.slots.map((s: any) => s.id)).not.toContain(otherSlot);
    const wrong = (await t.as.citizen(c.id).run(BookSlot, { input: { slotId: otherSlot } })).bookSlot;
    expect(wrong.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'slotId'], message: expect.stringMatching(/^MT-6: /) })]);

    const o = await offer(c);
    expect(o.userErrors).toEqual([]);
    expect(o.offer).toMatchObject({ status: 'OPEN', bookBy: '2026-03-10', latestMeetingDate: '2026-03-17', createdBy: `caseworker:${jc.id}:cw-1` });
    expect(o.offer.text).toMatch(/Hvis du ikke selv booker, vil du blive indkaldt/);
    expect(o.offer.text).toMatch(/If you do not book, you will be called in/);
    const inbox = await t.ds.query(`SELECT kind, text FROM citizen_message WHERE citizen_id = $1 AND kind = 'OTHER_MEETING_OFFER'`, [c.id]);
    expect(inbox).toEqual([{ kind: 'OTHER_MEETING_OFFER', text: o.offer.text }]);
  });

  it('MT-6: the citizen books an OTHER slot against the offer (not against the deadline, which stays open); a job-interview slot is refused', async () => {
    day(START);
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const deadline = (await t.as(cw()).run(IssueDeadlineForLifecycleBooking, { input: { citizenId: c.id, bookBy: '2026-03-10' } })).issueDeadline.deadline.id;
    const { offer: o } = await offer(c);
    const mine = (await t.as.citizen(c.id).run(MeOverviewForOtherMeetingOffer)).me.otherMeetingOffers;
    expect(mine).toEqual([expect.objectContaining({ id: o.id, status: 'OPEN', bookableSlots: [{ id: expect.any(String) }] })]);
    const before = await t.fx.snapshot();
    const bad = (await t.as.citizen(c.id).run(BookOtherMeeting, { input: { offerId: o.id, slotId: jobSlot } })).bookOtherMeeting;
    expect(bad.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_NOT_FOR_OFFER', message: expect.stringMatching(/^MT-6: /) })]);
    expect(await t.fx.snapshot()).toEqual(before);

    const slot = mine[0].bookableSlots[0].id;
    const r = (await t.as.citizen(c.id).run(BookOtherMeeting, { input: { offerId: o.id, slotId: slot } })).bookOtherMeeting;
    expect(r.userErrors).toEqual([]);
    expect(r.meeting).toMatchObject({ type: 'OTHER', origin: 'SELF_BOOKED', status: 'PLANNED', slot: { id: slot }, deadline: null });
    expect(r.offer).toMatchObject({ status: 'BOOKED', meeting: { id: r.meeting.id } });
    expect((await t.as.citizen(c.id).run(MeOverviewForOtherMeetingOffer)).me.activeDeadline).toEqual({ id: deadline, status: 'OPEN' });
    const again = (await t.as.citizen(c.id).run(BookOtherMeeting, { input: { offerId: o.id, slotId: slot } })).bookOtherMeeting;
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'OFFER_NOT_OPEN' })]);
  });

  it('MT-6/ST-2: unbooked on the last day — not on the call-in list; the day after — EXPIRED, on the list, booking refused; a call-in takes the citizen off', async () => {
    day(START);
    const c = await t.fx.citizen(jc, { targetGroup: 'INSURED_UNEMPLOYED' });
    const { offer: o } = await offer(c, '2026-03-05');
    day('2026-03-05', '23:00');
    expect((await t.as(cw()).run(CitizenOtherMeetingOffers, { id: c.id })).citizen.otherMeetingOffers).toEqual([{ id: o.id, status: 'OPEN' }]);
    expect((await onList()).map((n) => n.citizen.id)).not.toContain(c.id);

    day('2026-03-06', '00:05');
    expect((await t.as(cw()).run(CitizenOtherMeetingOffers, { id: c.id })).citizen.otherMeetingOffers).toEqual([{ id: o.id, status: 'EXPIRED' }]);
    expect(await onList()).toContainEqual({
      citizen: { id: c.id }, kind: 'OTHER_MEETING_CALL_IN', reason: 'OTHER_MEETING_OFFER_EXPIRED', otherMeetingOffer: { id: o.id, status: 'EXPIRED', bookBy: '2026-03-05' },
    });
    const late = (await t.as.citizen(c.id).run(BookOtherMeeting, { input: { offerId: o.id, slotId: otherSlot } })).bookOtherMeeting;
    expect(late.userErrors).toEqual([expect.objectContaining({ code: 'OFFER_NOT_OPEN', message: 'MT-6: the last day to book was 2026-03-05; the jobcenter will call you in' })]);

    const called = await t.as(cw()).run(CallInMeetingForOtherMeetingOffer, { input: { citizenId: c.id, type: 'OTHER', startsAt: '2026-03-16T10:00:00+01:00', endsAt: '2026-03-16T11:00:00+01:00' } });
    expect(called.callInMeeting.userErrors).toEqual([]);
    expect((await onList()).map((n) => n.citizen.id)).not.toContain(c.id);
  });

  it('MT-6/ST-2 Decision: a booked OTHER meeting that is cancelled puts the citizen on the call-in list after the last day to book', async () => {
    day(START);
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const slot = await t.fx.slot(jc, '2026-03-11', '10:00', { kind: 'OTHER', minutes: 60 });
    const { offer: o } = await offer(c, '2026-03-06');
    const booked = (await t.as.citizen(c.id).run(BookOtherMeeting, { input: { offerId: o.id, slotId: slot.id } })).bookOtherMeeting;
    expect(booked.userErrors).toEqual([]);
    const cancel = await t.as(cw()).run(CancelMeetingForOtherMeetingOffer, { input: { meetingId: booked.meeting.id, reason: 'Room unavailable' } });
    expect(cancel.cancelMeeting.userErrors).toEqual([]);
    day('2026-03-06');
    expect((await onList()).map((n) => n.citizen.id)).not.toContain(c.id);
    day('2026-03-07');
    expect(await onList()).toContainEqual(expect.objectContaining({ citizen: { id: c.id }, reason: 'OTHER_MEETING_OFFER_EXPIRED' }));
  });

  it('MT-7/MT-6: an OTHER booking that would overlap a planned meeting of the citizen is refused, naming the clash; changing nothing', async () => {
    day(START);
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const slot = await t.fx.slot(jc, '2026-03-12', '10:00', { kind: 'OTHER', minutes: 60 });
    await t.fx.meeting(c, '2026-03-12', '10:30', { type: 'JOB_INTERVIEW' });
    const { offer: o } = await offer(c);
    const before = await t.fx.snapshot();
    const r = (await t.as.citizen(c.id).run(BookOtherMeeting, { input: { offerId: o.id, slotId: slot.id } })).bookOtherMeeting;
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', field: ['input', 'slotId'], message: expect.stringMatching(/^MT-7: .*2026-03-12T10:30/) })]);
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('MT-6: refused with the rule for citizens without the duty or the right to self-book, a past last day, and a slot after the last meeting day', async () => {
    day(START);
    const sick = await t.fx.citizen(jc, { targetGroup: 'SICKNESS_BENEFIT' });
    const exempt = await t.fx.citizen(jc, { selfBookingRight: 'EXEMPTED' });
    const ok = await t.fx.citizen(jc);
    const before = await t.fx.snapshot();
    expect((await offer(sick)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_OFFERABLE', message: expect.stringMatching(/^MT-6\/TG-2: /) })]);
    expect((await offer(exempt)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_OFFERABLE', message: expect.stringMatching(/^MT-6\/EX-1: /) })]);
    expect((await offer(ok, '2026-03-01')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'bookBy'], message: expect.stringMatching(/^MT-6: /) })]);
    expect((await offer(ok, '2026-03-10', { latestMeetingDate: '2026-03-09' })).userErrors)
      .toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'latestMeetingDate'] })]);
    expect((await offer(ok, '2026-03-10', { description: '  ' })).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'description'] })]);
    expect(await t.fx.snapshot()).toEqual(before);

    const { offer: o } = await offer(ok, '2026-03-04', { latestMeetingDate: '2026-03-08' });
    const after = (await t.as.citizen(ok.id).run(BookOtherMeeting, { input: { offerId: o.id, slotId: otherSlot } })).bookOtherMeeting;
    expect(after.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_AFTER_LATEST_MEETING_DATE', message: expect.stringMatching(/^MT-6: the meeting must be held by 2026-03-08/) })]);
    // Only the jobcenter offers; the a-kasse does not read the offers (data minimisation).
    expect((await t.as.citizen(ok.id).exec(OfferOtherMeeting, { input: { citizenId: ok.id, description: 'x', bookBy: '2026-03-10' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
