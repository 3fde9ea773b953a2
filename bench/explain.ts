/**
 * EXPLAIN for the access paths the benchmark drives, on the seeded data: prints each plan and flags every
 * sequential scan of a big table (more than BIG_ROWS rows), which would make latency grow with the data.
 *
 * Two sources of statements:
 * 1. The access paths written out below — the SQL the API's loaders and services send (as TypeORM renders it,
 *    simplified to the columns that matter) and the bare reference's — run with real ids from the data, so
 *    the planner makes the plan it makes at run time (EXPLAIN ANALYZE, inside a transaction rolled back).
 * 2. With --statements <file> (bench/results/statements-<scale>.json, written by `npm run bench`): every
 *    statement the API actually ran during the benchmark, as pg_stat_statements recorded it, explained with
 *    GENERIC_PLAN (its parameters are unknown, so this is the plan for "any value"; flagged separately).
 *
 * CLI: `npm run bench:explain -- --scale 0.1 [--statements bench/results/statements-0.1.json] [--verbose]`.
 */
import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { BARE_SQL } from './lib/bare-sql';
import type { DataSource } from 'typeorm';
import { citizenRowsSql } from '../src/loaders/citizen-rows.loaders';
import { citizenPageSql } from '../src/loaders/citizen-page-rows';
import { bookableSlotsSql } from '../src/loaders/slot-rows';
import { CONTACT_COURSES_BEHIND_SQL } from '../src/domain/contact-course/contact-course.service';
import { FUND_EVENT_TYPES, FUND_FEED_AFTER_SQL } from '../src/domain/events/fund-events.service';

export const BIG_ROWS = 10_000;

export interface ExplainedPath {
  name: string;
  sql: string;
  source: 'access-path' | 'api-statement (generic plan)';
  /** Big tables read by a sequential scan. */
  seqScans: string[];
  /** Index and other scans, "Index Scan using x on t", for the report. */
  scans: string[];
  ms: number | null;
  plan: string;
  error?: string;
}

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[]; 'Actual Total Time'?: number }

function walk(n: PlanNode, f: (n: PlanNode) => void): void {
  f(n);
  for (const p of n.Plans ?? []) walk(p, f);
}

function render(n: PlanNode, depth = 0): string {
  const rel = n['Relation Name'] ? ` on ${n['Relation Name']}` : '';
  const idx = n['Index Name'] ? ` using ${n['Index Name']}` : '';
  return `${'  '.repeat(depth)}-> ${n['Node Type']}${idx}${rel}\n${(n.Plans ?? []).map((p) => render(p, depth + 1)).join('')}`;
}

async function bigTables(c: Client): Promise<Set<string>> {
  const r = await c.query(`SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples > $1`, [BIG_ROWS]);
  return new Set(r.rows.map((x) => x.relname as string));
}

async function explainOne(c: Client, big: Set<string>, name: string, sql: string, params: unknown[], generic: boolean): Promise<ExplainedPath> {
  const source = generic ? 'api-statement (generic plan)' as const : 'access-path' as const;
  try {
    await c.query('BEGIN');
    const opts = generic ? 'GENERIC_PLAN, FORMAT JSON' : 'ANALYZE, BUFFERS, FORMAT JSON';
    const r = await c.query(`EXPLAIN (${opts}) ${sql}`, generic ? [] : params);
    const root = r.rows[0]['QUERY PLAN'][0] as { Plan: PlanNode; 'Execution Time'?: number };
    const seqScans: string[] = [];
    const scans: string[] = [];
    walk(root.Plan, (n) => {
      if (!n['Relation Name']) return;
      if (n['Node Type'] === 'Seq Scan' && big.has(n['Relation Name'])) seqScans.push(n['Relation Name']);
      scans.push(`${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} on ${n['Relation Name']}`);
    });
    return { name, sql, source, seqScans, scans, ms: root['Execution Time'] ?? null, plan: render(root.Plan) };
  } catch (err) {
    return { name, sql, source, seqScans: [], scans: [], ms: null, plan: '', error: (err as Error).message };
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
  }
}

