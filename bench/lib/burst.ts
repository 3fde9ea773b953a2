import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { Temporal } from 'temporal-polyfill';
import { type LoadResult, type PreparedRequest, load } from './load';
import { BOOK_SLOT, PUBLISH_SLOTS, gqlRequest } from './operations';
import type { StatementRow } from './statements';

/**
 * (3) The bookSlot burst: jobcenters publish a fresh week of slots (publishSlots, as their caseworkers do)
 * and many citizens with open deadlines book at once. Slot choice leans towards the earliest times (most
 * citizens want the first free time), so many requests race for the same slot (SL-3). Afterwards the
 * invariants are checked in SQL, and the data set is restored so the next run measures the same thing.
 */
export interface BurstResult {
  load: LoadResult;
  /** Statements of the measured burst (pg_stat_statements), when counted. */
  statements: StatementRow[];
  warmupRequests: number;
  citizens: number;
  jobcenters: number;
  slotsPublished: number;
  publishMsPer500: number;
  booked: number;
  bookingsPerSecond: number;
  userErrors: Record<string, number>;
  invariants: {
    doubleBookedSlots: number;
    citizensWithTwoPlannedInterviews: number;
    /** Successful answers without their meeting in the database, or meetings nobody was told about. */
    lostBookings: number;
    /** Booked citizens whose deadline is not BOOKED with that meeting. */
    deadlineMismatches: number;
    ok: boolean;
  };
}

interface Candidate { citizenId: string; jobcenterId: string }

const TIMES_PER_DAY = 16; // 08:00 … 15:30 every half hour

function nextWeekdays(from: Temporal.PlainDate, n: number): Temporal.PlainDate[] {
  const out: Temporal.PlainDate[] = [];
  let d = from.add({ days: 1 });
  while (out.length < n) {
    if (d.dayOfWeek <= 5) out.push(d);
    d = d.add({ days: 1 });
  }
  return out;
}

