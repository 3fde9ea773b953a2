/**
 * `npm run bench`: seeds (or reuses) the national-scale data set, starts the API (compiled, as in production)
 * and the bare node:http + pg reference as separate processes, drives both with autocannon over loopback after
 * a warm-up, counts SQL statements per request with pg_stat_statements, and writes bench/results/latest.md and
 * latest.json (plus scale-<s>.json, so runs at two scales can be compared for flat latency).
 *
 * Options: see bench/lib/args.ts (`npm run bench -- --help`).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';
import { parseArgs } from './lib/args';
import { type BurstResult, bookingBurst } from './lib/burst';
import { connect, openBenchDb, recreateDatabase } from './lib/db';
import { ensureSeeded } from './lib/ensure-seeded';
import { type LoadResult, type PreparedRequest, load, procStats } from './lib/load';
import { FUND_CATCH_UP_PAGE, caseworkerListSamples, fundEventSamples, obligationSamples } from './lib/operations';
import { type ServerProcess, startApi, startBare, startCluster, startFloor } from './lib/servers';
import { type ExplainedPath, explainAccessPaths } from './explain';
import { type BenchReport, type OpResult, renderMarkdown } from './lib/report';
import { readStatements, resetStatements, totalCalls } from './lib/statements';

const RESULTS = path.resolve(__dirname, 'results');
const log = (m: string) => console.log(m);

/** Exact statements per request: requests one at a time, statistics read after each. */
async function exactStatementCounts(c: Client, base: string, requests: PreparedRequest[]): Promise<{ mean: number; max: number; min: number }> {
  const counts: number[] = [];
  for (const r of requests) {
    await resetStatements(c);
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { ...r.headers, 'content-type': 'application/json' }, body: r.body });
    await res.text();
    counts.push(totalCalls(await readStatements(c)));
  }
  return { mean: Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 100) / 100, max: Math.max(...counts), min: Math.min(...counts) };
}

