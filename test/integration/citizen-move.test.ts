import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForCitizenMove, CitizenChanges, CitizenOverviewForCitizenMove, DeadlineLatestInterviewDateHistory, MeBookableSlots, MeMessagesForCitizenMove, MoveCitizen, type MoveCitizenInput } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('moveCitizen (CZ-5, DL-2, DL-12)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let oldJc: Jobcenter;
  let newJc: Jobcenter;
  let fund: UnemploymentFund;
  let n = 0;
  beforeAll(async () => {
    fund = await t.fx.fund();
  });
  beforeEach(async () => {
    oldJc = await t.fx.jobcenter({ name: 'Jobcenter Aarhus' });
    newJc = await t.fx.jobcenter({ name: 'Jobcenter Odense' });
  });

  const citizen = (over: Partial<Citizen> = {}) => t.fx.citizen(oldJc, { unemploymentFundId: fund.id, cpr: `220488${String(++n).padStart(4, '0')}`, ...over });
  const move = async (input: MoveCitizenInput, actor = as.caseworker(oldJc.id)) => (await t.as(actor).run(MoveCitizen, { input })).moveCitizen;

  it('CZ-5: a move while an interview is booked — the interview at the old jobcenter is cancelled, the deadline reopened and extended to 8 days, the citizen told; the new jobcenter sees the citizen, the old no longer does', async () => {
    const c = await citizen();
    await t.fx.deadline(c, '2026-02-25', '2026-03-05');
    const oldSlot = await t.fx.slot(oldJc, '2026-03-04', '10:00');
    const booked = (await t.as.citizen(c.id).run(BookSlotForCitizenMove, { input: { slotId: oldSlot.id } })).bookSlot;
    expect(booked.userErrors).toEqual([]);
    const newSlot = await t.fx.slot(newJc, '2026-03-12', '10:00');

    const r = await move({ citizenId: c.id, toJobcenterId: newJc.id });
    expect(r.userErrors).toEqual([]);
    expect(r.cancelledMeetings).toBe(1);
    // The old jobcenter no longer sees the citizen, not even in its own mutation's answer.
    expect(r.citizen).toBeNull();
    expect(r.deadline).toBeNull();
    expect((await t.as.caseworker(oldJc.id).run(CitizenOverviewForCitizenMove, { id: c.id })).citizen).toBeNull();

    const seen = (await t.as.caseworker(newJc.id).run(CitizenOverviewForCitizenMove, { id: c.id })).citizen;
    expect(seen.jobcenter).toEqual({ id: newJc.id });
    // DL-12: reopened; DL-2: 3 days were left, so 8 from today (2026-03-10), latest interview 7 days later.
    expect(seen.activeDeadline).toMatchObject({ status: 'OPEN', bookBy: '2026-03-10' });
    expect(seen.meetings).toEqual([{ id: booked.meeting.id, status: 'CANCELLED' }]);
    expect(seen.messages).toEqual([expect.objectContaining({ kind: 'MEETINGS_CANCELLED_BY_MOVE', text: expect.stringContaining('Jobcenter Odense senest 2026-03-10') })]);
    const history = (await t.as.caseworker(newJc.id).run(DeadlineLatestInterviewDateHistory, { id: seen.activeDeadline.id })).deadline;
    expect(history.latestInterviewDate).toBe('2026-03-17');
    expect(history.history.map((h: { action: string }) => h.action)).toEqual(['BOOKED', 'REOPENED', 'EXTENDED']);
    // The citizen books at the new jobcenter; the old slot is free again for others.
    const mine = (await t.as.citizen(c.id).run(MeBookableSlots)).me.bookableSlots.slots;
    expect(mine).toEqual([{ id: newSlot.id }]);
    expect((await t.as.citizen(c.id).run(BookSlotForCitizenMove, { input: { slotId: newSlot.id } })).bookSlot.userErrors).toEqual([]);
    const [free] = await t.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE slot_id = $1 AND status <> 'CANCELLED'`, [oldSlot.id]);
    expect(free.n).toBe(0);
    // MOVED for the a-kasse; the access log keeps the old jobcenter's entries.
    const events = await t.ds.query(`SELECT type, unemployment_fund_id AS f, jobcenter_id AS j, payload FROM domain_event WHERE citizen_id = $1 AND type = 'MOVED'`, [c.id]);
    expect(events).toEqual([expect.objectContaining({ f: fund.id, j: newJc.id, payload: expect.objectContaining({ fromJobcenterId: oldJc.id, toJobcenterId: newJc.id, effectiveFrom: '2026-03-02' }) })]);
    const log = await t.ds.query(`SELECT access, operation FROM access_log WHERE citizen_id = $1 AND jobcenter_id = $2`, [c.id, oldJc.id]);
    expect(log).toContainEqual({ access: 'CHANGE', operation: 'Mutation.moveCitizen' });
  });

  it('CZ-5/DL-2: an open deadline with exactly 8 days left keeps its bookBy; with 7 left it is extended to 8', async () => {
    const eight = await citizen();
    const d8 = await t.fx.deadline(eight, '2026-02-28', '2026-03-10');
    const r8 = await move({ citizenId: eight.id, toJobcenterId: newJc.id }, as.caseworker(newJc.id) as never).catch(() => null);
    expect(r8?.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]); // the new jobcenter may not use the id
    const ok8 = await move({ cpr: eight.cpr, toJobcenterId: newJc.id }, as.caseworker(newJc.id));
    expect(ok8).toMatchObject({ userErrors: [], cancelledMeetings: 0, deadline: { id: d8.id, status: 'OPEN', bookBy: '2026-03-10' } });
    expect(ok8.deadline.history.map((h: { action: string }) => h.action)).toEqual(['MOVED']);
    const seven = await citizen();
    await t.fx.deadline(seven, '2026-02-28', '2026-03-09');
    const ok7 = await move({ cpr: seven.cpr, toJobcenterId: newJc.id }, as.caseworker(newJc.id));
    expect(ok7.deadline).toMatchObject({ status: 'OPEN', bookBy: '2026-03-10', latestInterviewDate: '2026-03-17' });
  });

  it('CZ-5: on the day of the move, a planned meeting that has begun stays (its outcome can be registered); a later one that day is cancelled', async () => {
    const c = await citizen();
    const begun = await t.fx.meeting(c, '2026-03-02', '08:30', { type: 'FOLLOW_UP' });
    const later = await t.fx.meeting(c, '2026-03-02', '13:00', { type: 'JOINT_INTERVIEW' });
    const r = await move({ citizenId: c.id, toJobcenterId: newJc.id });
    expect(r.cancelledMeetings).toBe(1);
    const rows = await t.ds.query(`SELECT id, status FROM meeting WHERE citizen_id = $1 ORDER BY starts_at`, [c.id]);
    expect(rows).toEqual([{ id: begun.id, status: 'PLANNED' }, { id: later.id, status: 'CANCELLED' }]);
    // A deadline-free move tells the citizen that the new jobcenter will contact them.
    const msgs = (await t.as.citizen(c.id).run(MeMessagesForCitizenMove)).me.messages;
    expect(msgs[0].text).toMatch(/aflyst\. Dit nye jobcenter kontakter dig\.$/);
  });

  it('CZ-5: effectiveFrom up to today and not before the previous move; other errors are refused and change nothing', async () => {
    const c = await citizen();
    const third = await t.fx.jobcenter();
    const before = await t.fx.snapshot();
    const cases: [MoveCitizenInput, ReturnType<typeof as.caseworker>, string, string][] = [
      [{ citizenId: c.id, toJobcenterId: newJc.id, effectiveFrom: '2026-03-03' }, as.caseworker(oldJc.id), 'INVALID_INPUT', 'effectiveFrom'],
      [{ citizenId: c.id, toJobcenterId: oldJc.id }, as.caseworker(oldJc.id), 'SAME_JOBCENTER', 'toJobcenterId'],
      [{ citizenId: c.id, toJobcenterId: '00000000-0000-4000-8000-000000000000' }, as.caseworker(oldJc.id), 'UNKNOWN_JOBCENTER', 'toJobcenterId'],
      [{ cpr: c.cpr, toJobcenterId: newJc.id }, as.caseworker(third.id), 'NOT_FOUND', 'cpr'],
      [{ citizenId: c.id, cpr: c.cpr, toJobcenterId: newJc.id }, as.caseworker(oldJc.id), 'INVALID_INPUT', 'cpr'],
      [{ cpr: '0000000000', toJobcenterId: newJc.id }, as.caseworker(newJc.id), 'INVALID_INPUT', 'cpr'],
    ];
    for (const [input, actor, code, field] of cases) {
      const r = await move(input, actor);
      expect(r.userErrors).toEqual([expect.objectContaining({ code, field: ['input', field] })]);
      expect(r.userErrors[0].message).not.toContain(c.cpr);
    }
    for (const actor of [as.fund(fund.id), as.citizen(c.id), as.statistics()]) {
      expect((await t.as(actor).exec(MoveCitizen, { input: { citizenId: c.id, toJobcenterId: newJc.id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await t.fx.snapshot()).toEqual(before);
    expect((await move({ citizenId: c.id, toJobcenterId: newJc.id, effectiveFrom: '2026-02-20' })).userErrors).toEqual([]);
    const back = await move({ citizenId: c.id, toJobcenterId: oldJc.id, effectiveFrom: '2026-02-19' }, as.caseworker(newJc.id));
    expect(back.userErrors).toEqual([{ code: 'DATE_OUT_OF_RANGE', field: ['input', 'effectiveFrom'], message: 'CZ-5: effectiveFrom 2026-02-19 is before the previous move (2026-02-20)' }]);
    const again = await move({ citizenId: c.id, toJobcenterId: oldJc.id, effectiveFrom: '2026-02-20' }, as.caseworker(newJc.id));
    // The jobcenter that moved the citizen away sees neither the citizen nor the change afterwards; the receiving one sees the history.
    expect(again).toMatchObject({ userErrors: [], citizen: null, change: null });
    const changes = (await t.as.caseworker(oldJc.id).run(CitizenChanges, { id: c.id })).citizen.changes;
    expect(changes).toEqual([
      { kind: 'JOBCENTER', fromValue: oldJc.id, toValue: newJc.id, effectiveFrom: '2026-02-20' },
      { kind: 'JOBCENTER', fromValue: newJc.id, toValue: oldJc.id, effectiveFrom: '2026-02-20' },
    ]);
  });
});
