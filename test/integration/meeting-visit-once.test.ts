import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { MeetingNoOverlap1700004000000 } from '../../src/db/migrations/1700004000000-meeting-no-overlap';
import { CallInMeeting, CitizenContactCourseForMeetingVisitOnce, RegisterMeetingHeldForMeetingVisitOnce, RegisterWalkInInterviewForMeetingVisitOnce, type RegisterWalkInInterviewInput, SelfBookingShareReadForMeetingVisitOnce } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00'; // Monday

describe('MT-8: one visit is registered once', () => {
  const t = withApp({ now: NOW, resetClock: true });

  const cw = (jc: Jobcenter) => as.caseworker(jc.id);
  const walkIn = (jc: Jobcenter, input: RegisterWalkInInterviewInput) => t.as(cw(jc)).exec(RegisterWalkInInterviewForMeetingVisitOnce, { input });
  const stored = async (c: Citizen) => (await t.ds.query(`SELECT id, status, origin FROM meeting WHERE citizen_id = $1 ORDER BY created_at, id`, [c.id])) as { id: string; status: string; origin: string }[];
  async function newCitizen() {
    const jc = await t.fx.jobcenter();
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: Temporal.PlainDate.from('2026-02-02') });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, '2026-02-02', 'INITIAL')`, [c.id]);
    return { jc, c };
  }

  it('MT-8: registerWalkInInterview sent twice with the same input and no idempotency key stores one HELD interview; the second is refused naming the first', async () => {
    const { jc, c } = await newCitizen();
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    t.clock.set('2026-03-04T13:15:00+01:00');
    const input = { citizenId: c.id, startsAt: '2026-03-04T13:00:00+01:00', durationMinutes: 15 };
    const first = (await walkIn(jc, input)).data!.registerWalkInInterview;
    expect(first.userErrors).toEqual([]);
    const snap = await t.fx.snapshot();
    const second = (await walkIn(jc, input)).data!.registerWalkInInterview;
    expect(second).toEqual({ meeting: null, closedDeadline: null, userErrors: [{
      code: 'MEETING_OVERLAP', field: ['input', 'startsAt'],
      message: `MT-8: this visit is already registered: the held job interview (walk-in) 2026-03-04T13:00+01:00–13:15, meeting ${first.meeting.id}`,
    }] });
    expect(await t.fx.snapshot()).toEqual(snap);
    expect(await stored(c)).toEqual([{ id: first.meeting.id, status: 'HELD', origin: 'WALK_IN' }]);
    // CC-1/CC-2 and ST-1 count the visit once.
    expect((await t.as(cw(jc)).run(CitizenContactCourseForMeetingVisitOnce, { id: c.id })).citizen.contactCourse).toEqual({ interviewsHeld: 1, countedInterviews: [{ id: first.meeting.id }] });
    t.clock.set('2026-04-02T09:00:00+02:00');
    expect((await t.as.statistics().run(SelfBookingShareReadForMeetingVisitOnce, { jc: jc.id })).selfBookingShare).toEqual({ heldJobInterviews: 1, selfBooked: 1, walkIns: 1, calledIn: 0, sharePercent: 100 });
  });

  it('MT-8: two identical submissions at the same moment (startsAt left to now, no key): exactly one is stored, the other is refused', async () => {
    const { jc, c } = await newCitizen();
    t.clock.set('2026-03-04T13:15:00+01:00');
    const results = await Promise.all([0, 1, 2].map(() => walkIn(jc, { citizenId: c.id })));
    const payloads = results.map((r) => { expect(r.errors).toBeUndefined(); return r.data!.registerWalkInInterview; });
    expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    for (const p of payloads.filter((x) => x.userErrors.length > 0)) {
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', message: expect.stringMatching(/^MT-8: /) })]);
    }
    expect((await stored(c)).filter((m) => m.status === 'HELD')).toHaveLength(1);
    expect((await t.as(cw(jc)).run(CitizenContactCourseForMeetingVisitOnce, { id: c.id })).citizen.contactCourse.interviewsHeld).toBe(1);
  });

  it('MT-8: a walk-in at the start of a called-in interview already registered as held is refused; the held one counts, as called in', async () => {
    const { jc, c } = await newCitizen();
    const called = (await t.as(cw(jc)).run(CallInMeeting, { input: { citizenId: c.id, type: 'JOB_INTERVIEW', form: 'IN_PERSON', shortNotice: true, startsAt: '2026-03-03T10:00:00+01:00', endsAt: '2026-03-03T10:30:00+01:00' } })).callInMeeting;
    expect(called.userErrors).toEqual([]);
    t.clock.set('2026-03-03T10:40:00+01:00');
    expect((await t.as(cw(jc)).run(RegisterMeetingHeldForMeetingVisitOnce, { input: { meetingId: called.meeting.id } })).registerMeetingHeld.userErrors).toEqual([]);
    const again = (await walkIn(jc, { citizenId: c.id, startsAt: '2026-03-03T10:00:00+01:00' })).data!.registerWalkInInterview;
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'MEETING_OVERLAP', message: expect.stringMatching(new RegExp(`^MT-8: this visit is already registered: the held job interview \\(called-in\\) .*meeting ${called.meeting.id}$`)) })]);
    t.clock.set('2026-04-02T09:00:00+02:00');
    expect((await t.as.statistics().run(SelfBookingShareReadForMeetingVisitOnce, { jc: jc.id })).selfBookingShare).toEqual({ heldJobInterviews: 1, selfBooked: 0, walkIns: 0, calledIn: 1, sharePercent: 0 });
  });

  it('MT-8: the migration cancels a visit registered twice before the constraint (keeping the first, with history) and stops, naming them, on other overlaps', async () => {
    const { c } = await newCitizen();
    const migration = new MeetingNoOverlap1700004000000();
    const qr = t.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await migration.down(qr);
      const insert = (start: string, end: string, type = 'JOB_INTERVIEW', origin = 'WALK_IN', created = '2026-03-04T13:20:00+01:00') => qr.query(
        `INSERT INTO meeting (citizen_id, jobcenter_id, type, origin, form, starts_at, ends_at, local_day, status, created_at)
         VALUES ($1, $2, $3, $4, 'IN_PERSON', $5, $6, ($5::timestamptz AT TIME ZONE 'Europe/Copenhagen')::date, 'HELD', $7) RETURNING id`,
        [c.id, c.jobcenterId, type, origin, start, end, created]).then((r: { id: string }[]) => r[0]!.id);
      const kept = await insert('2026-03-04T13:00:00+01:00', '2026-03-04T13:30:00+01:00');
      const dup = await insert('2026-03-04T13:00:00+01:00', '2026-03-04T13:30:00+01:00', 'JOB_INTERVIEW', 'WALK_IN', '2026-03-04T13:21:00+01:00');
      await qr.query('SAVEPOINT before_overlap');
      const otherA = await insert('2026-03-05T10:00:00+01:00', '2026-03-05T11:00:00+01:00', 'OTHER', 'CALLED_IN');
      const otherB = await insert('2026-03-05T10:30:00+01:00', '2026-03-05T11:30:00+01:00', 'JOB_INTERVIEW', 'WALK_IN');
      await expect(migration.up(qr)).rejects.toThrow(new RegExp(`^MT-7: 1 pair\\(s\\) of PLANNED/HELD meetings of one citizen overlap.*(${otherA} and ${otherB}|${otherB} and ${otherA})`));
      await qr.query('ROLLBACK TO SAVEPOINT before_overlap');
      await migration.up(qr);
      const rows: { id: string; status: string; cancel_reason: string | null }[] = await qr.query(`SELECT id, status, cancel_reason FROM meeting WHERE citizen_id = $1 ORDER BY created_at`, [c.id]);
      expect(rows).toEqual([
        { id: kept, status: 'HELD', cancel_reason: null },
        { id: dup, status: 'CANCELLED', cancel_reason: `MT-8: duplicate registration of the visit registered as meeting ${kept}` },
      ]);
      expect(await qr.query(`SELECT action, from_status, to_status, actor FROM meeting_history WHERE meeting_id = $1`, [dup]))
        .toEqual([{ action: 'DUPLICATE_CANCELLED', from_status: 'HELD', to_status: 'CANCELLED', actor: 'system:migration' }]);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
