import http from 'node:http';
import pino, { type Logger } from 'pino';
import { ensureDevKeys } from './auth/dev-keys';
import { resolveAuthSettings } from './auth/startup';
import { type Config, loadConfig } from './config';
import { openDatabase } from './db/bootstrap';
import { seedDemo } from './db/seed-demo';
import { createApp } from './server';
import { exitOnStartupFailure } from './startup-error';
import { localGraphqlUrl } from './http/listen-address';
import { startTransitionScheduler } from './domain/lifecycle/transition-scheduler';
import { configureCursors } from './domain/shared/pagination';
import { startWebhookWorker } from './domain/webhooks/webhooks.worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { service: 'selvbook-api' } });
  const production = config.nodeEnv === 'production';
  const auth = await authSettings(config, log);
  for (const w of auth.warnings) log.warn(w);
  configureCursors(config.cursorSecret);
  if (production && !config.cursorSecret) log.warn('CURSOR_SECRET is not set: list cursors use a random key and end with this process (IN-2)');
  if (config.seedDemo && config.databaseUrl) log.warn('SEED_DEMO=true on DATABASE_URL: 13 demo citizens go into that database if it has no jobcenters yet');
  if (production && !config.databaseUrl) {
    throw new Error('DATABASE_URL is required with NODE_ENV=production: the embedded PostgreSQL is for development only');
  }
  log.info({ external: !!config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir }, 'opening database');
  const db = await openDatabase({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize,
    databaseReadUrl: config.databaseReadUrl, readPoolSize: config.dbReadPoolSize, timeouts: config.dbTimeouts,
    preparedStatements: config.dbPreparedStatements,
    log: (m) => log.debug({ postgres: m }),
    notice: (level, msg) => log[level]({ component: 'embedded-postgres' }, msg),
  });
  if (db.readDs) {
    // docs/performance.md, "Read replicas". Not being a standby is allowed (e.g. a read-only role on the primary), but worth a word.
    const [{ in_recovery: inRecovery }] = await db.readDs.query('SELECT pg_is_in_recovery() AS in_recovery');
    if (inRecovery) log.info({ poolSize: config.dbReadPoolSize }, 'read replica connected (DATABASE_READ_URL): allow-listed queries read from it');
    else log.warn({ poolSize: config.dbReadPoolSize }, 'DATABASE_READ_URL is not a standby (pg_is_in_recovery() is false); allow-listed queries read from it all the same');
  }
  if (config.seedDemo) {
    const seeded = await seedDemo(db.ds);
    if (seeded) log.info(seeded, 'demo data seeded');
  }
  const app = await createApp({
    ds: db.ds, readDs: db.readDs, log, authMode: config.authMode, development: !production,
    auth: { issuers: auth.issuers, clockToleranceSeconds: auth.clockToleranceSeconds },
    rateLimit: config.rateLimit, corsOrigins: config.corsOrigins, sandboxClock: config.sandboxClock,
    queryBudget: config.queryBudget,
  });
  if (config.sandboxClock) log.warn('SANDBOX_CLOCK=on: jobcenter staff may move today forward for the whole deployment (docs/sandbox.md)');
  // Issue 14 item 3: webhook deliveries on graphile-worker here, or in `npm run worker` with WEBHOOKS_WORKER=off (docs/webhooks.md).
  const webhooks = config.webhooksWorker === 'in-process' ? await startWebhookWorker(db.ds, config.webhooks, log.child({ component: 'webhooks' })) : undefined;
  const server = http.createServer(app.handler);
  server.keepAliveTimeout = 65_000;
  await listen(server, config.port, config.host);
  log.info({ url: localGraphqlUrl(config), host: config.host, corsOrigins: config.corsOrigins, authMode: config.authMode, issuers: auth.issuers.map((i) => i.issuer) }, 'selvbook API ready');

  // The daily transitions (DL-8, RG-1, SA-1, LP, DL-11) on a schedule; safe with several instances (docs/lifecycle.md).
  const transitions = config.transitionsSchedule
    ? startTransitionScheduler(db.ds, {
      intervalMs: config.transitionsIntervalMs, log: log.child({ component: 'transitions' }),
      // SANDBOX_CLOCK=on: the scheduler's today is the sandbox's, re-read before each tick (issue 14, docs/sandbox.md).
      ...(config.sandboxClock ? { clock: app.sandbox.liveClock, beforeTick: () => app.sandbox.refresh() } : {}),
    })
    : undefined;

  stopOnSignals(log, server, [async () => { await app.apollo.stop(); log.info('apollo stopped'); }, async () => transitions?.stop(), async () => webhooks?.stop(), () => db.close()]);
}

/** Refuses AUTH_MODE=dev in production or on a non-loopback HOST unless forced, and jwt mode in production without issuers. */
async function authSettings(config: Config, log: Logger): Promise<ReturnType<typeof resolveAuthSettings>> {
  const auth = resolveAuthSettings(config);
  if (config.authMode !== 'dev') return auth;
  // AUTH_MODE=dev trusts the dev issuer of DATA_DIR/dev-auth: its keys are made now, not by the first `npm run token`,
  // so a token minted while the server runs is accepted without a restart (docs/authentication.md; the README, *Tokens*).
  try {
    await ensureDevKeys(config.dataDir);
    return resolveAuthSettings(config);
  } catch (err) {
    log.warn({ dataDir: config.dataDir, err: (err as Error).message }, 'dev token keys could not be written: tokens of `npm run token` are refused (x-dev-actor still works)');
    return auth;
  }
}

/** A taken port (EADDRINUSE) or a foreign HOST is a failed start like any other (one line, startup-error.ts). */
function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * On SIGTERM/SIGINT: drain HTTP, then run `stops` in order (Apollo, the scheduler, the webhook worker, the
 * database: the read replica's pool, the primary's, then the embedded server), then exit 0.
 */
function stopOnSignals(log: Logger, server: http.Server, stops: Array<() => Promise<unknown>>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    // Stop accepting; keep closing keep-alive connections as their requests finish; cut the rest after 10 s.
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    clearInterval(idle);
    log.info('http server closed');
    for (const stop of stops) await stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

// Whatever a failed start threw becomes one line with a hint on stderr (src/startup-error.ts), then exit 1.
main().catch(exitOnStartupFailure);
