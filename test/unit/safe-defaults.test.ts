import { Temporal } from 'temporal-polyfill';
import { isLoopbackHost, resolveAuthSettings } from '../../src/auth/startup';
import { loadConfig } from '../../src/config';
import { futureTransitionDateRefusal } from '../../src/domain/lifecycle/lifecycle.rules';

/** Issue 11, item 8: development authentication only on loopback, demo data only into the embedded database. */
describe('#11.8 safe defaults', () => {
  const URL = 'postgres://u:p@db.example:5432/selvbook';
  const ISSUERS = JSON.stringify([{ issuer: 'https://idp', audience: 'selvbook-api', jwksUrl: 'https://idp/jwks.json' }]);

  it('#11.8: without NODE_ENV, dev auth listens on 127.0.0.1 — with DATABASE_URL too; jwt mode keeps 0.0.0.0; HOST wins', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: URL }).host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: URL, AUTH_MODE: 'jwt' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: URL, NODE_ENV: 'production' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
  });

  it('#11.8: demo data by default only on the embedded database; with DATABASE_URL (also in production) only when asked for', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: URL }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: URL, NODE_ENV: 'production', AUTH_ISSUERS: ISSUERS }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: URL, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(() => loadConfig({ SEED_DEMO: 'maybe' })).toThrow("SEED_DEMO must be true or false, got 'maybe'");
  });

  it('#11.8: AUTH_MODE=dev on a non-loopback HOST is refused, forced only by ALLOW_DEV_AUTH_ON_NETWORK=yes with a loud warning', () => {
    const dev = (env: Record<string, string>) => () => resolveAuthSettings(loadConfig({ DATABASE_URL: URL, ...env }));
    expect(dev({ HOST: '0.0.0.0' })).toThrow(/AUTH_MODE=dev is refused on HOST=0\.0\.0\.0.*ALLOW_DEV_AUTH_ON_NETWORK=yes/);
    expect(dev({ HOST: '192.0.2.2' })).toThrow(/refused on HOST=192\.0\.2\.2/);
    expect(dev({ HOST: '0.0.0.0', ALLOW_DEV_AUTH_ON_NETWORK: 'true' })).toThrow(/refused/); // only the explicit 'yes'
    const forced = dev({ HOST: '0.0.0.0', ALLOW_DEV_AUTH_ON_NETWORK: 'yes' })();
    expect(forced.warnings.join('\n')).toMatch(/^DANGER: AUTH_MODE=dev on the network \(HOST=0\.0\.0\.0/m);
    expect(dev({})().warnings).toEqual([]);
    expect(dev({ HOST: 'localhost' })().warnings).toEqual([]);
    // JWT mode may listen anywhere.
    expect(resolveAuthSettings(loadConfig({ DATABASE_URL: URL, HOST: '0.0.0.0', AUTH_MODE: 'jwt', AUTH_ISSUERS: ISSUERS })).warnings).toEqual([]);
    // Production with forced dev auth still needs the network switch to leave loopback.
    const prod = { NODE_ENV: 'production', AUTH_MODE: 'dev', ALLOW_DEV_AUTH_IN_PRODUCTION: 'true' };
    expect(dev({ ...prod, HOST: '0.0.0.0' })).toThrow(/refused on HOST=0\.0\.0\.0/);
    expect(dev({ ...prod })().warnings).toHaveLength(1);
  });

  it('#11.8: loopback is localhost, 127.0.0.0/8 and ::1; 0.0.0.0, ::, other addresses and names are the network', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect([h, isLoopbackHost(h)]).toEqual([h, true]);
    for (const h of ['0.0.0.0', '::', '192.0.2.2', '10.0.0.1', 'fd00::2', 'api.example', '128.0.0.1', '']) expect([h, isLoopbackHost(h)]).toEqual([h, false]);
  });

  it('#11.8: the daily transitions refuse a date after today — the day before and today pass, tomorrow does not', () => {
    const today = Temporal.PlainDate.from('2026-11-30');
    expect(futureTransitionDateRefusal(Temporal.PlainDate.from('2026-11-29'), today)).toBeUndefined();
    expect(futureTransitionDateRefusal(today, today)).toBeUndefined();
    expect(futureTransitionDateRefusal(Temporal.PlainDate.from('2026-12-01'), today)).toBe(
      'RG-1: the daily transitions cannot run for 2026-12-01, after today (2026-11-30 in Europe/Copenhagen): they would expire deadlines and deregister citizens before their day; run for today or a past day');
    expect(futureTransitionDateRefusal(Temporal.PlainDate.from('2027-05-30'), today)).toMatch(/^RG-1: .* 2027-05-30, after today/);
  });
});
