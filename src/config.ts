import path from 'node:path';
import { type IssuerConfig, loadIssuers } from './auth/issuers';
import { parseCorsOrigins } from './http/cors';
import { authModeOf, listenAddressOf } from './http/listen-address';
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from './db/data-source';
import { StartupError } from './startup-error';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookWorkerSettings } from './domain/webhooks/webhooks.worker';

/** Every environment variable the server reads, in one place (docs/configuration.md). */
export interface Config {
  port: number;
  /** HOST: the interface to listen on; default 127.0.0.1 with AUTH_MODE=dev (loopback only), else 0.0.0.0. */
  host: string;
  databaseUrl: string | undefined;
  /**
   * DATABASE_READ_URL: a streaming replica (hot standby) of DATABASE_URL for lag-tolerant queries (docs/performance.md,
   * "Read replicas"); undefined → every read and write goes to DATABASE_URL (or the embedded database).
   */
  databaseReadUrl: string | undefined;
  dataDir: string;
  authMode: 'dev' | 'jwt';
  nodeEnv: string;
  logLevel: string;
  /**
   * SEED_DEMO (true/false): seed the demo data set into an empty database at start. Default: true only on the
   * embedded database (no DATABASE_URL) — a real database gets demo citizens only when asked for explicitly.
   */
  seedDemo: boolean;
  dbPoolSize: number;
  /** DB_READ_POOL_SIZE: connections per process to DATABASE_READ_URL (default DB_POOL_SIZE). */
  dbReadPoolSize: number;
  /** Trusted JWT issuers: AUTH_ISSUERS (JSON array) or AUTH_ISSUERS_FILE (path to one); docs/authentication.md. */
  authIssuers: IssuerConfig[];
  /** AUTH_CLOCK_TOLERANCE_SECONDS: allowed clock skew for exp/nbf (default 30). */
  authClockToleranceSeconds: number;
  /** ALLOW_DEV_AUTH_IN_PRODUCTION=true: the only way to run AUTH_MODE=dev with NODE_ENV=production. */
  allowDevAuthInProduction: boolean;
  /**
   * ALLOW_DEV_AUTH_ON_NETWORK=yes: the only way to run AUTH_MODE=dev on a HOST that is not loopback (anyone who
   * reaches the port could act as anyone with x-dev-actor); refused otherwise (src/auth/startup.ts).
   */
  allowDevAuthOnNetwork: boolean;
  /**
   * Per-actor mutation rate limit: RATE_LIMIT_MUTATIONS_PER_MINUTE (default 60; 0 turns it off) and
   * RATE_LIMIT_MUTATIONS_BURST (default 30).
   */
  rateLimit: { perMinute: number; burst: number } | undefined;
  /**
   * Per-actor budget of query cost (docs/security.md): QUERY_BUDGET_PER_MINUTE cost units (default 600 000; 0 turns
   * it off) and QUERY_BUDGET_BURST (default 150 000; at least the 50 000 one query may cost).
   */
  queryBudget: { perMinute: number; burst: number } | undefined;
  /** DB_CONNECT_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS, DB_LOCK_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS (0 turns one off). */
  dbTimeouts: DbTimeouts;
  /**
   * DB_PREPARED_STATEMENTS (on/off, default on): hot statements as named prepared statements (src/db/prepared-statements.ts).
   * Off behind a PgBouncer older than 1.21 (or without max_prepared_statements) in transaction mode.
   */
  dbPreparedStatements: boolean;
  /** Run the daily transitions on a schedule inside the server; TRANSITIONS_SCHEDULE=off disables it (docs/lifecycle.md). */
  transitionsSchedule: boolean;
  /** TRANSITIONS_INTERVAL_MS: how often the scheduler checks whether today's transitions have run (default 10 minutes). */
  transitionsIntervalMs: number;
  /** CURSOR_SECRET: the key pagination cursors are sealed with (IN-2; docs/input-limits.md); unset → random per process tree. */
  cursorSecret: string | undefined;
  /** CORS_ORIGINS: comma-separated exact origins of browser frontends (docs/authentication.md); empty → no CORS headers. */
  corsOrigins: string[];
  /** SANDBOX_CLOCK=on: staff may move "today" forward (docs/sandbox.md); default off, refused with NODE_ENV=production. */
  sandboxClock: boolean;
  /** WEBHOOKS_WORKER: run the webhook deliveries in this process ('in-process', default) or not ('off': `npm run worker`); docs/webhooks.md. */
  webhooksWorker: 'in-process' | 'off';
  /** WEBHOOKS_MAX_ATTEMPTS, WEBHOOKS_BACKOFF_BASE_MS, WEBHOOKS_BACKOFF_MAX_MS, WEBHOOKS_TIMEOUT_MS, WEBHOOKS_DISPATCH_INTERVAL_MS, WEBHOOKS_CONCURRENCY, WEBHOOKS_RECOVER_AFTER_MS. */
  webhooks: WebhookWorkerSettings;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  // Development header auth by default for `npm start` on a developer's machine; JWT by default in production.
  const authMode = authModeOf(env);
  const { port, host } = listenAddressOf(env);
  const dbPoolSize = Number(env.DB_POOL_SIZE ?? 10);
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port,
    host,
    databaseUrl,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? path.join(process.cwd(), '.data')),
    authMode,
    nodeEnv,
    logLevel: env.LOG_LEVEL ?? 'info',
    // Issue 11 (8): demo citizens only into the embedded database unless asked for (also with NODE_ENV=production).
    seedDemo: yesNo(env, 'SEED_DEMO', !databaseUrl),
    dbPoolSize,
    dbReadPoolSize: env.DB_READ_POOL_SIZE ? poolSize(env, 'DB_READ_POOL_SIZE') : dbPoolSize,
    authIssuers: loadIssuers(env),
    authClockToleranceSeconds: nonNegative(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30),
    allowDevAuthInProduction: env.ALLOW_DEV_AUTH_IN_PRODUCTION === 'true',
    allowDevAuthOnNetwork: env.ALLOW_DEV_AUTH_ON_NETWORK === 'yes',
    rateLimit: rateLimitOf(env),
    queryBudget: queryBudgetOf(env),
    dbTimeouts: {
      connectMs: nonNegative(env, 'DB_CONNECT_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.connectMs),
      statementMs: nonNegative(env, 'DB_STATEMENT_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.statementMs),
      lockMs: nonNegative(env, 'DB_LOCK_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.lockMs),
      idleInTransactionMs: nonNegative(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.idleInTransactionMs),
    },
    dbPreparedStatements: onOff(env, 'DB_PREPARED_STATEMENTS', true),
    transitionsSchedule: (env.TRANSITIONS_SCHEDULE ?? 'on') !== 'off',
    transitionsIntervalMs: Math.max(1000, nonNegative(env, 'TRANSITIONS_INTERVAL_MS', 600_000)),
    cursorSecret: env.CURSOR_SECRET || undefined,
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    sandboxClock: sandboxClockOf(env, nodeEnv),
    webhooksWorker: webhooksWorkerOf(env),
    webhooks: webhookSettingsOf(env, nodeEnv),
  };
}

/** Issue 14 (4): SANDBOX_CLOCK on/off; a moved clock expires real deadlines and deregisters real citizens, so never in production. */
function sandboxClockOf(env: NodeJS.ProcessEnv, nodeEnv: string): boolean {
  const v = (env.SANDBOX_CLOCK ?? 'off').trim().toLowerCase();
  if (v !== 'on' && v !== 'off' && v !== '') throw new Error(`SANDBOX_CLOCK must be on or off, got '${env.SANDBOX_CLOCK}'`);
  if (v === 'on' && nodeEnv === 'production') {
    throw new StartupError('SANDBOX_CLOCK=on is refused with NODE_ENV=production: moving the clock would expire real deadlines and deregister real citizens',
      'unset SANDBOX_CLOCK (or set it to off); the sandbox clock is for test environments only (docs/sandbox.md)');
  }
  return v === 'on';
}

/** true/false (also yes/no, 1/0); anything else is refused rather than guessed. */
function yesNo(env: NodeJS.ProcessEnv, name: string, dflt: boolean): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined || v === '') return dflt;
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  throw new Error(`${name} must be true or false, got '${env[name]}'`);
}