/** Real ids to explain with: a citizen with a long history and an open deadline, its jobcenter, a busy a-kasse. */
async function sampleIds(c: Client) {
  const cit = (await c.query(`
    SELECT c.id, c.jobcenter_id, c.name, d.latest_interview_date::text AS latest FROM citizen c
      JOIN deadline d ON d.citizen_id = c.id AND d.status = 'OPEN'
     ORDER BY (SELECT count(*) FROM meeting m WHERE m.citizen_id = c.id) DESC LIMIT 1`)).rows[0];
  const slot = (await c.query(`SELECT id FROM slot WHERE jobcenter_id = $1 AND starts_at > now() LIMIT 1`, [cit.jobcenter_id])).rows[0];
  const busiest = (await c.query(`SELECT unemployment_fund_id AS id, count(*) AS n FROM domain_event WHERE unemployment_fund_id IS NOT NULL
                                    GROUP BY 1 ORDER BY 2 DESC LIMIT 1`)).rows[0];
  const fund = (await c.query(`SELECT unemployment_fund_id AS id, tx_id::text AS tx, seq::text AS seq FROM domain_event
                                WHERE unemployment_fund_id = $1 ORDER BY tx_id, seq OFFSET $2 LIMIT 1`, [busiest.id, Math.floor(Number(busiest.n) / 2)])).rows[0];
  const page = (await c.query(`SELECT array_agg(id) AS ids FROM (SELECT id FROM citizen WHERE jobcenter_id = $1 ORDER BY name, id LIMIT 50) x`, [cit.jobcenter_id])).rows[0];
  const today = (await c.query(`SELECT (now() AT TIME ZONE 'Europe/Copenhagen')::date::text AS d`)).rows[0].d as string;
  return { citizen: cit, slotId: slot?.id, fund, pageIds: page.ids as string[], today };
}

