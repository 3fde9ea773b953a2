import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { withApp } from '../support/app';
import type { Jobcenter, UnemploymentFund } from '../../src/entities';
import { startTransitionScheduler } from '../../src/domain/lifecycle/transition-scheduler';
import { UnemploymentFundEventsForTransitionsConcurrency } from '../support/operations';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const N = 1000;

interface RunOutput {
  date: string;
  deregistrations: number;
  deadlinesExpired: number;
  sanctionAssessmentsOpened: number;
  remindersSent: number;
}

/** `npm run transitions -- --date …` as a separate process (the script behind it), against the test database. */
function runCommand(url: string, date: string, batchSize = 50): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/transitions.ts', '--date', date, '--batch-size', String(batchSize)], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += String(b)));
    child.stderr.on('data', (b) => (err += String(b)));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`transitions exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch (e) {
        reject(new Error(`unexpected output: ${out} ${err} (${String(e)})`));
      }
    });
  });
}

describe('the daily transition run with several runners at once (RG-1, RG-2, EV-1)', () => {
  const t = withApp({ now: '2026-03-11T09:00:00+01:00' });
  let url: string;
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    url = (t.ds.options as PostgresDataSourceOptions).url!;
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const seedExpired = (n: number, bookBy: string, name: string) => t.fx.openDeadlinesInBulk(jc, fund, n, bookBy, name);

  it(`RG-1/RG-2/EV-1: three processes running the command at once over ${N} expired deadlines deregister each citizen exactly once`, async () => {
    const ids = await seedExpired(N, '2026-03-10', 'Concurrent ');
    const started = Date.now();
    const outputs = await Promise.all([runCommand(url, '2026-03-11'), runCommand(url, '2026-03-11'), runCommand(url, '2026-03-11')]);
    const ms = Date.now() - started;

    // What the processes say they did adds up to exactly N: no transition was done twice.
    expect(outputs.reduce((s, o) => s + o.deregistrations, 0)).toBe(N);
    expect(outputs.reduce((s, o) => s + o.deadlinesExpired, 0)).toBe(N);
    console.log(`3 processes, ${N} deregistrations in ${ms} ms (incl. process start); per process:`, outputs.map((o) => o.deregistrations));

    const [counts] = await t.ds.query(
      `SELECT
         (SELECT count(*)::int FROM registration_period WHERE citizen_id = ANY($1) AND deregistration_reason = 'MISSED_DEADLINE') AS deregistrations,
         (SELECT count(DISTINCT citizen_id)::int FROM registration_period WHERE citizen_id = ANY($1) AND deregistration_reason = 'MISSED_DEADLINE') AS citizens,
         (SELECT count(*)::int FROM registration_period WHERE citizen_id = ANY($1) AND deregistered_from = '2026-03-11' AND deregistered_via = 'SYSTEM') AS effective_day_after,
         (SELECT count(*)::int FROM domain_event WHERE citizen_id = ANY($1) AND type = 'DEREGISTERED') AS deregistered_events,
         (SELECT count(DISTINCT citizen_id)::int FROM domain_event WHERE citizen_id = ANY($1) AND type = 'DEREGISTERED') AS deregistered_event_citizens,
         (SELECT count(*)::int FROM domain_event WHERE citizen_id = ANY($1) AND type = 'LETTER_DEREGISTRATION') AS letters,
         (SELECT count(*)::int FROM deadline_history h JOIN deadline d ON d.id = h.deadline_id WHERE d.citizen_id = ANY($1) AND h.action = 'EXPIRED') AS history,
         (SELECT count(*)::int FROM deadline WHERE citizen_id = ANY($1) AND status = 'EXPIRED') AS expired,
         (SELECT count(*)::int FROM citizen WHERE id = ANY($1) AND NOT registered) AS not_registered`,
      [ids]);
    expect(counts).toEqual({
      deregistrations: N, citizens: N, effective_day_after: N, deregistered_events: N, deregistered_event_citizens: N,
      letters: N, history: N, expired: N, not_registered: N,
    });

    // The a-kasse reads all N DEREGISTERED events from its cursor, each once.
    const seen = new Set<string>();
    let after: string | null = null;
    // EV-2 holds events back while an older transaction anywhere in the cluster runs (other test files run beside
    // this one), so the reader keeps polling from its cursor, as a portal does.
    for (let i = 0; i < 400 && seen.size < N; i++) {
      const r: any = await t.as.fund(fund.id).run(UnemploymentFundEventsForTransitionsConcurrency, { after });
      for (const e of r.unemploymentFundEvents.nodes) {
        expect(seen.has(e.id)).toBe(false);
        if (e.type === 'DEREGISTERED') seen.add(e.id);
      }
      after = r.unemploymentFundEvents.pageInfo.endCursor;
      if (r.unemploymentFundEvents.nodes.length === 0) await new Promise((res) => setTimeout(res, 50));
    }
    expect(seen.size).toBe(N);

    // Once more, from another process: nothing left to do.
    const again = await runCommand(url, '2026-03-11');
    expect(again).toMatchObject({ deregistrations: 0, deadlinesExpired: 0 });
  }, 120_000);

  it('RG-1: the in-server scheduler runs once per day (advisory lock, recorded run) and catches up without doing anything twice', async () => {
    const ids = await seedExpired(20, '2026-03-11', 'Scheduled ');
    t.clock.set('2026-03-12T00:10:00+01:00');
    const a = startTransitionScheduler(t.ds, { clock: t.clock, autoStart: false });
    const b = startTransitionScheduler(t.ds, { clock: t.clock, autoStart: false });
    try {
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      const done = [ra, rb].filter((r) => r !== null);
      // Two instances at the same moment: one takes the advisory lock, or both run and share the work; never twice.
      expect(done.reduce((s, r) => s + r!.deregistrations, 0)).toBe(20);
      // The run for the day is recorded; later ticks skip it.
      expect(await a.tick()).toBeNull();
      // The lock is transaction-scoped (safe behind PgBouncer in transaction mode): nothing stays held after the run.
      const [held] = await t.ds.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      expect(held.n).toBe(0);
      const [row] = await t.ds.query(`SELECT count(*)::int AS n FROM registration_period WHERE citizen_id = ANY($1) AND deregistration_reason = 'MISSED_DEADLINE'`, [ids]);
      expect(row.n).toBe(20);
      const runs = await t.ds.query(`SELECT runner, finished_at IS NOT NULL AS finished, counts FROM transition_run WHERE run_date = '2026-03-12'`);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      expect(runs.every((r: any) => r.finished && String(r.runner).startsWith('scheduler:'))).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
