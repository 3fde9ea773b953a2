/**
 * Seeds a national-scale data set for the benchmark, generated inside PostgreSQL (INSERT … SELECT over
 * generate_series: no rows cross the wire, which is faster than COPY from the client).
 *
 * Scale 1: 98 jobcenters, 25 unemployment funds, 100,000 citizens across the target groups, 12 months of
 * history — about 1,000,000 meetings, 2,000,000 slots, ~600,000 deadlines with their status history, and
 * ~2.5 million domain events. Jobcenter and a-kasse sizes follow a Zipf-like curve (København large, Læsø
 * small). Every row satisfies the schema's constraints (one active deadline per citizen, one booking per
 * slot, one planned interview per citizen and day, DL-2/DL-3 date checks), which are recreated after the
 * load and would fail otherwise.
 *
 * Today's state per citizen with the self-booking duty: ~45 % an OPEN deadline (the bookSlot candidates),
 * ~30 % a BOOKED deadline with a planned self-booked interview, ~5 % an EXPIRED deadline (immediate booking,
 * RG-4; non-insured groups only, so no deregistration is due), the rest none (some with a called-in meeting).
 *
 * The set is anchored on today's date (Europe/Copenhagen) because the API reads the real clock. A marker row
 * (bench.seed_marker) records scale and anchor; a later run on the same day at the same scale reuses the data.
 *
 * CLI: `npm run bench:seed -- --scale 0.1 [--force]`.
 */
import { Temporal } from 'temporal-polyfill';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { systemClock } from '../src/domain/shared/clock';
import { CitizenImportService, type ImportRecord } from '../src/domain/citizen/import/citizen-import.service';
import { loadMunicipalityReference } from '../src/db/reference/municipalities';

export const SEED_VERSION = 7; // 7: the citizens come in through the CZ-9 import (valid CPR numbers)

export interface SeedMarker {
  scale: number;
  version: number;
  anchor: string;
  seconds: number;
  counts: Record<string, number>;
}

export function copenhagenToday(): Temporal.PlainDate {
  return Temporal.Now.zonedDateTimeISO('Europe/Copenhagen').toPlainDate();
}

/** The 98 jobcenters (one per municipality; Christiansø has none), largest first for the size curve. */
const MUNICIPALITIES = [
  'København', 'Aarhus', 'Aalborg', 'Odense', 'Vejle', 'Esbjerg', 'Frederiksberg', 'Randers', 'Viborg', 'Silkeborg',
  'Kolding', 'Horsens', 'Herning', 'Roskilde', 'Næstved', 'Slagelse', 'Gentofte', 'Sønderborg', 'Holbæk', 'Gladsaxe',
  'Skanderborg', 'Hjørring', 'Helsingør', 'Køge', 'Guldborgsund', 'Frederikshavn', 'Holstebro', 'Svendborg', 'Aabenraa', 'Ringkøbing-Skjern',
  'Rudersdal', 'Lyngby-Taarbæk', 'Haderslev', 'Hvidovre', 'Fredericia', 'Høje-Taastrup', 'Hillerød', 'Ballerup', 'Favrskov', 'Greve',
  'Varde', 'Skive', 'Faaborg-Midtfyn', 'Furesø', 'Kalundborg', 'Vordingborg', 'Frederikssund', 'Ikast-Brande', 'Hedensted', 'Egedal',
  'Thisted', 'Tårnby', 'Mariagerfjord', 'Syddjurs', 'Vesthimmerlands', 'Middelfart', 'Rødovre', 'Jammerbugt', 'Fredensborg', 'Faxe',
  'Herlev', 'Assens', 'Brøndby', 'Ringsted', 'Lolland', 'Halsnæs', 'Albertslund', 'Norddjurs', 'Bornholm', 'Gribskov',
  'Tønder', 'Nyborg', 'Rebild', 'Sorø', 'Odsherred', 'Brønderslev', 'Vejen', 'Lejre', 'Kerteminde', 'Nordfyns',
  'Billund', 'Stevns', 'Glostrup', 'Struer', 'Hørsholm', 'Allerød', 'Solrød', 'Ishøj', 'Odder', 'Lemvig',
  'Morsø', 'Vallensbæk', 'Dragør', 'Langeland', 'Ærø', 'Samsø', 'Fanø', 'Læsø',
];

const FIRST_NAMES = ['Anne', 'Kirsten', 'Mette', 'Hanne', 'Helle', 'Susanne', 'Lene', 'Maria', 'Marianne', 'Lone', 'Camilla', 'Pia',
  'Louise', 'Charlotte', 'Tina', 'Gitte', 'Bente', 'Jette', 'Sofie', 'Ida', 'Peter', 'Michael', 'Lars', 'Jens', 'Thomas', 'Henrik',
  'Søren', 'Christian', 'Martin', 'Jan', 'Morten', 'Jesper', 'Anders', 'Niels', 'Mads', 'Rasmus', 'Mikkel', 'Frederik', 'Ahmad', 'Fatima'];
