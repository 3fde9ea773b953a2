import { type DocumentNode, print } from 'graphql';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, Slot } from '../../src/entities';
import { BookSlotForCitizenMove, RebookMeetingForConcurrencyBooking, WithdrawSlotForConcurrencyBooking } from '../support/operations';


const NOW = '2026-03-02T09:00:00+01:00';

interface Answer {
  status: number;
  body: { data?: Record<string, { meeting?: { id: string } | null; slot?: { id: string } | null; userErrors: { code: string; message: string }[] }>; errors?: unknown[] };
}

/**
 * SL-3 through real HTTP: many simultaneous requests, each its own connection to the server, each its own
 * transaction on a pool smaller than the number of requests.
 */
describe('concurrency: simultaneous bookings through HTTP (SL-3, MT-2)', () => {
  const t = withApp({ now: NOW, poolSize: 20 });
  let url: string;
  let jc: Jobcenter;
  beforeAll(async () => {
    url = await t.listen();
    jc = await t.fx.jobcenter();
  });

  async function post(actor: string, query: DocumentNode, variables: Record<string, unknown>): Promise<Answer> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-actor': actor },
      body: JSON.stringify({ query: print(query), variables }),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  /** The payload of a mutation answer, failing on HTTP or GraphQL errors (a lost race is never an internal error). */
  function payload(a: Answer, field: string) {
    expect(a.status).toBe(200);
    expect(a.body.errors).toBeUndefined();
    return a.body.data![field]!;
  }

  async function citizensWithDeadlines(n: number): Promise<Citizen[]> {
    const out: Citizen[] = [];
    for (let i = 0; i < n; i++) {
      const c = await t.fx.citizen(jc);
      await t.fx.deadline(c, '2026-03-01', '2026-03-10');
      out.push(c);
    }
    return out;
  }

  async function slots(n: number, date: string): Promise<Slot[]> {
    const out: Slot[] = [];
    for (let i = 0; i < n; i++) {
      const minute = 8 * 60 + i * 15; // 15-minute slots from 08:00
      out.push(await t.fx.slot(jc, date, `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`, { minutes: 15 }));
    }
    return out;
  }

  async function integrityViolations() {
    const doubleBooked = await t.ds.query(
      `SELECT slot_id FROM meeting WHERE slot_id IS NOT NULL AND status <> 'CANCELLED' GROUP BY slot_id HAVING count(*) > 1`);
    const twoPlanned = await t.ds.query(
      `SELECT citizen_id FROM meeting WHERE status = 'PLANNED' AND type IN ('JOB_INTERVIEW','FOLLOW_UP') GROUP BY citizen_id HAVING count(*) > 1`);
    const deadlineMismatch = await t.ds.query(
      `SELECT d.id FROM deadline d LEFT JOIN meeting m ON m.id = d.meeting_id
        WHERE (d.status = 'BOOKED') <> (m.id IS NOT NULL AND m.status = 'PLANNED')`);
    return { doubleBooked, twoPlanned, deadlineMismatch };
  }

  it('SL-3: 200 citizens booking 20 slots at the same moment — exactly 20 succeed, every other one gets SLOT_TAKEN, and no slot or citizen is double-booked', async () => {
    const citizens = await citizensWithDeadlines(200);
    const free = await slots(20, '2026-03-09');
    const started = Date.now();
    const answers = await Promise.all(citizens.map((c, i) =>
      post(`citizen:${c.id}`, BookSlotForCitizenMove, { input: { slotId: free[i % free.length]!.id } })));
    const elapsedMs = Date.now() - started;

    const payloads = answers.map((a) => payload(a, 'bookSlot'));
    const won = payloads.filter((p) => p.meeting);
    const lost = payloads.filter((p) => !p.meeting);
    expect(won).toHaveLength(20);
    expect(lost).toHaveLength(180);
    for (const p of lost) expect(p.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN', message: expect.stringMatching(/^SL-3: /) })]);
    for (const p of won) expect(p.userErrors).toEqual([]);

    expect(await integrityViolations()).toEqual({ doubleBooked: [], twoPlanned: [], deadlineMismatch: [] });
    const [{ booked, slotsUsed }] = await t.ds.query(
      `SELECT count(*)::int AS booked, count(DISTINCT slot_id)::int AS "slotsUsed" FROM meeting WHERE slot_id = ANY($1::uuid[]) AND status = 'PLANNED'`,
      [free.map((s) => s.id)]);
    expect({ booked, slotsUsed }).toEqual({ booked: 20, slotsUsed: 20 });
    const [{ open, bookedDeadlines }] = await t.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'OPEN')::int AS open, count(*) FILTER (WHERE status = 'BOOKED')::int AS "bookedDeadlines"
         FROM deadline WHERE citizen_id = ANY($1::uuid[])`, [citizens.map((c) => c.id)]);
    expect({ open, bookedDeadlines }).toEqual({ open: 180, bookedDeadlines: 20 });
    // Losers changed nothing: exactly one booking event per winner.
    const [{ events }] = await t.ds.query(`SELECT count(*)::int AS events FROM domain_event WHERE type = 'INTERVIEW_BOOKED' AND citizen_id = ANY($1::uuid[])`, [citizens.map((c) => c.id)]);
    expect(events).toBe(20);
    console.info(`SL-3 race: 200 simultaneous bookSlot calls over HTTP for 20 slots with a pool of 20 took ${elapsedMs} ms`);
  });

  it('MT-2/SL-2: one citizen booking five different slots at the same moment — exactly one wins, the rest get NO_OPEN_DEADLINE or INTERVIEW_ALREADY_PLANNED', async () => {
    const citizens = await citizensWithDeadlines(10);
    const free = await slots(50, '2026-03-10');
    const answers = await Promise.all(citizens.flatMap((c, ci) =>
      [0, 1, 2, 3, 4].map((k) => post(`citizen:${c.id}`, BookSlotForCitizenMove, { input: { slotId: free[ci * 5 + k]!.id } }).then((a) => ({ ci, a })))));
    for (let ci = 0; ci < citizens.length; ci++) {
      const mine = answers.filter((x) => x.ci === ci).map((x) => payload(x.a, 'bookSlot'));
      expect(mine.filter((p) => p.meeting)).toHaveLength(1);
      for (const p of mine.filter((q) => !q.meeting)) {
        expect(['NO_OPEN_DEADLINE', 'INTERVIEW_ALREADY_PLANNED']).toContain(p.userErrors[0]!.code);
      }
    }
    expect(await integrityViolations()).toEqual({ doubleBooked: [], twoPlanned: [], deadlineMismatch: [] });
  });

  it('SL-3: five simultaneous retries with one idempotency key all answer with the same single booking', async () => {
    const [c] = await citizensWithDeadlines(1);
    const [slot] = await slots(1, '2026-03-11');
    const answers = await Promise.all([0, 1, 2, 3, 4].map(() =>
      post(`citizen:${c!.id}`, BookSlotForCitizenMove, { input: { slotId: slot!.id, idempotencyKey: 'tap-tap-tap' } })));
    const ids = answers.map((a) => payload(a, 'bookSlot').meeting?.id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBeDefined();
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE citizen_id = $1`, [c!.id]);
    expect(n).toBe(1);
  });

  it('SL-4/SL-3: a rebooking and a booking racing for the same slot — exactly one gets it, the other SLOT_TAKEN', async () => {
    const movers = await citizensWithDeadlines(10);
    const bookers = await citizensWithDeadlines(10);
    const held = await slots(10, '2026-03-12');
    const contested = await slots(10, '2026-03-13');
    const meetingIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await t.as.citizen(movers[i]!.id).run(BookSlotForCitizenMove, { input: { slotId: held[i]!.id } });
      meetingIds.push(r.bookSlot.meeting.id);
    }
    const answers = await Promise.all([
      ...movers.map((c, i) => post(`citizen:${c.id}`, RebookMeetingForConcurrencyBooking, { input: { meetingId: meetingIds[i], slotId: contested[i]!.id } }).then((a) => payload(a, 'rebookMeeting'))),
      ...bookers.map((c, i) => post(`citizen:${c.id}`, BookSlotForCitizenMove, { input: { slotId: contested[i]!.id } }).then((a) => payload(a, 'bookSlot'))),
    ]);
    for (let i = 0; i < 10; i++) {
      const pair = [answers[i]!, answers[10 + i]!];
      expect(pair.filter((p) => p.meeting)).toHaveLength(1);
      expect(pair.find((p) => !p.meeting)!.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN' })]);
    }
    expect(await integrityViolations()).toEqual({ doubleBooked: [], twoPlanned: [], deadlineMismatch: [] });
  });

  it('SL-1/SL-2: withdrawing and booking the same slot at the same moment — the booking either wins (SLOT_BOOKED) or loses (SLOT_WITHDRAWN)', async () => {
    const citizens = await citizensWithDeadlines(10);
    const contested = await slots(10, '2026-03-14');
    const answers = await Promise.all([
      ...contested.map((s) => post(`caseworker:${jc.id}`, WithdrawSlotForConcurrencyBooking, { input: { slotId: s.id } }).then((a) => payload(a, 'withdrawSlot'))),
      ...citizens.map((c, i) => post(`citizen:${c.id}`, BookSlotForCitizenMove, { input: { slotId: contested[i]!.id } }).then((a) => payload(a, 'bookSlot'))),
    ]);
    for (let i = 0; i < 10; i++) {
      const [w, b] = [answers[i]!, answers[10 + i]!];
      if (b.meeting) expect(w.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_BOOKED' })]);
      else expect([w.userErrors, b.userErrors]).toEqual([[], [expect.objectContaining({ code: 'SLOT_WITHDRAWN' })]]);
    }
    const [{ both }] = await t.ds.query(
      `SELECT count(*)::int AS both FROM slot s WHERE s.withdrawn_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`);
    expect(both).toBe(0);
  });
});