/** on/off (also true/false, yes/no, 1/0); anything else is refused rather than guessed. */
function onOff(env: NodeJS.ProcessEnv, name: string, dflt: boolean): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined || v === '') return dflt;
  if (v === 'on' || v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'off' || v === 'false' || v === 'no' || v === '0') return false;
  throw new Error(`${name} must be on or off, got '${env[name]}'`);
}

function nonNegative(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = Number(env[name] ?? dflt);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number >= 0, got '${env[name]}'`);
  return v;
}

function poolSize(env: NodeJS.ProcessEnv, name: string): number {
  const v = Number(env[name]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a whole number >= 1, got '${env[name]}'`);
  return v;
}

function rateLimitOf(env: NodeJS.ProcessEnv): Config['rateLimit'] {
  const perMinute = nonNegative(env, 'RATE_LIMIT_MUTATIONS_PER_MINUTE', 60);
  const burst = nonNegative(env, 'RATE_LIMIT_MUTATIONS_BURST', 30);
  return perMinute === 0 ? undefined : { perMinute, burst: Math.max(1, burst) };
}

function queryBudgetOf(env: NodeJS.ProcessEnv): Config['queryBudget'] {
  const perMinute = nonNegative(env, 'QUERY_BUDGET_PER_MINUTE', 600_000);
  const burst = nonNegative(env, 'QUERY_BUDGET_BURST', 150_000);
  // A burst below the cost one query may have would refuse that query for ever.
  if (perMinute > 0 && burst < 50_000) throw new Error(`QUERY_BUDGET_BURST must be at least 50000 (the largest cost of one query), got '${env.QUERY_BUDGET_BURST}'`);
  return perMinute === 0 ? undefined : { perMinute, burst };
}