const LAST_NAMES = ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Knudsen',
  'Jakobsen', 'Jacobsen', 'Mikkelsen', 'Olesen', 'Frederiksen', 'Laursen', 'Henriksen', 'Lund', 'Schmidt', 'Eriksen', 'Holm',
  'Kristiansen', 'Clausen', 'Simonsen', 'Svendsen', 'Andreasen', 'Iversen', 'Jeppesen', 'Mogensen', 'Ali', 'Hussein', 'Yilmaz',
  'Kaya', 'Nguyen', 'Kowalski', 'Berg', 'Dahl', 'Bach', 'Vestergaard'];

/** The big tables: loaded without their secondary indexes, which are rebuilt afterwards (much faster). */
export const BIG_TABLES = ['citizen', 'registration_period', 'slot', 'deadline', 'meeting', 'deadline_history', 'meeting_history', 'domain_event'];

/** Zipf-like lower bounds of the buckets [b_i, b_{i+1}) on [0, 1). */
function zipfBounds(n: number, s: number): number[] {
  const w = Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s));
  const total = w.reduce((a, b) => a + b, 0);
  const bounds: number[] = [];
  let acc = 0;
  for (const x of w) {
    bounds.push(acc / total);
    acc += x;
  }
  return bounds;
}

function sqlArray(values: readonly (string | number)[], type: string): string {
  return `ARRAY[${values.map((v) => (typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`)).join(',')}]::${type}[]`;
}

export async function readMarker(c: Client): Promise<SeedMarker | undefined> {
  const exists = await c.query(`SELECT to_regclass('bench.seed_marker') AS t`);
  if (!exists.rows[0].t) return undefined;
  const r = await c.query(`SELECT scale, version, anchor::text AS anchor, seconds, counts FROM bench.seed_marker LIMIT 1`);
  const row = r.rows[0];
  return row ? { scale: Number(row.scale), version: row.version, anchor: row.anchor, seconds: Number(row.seconds), counts: row.counts } : undefined;
}

/** Whether the database holds rows the seeder did not make (then it is never wiped). */
export async function hasForeignData(c: Client): Promise<boolean> {
  const marker = await readMarker(c);
  if (marker) return false;
  // CZ-9: the reference jobcenters (with a municipality) are in every database; any other jobcenter is foreign data.
  const r = await c.query(`SELECT (SELECT count(*) FROM citizen) + (SELECT count(*) FROM jobcenter WHERE municipality_code IS NULL) AS n`);
  return Number(r.rows[0].n) > 0;
}

/** Empties the application's tables (for DATABASE_URL; the embedded bench recreates its database instead). */
export async function wipe(c: Client): Promise<void> {
  const r = await c.query(`SELECT string_agg(format('%I', tablename), ', ') AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
  await c.query(`ALTER TABLE access_log DISABLE TRIGGER USER`).catch(() => undefined);
  await c.query(`TRUNCATE ${r.rows[0].t} RESTART IDENTITY CASCADE`);
  await c.query(`ALTER TABLE access_log ENABLE TRIGGER USER`).catch(() => undefined);
  await c.query(`DROP SCHEMA IF EXISTS bench CASCADE`);
  // CZ-9: the municipalities and their jobcenters are reference data every database has; put them back.
  await loadMunicipalityReference((sql, params) => c.query(sql, params));
}

type Log = (m: string) => void;

/** CZ-1: a valid CPR number for the generator's n (DDMMYY from n, then a 4-digit serial): distinct for n < 336,000,000. */
export function benchCpr(n: number): string {
  const p = (v: number, w: number) => String(v).padStart(w, '0');
  return `${p(1 + (n % 28), 2)}${p(1 + (Math.floor(n / 28) % 12), 2)}${p(Math.floor(n / 336) % 100, 2)}${p(Math.floor(n / 33_600), 4)}`;
}