async function gql<T>(base: string, actor: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-actor': actor }, body: JSON.stringify({ query, variables }) });
  const body = await r.json() as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 800)}`);
  return body.data;
}

export async function bookingBurst(c: Client, apiBase: string, opts: {
  target: number; connections: number; log: (m: string) => void;
  stats?: { reset(): Promise<void>; read(): Promise<StatementRow[]> };
}): Promise<BurstResult> {
  const today = Temporal.Now.zonedDateTimeISO('Europe/Copenhagen').toPlainDate();
  // Citizens who may book now: an OPEN deadline available today, not past bookBy, allowed to self-book, no planned interview.
  const cand = await c.query(`
    SELECT c.id AS citizen_id, c.jobcenter_id FROM citizen c JOIN deadline d ON d.citizen_id = c.id AND d.status = 'OPEN'
     WHERE d.available_from <= $1 AND d.book_by >= $1 AND d.latest_interview_date >= $2 AND c.self_booking_right = 'ALLOWED' AND c.registered
       AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.citizen_id = c.id AND m.status = 'PLANNED' AND m.type IN ('JOB_INTERVIEW', 'FOLLOW_UP'))`,
  [today.toString(), nextWeekdays(today, 5)[4]!.toString()]);
  const byJc = new Map<string, Candidate[]>();
  for (const r of cand.rows) (byJc.get(r.jobcenter_id) ?? byJc.set(r.jobcenter_id, []).get(r.jobcenter_id)!).push({ citizenId: r.citizen_id, jobcenterId: r.jobcenter_id });
  const chosen: [string, Candidate[]][] = [];
  let total = 0;
  for (const e of [...byJc.entries()].sort((a, b) => b[1].length - a[1].length)) {
    if (total >= opts.target) break;
    const take = e[1].slice(0, opts.target - total);
    chosen.push([e[0], take]);
    total += take.length;
  }
  if (total === 0) throw new Error('no citizen with an open deadline to book for: reseed (--reseed)');

  const marks = (await c.query(`SELECT (SELECT coalesce(max(id), 0) FROM meeting_history) AS mh, (SELECT coalesce(max(id), 0) FROM deadline_history) AS dh,
    (SELECT coalesce(max(seq), 0) FROM domain_event) AS ev, now() AS t0`)).rows[0];

  // Publish a week of slots per jobcenter: about 0.8 slot per waiting citizen, so some citizens find none left.
  const days = nextWeekdays(today, 5);
  const slotsOf = new Map<string, string[]>();
  let publishMs = 0;
  let publishCalls = 0;
  for (const [jc, cs] of chosen) {
    const k = Math.max(1, Math.ceil(cs.length * 0.8));
    const specs = Array.from({ length: k }, (_, i) => {
      const day = days[Math.floor(i / TIMES_PER_DAY) % days.length]!;
      const minutes = 8 * 60 + 30 * (i % TIMES_PER_DAY);
      const start = day.toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }) });
      return {
        startsAt: start.toString({ timeZoneName: 'never' }), endsAt: start.add({ minutes: 30 }).toString({ timeZoneName: 'never' }),
        form: 'IN_PERSON', location: `Lokale ${1 + Math.floor(i / (TIMES_PER_DAY * days.length))}`, caseworker: `cw-${Math.floor(i / (TIMES_PER_DAY * days.length))}`,
      };
    });
    const ids: string[] = [];
    for (let i = 0; i < specs.length; i += 500) {
      const t = performance.now();
      const d = await gql<{ publishSlots: { userErrors: unknown[]; slots: { id: string }[] } }>(apiBase, `caseworker:${jc}:bench-cw`, PUBLISH_SLOTS, { input: { jobcenterId: jc, slots: specs.slice(i, i + 500) } });
      publishMs += (performance.now() - t) * (500 / Math.min(500, specs.length - i));
      publishCalls++;
      if (d.publishSlots.userErrors.length) throw new Error(`publishSlots: ${JSON.stringify(d.publishSlots.userErrors)}`);
      ids.push(...d.publishSlots.slots.map((s: { id: string }) => s.id));
    }
    slotsOf.set(jc, ids);
  }
  const allSlots = [...slotsOf.values()].flat();

  // One request per citizen, in random order across jobcenters; slot index skewed to the earliest (u²).
  const requests: PreparedRequest[] = chosen.flatMap(([jc, cs]) => cs.map((cand) => {
    const slots = slotsOf.get(jc)!;
    const slotId = slots[Math.floor(Math.random() ** 2 * slots.length)]!;
    return { ...gqlRequest(`citizen:${cand.citizenId}`, BOOK_SLOT, { input: { slotId, idempotencyKey: randomUUID() } }), meta: cand.citizenId };
  }));
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [requests[i], requests[j]] = [requests[j]!, requests[i]!];
  }

  const answered = new Map<string, string>(); // citizen → meeting
  const userErrors: Record<string, number> = {};
  const onBody = (body: string, req: PreparedRequest) => {
    try {
      const r = JSON.parse(body).data?.bookSlot;
      if (r?.meeting?.id) answered.set(req.meta as string, r.meeting.id);
      for (const e of r?.userErrors ?? []) userErrors[e.code] = (userErrors[e.code] ?? 0) + 1;
    } catch {
      userErrors.UNPARSEABLE = (userErrors.UNPARSEABLE ?? 0) + 1;
    }
  };
  // Warm-up: the first few bookings at low concurrency (the booking path's first compile), then the burst.
  const warm = Math.min(50, Math.floor(requests.length * 0.05));
  if (warm > 0) await load({ url: apiBase, connections: 2, amount: warm, requests: requests.slice(0, warm), onBody, once: true });
  const bookedInWarmup = answered.size;
  const main = requests.slice(warm);
  opts.log(`  bookSlot burst: ${main.length} citizens of ${chosen.length} jobcenters racing for ${allSlots.length} fresh slots, ${opts.connections} connections`);
  await opts.stats?.reset();
  const result = await load({ url: apiBase, connections: opts.connections, amount: main.length, requests: main, onBody, once: true });
  const statements = (await opts.stats?.read()) ?? [];

  // Invariants, in SQL.
  const q = async (sql: string, params: unknown[]) => Number((await c.query(sql, params)).rows[0].n);
  const citizens = requests.map((r) => r.meta as string);
  const doubleBookedSlots = await q(`SELECT count(*) AS n FROM (SELECT slot_id FROM meeting WHERE slot_id = ANY($1::uuid[]) AND status <> 'CANCELLED' GROUP BY 1 HAVING count(*) > 1) x`, [allSlots]);
  const citizensWithTwoPlannedInterviews = await q(`SELECT count(*) AS n FROM (SELECT citizen_id FROM meeting WHERE citizen_id = ANY($1::uuid[]) AND status = 'PLANNED'
      AND type IN ('JOB_INTERVIEW', 'FOLLOW_UP') GROUP BY 1 HAVING count(*) > 1) x`, [citizens]);
  const stored = await c.query(`SELECT citizen_id, id FROM meeting WHERE slot_id = ANY($1::uuid[]) AND status <> 'CANCELLED'`, [allSlots]);
  const storedOf = new Map(stored.rows.map((r) => [r.citizen_id as string, r.id as string]));
  let lostBookings = 0;
  for (const [cit, m] of answered) if (storedOf.get(cit) !== m) lostBookings++;
  for (const [cit, m] of storedOf) if (answered.get(cit) !== m) lostBookings++;
  const deadlineMismatches = await q(`SELECT count(*) AS n FROM unnest($1::uuid[], $2::uuid[]) AS b(citizen_id, meeting_id)
      WHERE NOT EXISTS (SELECT 1 FROM deadline d WHERE d.citizen_id = b.citizen_id AND d.status = 'BOOKED' AND d.meeting_id = b.meeting_id)`,
  [[...answered.keys()], [...answered.values()]]);

  // Restore: the booked deadlines open again, and everything the burst wrote goes (the access log is append-only and stays).
  await c.query('BEGIN');
  await c.query(`UPDATE deadline d SET status = 'OPEN', meeting_id = NULL FROM meeting m WHERE m.slot_id = ANY($1::uuid[]) AND d.meeting_id = m.id`, [allSlots]);
  await c.query(`DELETE FROM meeting_history WHERE id > $1`, [marks.mh]);
  await c.query(`DELETE FROM deadline_history WHERE id > $1`, [marks.dh]);
  await c.query(`DELETE FROM domain_event WHERE seq > $1`, [marks.ev]);
  await c.query(`DELETE FROM meeting WHERE slot_id = ANY($1::uuid[])`, [allSlots]);
  await c.query(`DELETE FROM slot WHERE id = ANY($1::uuid[])`, [allSlots]);
  await c.query(`DELETE FROM idempotency_key WHERE created_at >= $1`, [marks.t0]);
  await c.query('COMMIT');

  const booked = storedOf.size;
  const ok = doubleBookedSlots === 0 && citizensWithTwoPlannedInterviews === 0 && lostBookings === 0 && deadlineMismatches === 0;
  return {
    load: result, statements, warmupRequests: warm, citizens: requests.length, jobcenters: chosen.length, slotsPublished: allSlots.length,
    publishMsPer500: Math.round(publishMs / Math.max(1, publishCalls)),
    booked, bookingsPerSecond: Math.round(((answered.size - bookedInWarmup) / result.seconds) * 10) / 10,
    userErrors,
    invariants: { doubleBookedSlots, citizensWithTwoPlannedInterviews, lostBookings, deadlineMismatches, ok },
  };
}