export async function explainAccessPaths(c: Client, ds: DataSource, apiStatements: string[] = []): Promise<ExplainedPath[]> {
  await c.query('ANALYZE');
  const big = await bigTables(c);
  const s = await sampleIds(c);
  const cid = s.citizen.id;
  const jc = s.citizen.jobcenter_id;
  const active = `('OPEN', 'BOOKED', 'EXPIRED')`;
  const paths: [string, string, unknown[]][] = [
    ['citizen by id (loader)', `SELECT * FROM citizen WHERE id IN ($1)`, [cid]],
    ['citizens of a jobcenter, keyset page of 50', citizenPageSql(51, true), [jc, s.citizen.name, cid]],
    ['active deadline of 50 citizens (loader)', `SELECT * FROM deadline WHERE citizen_id = ANY($1) AND status IN ${active}`, [s.pageIds]],
    ['a citizen\'s rows for the obligations: active deadline, meetings, planned meetings, registration periods, holidays (one statement, one citizen)',
      citizenRowsSql(ds, ['activeDeadline', 'registrationPeriodsByCitizen', 'holidaysByCitizen', 'plannedMeetingsByCitizen', 'meetingsByCitizen'], true), [cid]],
    ['the same for a page of 50 citizens (caseworker list)',
      citizenRowsSql(ds, ['activeDeadline', 'meetingsByCitizen', 'registrationPeriodsByCitizen']), [s.pageIds, s.pageIds, s.pageIds]],
    ['meetings of 50 citizens (loader: contact course)', `SELECT * FROM meeting WHERE citizen_id = ANY($1) ORDER BY starts_at DESC, id DESC`, [s.pageIds]],
    ['planned meetings of a citizen (loader)', `SELECT * FROM meeting WHERE citizen_id IN ($1) AND status = 'PLANNED' ORDER BY starts_at, id`, [cid]],
    ['registration periods of 50 citizens (loader)', `SELECT * FROM registration_period WHERE citizen_id = ANY($1)`, [s.pageIds]],
    // The API's own statements (src/loaders/slot-rows.ts, citizen-page-rows.ts), with real ids.
    ['bookable slots (SL-2, MT-6, MT-7)', bookableSlotsSql(10), [jc, new Date(), new Date(`${s.citizen.latest}T23:00:00Z`), cid]],
    // CC-7 (issue 16): contactCoursesBehind from contact_course_status_behind_idx in page order, a full page.
    ['courses behind of a jobcenter, keyset page of 50 (contactCoursesBehind)', CONTACT_COURSES_BEHIND_SQL, [jc, '', '00000000-0000-0000-0000-000000000000', s.today, 51]],
    ['bookSlot: lock the citizen', `SELECT * FROM citizen WHERE id = $1 FOR UPDATE`, [cid]],
    ['bookSlot: lock the active deadline', `SELECT * FROM deadline WHERE citizen_id = $1 AND status IN ${active} FOR UPDATE`, [cid]],
    ['bookSlot: lock the slot', `SELECT * FROM slot WHERE id = $1 FOR UPDATE`, [s.slotId]],
    ['bookSlot: is the slot booked', `SELECT 1 FROM meeting WHERE slot_id = $1 AND status <> 'CANCELLED' LIMIT 1`, [s.slotId]],
    ['bookSlot: other planned interview (MT-2)', `SELECT * FROM meeting WHERE citizen_id = $1 AND status = 'PLANNED' AND type IN ('JOB_INTERVIEW', 'FOLLOW_UP') LIMIT 1`, [cid]],
    // The feed's own statement and event types (src/domain/events/fund-events.service.ts), a page of 100.
    ['a-kasse events after a cursor (EV-2)', `SELECT e.id, e.seq, e.tx_id, e.type, e.occurred_at, e.citizen_id, e.payload ${FUND_FEED_AFTER_SQL}`,
    [s.fund.id, [...FUND_EVENT_TYPES], s.fund.tx, s.fund.seq, 101]],
    ['bare: citizen, active deadline, interviews held', BARE_SQL.citizen, [cid]],
    ['bare: planned meetings', BARE_SQL.planned, [cid]],
    ['bare: bookable slots', BARE_SQL.slots, [jc, s.citizen.latest, 10]],
  ];
  const out: ExplainedPath[] = [];
  for (const [name, sql, params] of paths) out.push(await explainOne(c, big, name, sql, params, false));
  const seen = new Set<string>();
  for (const q of apiStatements) {
    const sql = q.trim();
    if (!/^(SELECT|UPDATE|DELETE|WITH)\b/i.test(sql) || seen.has(sql) || /pg_stat_statements|pg_advisory|^SELECT 1$/i.test(sql)) continue;
    seen.add(sql);
    out.push(await explainOne(c, big, sql.replace(/\s+/g, ' ').slice(0, 90), sql, [], true));
  }
  return out;
}

if (require.main === module) {
  (async () => {
    const args = process.argv.slice(2);
    const verbose = args.includes('--verbose');
    const si = args.indexOf('--statements');
    const statementsFile = si >= 0 ? args[si + 1] : undefined;
    const { parseArgs } = await import('./lib/args');
    const { openBenchDb, connect } = await import('./lib/db');
    const a = parseArgs(args.filter((x, i) => x !== '--verbose' && x !== '--statements' && (si < 0 || i !== si + 1)));
    const db = await openBenchDb({ scale: a.scale, log: (m) => console.log(m) });
    const c = await connect(db.url);
    try {
      const statements = statementsFile ? (JSON.parse(readFileSync(statementsFile, 'utf8')) as { query: string }[]).map((x) => x.query) : [];
      const res = await explainAccessPaths(c, db.ds, statements);
      for (const p of res) {
        const flag = p.error ? 'ERROR' : p.seqScans.length ? `SEQ SCAN on ${p.seqScans.join(', ')}` : 'ok';
        console.log(`\n[${flag}] ${p.name} (${p.source}${p.ms !== null ? `, ${p.ms.toFixed(2)} ms` : ''})`);
        if (verbose || p.seqScans.length) console.log(p.sql.trim().replace(/\s+/g, ' '));
        console.log(p.error ?? p.plan.trimEnd());
      }
      const flagged = res.filter((p) => p.seqScans.length);
      console.log(`\n${res.length} statements explained; ${flagged.length} with a sequential scan on a table over ${BIG_ROWS} rows.`);
    } finally {
      await c.end();
      await db.close();
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
