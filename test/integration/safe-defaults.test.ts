import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { Client } from 'pg';
import { Temporal } from 'temporal-polyfill';
import { freePort } from '../../src/db/embedded';
import { ZONE } from '../../src/domain/shared/clock';
import { TEMPLATE_DB, withDatabase } from '../support/global-setup';
import { type Run, logLines, plainLines, runProgram, untilReady } from '../support/processes';

/**
 * Issue 11, item 8, with the real server process and the real transitions command on DATABASE_URL: what
 * `DATABASE_URL=… npm start` does when nothing else is set (no NODE_ENV, HOST, AUTH_MODE or SEED_DEMO).
 */
describe('#11.8 unsafe defaults: DATABASE_URL=… npm start with nothing else set', () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const db = `d_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(admin, db);
  const runs: Run[] = [];
  const start = (env: Record<string, string | undefined>, args?: string[]) => {
    const r = runProgram({ DATABASE_URL: url, HOST: undefined, SEED_DEMO: undefined, AUTH_MODE: undefined, NODE_ENV: undefined, ...env }, args);
    runs.push(r);
    return r;
  };
  const count = async (table: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return Number((await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    } finally {
      await c.end();
    }
  };
  /** Whether something accepts TCP connections at host:port. */
  const accepts = (host: string, port: number) => new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
  /** An address of this machine that is not loopback (the network the port must not be reachable from). */
  const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${TEMPLATE_DB}`);
    await c.end();
  });
  afterAll(async () => {
    for (const r of runs) if (r.proc.exitCode === null) r.proc.kill('SIGKILL');
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
  });

  it('#11.8: listens on loopback only with x-dev-actor, and seeds no demo citizens into that database', async () => {
    const port = await freePort();
    const r = start({ PORT: String(port) });
    await untilReady(r);
    const ready = logLines(r).find((l) => l.msg === 'selvbook API ready')!;
    expect(ready).toMatchObject({ host: '127.0.0.1', authMode: 'dev' });
    expect(await accepts('127.0.0.1', port)).toBe(true);
    if (external) expect(await accepts(external, port)).toBe(false); // reachable from the network before
    expect(await count('citizen')).toBe(0);
    expect(await count('unemployment_fund')).toBe(0); // the demo's a-kasser (jobcenters are CZ-9 reference data)
    r.proc.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 90_000);

  it('#11.8: dev auth on HOST=0.0.0.0 is refused in one line; ALLOW_DEV_AUTH_ON_NETWORK=yes forces it with a loud warning', async () => {
    const refused = start({ PORT: String(await freePort()), HOST: '0.0.0.0' });
    expect(await refused.exited).toBe(1);
    expect(plainLines(refused)).toEqual([expect.stringMatching(/^selvbook API failed to start: AUTH_MODE=dev is refused on HOST=0\.0\.0\.0: .*ALLOW_DEV_AUTH_ON_NETWORK=yes to force it\) \(hint: /)]);

    const port = await freePort();
    const forced = start({ PORT: String(port), HOST: '0.0.0.0', ALLOW_DEV_AUTH_ON_NETWORK: 'yes' });
    await untilReady(forced);
    const warning = logLines(forced).find((l) => String(l.msg).startsWith('DANGER: AUTH_MODE=dev on the network'));
    expect(warning).toMatchObject({ level: 40 });
    if (external) expect(await accepts(external, port)).toBe(true);
    forced.proc.kill('SIGTERM');
    expect(await forced.exited).toBe(0);
  }, 90_000);

  it('#11.8: demo data on DATABASE_URL only when asked for (SEED_DEMO=true)', async () => {
    const r = start({ PORT: String(await freePort()), SEED_DEMO: 'true' });
    await untilReady(r);
    expect(logLines(r).some((l) => String(l.msg).startsWith('SEED_DEMO=true on DATABASE_URL'))).toBe(true);
    expect(await count('citizen')).toBe(13);
    r.proc.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 90_000);

  it('#11.8: the transition command refuses tomorrow (nothing run, nothing changed) and runs for today', async () => {
    const today = Temporal.Now.plainDateISO(ZONE);
    const tomorrow = start({}, ['scripts/transitions.ts', '--date', today.add({ days: 1 }).toString()]);
    expect(await tomorrow.exited).toBe(1);
    expect(plainLines(tomorrow)).toEqual([
      `transitions failed: RG-1: the daily transitions cannot run for ${today.add({ days: 1 })}, after today (${today} in Europe/Copenhagen): they would expire deadlines and deregister citizens before their day; run for today or a past day (hint: nothing was changed; the scheduler runs each day when it comes)`,
    ]);
    const halfYear = start({}, ['scripts/transitions.ts', '--date', today.add({ months: 6 }).toString()]);
    expect(await halfYear.exited).toBe(1);
    expect(await count('transition_run')).toBe(0);

    const ok = start({}, ['scripts/transitions.ts', '--date', today.toString()]);
    expect(await ok.exited).toBe(0);
    expect(JSON.parse(ok.out.at(-1)!)).toMatchObject({ date: today.toString() });
    expect(await count('transition_run')).toBe(1);
  }, 90_000);
});
