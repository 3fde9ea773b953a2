/**
 * `npx tsx bench/nightly.ts [--scale 1] [--days 21] [--expiries 10000] [--top 12] [--batch-size 1000] [--lanes 2] [--only-expiries | --only-days] [--keep]`: the daily transition run (issue 16, item 4)
 * on a copy of the benchmark's data (CREATE DATABASE … TEMPLATE, dropped afterwards, so the seeded data is untouched):
 *
 * - "expiries": the run for the first day on which at least N OPEN deadlines are past bookBy (default 10,000);
 * - "days ahead": the run for the seed's day + D (default 21: the national worst case, every deadline of 3 weeks).
 *
 * Prints, per scenario, the wall time, the process's CPU time, the load average, what the run did, each step's wall and
 * CPU time (runTransitions' onStep), and from
 * pg_stat_statements all statements' calls, execution and planning time and blocks read, then the `--top` statements
 * (rows, time, blocks read from outside PostgreSQL's buffers: the copy starts cold) and the statements that pick and lock a batch
 * (`… FOR UPDATE OF c …`). Embedded PostgreSQL only (the copy needs the server's maintenance database).
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { Temporal } from 'temporal-polyfill';
import { parseArgs } from './lib/args';
import { connect, dbNameForScale, openBenchDb, recreateDatabase, withDatabase } from './lib/db';
import { ensureSeeded } from './lib/ensure-seeded';
import { createDataSource } from '../src/db/data-source';
import { DAILY_RUN_ACTOR, DEFAULT_BATCH_SIZE, DEFAULT_LANES, runTransitions } from '../src/domain/lifecycle/transitions';
import { FixedClock } from '../src/domain/shared/clock';

const log = (m: string) => console.log(m);

interface StatementStat { calls: number; rows: number; ms: number; plan_ms: number; read: number; hit: number; query: string }

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
  const top = option(argv, 'top', 12);
  const batchSize = option(argv, 'batch-size', DEFAULT_BATCH_SIZE);
  const lanes = option(argv, 'lanes', DEFAULT_LANES);
  const only = argv.includes('--only-expiries') ? 'expiries' : argv.includes('--only-days') ? 'days' : undefined;
  const keep = argv.includes('--keep');
  argv.splice(0, argv.length, ...argv.filter((a) => a !== '--only-expiries' && a !== '--only-days' && a !== '--keep'));
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
  if (firstWith && only !== 'days') scenarios.push({ name: `${expiries} expiries`, date: Temporal.PlainDate.from(firstWith.d).add({ days: 1 }) });
  if (only !== 'expiries') scenarios.push({ name: `${days} days ahead`, date: anchor.add({ days }) });
  await db.ds.destroy();
  const source = dbNameForScale(args.scale);
  const copy = `${source}_nightly`;
  const admin = await connect(db.adminUrl);
  try {
    for (const s of scenarios) {
      await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
      const t0 = performance.now();
      await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${source}`);
      log(`${s.name}: copy of the data in ${Math.round(performance.now() - t0)} ms; running the day ${s.date} (seeded ${anchor}), batches of ${batchSize}, ${lanes} lane(s)`);
      const url = withDatabase(db.adminUrl, copy);
      const ds = createDataSource(url, { poolSize: 4 });
      await ds.initialize();
      await ds.query(`SELECT pg_stat_statements_reset()`).catch(() => undefined);
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const scope = { actor: DAILY_RUN_ACTOR, clock: new FixedClock(Temporal.Instant.from(`${s.date}T00:30:00Z`)), db: ds.manager };
      const steps: string[] = [];
      const counts = await runTransitions(scope, s.date, {
        batchSize, lanes, onStep: (step, wall, cpu) => steps.push(`   ${(wall / 1000).toFixed(2).padStart(6)} s wall ${(cpu / 1000).toFixed(2).padStart(6)} s CPU (node)  ${step}`),
      });
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      const stats: StatementStat[] = await ds.query(
        `SELECT calls::int, rows::int, total_exec_time AS ms, total_plan_time AS plan_ms, shared_blks_read::int AS read, shared_blks_hit::int AS hit,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC`).catch(() => []);
      const pick = stats.filter((x) => /FOR UPDATE OF c/i.test(x.query) || /^SELECT c\.id FROM citizen c/.test(x.query));
      const sum = (f: (x: StatementStat) => number) => stats.reduce((a, x) => a + f(x), 0);
      log(`${s.name}: ${(ms / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (node), load ${loadavg()[0]!.toFixed(1)}, ${JSON.stringify(counts)}`);
      for (const line of steps) log(line);
      log(`   all statements: ${sum((x) => x.calls)} calls, ${sum((x) => x.ms).toFixed(0)} ms execution, ${sum((x) => x.plan_ms).toFixed(0)} ms planning, `
        + `${sum((x) => x.read)} blocks read, ${sum((x) => x.hit)} hit`);
      for (const x of stats.slice(0, top)) {
        log(`   ${String(x.calls).padStart(6)} calls ${String(x.rows).padStart(7)} rows ${x.ms.toFixed(0).padStart(6)} ms (+${x.plan_ms.toFixed(0)} plan) `
          + `${String(x.read).padStart(7)} read  ${x.query}`);
      }
      if (pick.length > 0) log(`   batch picking: ${pick.reduce((a, x) => a + x.calls, 0)} calls, ${pick.reduce((a, x) => a + x.ms, 0).toFixed(0)} ms`);
      await ds.destroy();
    }
    if (keep) log(`kept the copy after the last day: database ${copy} (for EXPLAIN and comparing what the run wrote)`);
    else await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
  } finally {
    await admin.end();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
