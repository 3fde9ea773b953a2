import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import { BookSlotForDeadlineConcurrency, CloseDeadline, ExemptFromSelfBooking, IssueDeadlineForDeadlineConcurrency } from '../support/operations';

describe('deadlines under concurrency (DL-4, DL-7, EX-4)', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00', poolSize: 12 });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  const rows = async (citizenId: string) =>
    (await t.ds.query(`SELECT id, status, close_reason FROM deadline WHERE citizen_id = $1`, [citizenId])) as { id: string; status: string; close_reason: string | null }[];

  it('DL-4: eight simultaneous issueDeadline calls for one citizen leave exactly one active deadline; each other one is SUPERSEDED', async () => {
    const c = await t.fx.citizen(jc);
    const days = ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16', '2026-03-17'];
    const results = await Promise.all(days.map((bookBy) => t.as.caseworker(jc.id).run(IssueDeadlineForDeadlineConcurrency, { input: { citizenId: c.id, bookBy } })));
    for (const r of results) expect(r.issueDeadline.userErrors).toEqual([]);
    const all = await rows(c.id);
    expect(all).toHaveLength(8);
    expect(all.filter((d) => d.status === 'OPEN')).toHaveLength(1);
    expect(all.filter((d) => d.status === 'CLOSED' && d.close_reason === 'SUPERSEDED')).toHaveLength(7);
    // The lock serialises them: every call but the first superseded exactly the deadline issued just before it.
    const superseded = results.map((r) => r.issueDeadline.supersededDeadline?.id).filter(Boolean);
    expect(new Set(superseded).size).toBe(7);
  });

  it('DL-7: closeDeadline racing bookSlot ends consistently: either the booking is refused, or the booked deadline is closed', async () => {
    for (let i = 0; i < 5; i++) {
      const c = await t.fx.citizen(jc);
      const issued = await t.as.caseworker(jc.id).run(IssueDeadlineForDeadlineConcurrency, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
      const slot = await t.fx.slot(jc, '2026-03-09', `${String(8 + i).padStart(2, '0')}:00`);
      const [closed, booked] = await Promise.all([
        t.as.caseworker(jc.id).run(CloseDeadline, { input: { deadlineId: issued.issueDeadline.deadline.id, reason: 'OTHER', note: 'race' } }),
        t.as.citizen(c.id).run(BookSlotForDeadlineConcurrency, { input: { slotId: slot.id } }),
      ]);
      expect(closed.closeDeadline.userErrors).toEqual([]);
      const history = (await t.ds.query(`SELECT action, from_status FROM deadline_history WHERE deadline_id = $1 ORDER BY id`, [issued.issueDeadline.deadline.id])) as { action: string; from_status: string | null }[];
      if (booked.bookSlot.userErrors.length) {
        expect(booked.bookSlot.userErrors[0].code).toBe('NO_OPEN_DEADLINE');
        expect(history.map((h) => h.action)).toEqual(['ISSUED', 'CLOSED']);
      } else {
        expect(history).toEqual([{ action: 'ISSUED', from_status: null }, { action: 'BOOKED', from_status: 'OPEN' }, { action: 'CLOSED', from_status: 'BOOKED' }]);
      }
      expect((await rows(c.id)).map((d) => d.status)).toEqual(['CLOSED']);
    }
  });

  it('EX-4/SL-7: an exemption racing a booking never leaves an active deadline or a booking made after the exemption', async () => {
    for (let i = 0; i < 5; i++) {
      const c = await t.fx.citizen(jc);
      await t.as.caseworker(jc.id).run(IssueDeadlineForDeadlineConcurrency, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
      const slot = await t.fx.slot(jc, '2026-03-06', `${String(8 + i).padStart(2, '0')}:30`);
      const [exempt, booked] = await Promise.all([
        t.as.caseworker(jc.id).run(ExemptFromSelfBooking, { input: { citizenId: c.id, reason: 'POOR_IT_SKILLS' } }),
        t.as.citizen(c.id).run(BookSlotForDeadlineConcurrency, { input: { slotId: slot.id } }),
      ]);
      expect(exempt.exemptFromSelfBooking.userErrors).toEqual([]);
      expect(exempt.exemptFromSelfBooking.closedDeadline).not.toBeNull();
      if (booked.bookSlot.userErrors.length) expect(booked.bookSlot.userErrors[0].code).toBe('CITIZEN_EXEMPTED');
      const all = await rows(c.id);
      expect(all).toEqual([expect.objectContaining({ status: 'CLOSED', close_reason: 'EXEMPTED' })]);
    }
  });
});
