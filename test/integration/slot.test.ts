import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import { BookSlot, PublishSlotsForSlot, SlotsForSlot, WithdrawSlot } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

/** A slot input of `minutes` starting at a Copenhagen wall-clock time given with its offset. */
function slotInput(startsAt: string, minutes = 30, over: Record<string, unknown> = {}) {
  const end = new Date(new Date(startsAt).getTime() + minutes * 60_000).toISOString();
  return { startsAt, endsAt: end, ...over };
}

describe('slots: publishSlots, withdrawSlot, slots(filter)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  describe('publishSlots (SL-1)', () => {
    it('SL-1: publishes slots of all three forms and a group slot, in input order, with kind derived from the group part', async () => {
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, {
        input: {
          jobcenterId: jc.id,
          slots: [
            slotInput('2026-03-10T09:00:00+01:00', 30, { form: 'IN_PERSON', location: 'Lokale 2', caseworker: 'Hanne' }),
            slotInput('2026-03-10T09:30:00+01:00', 30, { form: 'PHONE' }),
            slotInput('2026-03-10T10:00:00+01:00', 30, { form: 'VIDEO' }),
            slotInput('2026-03-10T11:00:00+01:00', 30, { groupStartsAt: '2026-03-10T10:00:00+01:00' }),
          ],
        },
      });
      expect(r.publishSlots.userErrors).toEqual([]);
      expect(r.publishSlots.slots).toEqual([
        expect.objectContaining({ startsAt: '2026-03-10T09:00:00+01:00', endsAt: '2026-03-10T09:30:00+01:00', form: 'IN_PERSON', kind: 'JOB_INTERVIEW', location: 'Lokale 2', caseworker: 'Hanne', withdrawn: false, booked: false, groupStartsAt: null, jobcenter: { id: jc.id } }),
        expect.objectContaining({ startsAt: '2026-03-10T09:30:00+01:00', form: 'PHONE', kind: 'JOB_INTERVIEW' }),
        expect.objectContaining({ startsAt: '2026-03-10T10:00:00+01:00', form: 'VIDEO' }),
        expect.objectContaining({ startsAt: '2026-03-10T11:00:00+01:00', groupStartsAt: '2026-03-10T10:00:00+01:00', kind: 'GROUP_THEN_INDIVIDUAL', form: 'IN_PERSON' }),
      ]);
      const ids = r.publishSlots.slots.map((s: { id: string }) => s.id);
      const stored = await t.ds.query(`SELECT id, kind FROM slot WHERE id = ANY($1::uuid[])`, [ids]);
      expect(stored).toHaveLength(4);
    });

    it('SL-1: 500 slots are published in one multi-row INSERT (a fixed number of statements, not one per slot)', async () => {
      const jc500 = await t.fx.jobcenter();
      const base = new Date('2026-04-01T06:00:00Z').getTime();
      const slots = Array.from({ length: 500 }, (_, i) => slotInput(new Date(base + i * 30 * 60_000).toISOString()));
      const { result, statements } = await t.countQueries(() => t.as.caseworker(jc500.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc500.id, slots } }));
      expect(result.publishSlots.userErrors).toEqual([]);
      expect(result.publishSlots.slots).toHaveLength(500);
      expect(statements).toBeLessThan(20);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM slot WHERE jobcenter_id = $1`, [jc500.id]);
      expect(n).toBe(500);
    });

    it('SL-1: 501 slots are refused with TOO_MANY_SLOTS, and an empty list with INVALID_INPUT', async () => {
      const slots = Array.from({ length: 501 }, () => slotInput('2026-04-01T09:00:00+02:00'));
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots } });
      expect(r.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'TOO_MANY_SLOTS', field: ['input', 'slots'] })]);
      expect(r.publishSlots.userErrors[0].message).toMatch(/^SL-1: .*500/);
      const empty = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [] } });
      expect(empty.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'slots'] })]);
    });

    it('SL-1: all or nothing — one bad slot (index 3, ends before it starts) refuses the whole batch, naming its index, and changes nothing', async () => {
      const before = await t.fx.snapshot();
      const slots = [
        slotInput('2026-03-11T09:00:00+01:00'), slotInput('2026-03-11T09:30:00+01:00'), slotInput('2026-03-11T10:00:00+01:00'),
        { startsAt: '2026-03-11T10:30:00+01:00', endsAt: '2026-03-11T10:00:00+01:00' },
        slotInput('2026-03-11T11:00:00+01:00'),
      ];
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots } });
      expect(r.publishSlots.slots).toEqual([]);
      expect(r.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TIMES', field: ['input', 'slots', '3', 'endsAt'] })]);
      expect(r.publishSlots.userErrors[0].message).toMatch(/^SL-1: slot 3 must end after it starts/);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('SL-1: a slot longer than 4 hours is refused (exactly 4 hours is accepted)', async () => {
      const ok4 = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-12T08:00:00+01:00', 240)] } });
      expect(ok4.publishSlots.userErrors).toEqual([]);
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-12T08:00:00+01:00', 30), slotInput('2026-03-12T08:00:00+01:00', 241)] } });
      expect(r.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TIMES', field: ['input', 'slots', '1', 'endsAt'] })]);
    });

    it('SL-1: a slot must start in the future (one starting now is refused; one a minute from now is accepted)', async () => {
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-02T09:00:00+01:00')] } });
      expect(r.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_IN_PAST', field: ['input', 'slots', '0', 'startsAt'] })]);
      const ok = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-02T09:01:00+01:00')] } });
      expect(ok.publishSlots.userErrors).toEqual([]);
    });

    it('SL-1 Decision: GROUP_THEN_INDIVIDUAL — the individual part 60 minutes after the group part is accepted, 61 minutes refused', async () => {
      const ok60 = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, {
        input: { jobcenterId: jc.id, slots: [slotInput('2026-03-13T10:00:00+01:00', 30, { groupStartsAt: '2026-03-13T09:00:00+01:00' })] },
      });
      expect(ok60.publishSlots.userErrors).toEqual([]);
      expect(ok60.publishSlots.slots[0].kind).toBe('GROUP_THEN_INDIVIDUAL');
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, {
        input: { jobcenterId: jc.id, slots: [slotInput('2026-03-13T12:00:00+01:00'), slotInput('2026-03-13T10:01:00+01:00', 30, { groupStartsAt: '2026-03-13T09:00:00+01:00' })] },
      });
      expect(r.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'GROUP_GAP_TOO_LONG', field: ['input', 'slots', '1', 'groupStartsAt'] })]);
      expect(r.publishSlots.userErrors[0].message).toMatch(/^SL-1: /);
    });

    it('SL-1: an unknown form is refused by the schema (IN_PERSON, PHONE, VIDEO only)', async () => {
      const r = await t.as.caseworker(jc.id).exec(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-13T12:00:00+01:00', 30, { form: 'LETTER' })] } });
      expect(r.errors?.[0]?.message).toMatch(/LETTER/);
    });

    it('SL-1: a slot at 02:30 on 2026-03-29 (a local time that does not exist) given as +01:00 is the instant 03:30 CEST', async () => {
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-29T02:30:00+01:00')] } });
      expect(r.publishSlots.slots[0]).toMatchObject({ startsAt: '2026-03-29T03:30:00+02:00', endsAt: '2026-03-29T04:00:00+02:00' });
    });

    it('SL-1: only staff of that jobcenter may publish (FORBIDDEN for another jobcenter and for citizens); nothing is stored', async () => {
      const other = await t.fx.jobcenter();
      const before = await t.fx.snapshot(['slot']);
      const r = await t.as.caseworker(other.id).exec(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-14T09:00:00+01:00')] } });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const c = await t.fx.citizen(jc);
      const rc = await t.as.citizen(c.id).exec(PublishSlotsForSlot, { input: { jobcenterId: jc.id, slots: [slotInput('2026-03-14T09:00:00+01:00')] } });
      expect(rc.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await t.fx.snapshot(['slot'])).toEqual(before);
    });

    it('SL-1: an integration of the jobcenter may publish; a retry with the same idempotency key returns the same slots', async () => {
      const input = { jobcenterId: jc.id, idempotencyKey: 'week-12', slots: [slotInput('2026-03-16T09:00:00+01:00'), slotInput('2026-03-16T09:30:00+01:00')] };
      const first = await t.as.integration(jc.id).run(PublishSlotsForSlot, { input });
      expect(first.publishSlots.userErrors).toEqual([]);
      const before = await t.fx.snapshot(['slot']);
      const again = await t.as.integration(jc.id).run(PublishSlotsForSlot, { input });
      expect(again.publishSlots.slots.map((s: { id: string }) => s.id)).toEqual(first.publishSlots.slots.map((s: { id: string }) => s.id));
      expect(await t.fx.snapshot(['slot'])).toEqual(before);
      const reused = await t.as.integration(jc.id).run(PublishSlotsForSlot, { input: { ...input, slots: [slotInput('2026-03-17T09:00:00+01:00')] } });
      expect(reused.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
    });

    it('rejects a jobcenterId that is not a UUID as INVALID_INPUT', async () => {
      const r = await t.as.caseworker(jc.id).run(PublishSlotsForSlot, { input: { jobcenterId: 'jc-1', slots: [slotInput('2026-03-14T09:00:00+01:00')] } });
      expect(r.publishSlots.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'jobcenterId'] })]);
    });
  });

  describe('withdrawSlot', () => {
    it('SL-1: withdraws a free slot; it is then not bookable (SLOT_WITHDRAWN) and a second withdrawal is ALREADY_WITHDRAWN', async () => {
      const slot = await t.fx.slot(jc, '2026-03-09', '10:00');
      const r = await t.as.caseworker(jc.id).run(WithdrawSlot, { input: { slotId: slot.id, reason: 'Sygdom' } });
      expect(r.withdrawSlot).toEqual({ slot: { id: slot.id, withdrawn: true, booked: false }, userErrors: [] });
      const [row] = await t.ds.query(`SELECT withdrawn_reason, withdrawn_at FROM slot WHERE id = $1`, [slot.id]);
      expect(row.withdrawn_reason).toBe('Sygdom');
      expect(new Date(row.withdrawn_at).toISOString()).toBe('2026-03-02T08:00:00.000Z');

      const c = await t.fx.citizen(jc);
      await t.fx.deadline(c, '2026-03-01', '2026-03-10');
      const book = await t.as.citizen(c.id).run(BookSlot, { input: { slotId: slot.id } });
      expect(book.bookSlot.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_WITHDRAWN', field: ['input', 'slotId'] })]);
      expect(book.bookSlot.userErrors[0].message).toMatch(/^SL-2: /);

      const again = await t.as.caseworker(jc.id).run(WithdrawSlot, { input: { slotId: slot.id } });
      expect(again.withdrawSlot.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_WITHDRAWN', field: ['input', 'slotId'] })]);
      expect(again.withdrawSlot.userErrors[0].message).toMatch(/^SL-1: .*withdrawn at 2026-03-02T09:00/);
    });

    it('SL-1: a booked slot cannot be withdrawn (SLOT_BOOKED) and stays booked', async () => {
      const slot = await t.fx.slot(jc, '2026-03-09', '11:00');
      const c = await t.fx.citizen(jc);
      await t.fx.deadline(c, '2026-03-01', '2026-03-10');
      expect((await t.as.citizen(c.id).run(BookSlot, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      const before = await t.fx.snapshot();
      const r = await t.as.caseworker(jc.id).run(WithdrawSlot, { input: { slotId: slot.id } });
      expect(r.withdrawSlot).toEqual({ slot: null, userErrors: [expect.objectContaining({ code: 'SLOT_BOOKED', field: ['input', 'slotId'] })] });
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('SL-1: a slot of another jobcenter is NOT_FOUND; a citizen may not withdraw (FORBIDDEN)', async () => {
      const other = await t.fx.jobcenter();
      const slot = await t.fx.slot(other, '2026-03-09', '12:00');
      const r = await t.as.caseworker(jc.id).run(WithdrawSlot, { input: { slotId: slot.id } });
      expect(r.withdrawSlot.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      const c = await t.fx.citizen(other);
      const rc = await t.as.citizen(c.id).exec(WithdrawSlot, { input: { slotId: slot.id } });
      expect(rc.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('slots(filter) query', () => {
    let pjc: Jobcenter;
    const ids: string[] = [];
    let pastId: string;
    beforeAll(async () => {
      pjc = await t.fx.jobcenter();
      // Five slots, two at the same instant (ordered by id as tie-breaker), one withdrawn, one booked, one in the past.
      for (const [d, time] of [['2026-03-05', '09:00'], ['2026-03-05', '09:00'], ['2026-03-05', '10:00'], ['2026-03-06', '09:00'], ['2026-03-07', '09:00']] as const) {
        ids.push((await t.fx.slot(pjc, d, time)).id);
      }
      pastId = (await t.fx.slot(pjc, '2026-03-01', '09:00')).id;
    });

    it('pages through all slots of a jobcenter by start time with cursors, for its staff', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const r: { slots: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
          await t.as.caseworker(pjc.id).run(SlotsForSlot, { filter: { jobcenterId: pjc.id, from: '2026-03-02T00:00:00+01:00' }, first: 2, after });
        seen.push(...r.slots.nodes.map((n) => n.id));
        pages++;
        if (!r.slots.pageInfo.hasNextPage) break;
        after = r.slots.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      const sameInstant = [ids[0]!, ids[1]!].sort();
      expect(seen).toEqual([...sameInstant, ids[2], ids[3], ids[4]]);
    });

    it('citizens of the jobcenter see only free future slots; onlyFree filters for staff; to bounds the range', async () => {
      await t.as.caseworker(pjc.id).run(WithdrawSlot, { input: { slotId: ids[2] } });
      const c = await t.fx.citizen(pjc);
      await t.fx.deadline(c, '2026-03-01', '2026-03-10');
      expect((await t.as.citizen(c.id).run(BookSlot, { input: { slotId: ids[3] } })).bookSlot.userErrors).toEqual([]);
      const citizenView = await t.as.citizen(c.id).run(SlotsForSlot, { filter: { jobcenterId: pjc.id } });
      expect(citizenView.slots.nodes.map((n: { id: string }) => n.id).sort()).toEqual([ids[0], ids[1], ids[4]].sort());
      const staffFree = await t.as.caseworker(pjc.id).run(SlotsForSlot, { filter: { jobcenterId: pjc.id, onlyFree: true, to: '2026-03-07T00:00:00+01:00' } });
      // Staff see the free past slot too (no `from`); the withdrawn, the booked and the one after `to` are left out.
      expect(staffFree.slots.nodes.map((n: { id: string }) => n.id).sort()).toEqual([pastId, ids[0], ids[1]].sort());
      const all = await t.as.caseworker(pjc.id).run(SlotsForSlot, { filter: { jobcenterId: pjc.id } });
      expect(all.slots.nodes).toHaveLength(6); // staff see past, withdrawn and booked ones too
      expect(all.slots.nodes.find((n: { id: string }) => n.id === ids[3])!.booked).toBe(true);
    });

    it('refuses other jobcenters\' slots (FORBIDDEN), a malformed cursor and a non-UUID jobcenterId (BAD_USER_INPUT)', async () => {
      const r = await t.as.caseworker(jc.id).exec(SlotsForSlot, { filter: { jobcenterId: pjc.id } });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const bad = await t.as.caseworker(pjc.id).exec(SlotsForSlot, { filter: { jobcenterId: pjc.id }, after: 'nonsense' });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const forged = Buffer.from(JSON.stringify(['2026-03-05T08:00:00Z', 'not-a-uuid'])).toString('base64url');
      const bad2 = await t.as.caseworker(pjc.id).exec(SlotsForSlot, { filter: { jobcenterId: pjc.id }, after: forged });
      expect(bad2.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const bad3 = await t.as.caseworker(pjc.id).exec(SlotsForSlot, { filter: { jobcenterId: 'x' } });
      expect(bad3.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
