import type { Temporal } from 'temporal-polyfill';
import type { DataSource } from 'typeorm';
import { LifecycleService } from '../domain/lifecycle/lifecycle.service';
import { type TransitionCounts, emptyCounts } from '../domain/lifecycle/transitions';
import { requireStaff } from '../auth/policy';
import { actorLabel } from '../domain/shared/actor';
import { type Clock, ZONE } from '../domain/shared/clock';
import { type Result, fail, ok } from '../domain/shared/result';
import type { Scope } from '../domain/shared/scope';
import type { AdvanceSandboxClockErrorCode } from '../generated/enums';

/**
 * Issue 14 (4), docs/sandbox.md: a sandbox clock for integrators. With SANDBOX_CLOCK=on (refused with
 * NODE_ENV=production, src/config.ts) jobcenter staff move the server's "today" forward, and the daily run catches up
 * day by day, so an a-kasse or a case-management vendor can watch a deadline expire, a deregistration and a lapse.
 *
 * Decision: one offset for the whole deployment (one sandbox per deployment, like one database), kept in the one-row
 * table sandbox_clock so every instance reads the same today. Each process reads it at most once per
 * SANDBOX_OFFSET_TTL_MS (one primary-key SELECT, before a request's context is built), and every request gets a
 * clock fixed at the offset read then, so one request never sees two todays. Forward only: the run's transitions
 * (expiry, deregistration, lapse) cannot be undone by moving back, so moving back would show states no real day shows.
 */

/** Days one advanceSandboxClock call may move (1 … this): a year and a day, so a yearly cycle fits in one call. */
const SANDBOX_MAX_DAYS_PER_CALL = 366;
/** How long a process trusts the offset it read (other instances see an advance within this). */
const SANDBOX_OFFSET_TTL_MS = 1000;

/** The advisory lock advances hold (serialises advances across instances). */
const LOCK_SQL = `hashtext('selvbook:sandbox-clock')`;

export interface SandboxClockState {
  enabled: boolean;
  today: Temporal.PlainDate;
  now: Temporal.Instant;
  offsetDays: number;
}

/** One day the advance ran the daily transitions for (or found already run). */
export interface SandboxDayRun extends TransitionCounts {
  date: Temporal.PlainDate;
  /** false when a run for the day had already finished (the scheduler's, or an earlier advance's). */
  ran: boolean;
}

/** A clock `offsetDays` days ahead of `base` at the same Copenhagen wall time (DST-correct). */
export function shiftedClock(base: Clock, offsetDays: number): Clock {
  if (offsetDays === 0) return base;
  // The base hands out one PlainDate a day (systemClock): the shifted one is kept with it, so `today()` stays one
  // object a day too (date-windows.ts caches by identity) and costs a comparison.
  let last: { base: Temporal.PlainDate; shifted: Temporal.PlainDate } | undefined;
  return {
    now: () => base.now().toZonedDateTimeISO(ZONE).add({ days: offsetDays }).toInstant(),
    today: () => {
      const b = base.today();
      if (last?.base !== b) last = { base: b, shifted: b.add({ days: offsetDays }) };
      return last.shifted;
    },
  };
}

export class SandboxClock {
  private offset = 0;
  private readAtMs = Number.NEGATIVE_INFINITY;
  private clock: Clock;
  private reading: Promise<void> | undefined;

  constructor(private readonly ds: DataSource, private readonly base: Clock, readonly enabled: boolean) {
    this.clock = base;
  }

  /** Reads the shared offset when the one held is older than the TTL (no-op when off). */
  async refresh(): Promise<void> {
    if (!this.enabled || Date.now() - this.readAtMs < SANDBOX_OFFSET_TTL_MS) return;
    this.reading ??= (async () => {
      try {
        const rows = (await this.ds.query(`SELECT offset_days FROM sandbox_clock WHERE id = 1`)) as { offset_days: number }[];
        this.setOffset(rows[0]?.offset_days ?? 0);
      } finally {
        this.reading = undefined;
      }
    })();
    await this.reading;
  }

