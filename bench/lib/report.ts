import type { ExplainedPath } from '../explain';
import type { BurstResult } from './burst';
import type { LoadResult } from './load';
import type { SeedMarker } from '../seed';
import type { StatementRow } from './statements';
import { FUND_CATCH_UP_PAGE } from './operations';

export interface OpResult extends LoadResult {
  name: string;
  server: string;
  /** Mean statements per request, counted exactly (25 requests one at a time). */
  sqlPerRequest: number | null;
  sqlPerRequestMax: number | null;
  sqlPerRequestMin: number | null;
  /** Statements during the measured load divided by completed requests. */
  sqlPerRequestUnderLoad: number | null;
  rssMb: number;
  peakRssMb: number;
  cpuMsPerRequest: number | null;
  statements: StatementRow[];
  /** Latency at a steady half of the measured maximum rate (API only): what users see below saturation. */
  halfLoad?: { rate: number; p50: number; p99: number } | undefined;
  /** Requests that wrote an SL-5 "no slots" message while reading (extra statements). */
  writesOnRead?: number | undefined;
}

export interface BenchReport {
  generatedAt: string;
  scale: number;
  options: { duration: number; warmup: number; connections: number; burst: number };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; loadAverageAtStart: number[]; database: string };
  seed: SeedMarker;
  ops: OpResult[];
  burst: BurstResult | undefined;
  explain: ExplainedPath[];
  notes: string[];
  runSeconds: number;
}

interface TargetCheck { target: string; value: string; ok: boolean | null }

const fmt = (n: number | null | undefined, d = 1) => (n === null || n === undefined ? 'n/a' : Number.isInteger(n) ? String(n) : n.toFixed(d));

function findOp(r: BenchReport, name: string, server = 'API'): OpResult | undefined {
  return r.ops.find((o) => o.name === name && o.server === server);
}

