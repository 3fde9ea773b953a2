/**
 * The bare reference: a plain `node:http` server answering a citizen's obligations with hand-written `pg`
 * queries — what the same answer costs without GraphQL, TypeORM, DataLoader and the rule engine. The
 * benchmark reports the API's throughput as a share of this one's.
 *
 * It reads the request like a real server (body parsed as JSON, the `x-dev-actor: citizen:<id>` header) and
 * answers the JSON shape of the benchmark's `myObligations` query: the active deadline, immediate booking,
 * bookable slots, planned meetings and the contact course's headline figures. Three named prepared statements: the citizen
 * with the active deadline and the count of held interviews, then planned meetings and bookable slots in
 * parallel.
 *
 * Simplifications that make the reference faster than a faithful copy (so the ratio is conservative): the
 * contact course is only phase / days / interviews held / required / next interview (no requirement windows),
 * times are UTC ISO strings, and no SL-5 inbox message is written when there are no slots.
 *
 * Run: DATABASE_URL=… PORT=… node --import tsx bench/bare-server.ts
 */
import http from 'node:http';
import { Pool, type QueryResultRow, types } from 'pg';
import { BARE_SQL } from './lib/bare-sql';

types.setTypeParser(1082, (v) => v); // date as 'YYYY-MM-DD'
types.setTypeParser(20, (v) => v);

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10), application_name: 'selvbook-bare' });
const ACTOR = /^citizen:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const DUTY = new Set(['INSURED_UNEMPLOYED', 'JOB_READY_CASH_BENEFIT', 'JOB_READY_TRANSITION_BENEFIT', 'EDUCATION_READY_EDUCATION_BENEFIT',
  'EDUCATION_READY_TRANSITION_BENEFIT', 'JOB_CLARIFICATION']);
const NEXT_TYPES = new Set(['JOB_INTERVIEW', 'JOINT_INTERVIEW', 'FOLLOW_UP']);
/** As the benchmark's query asks: `bookableSlots(first: 10)`. */
const SLOTS_SHOWN = 10;


const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });
let todayCache = { at: 0, day: '' };
function today(): string {
  const now = Date.now();
  if (now - todayCache.at > 1000) todayCache = { at: now, day: dayFormat.format(now) };
  return todayCache.day;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function addMonths(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dom = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(dom, last));
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A row as pg returns it (its own untyped row type). */
type Row = QueryResultRow;

/**
 * Issue 16.1: the reference runs its statements as named prepared statements too (as the API does, see
 * src/db/prepared-statements.ts), so the API's share of it compares like with like. BARE_PREPARED=off: unnamed.
 */
const PREPARED = (process.env.BARE_PREPARED ?? 'on') !== 'off';
function named(statement: keyof typeof BARE_SQL, values: unknown[]): { name?: string; text: string; values: unknown[] } {
  return PREPARED ? { name: `bare_${statement}`, text: BARE_SQL[statement], values } : { text: BARE_SQL[statement], values };
}

const meetingJson = (m: Row) => ({
  id: m.id, type: m.type, origin: m.origin, form: m.form,
  startsAt: (m.starts_at as Date).toISOString(), endsAt: (m.ends_at as Date).toISOString(), location: m.location,
});

export async function obligations(citizenId: string): Promise<unknown> {
  const { rows } = await pool.query(named('citizen', [citizenId]));
  const c = rows[0];
  if (!c) return null;
  const day = today();
  // SL-2 / RG-4: the booking window of the active deadline (an OPEN one past bookBy reads EXPIRED).
  let status: string | null = c.d_status;
  if (status === 'OPEN' && c.book_by < day) status = 'EXPIRED';
  let window: { from: string; to: string; immediate: boolean } | null = null;
  if (c.self_booking_right === 'ALLOWED') {
    if (status === 'OPEN' && c.available_from <= day) window = { from: day, to: c.latest_interview_date, immediate: false };
    else if (status === 'EXPIRED') window = { from: day, to: addDays(day, 5), immediate: true };
  }
  const [planned, slots] = await Promise.all([
    pool.query(named('planned', [citizenId])),
    window ? pool.query(named('slots', [c.jobcenter_id, window.to, SLOTS_SHOWN])) : Promise.resolve({ rows: [] as Row[] }),
  ]);
  const start: string | null = c.benefit_period_start ?? c.unemployed_since;
  const duty = DUTY.has(c.target_group);
  const next = planned.rows.find((m) => NEXT_TYPES.has(m.type));
  return {
    activeDeadline: c.d_id ? {
      id: c.d_id, status, availableFrom: c.available_from, bookBy: c.book_by, latestInterviewDate: c.latest_interview_date,
    } : null,
    immediateBookingRequired: !!window?.immediate,
    bookableSlots: {
      slots: slots.rows.map((s) => ({ id: s.id, startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString(), form: s.form, location: s.location })),
      noSlotsAvailable: !!window && slots.rows.length === 0,
      immediateBooking: !!window?.immediate,
      windowFrom: window?.from ?? null,
      windowTo: window?.to ?? null,
    },
    plannedMeetings: planned.rows.map(meetingJson),
    contactCourse: {
      phase: !duty ? 'NOT_COVERED' : !start ? 'NOT_STARTED' : day <= addMonths(start, 6) ? 'FIRST_SIX_MONTHS' : 'AFTER_SIX_MONTHS',
      unemploymentDays: start ? Math.max(0, daysBetween(start, day)) : 0,
      interviewsHeld: Number(c.held),
      interviewsRequiredInFirstSixMonths: c.target_group === 'INSURED_UNEMPLOYED' ? 6 : 4,
      nextPlannedInterview: next ? { id: next.id, startsAt: next.starts_at.toISOString() } : null,
    },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') return send(res, 200, { status: 'ok' });
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      if (chunks.length) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof body?.query !== 'string') return send(res, 400, { errors: [{ message: 'query missing' }] });
      }
    } catch {
      return send(res, 400, { errors: [{ message: 'Body is not valid JSON' }] });
    }
    const m = ACTOR.exec(String(req.headers['x-dev-actor'] ?? ''));
    if (!m) return send(res, 401, { errors: [{ message: 'x-dev-actor: citizen:<id> required' }] });
    obligations(m[1]!.toLowerCase()).then(
      (o) => send(res, 200, { data: { myObligations: o } }),
      (err: Error) => send(res, 500, { errors: [{ message: err.message }] }),
    );
  });
});
server.keepAliveTimeout = 65_000;

if (require.main === module) {
  const port = Number(process.env.PORT ?? 4100);
  server.listen(port, '127.0.0.1', () => console.log(`bare reference listening on http://127.0.0.1:${port}`));
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