  /** The clock of one request: the offset as last read, fixed for the request. The base clock when off. */
  requestClock(): Clock {
    return this.clock;
  }

  /** A clock that follows the offset as last read (the in-process scheduler's). */
  readonly liveClock: Clock = {
    now: () => this.clock.now(),
    today: () => this.clock.today(),
  };

  /** Query.sandboxClock: jobcenter staff only; answers also when off (enabled false, the real today, offset 0). */
  async state(scope: Scope): Promise<SandboxClockState> {
    requireStaff(scope.actor);
    return this.stateOf(scope.clock);
  }

  /**
   * Mutation.advanceSandboxClock: moves today forward by `days`, one day at a time, and runs the daily transitions
   * of each day reached (unless a run for it already finished), in order — as the scheduler would have on each day.
   * The day that was today is run first when its run has not finished. Serialised across instances.
   */
  async advance(scope: Scope, days: number): Promise<Result<{ sandboxClock: SandboxClockState; days: SandboxDayRun[] }, AdvanceSandboxClockErrorCode>> {
    const actor = requireStaff(scope.actor);
    if (!this.enabled) {
      return fail('SANDBOX_OFF', 'SANDBOX: the sandbox clock is off on this server (SANDBOX_CLOCK=on in a test environment turns it on; docs/sandbox.md); nothing was changed');
    }
    if (!Number.isInteger(days) || days < 1 || days > SANDBOX_MAX_DAYS_PER_CALL) {
      return fail('INVALID_INPUT', `SANDBOX: days must be a whole number from 1 to ${SANDBOX_MAX_DAYS_PER_CALL} (forward only), got ${days}; nothing was changed`, ['days']);
    }
    const lifecycle = new LifecycleService(this.ds);
    const runner = `sandbox:${actorLabel(actor)}`;
    const runs: SandboxDayRun[] = [];
    const runDay = async (offset: number) => {
      const dayClock = shiftedClock(this.base, offset);
      const date = dayClock.today();
      if (await lifecycle.hasFinishedRun(date)) {
        runs.push({ date, ran: false, ...emptyCounts() });
        return;
      }
      const { runId: _runId, ...counts } = await lifecycle.runDailyTransitions({ date, clock: dayClock, runner });
      runs.push({ date, ran: true, ...counts });
    };
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      // A transaction-scoped advisory lock held for the whole advance (released by commit, rollback or our death);
      // the offset and the runs commit day by day on other connections, so a failure leaves a consistent day.
      await qr.startTransaction();
      await qr.query(`SELECT pg_advisory_xact_lock(${LOCK_SQL})`);
      const [{ offset_days: start }] = (await qr.query(`SELECT offset_days FROM sandbox_clock WHERE id = 1`)) as { offset_days: number }[];
      this.setOffset(start);
      // The day that was today, if nobody ran it (the scheduler may be off, or not have ticked yet).
      if (!(await lifecycle.hasFinishedRun(shiftedClock(this.base, start).today()))) await runDay(start);
      for (let offset = start + 1; offset <= start + days; offset++) {
        await this.ds.query(`UPDATE sandbox_clock SET offset_days = $1, updated_at = $2, updated_by = $3 WHERE id = 1`,
          [offset, this.base.now().toString(), actorLabel(actor)]);
        this.setOffset(offset);
        await runDay(offset);
      }
      await qr.commitTransaction();
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
    return ok({ sandboxClock: this.stateOf(this.clock), days: runs });
  }

  private stateOf(clock: Clock): SandboxClockState {
    return { enabled: this.enabled, today: clock.today(), now: clock.now(), offsetDays: this.enabled ? this.offset : 0 };
  }

  private setOffset(offset: number): void {
    if (offset !== this.offset) this.clock = shiftedClock(this.base, offset);
    this.offset = offset;
    this.readAtMs = Date.now();
  }
}
