/**
 * `npm run bench:profile -- <operation> [--scale 1] [--duration 15] [--connections 10]`: runs one benchmark
 * operation against the compiled API started with `--cpu-prof`, then prints where the server's CPU went —
 * self time by function and by package — and keeps the .cpuprofile in bench/results/profiles (open it in
 * Chrome DevTools or speedscope for the call tree). Uses the benchmark's data (seeded or reused as by
 * `npm run bench`).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from './lib/args';
import { connect, openBenchDb, recreateDatabase } from './lib/db';
import { ensureSeeded } from './lib/ensure-seeded';
import { type PreparedRequest, load, procStats } from './lib/load';
import { FUND_CATCH_UP_PAGE, caseworkerListSamples, fundEventSamples, obligationSamples } from './lib/operations';
import { startApi } from './lib/servers';
import { FUND_EVENT_TYPES } from '../src/domain/events/fund-events.service';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const log = (m: string) => console.log(m);

/** Self time (ms) per function and per package/area of a V8 CPU profile. */
export function summarise(profile: CpuProfile): { total: number; byFunction: [string, number][]; byArea: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const where = f.url.replace(/^file:\/\//, '');
    const short = where.includes('node_modules/')
      ? where.slice(where.lastIndexOf('node_modules/') + 13)
      : path.relative(process.cwd(), where) || '(native)';
    const name = `${f.functionName || '(anonymous)'}  ${short}:${f.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const pkg = where.includes('node_modules/')
      ? (() => { const rest = where.slice(where.lastIndexOf('node_modules/') + 13).split('/'); return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!; })()
      : where.startsWith('node:') ? 'node core'
        : where ? path.relative(process.cwd(), where).split('/').slice(0, 3).join('/')
          : f.functionName;
    area.set(pkg, (area.get(pkg) ?? 0) + ms);
    if (f.functionName !== '(idle)') total += ms;
  }
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { total, byFunction: sort(fn), byArea: sort(area) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const op = argv[0] && !argv[0].startsWith('--') ? argv.shift()! : 'caseworkerList';
  const args = parseArgs(argv);
  let db = await openBenchDb({ scale: args.scale, log });
  db = await ensureSeeded(db, args.scale, { force: args.reseed, log, recreate: recreateDatabase });
  const c = await connect(db.url);
  let requests: PreparedRequest[];
  if (op === 'obligations') requests = await obligationSamples(c, 2000);
  else if (op === 'caseworkerList') requests = (await caseworkerListSamples(c, 2000)).requests;
  else if (op === 'fundEvents') requests = await fundEventSamples(c, 2000, FUND_EVENT_TYPES);
  else if (op === 'fundEventsCatchUp') requests = await fundEventSamples(c, 2000, FUND_EVENT_TYPES, FUND_CATCH_UP_PAGE);
  else throw new Error(`unknown operation ${op} (obligations, caseworkerList, fundEvents, fundEventsCatchUp)`);
  await c.end();

  const dir = path.resolve(__dirname, 'results', 'profiles');
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.cpuprofile')) rmSync(path.join(dir, f));
  const api = await startApi(db.url, {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  try {
    log(`${op}: warm-up ${args.warmup} s, then ${args.duration} s at ${args.connections} connections, server profiled`);
    await load({ url: api.base, connections: args.connections, duration: args.warmup, requests });
    const before = procStats(api.pid);
    const r = await load({ url: api.base, connections: args.connections, duration: args.duration, requests });
    const cpu = procStats(api.pid).cpuSeconds - before.cpuSeconds;
    log(`${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, CPU ${(cpu * 1000 / r.requests).toFixed(2)} ms/request (profiling slows it)`);
  } finally {
    await api.stop();
    await db.close();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no .cpuprofile');
  const s = summarise(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile);
  const pct = (ms: number) => `${((ms / s.total) * 100).toFixed(1).padStart(5)} %`;
  log(`\nbusy time in the profile (warm-up included): ${(s.total / 1000).toFixed(1)} s\n\nby area:`);
  for (const [k, ms] of s.byArea.filter(([k]) => k !== '(idle)').slice(0, 25)) log(`${pct(ms)}  ${k}`);
  log('\nby function (self time):');
  for (const [k, ms] of s.byFunction.filter(([k]) => !k.startsWith('(idle)')).slice(0, 40)) log(`${pct(ms)}  ${k}`);
  log(`\nprofile: ${path.relative(process.cwd(), path.join(dir, file))}`);
}

if (require.main === module) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