/** CZ-9: the staged citizens (bench.c) through the import service, as each one's jobcenter's integration. */
async function importCitizens(c: Client, ds: DataSource, log: Log): Promise<void> {
  const t0 = performance.now();
  const { rows } = await c.query(`
    SELECT b.id, b.n, b.target_group, b.unemployed_since::text AS since, b.k, j.code AS jc, f.code AS fund
      FROM bench.c b JOIN jobcenter j ON j.id = b.jobcenter_id LEFT JOIN unemployment_fund f ON f.id = b.fund_id ORDER BY b.n`);
  const records = (async function* (): AsyncIterable<ImportRecord> {
    for (const r of rows as { id: string; n: number; target_group: string; since: string; k: number; jc: string; fund: string | null }[]) {
      const insured = r.target_group === 'INSURED_UNEMPLOYED';
      yield {
        line: r.n + 1, id: r.id,
        fields: {
          cpr: benchCpr(r.n), name: `${FIRST_NAMES[r.n % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(r.n / FIRST_NAMES.length) % LAST_NAMES.length]}`,
          targetGroup: r.target_group, unemployedSince: r.since, jobcenter: r.jc, unemploymentFund: r.fund ?? '',
          benefitPeriodStart: insured ? r.since : '', voluntarySelfBooking: r.target_group === 'OTHER' && r.k < 0.5 ? 'true' : '',
        },
      };
    }
  })();
  const summary = await new CitizenImportService(ds).run(records, { clock: systemClock, concurrency: 3 });
  if (summary.registered !== rows.length) throw new Error(`bench seed: the import registered ${summary.registered} of ${rows.length}: ${JSON.stringify(summary.errors.slice(0, 3))}`);
  log(`  ${'citizen (CZ-9 import)'.padEnd(34)} ${String(summary.registered).padStart(9)} rows  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Runs one step and logs how long it took. */
async function step(c: Client, log: Log, name: string, sql: string): Promise<void> {
  const t0 = performance.now();
  const r = await c.query(sql);
  log(`  ${name.padEnd(34)} ${String(r.rowCount ?? '').padStart(9)} rows  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Seeds an empty (migrated) database at `scale`. */
export async function seed(c: Client, scale: number, log: Log = () => undefined, ds?: DataSource): Promise<SeedMarker> {
  if (!ds) throw new Error('bench seed: the citizens are imported through the application (CZ-9); pass its DataSource');
  const started = performance.now();
  const today = copenhagenToday().toString();
  const N = Math.max(200, Math.round(100_000 * scale));
  const SLOTS = Math.round(2_000_000 * (N / 100_000));
  const FUTURE_FREE = Math.round(0.5 * N);
  log(`seeding scale ${scale}: ${N} citizens, ~${SLOTS} slots, anchored on ${today}`);

  const jcBounds = zipfBounds(MUNICIPALITIES.length, 0.9);
  const fundBounds = zipfBounds(25, 0.8);
  const D = `DATE '${today}'`;

  await c.query(`SET work_mem = '256MB'`);
  await c.query(`SET maintenance_work_mem = '1GB'`);
  await c.query(`SET synchronous_commit = off`);
  // Superuser (embedded): skip the foreign-key triggers during the load; the data is consistent by
  // construction, and a deadline and its meeting point at each other (a cycle no insert order satisfies).
  const su = (await c.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0]?.rolsuper === true;
  if (su) await c.query(`SET session_replication_role = replica`);

  await c.query(`CREATE SCHEMA IF NOT EXISTS bench`);
  await c.query(`
    CREATE TABLE IF NOT EXISTS bench.seed_marker (scale numeric NOT NULL, version int NOT NULL, anchor date NOT NULL,
      seconds numeric NOT NULL, counts jsonb NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`);
  await c.query(`
    CREATE OR REPLACE FUNCTION bench.at_local(d date, minutes int) RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT (d + make_interval(mins => minutes)) AT TIME ZONE 'Europe/Copenhagen' $$`);
  await c.query(`
    CREATE OR REPLACE FUNCTION bench.wd_back(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT CASE extract(isodow FROM d)::int WHEN 6 THEN d - 1 WHEN 7 THEN d - 2 ELSE d END $$`);
  await c.query(`
    CREATE OR REPLACE FUNCTION bench.wd_fwd(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT CASE extract(isodow FROM d)::int WHEN 6 THEN d + 2 WHEN 7 THEN d + 1 ELSE d END $$`);

  // Secondary indexes of the big tables go now and come back after the load.
  const idx = await c.query(`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`, [BIG_TABLES]);
  for (const r of idx.rows) await c.query(`DROP INDEX ${r.indexname}`);

  // Organisations.
  // CZ-9: the 98 reference jobcenters (the migration's rows), sized by the curve in MUNICIPALITIES order.
  await c.query(`CREATE UNLOGGED TABLE bench.jc AS SELECT j.id, u.i AS idx, u.b AS lo
                   FROM unnest(${sqlArray(jcBounds, 'float8')}) WITH ORDINALITY AS u(b, i)
                   JOIN unnest(${sqlArray(MUNICIPALITIES, 'text')}) WITH ORDINALITY AS m(name, i) ON m.i = u.i
                   JOIN municipality mu ON mu.name = m.name
                   JOIN jobcenter j ON j.municipality_code = mu.code`);
  const jcCount = Number((await c.query(`SELECT count(*) AS n FROM bench.jc`)).rows[0].n);
  if (jcCount !== MUNICIPALITIES.length) throw new Error(`bench seed: ${jcCount} of ${MUNICIPALITIES.length} municipalities found in the reference data`);
  await step(c, log, 'jobcenter (rebooking cutoffs)', `
    UPDATE jobcenter j SET rebooking_cutoff_hours = CASE WHEN b.idx % 3 = 0 THEN 24 END FROM bench.jc b WHERE b.id = j.id`);
  await c.query(`CREATE UNLOGGED TABLE bench.fund AS SELECT gen_random_uuid() AS id, i AS idx, b AS lo
                   FROM unnest(${sqlArray(fundBounds, 'float8')}) WITH ORDINALITY AS u(b, i)`);
  await step(c, log, 'unemployment_fund', `
    INSERT INTO unemployment_fund (id, code, name) SELECT id, 'AK' || lpad(idx::text, 2, '0'), 'A-kasse ' || lpad(idx::text, 2, '0') FROM bench.fund`);
  await c.query(`CREATE UNLOGGED TABLE bench.arr AS SELECT
      (SELECT array_agg(id ORDER BY idx) FROM bench.jc) AS jc_ids, (SELECT array_agg(lo ORDER BY idx) FROM bench.jc) AS jc_lo,
      (SELECT array_agg(id ORDER BY idx) FROM bench.fund) AS fund_ids, (SELECT array_agg(lo ORDER BY idx) FROM bench.fund) AS fund_lo`);

  // Citizens (staging table with the generator's choices, then the real rows).
  await step(c, log, 'citizens (staging)', `
    CREATE UNLOGGED TABLE bench.c AS
    SELECT s.n, gen_random_uuid() AS id,
      (SELECT jc_ids FROM bench.arr)[width_bucket(s.a, (SELECT jc_lo FROM bench.arr))] AS jobcenter_id,
      g.target_group,
      CASE WHEN g.target_group = 'INSURED_UNEMPLOYED' THEN (SELECT fund_ids FROM bench.arr)[width_bucket(s.c, (SELECT fund_lo FROM bench.arr))] END AS fund_id,
      CASE WHEN s.d < 0.03 THEN 'EXEMPTED' WHEN s.d < 0.04 THEN 'REVOKED' ELSE 'ALLOWED' END AS right_,
      g.duty AND s.e < 0.02 AS less_intensive,
      s.f < 0.95 AS registered,
      ${D} - (7 + floor(s.g * 533))::int AS unemployed_since,
      s.h AS h, s.i AS i, s.j AS j, s.k AS k, g.duty
    FROM (SELECT n, random() a, random() b, random() c, random() d, random() e, random() f, random() g, random() h, random() i,
                 random() j, random() k FROM generate_series(1, ${N}) n) s
    CROSS JOIN LATERAL (SELECT CASE
        WHEN s.b < 0.50 THEN 'INSURED_UNEMPLOYED' WHEN s.b < 0.68 THEN 'JOB_READY_CASH_BENEFIT'
        WHEN s.b < 0.71 THEN 'JOB_READY_TRANSITION_BENEFIT' WHEN s.b < 0.81 THEN 'EDUCATION_READY_EDUCATION_BENEFIT'
        WHEN s.b < 0.83 THEN 'EDUCATION_READY_TRANSITION_BENEFIT' WHEN s.b < 0.90 THEN 'JOB_CLARIFICATION'
        WHEN s.b < 0.98 THEN 'SICKNESS_BENEFIT' ELSE 'OTHER' END AS target_group, s.b < 0.90 AS duty) g`);
  await c.query(`ALTER TABLE bench.c ADD COLUMN state text, ADD COLUMN m_count int, ADD COLUMN ws date`);
  // Today's state and the number of past meetings (12 months, longer unemployment → longer history; 0…30).
  await c.query(`
    UPDATE bench.c SET
      ws = greatest(unemployed_since, ${D} - 365),
      m_count = floor((${D} - greatest(unemployed_since, ${D} - 365)) / 365.0 * 30 * h + 0.5)::int,
      state = CASE
        WHEN duty AND right_ = 'ALLOWED' AND registered AND NOT less_intensive THEN CASE
          WHEN i < 0.45 THEN 'OPEN' WHEN i < 0.75 THEN 'BOOKED'
          WHEN i < 0.80 AND target_group <> 'INSURED_UNEMPLOYED' THEN 'EXPIRED'
          WHEN i < 0.90 THEN 'CALLED' ELSE 'NONE' END
        WHEN right_ <> 'ALLOWED' AND registered THEN 'CALLED'
        ELSE 'NONE' END`);
  // CZ-9: the citizens come in through the caseload import (the import service, fed rows in memory): registration with
  // its checks, history, REGISTERED events and access log, group, a-kasse and benefit period start — so every seed
  // exercises that path. The generator's ids are kept (a seed-only id per row). Decision: what no operation creates on
  // the day it seeds (a deregistration days ago, decisions taken, a citizen's notice choice) is set directly afterwards,
  // as the rest of the history below is.
  await importCitizens(c, ds, log);
  await step(c, log, 'citizen (decisions, notices, deregistered)', `
    UPDATE citizen x SET less_intensive_effort = b.less_intensive, self_booking_right = b.right_, registered = b.registered,
      notify_sms = b.k < 0.4, notify_email = b.k < 0.7
      FROM bench.c b WHERE b.id = x.id`);
  await step(c, log, 'registration_period (deregistered)', `
    UPDATE registration_period r SET
      deregistered_from = greatest(b.unemployed_since, ${D} - (1 + floor(b.j * 20))::int),
      deregistration_reason = CASE WHEN b.j < 0.5 THEN 'SICKNESS' ELSE 'EMPLOYMENT' END
      FROM bench.c b WHERE b.id = r.citizen_id AND NOT b.registered`);
  await step(c, log, 'self_booking_decision', `
    INSERT INTO self_booking_decision (citizen_id, kind, reason, justification, complaint_guidance, formal_decision, decided_on, decided_by)
    SELECT id, CASE right_ WHEN 'EXEMPTED' THEN 'EXEMPTION' ELSE 'REVOCATION' END,
      CASE right_ WHEN 'EXEMPTED' THEN 'LANGUAGE_BARRIER' ELSE 'Repeated booking in other ways than agreed' END,
      CASE right_ WHEN 'REVOKED' THEN 'Written justification' END, CASE right_ WHEN 'REVOKED' THEN 'Klagevejledning' END,
      right_ = 'REVOKED', unemployed_since + 30, 'caseworker:bench'
    FROM bench.c WHERE right_ <> 'ALLOWED'`);
  await step(c, log, 'holiday', `
    INSERT INTO holiday (citizen_id, kind, start_date, end_date, notified_on)
    SELECT id, 'HOLIDAY', ${D} + 20 + (j * 40)::int, ${D} + 24 + (j * 40)::int, ${D} - (k * 10)::int FROM bench.c WHERE duty AND j < 0.05`);

  // Meetings (staging): the past 12 months, then today's planned ones.
  await step(c, log, 'meetings, past (staging)', `
    CREATE UNLOGGED TABLE bench.m AS
    SELECT gen_random_uuid() AS id, s.citizen_id, s.jobcenter_id, s.fund_id, s.target_group, s.day, s.minutes,
      s.type, s.origin, s.status, s.form,
      CASE WHEN s.origin = 'SELF_BOOKED' THEN gen_random_uuid() END AS slot_id,
      CASE WHEN s.origin = 'SELF_BOOKED' THEN gen_random_uuid() END AS deadline_id,
      CASE WHEN s.origin = 'SELF_BOOKED' THEN s.day - (s.r7 * 7)::int END AS book_by,
      s.r8 AS r8
    FROM (
      SELECT x.citizen_id, x.jobcenter_id, x.fund_id, x.target_group, x.day, x.minutes, x.type, x.status, x.form, x.r7, x.r8,
        CASE WHEN x.type <> 'JOB_INTERVIEW' THEN 'CALLED_IN' WHEN x.r4 < 0.65 AND x.duty THEN 'SELF_BOOKED'
             WHEN x.r4 < 0.70 THEN 'WALK_IN' ELSE 'CALLED_IN' END AS origin
      FROM (
        SELECT c.id AS citizen_id, c.jobcenter_id, c.fund_id, c.target_group, c.duty,
          bench.wd_back(c.ws + floor((g.kk - 1 + r.r1) * (${D} - c.ws) / c.m_count)::int) AS day,
          480 + 30 * floor(r.r2 * 15)::int AS minutes,
          CASE WHEN r.r3 < 0.75 THEN 'JOB_INTERVIEW' WHEN r.r3 < 0.85 THEN 'FOLLOW_UP'
               WHEN r.r3 < 0.93 AND c.target_group = 'INSURED_UNEMPLOYED' THEN 'JOINT_INTERVIEW'
               WHEN r.r3 < 0.93 THEN 'JOB_INTERVIEW' ELSE 'OTHER' END AS type,
          CASE WHEN r.r5 < 0.86 THEN 'HELD' WHEN r.r5 < 0.93 THEN 'NO_SHOW' ELSE 'CANCELLED' END AS status,
          CASE WHEN r.r6 < 0.7 THEN 'IN_PERSON' WHEN r.r6 < 0.85 THEN 'PHONE' ELSE 'VIDEO' END AS form,
          r.r4, r.r7, r.r8
        FROM bench.c c
        CROSS JOIN LATERAL generate_series(1, c.m_count) AS g(kk)
        CROSS JOIN LATERAL (SELECT random() + 0 * g.kk AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                                   random() AS r6, random() AS r7, random() AS r8) r
        WHERE c.m_count > 0
      ) x
    ) s`);
  await c.query(`ALTER TABLE bench.m ADD COLUMN available_from date, ADD COLUMN planned boolean NOT NULL DEFAULT false`);
  await c.query(`UPDATE bench.m SET available_from = book_by - 8 - (r8 * 6)::int WHERE book_by IS NOT NULL`);
  // BOOKED: a planned self-booked interview in the future, within its deadline's window (DL-3).
  await step(c, log, 'meetings, planned booked (staging)', `
    INSERT INTO bench.m (id, citizen_id, jobcenter_id, fund_id, target_group, day, minutes, type, origin, status, form,
      slot_id, deadline_id, book_by, available_from, planned, r8)
    SELECT gen_random_uuid(), id, jobcenter_id, fund_id, target_group,
      bench.wd_fwd(${D} + 1 + floor(random() * (af + 8 + bb + 7 - ${D} - 3 + 1))::int), 480 + 30 * floor(random() * 15)::int,
      'JOB_INTERVIEW', 'SELF_BOOKED', 'PLANNED', CASE WHEN random() < 0.8 THEN 'IN_PERSON' ELSE 'PHONE' END,
      gen_random_uuid(), gen_random_uuid(), af + 8 + bb, af, true, 0
    FROM (SELECT c.*, ${D} - floor(random() * 11)::int AS af, floor(random() * 11)::int AS bb FROM bench.c c WHERE state = 'BOOKED') b`);
  await step(c, log, 'meetings, planned called in (staging)', `
    INSERT INTO bench.m (id, citizen_id, jobcenter_id, fund_id, target_group, day, minutes, type, origin, status, form, planned, r8)
    SELECT gen_random_uuid(), id, jobcenter_id, fund_id, target_group, bench.wd_fwd(${D} + 8 + floor(random() * 14)::int),
      480 + 30 * floor(random() * 15)::int, 'JOB_INTERVIEW', 'CALLED_IN', 'PLANNED', 'IN_PERSON', true, 0
    FROM bench.c WHERE state = 'CALLED'`);
  await step(c, log, 'meetings, planned joint (staging)', `
    INSERT INTO bench.m (id, citizen_id, jobcenter_id, fund_id, target_group, day, minutes, type, origin, status, form, planned, r8)
    SELECT gen_random_uuid(), id, jobcenter_id, fund_id, target_group, bench.wd_fwd(${D} + 3 + floor(random() * 20)::int),
      480 + 30 * floor(random() * 15)::int, 'JOINT_INTERVIEW', 'CALLED_IN', 'PLANNED', 'VIDEO', true, 0
    FROM bench.c WHERE target_group = 'INSURED_UNEMPLOYED' AND registered AND j > 0.9`);
  await c.query(`ALTER TABLE bench.m ADD COLUMN starts_at timestamptz, ADD COLUMN created_at timestamptz`);
  // Creation times spread over the working morning (to the microsecond), as real ones are: only meeting and slot
  // times lie on a grid. (Values that repeat would flatter the API's sharing of Temporal values; README.)
  await c.query(`UPDATE bench.m SET starts_at = bench.at_local(day, minutes),
    created_at = CASE WHEN available_from IS NOT NULL THEN bench.at_local(least(available_from + (r8 * 5)::int, day - 1, ${D}), 480)
                      ELSE bench.at_local(day - 10, 540) END + random() * interval '2 hours'`);
  // MT-7: a citizen is never in two PLANNED/HELD meetings at once (meeting_no_overlap). Meetings are 30 minutes on a
  // 30-minute grid, so two overlap exactly when they share a start: keep the first of each such pair.
  await step(c, log, 'meetings, one per citizen and time', `
    DELETE FROM bench.m x USING bench.m y
     WHERE x.citizen_id = y.citizen_id AND x.starts_at = y.starts_at AND x.id > y.id
       AND x.status IN ('PLANNED', 'HELD') AND y.status IN ('PLANNED', 'HELD')`);

  // Slots: one per self-booked meeting (same time), free ones in the past (some withdrawn) and the next 4 weeks.
  await step(c, log, 'slot (booked)', `
    INSERT INTO slot (id, jobcenter_id, starts_at, ends_at, form, kind, location, caseworker, created_at)
    SELECT slot_id, jobcenter_id, starts_at, starts_at + interval '30 minutes', form, 'JOB_INTERVIEW',
      'Lokale ' || (1 + minutes % 7), 'cw-' || (minutes % 13), created_at - interval '7 days'
    FROM bench.m WHERE slot_id IS NOT NULL`);
  const booked = Number((await c.query(`SELECT count(*) AS n FROM bench.m WHERE slot_id IS NOT NULL`)).rows[0].n);
  const pastFree = Math.max(0, SLOTS - booked - FUTURE_FREE);
  await step(c, log, 'slot (free, future 4 weeks)', freeSlots(FUTURE_FREE, `bench.wd_fwd(${D} + 1 + floor(random() * 27)::int)`, 'NULL::timestamptz'));
  await step(c, log, 'slot (free, past year)', freeSlots(pastFree, `bench.wd_back(${D} - 1 - floor(random() * 365)::int)`,
    `CASE WHEN random() < 0.03 THEN bench.at_local(${D} - 400, 0) END`));

  // Deadlines: one per self-booked meeting (closed when in the past, BOOKED when planned), then the open/expired ones.
  await step(c, log, 'deadline (history and booked)', `
    INSERT INTO deadline (id, citizen_id, jobcenter_id, available_from, book_by, latest_interview_date, original_book_by, channel,
      status, close_reason, meeting_id, created_at, status_changed_at)
    SELECT deadline_id, citizen_id, jobcenter_id, available_from, book_by, book_by + 7, book_by, 'JOBNET',
      CASE WHEN planned THEN 'BOOKED' ELSE 'CLOSED' END,
      CASE WHEN planned THEN NULL WHEN status = 'HELD' THEN 'INTERVIEW_HELD' WHEN status = 'NO_SHOW' THEN 'MEETING_DAY_REACHED'
           ELSE 'MEETING_CANCELLED' END,
      ${su ? 'id' : 'NULL'}, bench.at_local(available_from, 480) + random() * interval '2 hours', CASE WHEN planned THEN created_at ELSE starts_at END
    FROM bench.m WHERE deadline_id IS NOT NULL`);
  await c.query(`CREATE UNLOGGED TABLE bench.d AS
    SELECT gen_random_uuid() AS id, c.id AS citizen_id, c.jobcenter_id, c.fund_id, c.state,
      CASE WHEN c.state = 'OPEN' THEN ${D} - floor(random() * 7)::int ELSE ${D} - 14 - floor(random() * 5)::int END AS available_from,
      floor(random() * 14)::int AS extra
    FROM bench.c c WHERE c.state IN ('OPEN', 'EXPIRED')`);
  await step(c, log, 'deadline (open and expired)', `
    INSERT INTO deadline (id, citizen_id, jobcenter_id, available_from, book_by, latest_interview_date, original_book_by, channel,
      status, created_at, status_changed_at)
    SELECT id, citizen_id, jobcenter_id, available_from, bb, bb + 7, bb, 'JOBNET', state,
      bench.at_local(available_from, 480) + jitter, CASE WHEN state = 'EXPIRED' THEN bench.at_local(bb + 1, 1) ELSE bench.at_local(available_from, 480) + jitter END
    FROM (SELECT d.*, CASE WHEN state = 'OPEN' THEN available_from + 8 + extra ELSE available_from + 8 + (extra % 5) END AS bb,
                 random() * interval '2 hours' AS jitter FROM bench.d d) x`);

  await step(c, log, 'meeting', `
    INSERT INTO meeting (id, citizen_id, jobcenter_id, type, origin, form, starts_at, ends_at, local_day, status, slot_id, deadline_id,
      sanctionable, location, caseworker, outcome_registered_at, cancel_reason, created_at)
    SELECT id, citizen_id, jobcenter_id, type, origin, form, starts_at, starts_at + interval '30 minutes', day, status, slot_id, deadline_id,
      status = 'NO_SHOW' AND target_group IN ('INSURED_UNEMPLOYED', 'JOB_READY_CASH_BENEFIT', 'SICKNESS_BENEFIT'),
      CASE WHEN form = 'IN_PERSON' THEN 'Lokale ' || (1 + minutes % 7) END, 'cw-' || (minutes % 13),
      CASE WHEN NOT planned THEN starts_at + interval '30 minutes' + random() * interval '4 hours' END,
      CASE WHEN status = 'CANCELLED' THEN 'Citizen ill' END, created_at
    FROM bench.m`);
  if (!su) {
    await step(c, log, 'deadline.meeting_id', `UPDATE deadline d SET meeting_id = m.id FROM bench.m m WHERE m.deadline_id = d.id`);
  }

  // DL-7 status history and meeting history.
  await step(c, log, 'deadline_history', `
    INSERT INTO deadline_history (deadline_id, at, actor, action, from_status, to_status, reason, details)
    SELECT deadline_id, at, actor, action, fs, ts, reason, '{}'::jsonb FROM (
      SELECT deadline_id, bench.at_local(available_from, 480) AS at, 'caseworker:bench' AS actor, 'ISSUED' AS action, NULL AS fs, 'OPEN' AS ts, NULL AS reason, 1 AS o, created_at AS t FROM bench.m WHERE deadline_id IS NOT NULL
      UNION ALL SELECT deadline_id, created_at, 'citizen:' || citizen_id, 'BOOKED', 'OPEN', 'BOOKED', NULL, 2, created_at FROM bench.m WHERE deadline_id IS NOT NULL
      UNION ALL SELECT deadline_id, starts_at, 'system', 'CLOSED', 'BOOKED', 'CLOSED',
        CASE WHEN status = 'HELD' THEN 'INTERVIEW_HELD' WHEN status = 'NO_SHOW' THEN 'MEETING_DAY_REACHED' ELSE 'MEETING_CANCELLED' END, 3, starts_at
        FROM bench.m WHERE deadline_id IS NOT NULL AND NOT planned
      UNION ALL SELECT id, bench.at_local(available_from, 480), 'caseworker:bench', 'ISSUED', NULL, 'OPEN', NULL, 1, now() FROM bench.d
      UNION ALL SELECT id, now(), 'system', 'EXPIRED', 'OPEN', 'EXPIRED', 'DL-7: bookBy passed', 2, now() FROM bench.d WHERE state = 'EXPIRED'
    ) h ORDER BY t, o`);
  await step(c, log, 'meeting_history', `
    INSERT INTO meeting_history (meeting_id, at, actor, action, from_status, to_status, reason, details)
    SELECT id, at, actor, action, fs, ts, NULL, '{}'::jsonb FROM (
      SELECT id, created_at AS at, CASE origin WHEN 'SELF_BOOKED' THEN 'citizen:' || citizen_id ELSE 'caseworker:bench' END AS actor,
        CASE origin WHEN 'SELF_BOOKED' THEN 'BOOKED' WHEN 'WALK_IN' THEN 'WALK_IN' ELSE 'CALLED_IN' END AS action,
        NULL AS fs, CASE WHEN origin = 'WALK_IN' THEN 'HELD' ELSE 'PLANNED' END AS ts FROM bench.m
      UNION ALL SELECT id, starts_at + interval '1 hour', 'caseworker:bench', status, 'PLANNED', status FROM bench.m
        WHERE NOT planned AND origin <> 'WALK_IN'
    ) h ORDER BY at`);

  // EV-1: the event log in the order things happened (seq follows occurred_at), a-kasse members' with their fund.
  await step(c, log, 'domain_event', `
    INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
    SELECT at, type, citizen_id, jobcenter_id, fund_id, payload FROM (
      SELECT bench.at_local(available_from, 480) AS at, 'DEADLINE_ISSUED' AS type, citizen_id, jobcenter_id, fund_id,
        jsonb_build_object('deadlineId', deadline_id, 'bookBy', book_by, 'actor', 'caseworker:bench') AS payload FROM bench.m WHERE deadline_id IS NOT NULL
      UNION ALL SELECT created_at, CASE WHEN origin = 'SELF_BOOKED' THEN 'INTERVIEW_BOOKED' WHEN type = 'JOINT_INTERVIEW' THEN 'JOINT_INTERVIEW_CALLED_IN'
          WHEN origin = 'WALK_IN' THEN 'MEETING_HELD' ELSE 'MEETING_CALLED_IN' END, citizen_id, jobcenter_id, fund_id,
        jsonb_build_object('meetingId', id, 'startsAt', starts_at, 'actor', 'caseworker:bench') FROM bench.m
      UNION ALL SELECT starts_at + interval '1 hour', CASE status WHEN 'HELD' THEN 'MEETING_HELD' WHEN 'NO_SHOW' THEN 'NO_SHOW' ELSE 'MEETING_CANCELLED' END,
        citizen_id, jobcenter_id, fund_id, jsonb_build_object('meetingId', id, 'actor', 'caseworker:bench') FROM bench.m
        WHERE NOT planned AND origin <> 'WALK_IN'
      UNION ALL SELECT bench.at_local(available_from, 480), 'DEADLINE_ISSUED', citizen_id, jobcenter_id, fund_id,
        jsonb_build_object('deadlineId', id, 'actor', 'caseworker:bench') FROM bench.d
      UNION ALL SELECT bench.at_local(r.deregistered_from, 1), 'DEREGISTERED', c.id, c.jobcenter_id, c.fund_id,
        jsonb_build_object('reason', r.deregistration_reason, 'deregisteredFrom', r.deregistered_from, 'systemOutage', false, 'actor', 'system')
        FROM registration_period r JOIN bench.c c ON c.id = r.citizen_id WHERE r.deregistered_from IS NOT NULL
    ) e ORDER BY at`);

  if (su) await c.query(`SET session_replication_role = DEFAULT`);
  log('  rebuilding indexes …');
  const t0 = performance.now();
  for (const r of idx.rows) await c.query(r.indexdef);
  log(`  ${idx.rows.length} indexes rebuilt in ${((performance.now() - t0) / 1000).toFixed(1)} s; VACUUM ANALYZE …`);
  for (const t of ['bench.c', 'bench.m', 'bench.d', 'bench.jc', 'bench.fund', 'bench.arr']) await c.query(`DROP TABLE IF EXISTS ${t}`);
  await c.query(`VACUUM (ANALYZE)`);

  const counts: Record<string, number> = {};
  for (const t of ['jobcenter', 'unemployment_fund', 'citizen', 'meeting', 'slot', 'deadline', 'deadline_history', 'meeting_history', 'domain_event']) {
    counts[t] = Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  await c.query(`DELETE FROM bench.seed_marker`);
  await c.query(`INSERT INTO bench.seed_marker (scale, version, anchor, seconds, counts) VALUES ($1, $2, $3, $4, $5)`,
    [scale, SEED_VERSION, today, seconds, counts]);
  log(`seeded in ${seconds} s: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return { scale, version: SEED_VERSION, anchor: today, seconds, counts };

  function freeSlots(count: number, dayExpr: string, withdrawnExpr: string): string {
    return `
      INSERT INTO slot (jobcenter_id, starts_at, ends_at, form, kind, location, caseworker, withdrawn_at, withdrawn_reason, created_at)
      SELECT (SELECT jc_ids FROM bench.arr)[width_bucket(a, (SELECT jc_lo FROM bench.arr))], st, st + interval '30 minutes',
        CASE WHEN b < 0.8 THEN 'IN_PERSON' WHEN b < 0.9 THEN 'PHONE' ELSE 'VIDEO' END, 'JOB_INTERVIEW', 'Lokale ' || (1 + n % 7),
        'cw-' || (n % 13), w, CASE WHEN w IS NOT NULL THEN 'Caseworker ill' END, st - interval '21 days'
      FROM (SELECT n, random() AS a, random() AS b, bench.at_local(${dayExpr}, 480 + 30 * floor(random() * 15)::int) AS st, ${withdrawnExpr} AS w
              FROM generate_series(1, ${count}) n) s`;
  }
}

/** CLI: seed (or reseed with --force) the benchmark database at a scale. */
if (require.main === module) {
  (async () => {
    const { parseArgs } = await import('./lib/args');
    const { openBenchDb, recreateDatabase } = await import('./lib/db');
    const args = parseArgs(process.argv.slice(2));
    const log = (m: string) => console.log(m);
    let db = await openBenchDb({ scale: args.scale, log });
    try {
      const { ensureSeeded } = await import('./lib/ensure-seeded');
      db = await ensureSeeded(db, args.scale, { force: args.reseed, log, recreate: recreateDatabase });
    } finally {
      await db.close();
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
