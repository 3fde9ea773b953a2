import { Temporal } from 'temporal-polyfill';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { CitizenContactCourseMeetings, RegisterWalkInInterviewForMeetingFirstContact, type RegisterWalkInInterviewInput, SelfBookingShareRead } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

describe('ST-3: an interview held at once at the first contact counts as called in', () => {
  const t = withApp({ now: NOW, resetClock: true });

  const register = (jc: Jobcenter, input: RegisterWalkInInterviewInput) => t.as.caseworker(jc.id).run(RegisterWalkInInterviewForMeetingFirstContact, { input }).then((r) => r.registerWalkInInterview);
  const cash = (jc: Jobcenter, over: Partial<Citizen> = {}) => t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', ...over });

  it('ST-3: registered as a HELD JOB_INTERVIEW with origin CALLED_IN and firstContact; ST-1 counts it as called in, a walk-in as self-booked', async () => {
    const jc = await t.fx.jobcenter();
    const first = await cash(jc, { unemployedSince: Temporal.PlainDate.from('2026-03-02') });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-03-02', 'INITIAL')`, [first.id]);
    const walker = await cash(jc);
    t.clock.set('2026-03-03T10:30:00+01:00');
    const r = await register(jc, { citizenId: first.id, startsAt: '2026-03-03T10:00:00+01:00', firstContact: true });
    expect(r.userErrors).toEqual([]);
    expect(r.meeting).toMatchObject({ type: 'JOB_INTERVIEW', origin: 'CALLED_IN', status: 'HELD', firstContact: true, startsAt: '2026-03-03T10:00:00+01:00' });
    expect(r.meeting.history).toEqual([{ action: 'FIRST_CONTACT_HELD', toStatus: 'HELD', reason: 'ST-3: held at once at the first contact; counts as called in (003 2.1)' }]);
    const w = await register(jc, { citizenId: walker.id, startsAt: '2026-03-03T10:00:00+01:00' });
    expect(w.meeting).toMatchObject({ origin: 'WALK_IN', firstContact: false });
    expect((await t.as.caseworker(jc.id).run(CitizenContactCourseMeetings, { id: first.id })).citizen).toEqual({
      contactCourse: { interviewsHeld: 1 }, meetings: [{ id: r.meeting.id, origin: 'CALLED_IN', firstContact: true }],
    });
    const events: { payload: Record<string, unknown> }[] = await t.ds.query(`SELECT payload FROM domain_event WHERE citizen_id = $1 AND type = 'MEETING_HELD'`, [first.id]);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ origin: 'CALLED_IN', firstContact: true })]);
    t.clock.set('2026-04-02T09:00:00+02:00');
    expect((await t.as.statistics().run(SelfBookingShareRead, { jc: jc.id })).selfBookingShare).toEqual({
      heldJobInterviews: 2, selfBooked: 1, walkIns: 1, calledIn: 1, calledInFirstContact: 1, calledInExtra: 0, sharePercent: 50, colour: 'RED',
    });
  });

  it('ST-3: a first-contact interview closes an open deadline like any held job interview (DL-9)', async () => {
    const jc = await t.fx.jobcenter();
    const c = await cash(jc);
    const d = await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const r = await register(jc, { citizenId: c.id, firstContact: true });
    expect(r.userErrors).toEqual([]);
    expect(r.closedDeadline).toEqual({ id: d.id, closeReason: 'INTERVIEW_HELD' });
  });

  it('ST-3: refused with NOT_FIRST_CONTACT once the citizen had a held meeting (changing nothing); an earlier no-show or cancelled meeting is no contact', async () => {
    const jc = await t.fx.jobcenter();
    const c = await cash(jc);
    await t.fx.meeting(c, '2026-02-20', '10:00', { status: 'NO_SHOW' });
    await t.fx.meeting(c, '2026-02-23', '10:00', { status: 'CANCELLED' });
    const held = await t.fx.meeting(c, '2026-02-25', '10:00', { status: 'HELD', type: 'OTHER' });
    const snap = await t.fx.snapshot();
    const r = await register(jc, { citizenId: c.id, firstContact: true });
    expect(r).toMatchObject({ meeting: null, userErrors: [{
      code: 'NOT_FIRST_CONTACT', field: ['input', 'firstContact'],
      message: `ST-3: the citizen already had a held other on 2026-02-25T10:00+01:00 (meeting ${held.id}), so this is not their first contact; register it as a walk-in (firstContact false)`,
    }] });
    expect(await t.fx.snapshot()).toEqual(snap);

    const other = await cash(jc);
    await t.fx.meeting(other, '2026-02-20', '10:00', { status: 'NO_SHOW' });
    await t.fx.meeting(other, '2026-02-23', '10:00', { status: 'CANCELLED' });
    expect((await register(jc, { citizenId: other.id, firstContact: true })).userErrors).toEqual([]);
  });

  it('ST-3/MT-8: the same first-contact interview registered twice is stored once', async () => {
    const jc = await t.fx.jobcenter();
    const c = await cash(jc);
    const input = { citizenId: c.id, startsAt: '2026-03-02T08:30:00+01:00', firstContact: true };
    const a = await register(jc, input);
    expect(a.userErrors).toEqual([]);
    const b = await register(jc, input);
    expect(b.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', message: expect.stringMatching(new RegExp(`^MT-8: this visit is already registered: the held job interview \\(called-in\\) .*meeting ${a.meeting.id}$`)) })]);
  });
});
