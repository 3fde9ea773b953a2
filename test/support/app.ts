import type { AsClient } from './client';
import { startTestApp, type TestApp } from './harness';

type StartOptions = NonNullable<Parameters<typeof startTestApp>[0]>;

export interface AppFixture<S = undefined> extends TestApp {
  as: AsClient;
  /** What `seed` returned (read it in a hook or test, not while the describe block is being collected). */
  readonly seed: S;
}

export interface WithAppOptions<S> extends StartOptions {
  /** Test data created once after the app starts (through `t.fx`, `t.ds` or the API); its result is `t.seed`. */
  seed?: (t: TestApp) => Promise<S>;
  /** Sets the clock back after each test: `true` = to `now` (the start time), or to the instant or date given. */
  resetClock?: boolean | string;
  /** Runs in the `afterAll` before the app closes (stop workers and clients that use its database). */
  beforeClose?: () => Promise<void>;
}

/**
 * The integration-test setup in one call: an isolated database copied from the migrated template and the real app on
 * it, started in a `beforeAll` and dropped in an `afterAll` that this registers (so hooks declared after the call see
 * the app started). The result is the `TestApp` (`t.fx`, `t.ds`, `t.clock`, `t.as`, `t.ok`, `t.gql`, …):
 *
 *   const t = withApp({ now: NOW, resetClock: true });
 *   it('SL-2: …', async () => {
 *     const r = await t.as.citizen(c.id).run(BookSlot, { input: { slotId } });   // typed variables and result
 *
 * Call it inside the `describe` block (its hooks belong to that block). Reading `t.*` before the block's `beforeAll`
 * ran (while the describe body is collected) throws. Options that need async set-up first (a test identity provider)
 * are given as a function, run in the `beforeAll`: `withApp(async () => ({ app: { auth: { issuers: [(await idp()).config] } } }))`
 * (`resetClock`/`beforeClose` are then read from its result too).
 */
export function withApp<S = undefined>(options: WithAppOptions<S> | (() => Promise<WithAppOptions<S>>) = {}): AppFixture<S> {
  let current: TestApp | undefined;
  let seeded: S | undefined;
  const app = (): TestApp => {
    if (!current) throw new Error('withApp(): the app is not started yet; use it inside a hook or test, not while the describe block is collected');
    return current;
  };

  let opts: WithAppOptions<S> = typeof options === 'function' ? {} : options;

  beforeAll(async () => {
    if (typeof options === 'function') opts = await options();
    const { seed, resetClock, beforeClose, ...start } = opts;
    current = await startTestApp(start);
    if (seed) seeded = await seed(current);
  });
  afterAll(async () => {
    await opts.beforeClose?.();
    const c = current;
    current = undefined;
    await c?.close();
  });
  afterEach(() => {
    const { resetClock, now } = opts;
    if (resetClock && current) current.clock.set(resetClock === true ? now ?? '2026-03-02T09:00:00+01:00' : resetClock);
  });

  return {
    get ds() { return app().ds; },
    get app() { return app().app; },
    get clock() { return app().clock; },
    get fx() { return app().fx; },
    get as() { return app().as; },
    get seed() { app(); return seeded as S; },
    gql: (actor, query, variables) => app().gql(actor, query, variables),
    ok: (actor, query, variables) => app().ok(actor, query, variables),
    listen: () => app().listen(),
    countQueries: (fn) => app().countQueries(fn),
    close: async () => {
      const c = app();
      current = undefined;
      await c.close();
    },
  } as AppFixture<S>;
}
