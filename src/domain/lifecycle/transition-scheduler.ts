import type { DataSource } from 'typeorm';
import { type Clock, systemClock } from '../shared/clock';
import { LifecycleService } from './lifecycle.service';
import type { TransitionCounts } from './transitions';

/**
 * Runs the daily transitions inside the server (docs/lifecycle.md, "Scheduling").
 *
 * Decision: an interval timer and a PostgreSQL advisory lock, not pg-boss or graphile-worker. Every transition is an
 * idempotent, conditional SQL change protected by row locks and unique constraints, so several instances running it
 * at once is already correct; the advisory lock only spares the duplicate work. A job queue would add its
 * own tables, workers and a second notion of "done" for something that has one job a day whose input is the date.
 *
 * Each tick (default every 10 minutes, and at start) runs today's transitions unless a run for today has finished;
 * a server that was down catches up on its first tick (every step is "on or before the date").
 */
export interface TransitionScheduler {
  /** Runs one tick now (tests, and the first tick at start); resolves with what it did, or null when it skipped. */
  tick(): Promise<(TransitionCounts & { runId: string }) | null>;
  stop(): Promise<void>;
}

/** The advisory lock key: hashtext('selvbook:daily-transitions') computed by PostgreSQL. */
const LOCK_SQL = `hashtext('selvbook:daily-transitions')`;

export function startTransitionScheduler(
  ds: DataSource,
  opts: { clock?: Clock; beforeTick?: () => Promise<void>; intervalMs?: number; log?: { info(o: object, m: string): void; error(o: object, m: string): void }; autoStart?: boolean } = {},
): TransitionScheduler {
  const clock = opts.clock ?? systemClock;
  const lifecycle = new LifecycleService(ds);
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const once = async () => {
    if (stopped) return null;
    await opts.beforeTick?.(); // e.g. the sandbox clock re-reads its offset (issue 14)
    const date = clock.today();
    if (await lifecycle.hasFinishedRun(date)) return null;
    // The lock is transaction-scoped and held by a transaction open for the whole run (the run's own changes commit
    // in their own transactions). Unlike a session lock, this works behind PgBouncer in transaction mode — the
    // transaction pins one server connection — and it is released by the rollback, or by PostgreSQL if we die.
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const [{ locked }] = (await qr.query(`SELECT pg_try_advisory_xact_lock(${LOCK_SQL}) AS locked`)) as { locked: boolean }[];
      if (!locked) return null;
      const result = await lifecycle.runDailyTransitions({ date, clock, runner: `scheduler:${process.pid}` });
      opts.log?.info({ date: date.toString(), ...result }, 'daily transitions done');
      return result;
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  };

  const tick = () => {
    const next = running.then(once, once);
    running = next.catch(() => undefined);
    return next;
  };

  const safeTick = () => {
    tick().catch((err) => opts.log?.error({ err }, 'daily transitions failed; retried at the next tick'));
  };
  let timer: NodeJS.Timeout | undefined;
  if (opts.autoStart !== false) {
    timer = setInterval(safeTick, opts.intervalMs ?? 10 * 60_000);
    timer.unref();
    setImmediate(safeTick);
  }

  return {
    tick,
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
