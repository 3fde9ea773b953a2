import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * CZ-9: Denmark's 98 municipalities (kommunekoder, public) and their jobcenters are reference data present in every
 * database. The list ships with the project (municipalities.csv beside this file, copied into dist by `npm run
 * build`); nothing reads outside the project at run time.
 */
export interface Municipality {
  /** Four-digit kommunekode, e.g. `0101`. */
  code: string;
  name: string;
}

const MUNICIPALITIES_CSV = join(__dirname, 'municipalities.csv');

/** Reads and checks the shipped list: a header `code,name`, four-digit unique codes, non-empty unique names. */
function readMunicipalities(file = MUNICIPALITIES_CSV): Municipality[] {
  const rows: Municipality[] = parse(readFileSync(file), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const r of rows) {
    if (!/^\d{4}$/.test(r.code) || !r.name || codes.has(r.code) || names.has(r.name)) {
      throw new Error(`CZ-9: bad municipality row ${JSON.stringify(r)} in ${file}`);
    }
    codes.add(r.code);
    names.add(r.name);
  }
  return rows.map((r) => ({ code: r.code, name: r.name }));
}

/**
 * Decision: every reference jobcenter has a stable id, the same in every database, so integrations and dev tokens
 * can name it. København and Aarhus keep the ids the demo, the README and existing dev tokens have always used.
 */
const WELL_KNOWN: Record<string, string> = {
  '0101': '00000000-0000-4000-8000-00000000a001',
  '0751': '00000000-0000-4000-8000-00000000a002',
};

/** The stable id of the jobcenter of municipality `code` (four digits). */
export function referenceJobcenterId(code: string): string {
  return WELL_KNOWN[code] ?? `00000000-0000-4000-8000-0000c0de${code}`;
}

/** The jobcenter's name: "Jobcenter " and the municipality, e.g. `Jobcenter København`. */
function jobcenterName(m: Municipality): string {
  return `Jobcenter ${m.name}`;
}

/**
 * Writes the municipalities and their jobcenters (idempotent: an existing row with the same id or municipality is
 * brought up to date; slots, citizens and settings such as the rebooking cutoff stay). Used by the migration and by
 * the benchmark after it empties a database.
 */
export async function loadMunicipalityReference(query: (sql: string, params?: unknown[]) => Promise<unknown>, list = readMunicipalities()): Promise<void> {
  const json = JSON.stringify(list.map((m) => ({ code: m.code, name: m.name, jobcenter_id: referenceJobcenterId(m.code), jobcenter_name: jobcenterName(m) })));
  await query(
    `INSERT INTO municipality (code, name)
     SELECT x.code, x.name FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`, [json]);
  await query(
    `INSERT INTO jobcenter (id, code, name, municipality_code)
     SELECT x.jobcenter_id, x.code, x.jobcenter_name, x.code
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, jobcenter_id uuid, jobcenter_name text)
     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name, municipality_code = EXCLUDED.municipality_code`, [json]);
}
