/**
 * CZ-9 benchmark: `npm run bench:import -- [--rows 100000]`. Writes a caseload file of `rows` citizens (streamed,
 * valid rows of every group, a quarter INSURED_UNEMPLOYED with an a-kasse; 1 % with a target-group history and 2 % with
 * an active deadline), loads it into an empty embedded database
 * (.data/bench-import, wiped first; or DATABASE_URL as it is) the way `npm run import` does, then loads it again (the
 * idempotent re-run). Prints one JSON line: seconds, rows per second, and the importer's resident memory (RSS) sampled
 * every 100 ms — peak, and at each quarter of the file — to show it stays flat (the file is streamed, never read whole).
 */
import 'reflect-metadata';
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/bootstrap';
import { systemClock } from '../src/domain/shared/clock';
import { CitizenImportService } from '../src/domain/citizen/import/citizen-import.service';
import type { RowError } from '../src/domain/citizen/import/import-row';
import { csvRecords } from '../scripts/import';

const GROUPS = ['INSURED_UNEMPLOYED', 'JOB_READY_CASH_BENEFIT', 'EDUCATION_READY_EDUCATION_BENEFIT', 'SICKNESS_BENEFIT'];

async function writeFile(path: string, rows: number, every: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('cpr,name,targetGroup,unemployedSince,jobcenter,unemploymentFund,phone,email,benefitPeriodStart,targetGroupHistory,deadlineBookBy,deadlineAvailableFrom\n');
  // The optional columns on part of the rows (one in `every`, `--optional-every`, default 100), with days relative to
  // today (the import checks them against today): a target-group history on 1 in `every` rows (cash benefit since
  // unemployedSince, before that education-ready; the change yesterday), an active deadline on 2 in `every` (one
  // available from today — issueDeadline's own path with its notices —, one issued 3 days ago — the recorded path).
  // Each such row goes through the operations in a transaction of its own, so their share decides the time.
  const today = systemClock.today();
  const yesterday = today.subtract({ days: 1 }).toString();
  for (let i = 0; i < rows; i++) {
    const dd = String(1 + (i % 28)).padStart(2, '0');
    const mm = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    const yy = String(Math.floor(i / 336) % 100).padStart(2, '0');
    const serial = String(Math.floor(i / 33_600)).padStart(4, '0');
    const group = GROUPS[i % GROUPS.length]!;
    const insured = group === 'INSURED_UNEMPLOYED';
    const since = `2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const history = i % every === 1 ? `EDUCATION_READY_EDUCATION_BENEFIT@${since};${group}@${yesterday}` : '';
    const deadline = i % every === 2 ? `${today.add({ days: 10 })},${today}` : i % every === every / 2 + 2 ? `${today.add({ days: 6 })},${today.subtract({ days: 3 })}` : ',';
    const line = `${dd}${mm}${yy}${serial},Borger ${i},${group},${since},B${String(i % 10).padStart(3, '0')},${insured ? `F${i % 5}` : ''},`
      + `${i % 2 ? `2${String(i).padStart(7, '0')}` : ''},${i % 3 ? `borger${i}@example.dk` : ''},${insured && i % 2 ? since : ''},${history},${deadline}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const rows = Number(arg('rows') ?? 100_000);
  if (!Number.isInteger(rows) || rows < 1 || rows > 3_000_000) throw new Error('--rows must be 1–3000000');
  // A multiple of 4 from 8 up, so the rows it picks are of a group each column fits (GROUPS is indexed by i % 4).
  const every = Number(arg('optional-every') ?? 100);
  if (!Number.isInteger(every) || every < 8 || every % 4 !== 0) throw new Error('--optional-every must be a multiple of 4, at least 8');
  const file = join(tmpdir(), `cz9-bench-${process.pid}.csv`);
  await writeFile(file, rows, every);
  const dataDir = '.data/bench-import';
  if (!process.env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, poolSize: 4 });
  try {
    for (let j = 0; j < 10; j++) await db.ds.query(`INSERT INTO jobcenter (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [`B${String(j).padStart(3, '0')}`, `Bench jobcenter ${j}`]);
    for (let f = 0; f < 5; f++) await db.ds.query(`INSERT INTO unemployment_fund (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [`F${f}`, `Bench a-kasse ${f}`]);
    const service = new CitizenImportService(db.ds);
    const load = async () => {
      let peak = 0;
      const atQuarter: number[] = [];
      const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
      const timer = setInterval(sample, 100);
      const skipped: RowError[] = [];
      const started = process.hrtime.bigint();
      const summary = await service.run(csvRecords(file, skipped, () => undefined), {
        clock: systemClock, skipped: () => skipped.splice(0), concurrency: 3,
        onBatch: (s) => {
          sample();
          if (s.rows >= ((atQuarter.length + 1) * rows) / 4) atQuarter.push(Math.round(process.memoryUsage().rss / 2 ** 20));
        },
      });
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { seconds: Number(seconds.toFixed(1)), rowsPerSecond: Math.round(rows / seconds), peakRssMb: Math.round(peak / 2 ** 20), rssMbAtQuarters: atQuarter, summary: { ...summary, errors: summary.errors.slice(0, 3) } };
    };
    const first = await load();
    const rerun = await load();
    process.stdout.write(`${JSON.stringify({ rows, optionalEvery: every, loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1))), cores: (await import('node:os')).cpus().length, first, rerun })}\n`);
  } finally {
    await db.close();
    rmSync(file, { force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
