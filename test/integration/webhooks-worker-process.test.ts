import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { withApp } from '../support/app';
import { startReceiver, until } from '../support/webhook-receiver';
import { CreateWebhookSubscription } from '../support/operations';

/**
 * `npm run worker` (src/worker.ts) as its own process beside an API that runs no worker: it installs
 * graphile-worker's schema, delivers, stops on SIGTERM, and a restarted worker delivers what was written while none
 * ran — nothing lost, in order.
 */
describe('webhook worker process (npm run worker, EV-2 pushed)', () => {
  const t = withApp({ now: '2026-03-11T09:00:00+01:00' });
  const procs: ChildProcess[] = [];
  // Every worker of a test stops before the next test (a worker left running would deliver the next test's events).
  afterEach(async () => {
    for (const p of procs.splice(0)) {
      if (p.exitCode !== null || p.signalCode !== null) continue;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 10_000); })]);
      clearTimeout(timer);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
  });

  async function startWorker(extraEnv: Record<string, string> = {}): Promise<{ proc: ChildProcess; lines: string[] }> {
    const lines: string[] = [];
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env, DATABASE_URL: (t.ds.options as PostgresDataSourceOptions).url, NODE_ENV: 'development', LOG_LEVEL: 'info',
        WEBHOOKS_BACKOFF_BASE_MS: '100', WEBHOOKS_BACKOFF_MAX_MS: '200', WEBHOOKS_TIMEOUT_MS: '1000', WEBHOOKS_DISPATCH_INTERVAL_MS: '100', WEBHOOKS_MAX_ATTEMPTS: '5', ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs.push(proc);
    proc.stdout!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    proc.stderr!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    await until(() => lines.some((l) => l.includes('webhook worker started')) || proc.exitCode !== null, 'the worker to start', 45_000);
    if (proc.exitCode !== null) throw new Error(`worker exited:\n${lines.join('\n')}`);
    return { proc, lines };
  }

  it('EV-2: the worker process delivers, stops cleanly on SIGTERM, and after a restart delivers the events written meanwhile, in order', async () => {
    const jc = await t.fx.jobcenter();
    const fund = await t.fx.fund();
    const m = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      const created = (await t.as.fund(fund.id).run(CreateWebhookSubscription, { input: { url: `${rx.url}/selvbook` } })).createWebhookSubscription;
      expect(created.userErrors).toEqual([]);
      const event = (label: string) => t.ds.query(
        `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload) VALUES (now(), 'NO_SHOW', $1, $2, $3, jsonb_build_object('label', $4::text))`,
        [m.id, jc.id, fund.id, label]);
      rx.behave((_r, nth) => (nth === 1 ? 500 : 200)); // the second request fails once

      await event('e1');
      await event('e2');
      const first = await startWorker();
      await until(() => rx.received.filter((r) => r.answer === 200).length >= 2, 'e1 and e2');
      first.proc.kill('SIGTERM');
      await until(() => first.proc.exitCode !== null, 'the worker to stop', 15_000);
      expect(first.proc.exitCode).toBe(0);

      await event('e3');
      await event('e4');
      await new Promise((r) => setTimeout(r, 300));
      expect(rx.received.filter((r) => r.answer === 200)).toHaveLength(2); // nobody delivers while no worker runs

      const second = await startWorker();
      try {
        await until(() => rx.received.filter((r) => r.answer === 200).length >= 4, 'e3 and e4 after the restart');
      } catch (e) {
        // Diagnostics for a failure: the worker logs and the job engine's and the deliveries' state.
        const jobs = await t.ds.query(`SELECT id, key, run_at, attempts, locked_at, locked_by, last_error FROM graphile_worker.jobs`);
        const deliveries = await t.ds.query(`SELECT status, attempts, next_attempt_at, last_error FROM webhook_delivery`);
        throw new Error(`${(e as Error).message}\njobs: ${JSON.stringify(jobs)}\ndeliveries: ${JSON.stringify(deliveries)}\nfirst worker:\n${first.lines.join('\n')}\nsecond worker:\n${second.lines.join('\n')}`, { cause: e });
      }
      const ok = rx.received.filter((r) => r.answer === 200).map((r) => JSON.parse(r.body).payload.label);
      expect(ok).toEqual(['e1', 'e2', 'e3', 'e4']);
      expect(rx.received.map((r) => r.answer)).toEqual([200, 500, 200, 200, 200]);
    } finally {
      await rx.close();
    }
  });

  it('EV-2: a worker killed (SIGKILL) in the middle of a delivery loses nothing: a new worker sends that event again and then the member\'s next, in order, within seconds', async () => {
    const jc = await t.fx.jobcenter();
    const fund = await t.fx.fund();
    const m = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      const created = (await t.as.fund(fund.id).run(CreateWebhookSubscription, { input: { url: rx.url } })).createWebhookSubscription;
      expect(created.userErrors).toEqual([]);
      let answering = false;
      rx.behave(() => (answering ? 200 : 'timeout')); // the first request hangs until the worker dies
      for (const label of ['k1', 'k2']) {
        await t.ds.query(
          `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload) VALUES (now(), 'NO_SHOW', $1, $2, $3, jsonb_build_object('label', $4::text))`,
          [m.id, jc.id, fund.id, label]);
      }
      const env = { WEBHOOKS_TIMEOUT_MS: '60000', WEBHOOKS_RECOVER_AFTER_MS: '500' };
      const doomed = await startWorker(env);
      await until(() => rx.received.length >= 1, 'k1 in flight');
      doomed.proc.kill('SIGKILL');
      await until(() => doomed.proc.exitCode !== null || doomed.proc.signalCode !== null, 'the worker to die', 15_000);
      answering = true;

      await startWorker(env);
      await until(() => rx.received.filter((r) => r.answer === 200).length >= 2, 'k1 again and k2 from the new worker');
      expect(rx.received.map((r) => [JSON.parse(r.body).payload.label, r.answer])).toEqual([['k1', 'timeout'], ['k1', 200], ['k2', 200]]);
    } finally {
      await rx.close();
    }
  });
});