/** Waits until no statement of another session runs in the benchmark database (requests still in flight). */
async function settle(c: Client): Promise<void> {
  // Requests of a finished load run may still be between two statements (the backend reads idle then).
  await new Promise((res) => setTimeout(res, 1500));
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const r = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                               AND backend_type = 'client backend' AND state NOT LIKE 'idle%'`);
    if (r.rows[0].n === 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/**
 * Measures one operation on one or more servers. With several (the API and the bare reference), the measured
 * time is split into rounds that alternate between them, so both see the same background load on a shared
 * machine; figures are combined over the rounds (req/s over all requests, p50 the median round's, p99 the worst).
 */
async function measure(
  name: string, servers: ServerProcess[], requests: PreparedRequest[], c: Client | undefined,
  opts: { duration: number; warmup: number; connections: number },
): Promise<OpResult[]> {
  const rounds = servers.length > 1 ? 3 : 1;
  log(`\n${name} → ${servers.map((s) => s.name).join(' and ')}: warm-up ${opts.warmup} s each, then ${opts.duration} s each` +
    `${rounds > 1 ? ` in ${rounds} alternating rounds` : ''} at ${opts.connections} connections (${requests.length} distinct requests)`);
  for (const server of servers) await load({ url: server.base, connections: opts.connections, duration: opts.warmup, requests });
  const acc = servers.map(() => ({ loads: [] as LoadResult[], cpu: 0, calls: new Map<string, { calls: number; meanMs: number; planMs: number }>() }));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? servers.map((_, i) => i) : servers.map((_, i) => servers.length - 1 - i);
    for (const i of order) {
      const server = servers[i]!;
      if (c) {
        await settle(c);
        await resetStatements(c);
      }
      const before = procStats(server.pid);
      acc[i]!.loads.push(await load({ url: server.base, connections: opts.connections, duration: opts.duration / rounds, requests }));
      acc[i]!.cpu += procStats(server.pid).cpuSeconds - before.cpuSeconds;
      if (c) {
        await settle(c);
        for (const st of await readStatements(c)) {
          const e = acc[i]!.calls.get(st.query);
          // Means over all rounds, weighted by calls.
          const n = (e?.calls ?? 0) + st.calls;
          const mean = (a: number | undefined, b: number | undefined) => n === 0 ? 0 : ((e?.calls ?? 0) * (a ?? 0) + st.calls * (b ?? 0)) / n;
          acc[i]!.calls.set(st.query, { calls: n, meanMs: Math.round(mean(e?.meanMs, st.meanMs) * 1000) / 1000, planMs: Math.round(mean(e?.planMs, st.planMs) * 10000) / 10000 });
        }
      }
    }
  }
  const out: OpResult[] = [];
  for (const [i, server] of servers.entries()) {
    const loads = acc[i]!.loads;
    const requestsDone = loads.reduce((a, l) => a + l.requests, 0);
    const seconds = loads.reduce((a, l) => a + l.seconds, 0);
    const byRps = [...loads].sort((a, b) => a.rps - b.rps);
    const median = byRps[Math.floor(byRps.length / 2)]!;
    const statements = [...acc[i]!.calls.entries()].map(([query, v]) => ({ query, ...v })).sort((a, b) => b.calls - a.calls);
    if (c) await settle(c);
    const exact = c ? await exactStatementCounts(c, server.base, requests.slice(0, 25)) : undefined;
    const mem = procStats(server.pid);
    const sum = (k: 'non2xx' | 'errorBodies' | 'connectionErrors' | 'timeouts') => loads.reduce((a, l) => a + l[k], 0);
    const r: OpResult = {
      name, server: server.name,
      requests: requestsDone, seconds, rps: Math.round((requestsDone / seconds) * 10) / 10,
      p50: median.p50, p90: median.p90, p99: Math.max(...loads.map((l) => l.p99)), max: Math.max(...loads.map((l) => l.max)),
      mean: Math.round((loads.reduce((a, l) => a + l.mean * l.requests, 0) / Math.max(1, requestsDone)) * 100) / 100,
      non2xx: sum('non2xx'), errorBodies: sum('errorBodies'), connectionErrors: sum('connectionErrors'), timeouts: sum('timeouts'),
      firstError: loads.find((l) => l.firstError)?.firstError,
      sqlPerRequest: exact?.mean ?? null, sqlPerRequestMax: exact?.max ?? null, sqlPerRequestMin: exact?.min ?? null,
      sqlPerRequestUnderLoad: c && requestsDone ? Math.round((totalCalls(statements) / requestsDone) * 100) / 100 : null,
      rssMb: mem.rssMb, peakRssMb: mem.peakRssMb,
      cpuMsPerRequest: requestsDone ? Math.round((acc[i]!.cpu * 1000 / requestsDone) * 100) / 100 : null,
      statements: statements.slice(0, 20),
    };
    r.writesOnRead = statements.find((x) => /INSERT INTO citizen_message/.test(x.query))?.calls;
    if (server.name.startsWith('API')) {
      // Latency below saturation: a steady half of the rate just measured.
      const rate = Math.max(1, Math.round(r.rps / 2));
      const half = await load({ url: server.base, connections: opts.connections, duration: Math.max(5, opts.duration / 2), requests, rate });
      r.halfLoad = { rate, p50: half.p50, p99: half.p99 };
    }
    log(`  ${server.name}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, SQL/request ${r.sqlPerRequest ?? 'n/a'} (max ${r.sqlPerRequestMax ?? 'n/a'}), ` +
      `CPU ${r.cpuMsPerRequest} ms/request, RSS ${r.rssMb} MB` + (r.halfLoad ? `; at ${r.halfLoad.rate} req/s: p50 ${r.halfLoad.p50} ms, p99 ${r.halfLoad.p99} ms` : '') +
      (r.non2xx || r.errorBodies || r.connectionErrors ? `; ERRORS: non2xx ${r.non2xx}, error bodies ${r.errorBodies}, connection ${r.connectionErrors}\n  first: ${r.firstError}` : ''));
    out.push(r);
  }
  return out;
}

function hasRootField(field: string): boolean {
  const schemaDir = path.resolve(__dirname, '..', 'schema');
  return readdirSync(schemaDir).some((f) => f.endsWith('.graphql') && readFileSync(path.join(schemaDir, f), 'utf8').includes(`${field}(`));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const want = (op: string) => !args.only || args.only.includes(op);
  const started = Date.now();
  let db = await openBenchDb({ scale: args.scale, log });
  const seeded = await ensureSeeded(db, args.scale, { force: args.reseed, log, recreate: recreateDatabase });
  db = seeded;
  const c = await connect(db.url);
  const stats = db.statementStats ? c : undefined;
  const pgVersion = (await c.query('SHOW server_version')).rows[0].server_version as string;
  let api: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  let baseline: ServerProcess | undefined;
  let floor: ServerProcess | undefined;
  const ops: OpResult[] = [];
  let burst: BurstResult | undefined;
  let explain: ExplainedPath[];
  const notes: string[] = [];
  const apiStatements = new Set<string>();
  try {
    log('\npreparing samples …');
    const obligations = await obligationSamples(c, 5000);
    const list = await caseworkerListSamples(c, 2000);
    if (!list.fullPages) notes.push('At this scale no jobcenter has 51 citizens: the caseworker list shows the first page of the largest jobcenters (fewer than 50 rows).');
    const phase = { duration: args.duration, warmup: args.warmup, connections: args.connections };

    api = await startApi(db.url);
    log(`API (pid ${api.pid}) at ${api.base}`);
    if (want('bare') || want('obligations')) {
      bare = await startBare(db.url);
      log(`bare reference (pid ${bare.pid}) at ${bare.base}`);
    }
    if (want('floor')) {
      floor = await startFloor();
      log(`Apollo floor (pid ${floor.pid}) at ${floor.base}: the real schema, a constant answer, no database (bench/floor-server.ts)`);
    }
    if (args.baseline && ['obligations', 'caseworkerList', 'fundEvents', 'fundEventsCatchUp'].some(want)) {
      baseline = await startApi(db.url, {}, [], path.resolve(args.baseline), 'API (baseline)');
      log(`baseline API from ${args.baseline} (pid ${baseline.pid}) at ${baseline.base}`);
    }
    const obligationServers = [...(bare && want('bare') ? [bare] : []), ...(want('obligations') ? [api] : []), ...(baseline && want('obligations') ? [baseline] : []), ...(floor ? [floor] : [])];
    if (obligationServers.length) ops.push(...await measure('obligations', obligationServers, obligations, stats, phase));
    if (bare) {
      await bare.stop();
      bare = undefined;
    }
    if (floor) {
      await floor.stop();
      floor = undefined;
    }
    // Issue 16: with --baseline, the list and the feed are measured against the same baseline, in alternating rounds.
    const withBaseline = baseline ? [api, baseline] : [api];
    if (want('caseworkerList')) ops.push(...await measure('caseworkerList', withBaseline, list.requests, stats, phase));
    // (4) the feed as a portal polls it (pages of 100) and as an a-kasse catches up (pages of FUND_CATCH_UP_PAGE).
    for (const [op, first] of [['fundEvents', 100], ['fundEventsCatchUp', FUND_CATCH_UP_PAGE]] as const) {
      if (!want(op)) continue;
      if (hasRootField('unemploymentFundEvents')) {
        const { FUND_EVENT_TYPES } = await import('../src/domain/events/fund-events.service');
        const reqs = await fundEventSamples(c, 2000, FUND_EVENT_TYPES, first);
        if (reqs.length) ops.push(...await measure(op, withBaseline, reqs, stats, phase));
        else notes.push(`No a-kasse events in the data set: the a-kasse event cursor (4, ${op}) was not measured.`);
      } else {
        notes.push('unemploymentFundEvents(after:) is not in the schema: the a-kasse event cursor (4) was not measured.');
      }
    }
    for (const o of ops) if (o.server === 'API') for (const s of o.statements) apiStatements.add(s.query);
    if (baseline) {
      await baseline.stop();
      baseline = undefined;
    }
    if (args.cluster > 0 && want('cluster')) {
      // All cores: the same obligations on src/cluster.ts (the single API process rests meanwhile).
      const cl = await startCluster(db.url, args.cluster);
      try {
        ops.push(...await measure('obligations', [cl], obligations, undefined, phase));
      } finally {
        await cl.stop();
      }
    }
    if (want('bookSlot')) {
      log('\nbookSlot burst …');
      const before = procStats(api.pid);
      burst = await bookingBurst(c, api.base, {
        target: args.burst, connections: Math.max(args.connections, 20), log,
        stats: stats ? { reset: () => resetStatements(c), read: () => readStatements(c) } : undefined,
      });
      const after = procStats(api.pid);
      const statements = burst.statements;
      for (const s of statements) apiStatements.add(s.query);
      ops.push({
        name: 'bookSlot', server: 'API', ...burst.load,
        sqlPerRequest: stats ? Math.round((totalCalls(statements) / burst.load.requests) * 100) / 100 : null,
        sqlPerRequestMax: null, sqlPerRequestMin: null, sqlPerRequestUnderLoad: null,
        rssMb: after.rssMb, peakRssMb: after.peakRssMb,
        cpuMsPerRequest: Math.round(((after.cpuSeconds - before.cpuSeconds) * 1000 / (burst.load.requests + burst.warmupRequests)) * 100) / 100,
        statements: statements.slice(0, 25),
      });
      log(`  ${burst.booked} booked of ${burst.citizens} requests, ${burst.bookingsPerSecond} bookings/s, ${burst.load.rps} req/s, p50 ${burst.load.p50} ms, p99 ${burst.load.p99} ms; ` +
        `user errors ${JSON.stringify(burst.userErrors)}; invariants ${burst.invariants.ok ? 'hold' : `BROKEN ${JSON.stringify(burst.invariants)}`}`);
    }
    log('\nEXPLAIN of the access paths …');
    explain = await explainAccessPaths(c, db.ds, [...apiStatements]);
    const flagged = explain.filter((e) => e.seqScans.length);
    log(`  ${explain.length} statements explained, ${flagged.length} with a sequential scan on a big table${flagged.length ? `: ${flagged.map((f) => f.name).join('; ')}` : ''}`);
  } finally {
    if (bare) await bare.stop();
    if (floor) await floor.stop();
    if (baseline) await baseline.stop();
    if (api) await api.stop();
    await c.end();
    await db.close();
  }

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    scale: args.scale,
    options: { duration: args.duration, warmup: args.warmup, connections: args.connections, burst: args.burst },
    machine: {
      cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version, postgres: pgVersion, loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
      database: db.embedded ? 'embedded PostgreSQL (.data/bench), pg_stat_statements' : 'DATABASE_URL',
    },
    seed: seeded.marker,
    ops, burst, explain, notes,
    runSeconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(RESULTS, { recursive: true });
  const scaleFile = path.join(RESULTS, `scale-${args.scale}.json`);
  if (args.only && existsSync(scaleFile)) {
    // A partial run (--only) re-measures some operations: the rest of this scale's last full report is kept.
    const previous = JSON.parse(readFileSync(scaleFile, 'utf8')) as BenchReport;
    const key = (o: OpResult) => `${o.name}/${o.server}`;
    const fresh = new Set(report.ops.map(key));
    report.ops = [...previous.ops.map((o) => (fresh.has(key(o)) ? report.ops.find((n) => key(n) === key(o))! : o)),
      ...report.ops.filter((o) => !previous.ops.some((p) => key(p) === key(o)))];
    report.burst = report.burst ?? previous.burst;
    const explained = new Set(report.explain.map((e) => e.sql));
    report.explain = [...report.explain, ...previous.explain.filter((e) => e.source !== 'access-path' && !explained.has(e.sql))];
    report.notes = [...new Set([...previous.notes, ...report.notes,
      `${[...fresh].join(', ')} re-measured on ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC (\`--only\`); the other rows are from ${previous.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`])];
    report.runSeconds = previous.runSeconds;
  }
  writeFileSync(scaleFile, JSON.stringify(report, null, 2));
  const others = readdirSync(RESULTS).filter((f) => /^scale-.*\.json$/.test(f) && f !== path.basename(scaleFile))
    .map((f) => JSON.parse(readFileSync(path.join(RESULTS, f), 'utf8')) as BenchReport);
  writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2));
  writeFileSync(path.join(RESULTS, 'latest.md'), renderMarkdown(report, others));
  writeFileSync(path.join(RESULTS, `statements-${args.scale}.json`), JSON.stringify([...apiStatements].map((query) => ({ query })), null, 2));
  log(`\nwrote bench/results/latest.md, latest.json and scale-${args.scale}.json (${report.runSeconds} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
