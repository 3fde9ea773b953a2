/**
 * CZ-9: load a jobcenter's caseload exported from case management.
 *
 *   npm run import -- citizens <file.csv> [--batch-size 1000]
 *
 * The file format is in docs/citizens.md ("Bulk import"; example: docs/examples/citizens.csv). The file is streamed
 * (csv-parse), checked row by row like the API's operations, and loaded in batches; refused rows are reported with
 * their line and reason while the valid rows still load. On a terminal a progress bar (by bytes read) and a summary;
 * otherwise one line of JSON. Exit code 0 when every row loaded (or was unchanged), 2 when some were refused, 1 on a
 * fatal error (no such file, a missing column, no database). Uses DATABASE_URL, or the embedded PostgreSQL in
 * DATA_DIR like `npm start` (then the server must not run on the same data directory).
 */
import 'reflect-metadata';
import { createReadStream, statSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/bootstrap';
import { systemClock } from '../src/domain/shared/clock';
import { CitizenImportService, type ImportRecord } from '../src/domain/citizen/import/citizen-import.service';
import { REQUIRED_COLUMNS, type RowError } from '../src/domain/citizen/import/import-row';

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The rows of a CSV file as a stream: header first, relaxed column count (a short row is refused, not fatal). */
export function csvRecords(path: string, skipped: RowError[], onBytes: (n: number) => void): AsyncIterable<ImportRecord> {
  const parser = createReadStream(path).pipe(parse({
    columns: (header: string[]) => {
      const cols = header.map((h) => h.trim());
      const missing = REQUIRED_COLUMNS.filter((c) => !cols.includes(c));
      if (missing.length) throw new Error(`CZ-9: the header lacks the column(s) ${missing.join(', ')} (line 1)`);
      return cols;
    },
    bom: true, info: true, skip_empty_lines: true, relax_column_count: true, skip_records_with_error: true,
  }));
  parser.on('skip', (err: Error & { lines?: number }) => {
    skipped.push({ line: err.lines ?? 0, code: 'INVALID_CSV', field: null, message: `CZ-9: ${err.message.replace(/^Invalid [^:]*: /, '')}` });
  });
  return (async function* () {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      onBytes(info.bytes);
      yield { line: info.lines, fields: record };
    }
  })();
}

async function main(): Promise<number> {
  const [what, file] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (what !== 'citizens' || !file) throw new Error('usage: npm run import -- citizens <file.csv> [--batch-size 1000]');
  const size = statSync(file).size;
  const batchSize = Number(arg('batch-size') ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error('--batch-size must be 1–10000');
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new SingleBar({ format: 'citizens |{bar}| {percentage}% | {rows} rows, {refused} refused | {duration_formatted}' }, Presets.shades_classic) : null;
  bar?.start(size, 0, { rows: 0, refused: 0 });
  let bytes = 0;
  const skipped: RowError[] = [];
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  const started = process.hrtime.bigint();
  try {
    const service = new CitizenImportService(db.ds);
    const summary = await service.run(csvRecords(file, skipped, (n) => { bytes = n; }), {
      clock: systemClock, batchSize, concurrency: 3,
      skipped: () => skipped.splice(0),
      onBatch: (s) => bar?.update(bytes, { rows: s.rows, refused: s.refused }),
    });
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const out = { file, ...summary, ms };
    if (bar) {
      bar.update(size, { rows: out.rows, refused: summary.refused });
      bar.stop();
      process.stderr.write(`${out.rows} rows: ${summary.registered} registered, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.refused} refused (${(ms / 1000).toFixed(1)} s)\n`);
      for (const e of summary.errors) process.stderr.write(`  line ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.code} ${e.message}\n`);
      if (summary.errorsOmitted) process.stderr.write(`  … and ${summary.errorsOmitted} more\n`);
    } else {
      process.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return summary.refused > 0 ? 2 : 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code), (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