/** The issue's targets, as figures (never asserted in tests). */
function targets(r: BenchReport, others: BenchReport[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const ob = findOp(r, 'obligations');
  const bare = findOp(r, 'obligations', 'bare');
  const list = findOp(r, 'caseworkerList');
  if (ob && bare) {
    const share = ob.rps / bare.rps;
    out.push({ target: 'obligations ≥ 35 % of the bare reference (req/s)', value: `${(share * 100).toFixed(1)} %`, ok: share >= 0.35 });
  }
  if (ob) {
    if (ob.halfLoad) out.push({ target: 'obligations p99 < 100 ms (at a steady half of the maximum rate)', value: `${ob.halfLoad.p99} ms at ${ob.halfLoad.rate} req/s`, ok: ob.halfLoad.p99 < 100 });
    out.push({ target: 'obligations p99 < 100 ms (saturated, 10 connections)', value: `${ob.p99} ms`, ok: ob.p99 < 100 });
    out.push({ target: 'obligations ≤ 5 SQL statements per request (max of 25 citizens, 0 … 30 meetings)', value: `${fmt(ob.sqlPerRequestMax, 0)}`, ok: ob.sqlPerRequestMax === null ? null : ob.sqlPerRequestMax <= 5 });
  }
  if (list) {
    out.push({ target: 'caseworker list of 50 ≤ 4 SQL statements per request', value: `${fmt(list.sqlPerRequestMax, 0)}`, ok: list.sqlPerRequestMax === null ? null : list.sqlPerRequestMax <= 4 });
    if (list.halfLoad) out.push({ target: 'caseworker list of 50 p99 < 250 ms (at a steady half of the maximum rate)', value: `${list.halfLoad.p99} ms at ${list.halfLoad.rate} req/s`, ok: list.halfLoad.p99 < 250 });
    out.push({ target: 'caseworker list of 50 p99 < 250 ms (saturated)', value: `${list.p99} ms`, ok: list.p99 < 250 });
  }
  // Issue 16.6: an a-kasse catching up reads pages of FUND_CATCH_UP_PAGE (bench/lib/operations.ts); polling reads 100.
  for (const [name, page] of [['fundEvents', 100], ['fundEventsCatchUp', FUND_CATCH_UP_PAGE]] as const) {
    const feed = findOp(r, name);
    if (feed) out.push({ target: `a-kasse feed catch-up ≥ 20,000 events/s (${name}, pages of ${page})`, value: `${Math.round(feed.rps * page)} events/s (${feed.rps} pages/s)`, ok: feed.rps * page >= 20_000 });
  }
  if (r.burst) {
    const inv = r.burst.invariants;
    out.push({
      target: 'bookSlot: no lost or double bookings',
      value: `${r.burst.booked} booked, ${inv.doubleBookedSlots} double-booked slots, ${inv.citizensWithTwoPlannedInterviews} citizens with 2 planned, ${inv.lostBookings} lost, ${inv.deadlineMismatches} deadline mismatches`,
      ok: inv.ok,
    });
  }
  const paths = r.explain.filter((e) => e.source === 'access-path');
  const seq = paths.filter((e) => e.seqScans.length);
  if (paths.length) {
    out.push({
      target: 'EXPLAIN: no sequential scan on a big table for these access paths (plans with real ids, as executed)',
      value: seq.length ? seq.map((e) => `${e.name}: ${e.seqScans.join(', ')}`).join('; ') : `none in ${paths.length} access paths`,
      ok: seq.length === 0,
    });
  }
  for (const o of others) {
    const [small, large] = o.scale < r.scale ? [o, r] : [r, o];
    if (small.scale === large.scale) continue;
    for (const name of ['obligations', 'caseworkerList', 'fundEvents']) {
      const a = findOp(small, name);
      const b = findOp(large, name);
      if (!a || !b) continue;
      const ratio = b.p50 / a.p50;
      out.push({ target: `${name}: p50 at scale ${large.scale} < 1.5 × p50 at scale ${small.scale}`, value: `${b.p50} ms / ${a.p50} ms = ${ratio.toFixed(2)}×`, ok: ratio < 1.5 });
    }
  }
  return out;
}

export function renderMarkdown(r: BenchReport, others: BenchReport[]): string {
  const m = r.machine;
  const bare = findOp(r, 'obligations', 'bare');
  const lines: string[] = [];
  lines.push(`# Benchmark results (scale ${r.scale})`, '');
  lines.push(`Generated by \`npm run bench -- --scale ${r.scale}\` on ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC in ${r.runSeconds} s.`, '');
  lines.push(`Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB RAM, Node ${m.node}, PostgreSQL ${m.postgres} (${m.database}); ` +
    `load average at start ${m.loadAverageAtStart.join(' / ')} (other work on the machine shares its cores). ` +
    `Load generator (autocannon) on the same machine, over loopback; ${r.options.connections} connections, ${r.options.warmup} s warm-up, ${r.options.duration} s measured per operation.`, '');
  const c = r.seed.counts;
  lines.push(`Data: ${c.jobcenter} jobcenters, ${c.unemployment_fund} unemployment funds, ${c.citizen} citizens, ${c.meeting} meetings, ${c.slot} slots, ` +
    `${c.deadline} deadlines (${c.deadline_history} history rows), ${c.meeting_history} meeting history rows, ${c.domain_event} events (seeded in ${r.seed.seconds} s).`, '');
  lines.push('| operation | server | req/s (max) | p50 ms | p99 ms | p50 / p99 ms at ½ max rate | SQL / request (max) | CPU ms / request | RSS MB (peak) | vs bare |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const o of r.ops) {
    const ratio = bare && o.name === 'obligations' && o.server !== 'API' && o.server !== 'bare' && o.server !== 'floor' && !o.server.startsWith('API (baseline')
      ? `(${((o.rps / bare.rps) * 100).toFixed(0)} % of one bare process)`
      : bare && o.name === 'obligations' ? `${((o.rps / bare.rps) * 100).toFixed(0)} %` : '';
    const errors = o.non2xx || o.errorBodies || o.connectionErrors ? ` ⚠ ${o.non2xx + o.errorBodies + o.connectionErrors} errors` : '';
    const half = o.halfLoad ? `${o.halfLoad.p50} / ${o.halfLoad.p99} (${o.halfLoad.rate}/s)` : '';
    lines.push(`| ${o.name}${errors} | ${o.server} | ${fmt(o.rps)} | ${o.p50} | ${o.p99} | ${half} | ${fmt(o.sqlPerRequest, 2)} (${fmt(o.sqlPerRequestMax, 0)}) | ${fmt(o.cpuMsPerRequest, 2)} | ${o.rssMb} (${o.peakRssMb}) | ${ratio} |`);
  }
  lines.push('');
  lines.push('req/s, p50 and p99 are at saturation (as many requests as the server answers, 10 connections); the ½-max column is a steady ' +
    'load at half that rate, the latency a user sees on a server that is busy but not overloaded. SQL / request is counted exactly ' +
    '(25 requests one at a time) with pg_stat_statements; CPU is the server process\'s user+system time per request.', '');
  for (const o of r.ops.filter((x) => x.writesOnRead)) {
    lines.push(`${o.name} (${o.server}): ${o.writesOnRead} of ${o.requests} requests found no free slot and wrote the SL-5 inbox message (4 more statements each).`, '');
  }
  if (r.burst) {
    const b = r.burst;
    lines.push(`bookSlot burst: ${b.citizens} citizens with open deadlines at ${b.jobcenters} jobcenters, ${b.slotsPublished} slots published just before ` +
      `(publishSlots: ${b.publishMsPer500} ms per 500 slots); ${b.booked} booked, **${b.bookingsPerSecond} bookings/s**; answers: ` +
      `${Object.entries(b.userErrors).map(([k, v]) => `${k} ${v}`).join(', ') || 'no user errors'}.`, '');
  }
  lines.push('## Targets', '', '| target | measured | met |', '| --- | --- | :---: |');
  for (const t of targets(r, others)) lines.push(`| ${t.target} | ${t.value} | ${t.ok === null ? 'n/a' : t.ok ? 'yes' : '**no**'} |`);
  lines.push('');
  for (const o of others) {
    lines.push(`Compared with the run at scale ${o.scale} (${o.generatedAt.slice(0, 10)}): ` +
      o.ops.map((x) => `${x.name}/${x.server} ${x.rps} req/s, p50 ${x.p50} ms, p99 ${x.p99} ms`).join('; ') + '.', '');
  }
  if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  lines.push('## SQL per operation (pg_stat_statements, measured phase)', '');
  for (const o of r.ops.filter((x) => x.statements.length)) {
    // Issue 16.1: PostgreSQL's time per request, planning (0 for a reused plan) and execution, summed over the statements.
    const per = (f: (s: StatementRow) => number) => o.requests ? o.statements.reduce((a, s) => a + s.calls * f(s), 0) / o.requests : 0;
    lines.push(`<details><summary>${o.name} (${o.server}): PostgreSQL ${fmt(per((s) => s.planMs ?? 0), 3)} ms planning + ${fmt(per((s) => s.meanMs), 3)} ms execution per request</summary>`, '',
      '| calls | mean ms | plan ms | statement |', '| ---: | ---: | ---: | --- |');
    for (const s of o.statements.slice(0, 12)) lines.push(`| ${s.calls} | ${s.meanMs} | ${s.planMs ?? ''} | \`${s.query.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 160)}\` |`);
    lines.push('', '</details>', '');
  }
  lines.push('## EXPLAIN of the access paths', '', '| access path | scans | ms |', '| --- | --- | ---: |');
  for (const e of r.explain.filter((x) => x.source === 'access-path')) {
    lines.push(`| ${e.name} | ${e.error ? `error: ${e.error}` : e.scans.join('; ')}${e.seqScans.length ? ' **(seq scan on big table)**' : ''} | ${fmt(e.ms, 2)} |`);
  }
  lines.push('');
  const generic = r.explain.filter((x) => x.source !== 'access-path');
  const genericSeq = generic.filter((x) => x.seqScans.length);
  if (generic.length) {
    lines.push(`Every statement the API ran in this benchmark (${generic.length}, from pg_stat_statements) was also explained with GENERIC_PLAN, ` +
      'the plan PostgreSQL would cache for a named prepared statement whatever the parameters. The API sends its repeated ' +
      'statements as named prepared statements (src/db/prepared-statements.ts, issue 16.1), so after five custom plans PostgreSQL ' +
      'may keep exactly this generic plan. ' +
      (genericSeq.length
        ? `Generic plans with a sequential scan on a big table (with named prepared statements PostgreSQL may run these): ${genericSeq.map((e) => `\`${e.name}\` (${e.seqScans.join(', ')})`).join('; ')}.`
        : 'None of them has a sequential scan on a big table either.'), '');
  }
  return lines.join('\n');
}
