import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { BookSlotForFoundation, DeadlineOverviewForFoundation, IssueDeadlineForFoundation, RegisterNoShowForFoundation } from '../support/operations';

describe('foundation: issueDeadline, bookSlot, registerNoShow end to end', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  async function citizen(over: Partial<Citizen> = {}) {
    return t.fx.citizen(jc, over);
  }

  it('DL-2: rejects bookBy 7 days after availableFrom, naming the field and the earliest valid day, and changes nothing', async () => {
    const c = await citizen();
    const before = await t.fx.snapshot();
    const r = await t.as.caseworker(jc.id).run(IssueDeadlineForFoundation, { input: { citizenId: c.id, availableFrom: '2026-03-02', bookBy: '2026-03-09' } });
    expect(r.issueDeadline.deadline).toBeNull();
    expect(r.issueDeadline.userErrors).toEqual([expect.objectContaining({ code: 'BOOKING_PERIOD_TOO_SHORT', field: ['input', 'bookBy'] })]);
    expect(r.issueDeadline.userErrors[0].message).toMatch(/DL-2.*2026-03-10/);
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('DL-2/DL-3: accepts bookBy 8 days after availableFrom; latestInterviewDate is exactly 7 days after bookBy', async () => {
    const c = await citizen();
    const r = await t.as.caseworker(jc.id).run(IssueDeadlineForFoundation, { input: { citizenId: c.id, availableFrom: '2026-03-02', bookBy: '2026-03-10' } });
    expect(r.issueDeadline.userErrors).toEqual([]);
    expect(r.issueDeadline.deadline).toMatchObject({ availableFrom: '2026-03-02', bookBy: '2026-03-10', latestInterviewDate: '2026-03-17', status: 'OPEN', channel: 'JOBNET' });
  });

  it('DL-3: across 29 February in a leap year the latest interview date is still bookBy + 7 days', async () => {
    t.clock.set('2028-02-20T09:00:00+01:00');
    try {
      const c = await citizen();
      const r = await t.as.caseworker(jc.id).run(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '2028-02-28' } });
      expect(r.issueDeadline.deadline).toMatchObject({ availableFrom: '2028-02-20', bookBy: '2028-02-28', latestInterviewDate: '2028-03-06' });
    } finally {
      t.clock.set('2026-03-02T09:00:00+01:00');
    }
  });

  it('SL-2: books a free slot for an open deadline; the deadline becomes BOOKED', async () => {
    const c = await citizen();
    await t.as.caseworker(jc.id).run(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    const slot = await t.fx.slot(jc, '2026-03-12', '10:00');
    const r = await t.as.citizen(c.id).run(BookSlotForFoundation, { input: { slotId: slot.id } });
    expect(r.bookSlot.userErrors).toEqual([]);
    expect(r.bookSlot.meeting).toMatchObject({ type: 'JOB_INTERVIEW', origin: 'SELF_BOOKED', status: 'PLANNED', startsAt: '2026-03-12T10:00:00+01:00' });
    expect(r.bookSlot.deadline.status).toBe('BOOKED');
  });

  it('SL-3: refuses a slot another citizen has booked with SLOT_TAKEN and changes nothing', async () => {
    const [a, b] = [await citizen(), await citizen()];
    for (const c of [a, b]) await t.as.caseworker(jc.id).run(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    const slot = await t.fx.slot(jc, '2026-03-13', '11:00');
    expect((await t.as.citizen(a.id).run(BookSlotForFoundation, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
    const before = await t.fx.snapshot();
    const r = await t.as.citizen(b.id).run(BookSlotForFoundation, { input: { slotId: slot.id } });
    expect(r.bookSlot.meeting).toBeNull();
    expect(r.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN', field: ['input', 'slotId'] })]);
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('NS-1: registerNoShow records the no-show and issues a new deadline (superseding the booked one)', async () => {
    const c = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const issued = await t.as.caseworker(jc.id).run(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    const slot = await t.fx.slot(jc, '2026-03-05', '09:00');
    const booked = await t.as.citizen(c.id).run(BookSlotForFoundation, { input: { slotId: slot.id } });
    t.clock.set('2026-03-05T09:30:00+01:00');
    try {
      const r = await t.as.caseworker(jc.id).run(RegisterNoShowForFoundation, {
        input: { meetingId: booked.bookSlot.meeting.id, followUp: 'NEW_DEADLINE', newDeadline: { bookBy: '2026-03-13' } },
      });
      expect(r.registerNoShow.userErrors).toEqual([]);
      expect(r.registerNoShow.meeting).toMatchObject({ status: 'NO_SHOW', sanctionable: true });
      expect(r.registerNoShow.newDeadline).toMatchObject({ availableFrom: '2026-03-05', bookBy: '2026-03-13', status: 'OPEN' });
      const old = await t.as.caseworker(jc.id).run(DeadlineOverviewForFoundation, { id: issued.issueDeadline.deadline.id });
      expect(old.deadline).toMatchObject({ status: 'CLOSED', closeReason: 'SUPERSEDED' });
      expect(old.deadline.history.map((h: { action: string }) => h.action)).toEqual(['ISSUED', 'BOOKED', 'CLOSED']);
    } finally {
      t.clock.set('2026-03-02T09:00:00+01:00');
    }
  });

  it('rejects a malformed Date with a message naming the expected form', async () => {
    const c = await citizen();
    const r = await t.as.caseworker(jc.id).exec(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '10-03-2026' } });
    expect(r.errors?.[0]?.message).toMatch(/Date cannot represent "10-03-2026": expected an ISO date YYYY-MM-DD/);
    const feb30 = await t.as.caseworker(jc.id).exec(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '2026-02-30' } });
    expect(feb30.errors?.[0]?.message).toMatch(/real calendar day/);
  });

  it('a citizen may not issue deadlines (FORBIDDEN), and an anonymous caller is UNAUTHENTICATED', async () => {
    const c = await citizen();
    const r = await t.as.citizen(c.id).exec(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anon = await t.as.anonymous().exec(IssueDeadlineForFoundation, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
