import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import { BookSlot } from '../support/operations';

/**
 * Issue 16 item 5: the statements of a booking, counted at the driver like test/integration/sql-batching.test.ts
 * (every statement: BEGIN and COMMIT, runInTransaction's contact-course refresh and the payload's loader included).
 * The loser of a slot is answered after the citizen's and the slot's locks: BEGIN, citizen, slot with its booking,
 * ROLLBACK. The figures and what each statement is are in bench/results/book-2026-12-01.md.
 */
describe('SL-3 bookSlot statements (issue 16 item 5)', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  async function citizenWithDeadline() {
    const c = await t.fx.citizen(jc);
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    return c;
  }
  const book = (citizenId: string, slotId: string) =>
    t.countQueries(() => t.as.citizen(citizenId).run(BookSlot, { input: { slotId } }));

  it('SL-3: a successful booking takes at most 16 statements; the loser gets SLOT_TAKEN in at most 4', async () => {
    const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
    const a = await citizenWithDeadline();
    const b = await citizenWithDeadline();
    const won = await book(a.id, slot.id);
    expect(won.result.bookSlot.userErrors).toEqual([]);
    expect(won.statements).toBeLessThanOrEqual(16);
    const lost = await book(b.id, slot.id);
    expect(lost.result.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN', field: ['input', 'slotId'] })]);
    expect(lost.result.bookSlot.userErrors[0].message).toMatch(/^SL-3: /);
    expect(lost.statements).toBeLessThanOrEqual(4);
  });

  it('SL-3: a burst of 8 citizens on one slot books it once, and every other one gets SLOT_TAKEN (none lost)', async () => {
    const slot = await t.fx.slot(jc, '2026-03-06', '10:00');
    const citizens = await Promise.all(Array.from({ length: 8 }, () => citizenWithDeadline()));
    const results = await Promise.all(citizens.map((c) => t.as.citizen(c.id).run(BookSlot, { input: { slotId: slot.id } })));
    const codes = results.map((r) => r.bookSlot.userErrors[0]?.code ?? 'BOOKED').sort();
    expect(codes).toEqual(['BOOKED', ...Array(7).fill('SLOT_TAKEN')].sort());
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE slot_id = $1 AND status <> 'CANCELLED'`, [slot.id])).toEqual([{ n: 1 }]);
  });
});
