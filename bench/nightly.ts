/**
 * `npx tsx bench/nightly.ts [--scale 1] [--days 21] [--expiries 10000]`: the daily transition run (issue 16, item 4)
 * on a copy of the benchmark's data (CREATE DATABASE … TEMPLATE, dropped afterwards, so the seeded data is untouched):
 *
 * - "expiries": the run for the first day on which at least N OPEN deadlines are past bookBy (default 10,000);
 * - "days ahead": the run for the seed's day + D (default 21: the national worst case, every deadline of 3 weeks).
 *
 * Prints, per scenario, the wall time, the process's CPU time, what the run did, and from pg_stat_statements the
 * calls and total execution time of the statements that pick and lock a batch (`… FOR UPDATE OF c …`), the
 * contention-independent part. Embedded PostgreSQL only (the copy needs the server's maintenance database).
 */
import 'reflect-metadata';
import { Temporal } from 'temporal-polyfill';
import { parseArgs } from './lib/args';
import { connect, dbNameForScale, openBenchDb, recreateDatabase, withDatabase } from './lib/db';
import { ensureSeeded } from './lib/ensure-seeded';
import { createDataSource } from '../src/db/data-source';
import { runTransitions } from '../src/domain/lifecycle/transitions';

const log = (m: string) => console.log(m);

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(argv.splice(i, 2)[1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const days = option(argv, 'days', 21);
  const expiries = option(argv, 'expiries', 10_000);
  const args = parseArgs(argv);
  let db = await openBenchDb({ scale: args.scale, log });
  db = await ensureSeeded(db, args.scale, { force: args.reseed, log, recreate: recreateDatabase });
  const anchor = Temporal.PlainDate.from((db as unknown as { marker: { anchor: string } }).marker.anchor);
  if (!db.adminUrl) throw new Error('bench/nightly.ts needs the embedded benchmark server');
  const c = await connect(db.url);
  const r = await c.query(`SELECT book_by::text AS d, count(*) OVER (ORDER BY book_by) AS n FROM deadline WHERE status = 'OPEN' ORDER BY book_by`);
  await c.end();
  const firstWith = r.rows.find((x: { n: string }) => Number(x.n) >= expiries) as { d: string } | undefined;
  const scenarios: { name: string; date: Temporal.PlainDate }[] = [];
  if (firstWith) scenarios.push({ name: `${expiries} expiries`, date: Temporal.PlainDate.from(firstWith.d).add({ days: 1 }) });
  scenarios.push({ name: `${days} days ahead`, date: anchor.add({ days }) });
  await db.ds.destroy();
  const source = dbNameForScale(args.scale);
  const copy = `${source}_nightly`;
  const admin = await connect(db.adminUrl);
  try {
    for (const s of scenarios) {
      await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
      const t0 = performance.now();
      await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${source}`);
      log(`${s.name}: copy of the data in ${Math.round(performance.now() - t0)} ms; running the day ${s.date} (seeded ${anchor})`);
      const url = withDatabase(db.adminUrl, copy);
      const ds = createDataSource(url, { poolSize: 4 });
      await ds.initialize();
      await ds.query(`SELECT pg_stat_statements_reset()`).catch(() => undefined);
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const counts = await runTransitions(ds, { date: s.date, now: Temporal.Instant.from(`${s.date}T00:30:00Z`) });
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      const stats: { calls: string; ms: number; query: string }[] = await ds.query(
        `SELECT calls::text, total_exec_time AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 8`).catch(() => []);
      const pick = stats.filter((x) => /FOR UPDATE OF c/i.test(x.query) || /^SELECT c\.id FROM citizen c/.test(x.query));
      log(`${s.name}: ${(ms / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (node), ${JSON.stringify(counts)}`);
      for (const x of stats) log(`   ${x.calls.padStart(6)} calls ${x.ms.toFixed(0).padStart(7)} ms  ${x.query}`);
      if (pick.length > 0) log(`   batch picking: ${pick.reduce((a, x) => a + Number(x.calls), 0)} calls, ${pick.reduce((a, x) => a + x.ms, 0).toFixed(0)} ms`);
      await ds.destroy();
    }
    await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
  } finally {
    await admin.end();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
