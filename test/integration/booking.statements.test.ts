import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import { BookSlot } from '../support/operations';

/**
 * Issue 16 item 5: the statements of a booking, counted at the driver like test/integration/sql-batching.test.ts
 * (every statement: BEGIN and COMMIT, runInTransaction's contact-course refresh and the payload's loader included).
 * A successful booking: BEGIN, citizen, slot with its booking, the active deadline with the holidays, MT-2/MT-7's
 * meetings and NS-3's pending no-show, ONE statement of writes (meeting `plan` with the deadline's `book`), the
 * contact-course refresh (2), COMMIT, the payload's loader — 9, of which 4 the booking's checks and writes.
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

  it('SL-3: a successful booking takes at most 9 statements (4 checks and writes); the loser gets SLOT_TAKEN in at most 4', async () => {
    const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
    const a = await citizenWithDeadline();
    const b = await citizenWithDeadline();
    const won = await book(a.id, slot.id);
    expect(won.result.bookSlot.userErrors).toEqual([]);
    const lost = await book(b.id, slot.id);
    expect(won.statements).toBeLessThanOrEqual(9);
    expect(lost.result.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN', field: ['input', 'slotId'] })]);
    expect(lost.result.bookSlot.userErrors[0].message).toMatch(/^SL-3: /);
    expect(lost.statements).toBeLessThanOrEqual(4);
  });

  it('NS-3: an insured member booking after a no-show is reported as contact after it, in the same 9 statements', async () => {
    const c = await citizenWithDeadline();
    await t.fx.meeting(c, '2026-02-27', '10:00', { origin: 'SELF_BOOKED', status: 'NO_SHOW', outcomeRegisteredAt: t.clock.now().subtract({ hours: 48 }) });
    const slot = await t.fx.slot(jc, '2026-03-05', '11:00');
    const won = await book(c.id, slot.id);
    expect(won.result.bookSlot.userErrors).toEqual([]);
    expect(won.statements).toBeLessThanOrEqual(9);
    const events = await t.ds.query(`SELECT type, payload->>'meetingId' AS "meetingId" FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id]);
    expect(events).toEqual([
      { type: 'INTERVIEW_BOOKED', meetingId: won.result.bookSlot.meeting.id },
      { type: 'CONTACT_AFTER_NO_SHOW', meetingId: won.result.bookSlot.meeting.id },
    ]);
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