function webhooksWorkerOf(env: NodeJS.ProcessEnv): Config['webhooksWorker'] {
  const v = env.WEBHOOKS_WORKER ?? 'in-process';
  if (v !== 'in-process' && v !== 'off') throw new Error(`WEBHOOKS_WORKER must be 'in-process' or 'off', got '${v}'`);
  return v;
}

function webhookSettingsOf(env: NodeJS.ProcessEnv, nodeEnv: string): WebhookWorkerSettings {
  const d = DEFAULT_WEBHOOK_SETTINGS;
  return {
    maxAttempts: poolSizeOr(env, 'WEBHOOKS_MAX_ATTEMPTS', d.maxAttempts),
    backoffBaseMs: Math.max(1, nonNegative(env, 'WEBHOOKS_BACKOFF_BASE_MS', d.backoffBaseMs)),
    backoffMaxMs: Math.max(1, nonNegative(env, 'WEBHOOKS_BACKOFF_MAX_MS', d.backoffMaxMs)),
    timeoutMs: Math.max(1, nonNegative(env, 'WEBHOOKS_TIMEOUT_MS', d.timeoutMs)),
    dispatchIntervalMs: Math.max(50, nonNegative(env, 'WEBHOOKS_DISPATCH_INTERVAL_MS', d.dispatchIntervalMs)),
    concurrency: poolSizeOr(env, 'WEBHOOKS_CONCURRENCY', d.concurrency),
    recoverAfterMs: Math.max(1, nonNegative(env, 'WEBHOOKS_RECOVER_AFTER_MS', d.recoverAfterMs)),
    // EV-2: loopback receivers only where the API allows them (main.ts: development = NODE_ENV is not production).
    development: nodeEnv !== 'production',
  };
}

function poolSizeOr(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  return env[name] ? poolSize(env, name) : dflt;
}
