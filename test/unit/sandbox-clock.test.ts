import { loadConfig } from '../../src/config';
import { FixedClock } from '../../src/domain/shared/clock';
import { shiftedClock } from '../../src/sandbox/sandbox-clock';
import { StartupError } from '../../src/startup-error';

/** Issue 14 (4), docs/sandbox.md: the sandbox clock's pure parts, with a fixed clock. */
describe('#14.4 sandbox clock', () => {
  it('#14.4: SANDBOX_CLOCK is off by default, on when asked, refused with NODE_ENV=production with one clear line', () => {
    expect(loadConfig({}).sandboxClock).toBe(false);
    expect(loadConfig({ SANDBOX_CLOCK: 'on' }).sandboxClock).toBe(true);
    expect(loadConfig({ SANDBOX_CLOCK: 'off', NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/x' }).sandboxClock).toBe(false);
    expect(() => loadConfig({ SANDBOX_CLOCK: 'yes please' })).toThrow("SANDBOX_CLOCK must be on or off, got 'yes please'");
    let err: unknown;
    try {
      loadConfig({ SANDBOX_CLOCK: 'on', NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/^SANDBOX_CLOCK=on is refused with NODE_ENV=production/);
  });

  it('DL-7: the shifted clock moves today by whole Copenhagen days and keeps the wall time across the DST change', () => {
    const base = new FixedClock('2026-03-28T12:00:00+01:00');
    const c = shiftedClock(base, 1);
    expect(c.today().toString()).toBe('2026-03-29');
    // 29 March 2026 has 23 hours: one day later is 12:00 summer time, not 13:00.
    expect(c.now().toString({ timeZone: 'Europe/Copenhagen' })).toBe('2026-03-29T12:00:00+02:00');
    expect(shiftedClock(base, 0)).toBe(base);
    base.set('2026-03-28T23:30:00+01:00');
    expect(c.today().toString()).toBe('2026-03-29');
    base.set('2026-03-29T00:30:00+01:00');
    expect(c.today().toString()).toBe('2026-03-30');
  });
});
