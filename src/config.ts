import path from 'node:path';
import { type IssuerConfig, loadIssuers } from './auth/issuers';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookWorkerSettings } from './domain/webhooks/webhooks.worker';

/** Every environment variable the server reads, in one place (README: Configuration). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /**
   * DATABASE_READ_URL: a streaming replica (hot standby) of DATABASE_URL for lag-tolerant queries (README: Read
   * replicas); undefined → every read and write goes to DATABASE_URL (or the embedded database).
   */
  databaseReadUrl: string | undefined;
  dataDir: string;
  authMode: 'dev' | 'jwt';
  nodeEnv: string;
  logLevel: string;
  seedDemo: boolean;
  dbPoolSize: number;
  /** DB_READ_POOL_SIZE: connections per process to DATABASE_READ_URL (default DB_POOL_SIZE). */
  dbReadPoolSize: number;
  /** Trusted JWT issuers: AUTH_ISSUERS (JSON array) or AUTH_ISSUERS_FILE (path to one); README: Security. */
  authIssuers: IssuerConfig[];
  /** AUTH_CLOCK_TOLERANCE_SECONDS: allowed clock skew for exp/nbf (default 30). */
  authClockToleranceSeconds: number;
  /** ALLOW_DEV_AUTH_IN_PRODUCTION=true: the only way to run AUTH_MODE=dev with NODE_ENV=production. */
  allowDevAuthInProduction: boolean;
  /**
   * Per-actor mutation rate limit: RATE_LIMIT_MUTATIONS_PER_MINUTE (default 60; 0 turns it off) and
   * RATE_LIMIT_MUTATIONS_BURST (default 30).
   */
  rateLimit: { perMinute: number; burst: number } | undefined;
  /** Run the daily transitions on a schedule inside the server; TRANSITIONS_SCHEDULE=off disables it (README: The time-driven lifecycle). */
  transitionsSchedule: boolean;
  /** TRANSITIONS_INTERVAL_MS: how often the scheduler checks whether today's transitions have run (default 10 minutes). */
  transitionsIntervalMs: number;
  /** WEBHOOKS_WORKER: run the webhook deliveries in this process ('in-process', default) or not ('off': `npm run worker`); docs/webhooks.md. */
  webhooksWorker: 'in-process' | 'off';
  /** WEBHOOKS_MAX_ATTEMPTS, WEBHOOKS_BACKOFF_BASE_MS, WEBHOOKS_BACKOFF_MAX_MS, WEBHOOKS_TIMEOUT_MS, WEBHOOKS_DISPATCH_INTERVAL_MS, WEBHOOKS_CONCURRENCY, WEBHOOKS_RECOVER_AFTER_MS. */
  webhooks: WebhookWorkerSettings;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  // Development header auth by default for `npm start` on a developer's machine; JWT by default in production.
  const authMode = (env.AUTH_MODE ?? (nodeEnv === 'production' ? 'jwt' : 'dev')) as Config['authMode'];
  if (authMode !== 'dev' && authMode !== 'jwt') throw new Error(`AUTH_MODE must be 'dev' or 'jwt', got '${authMode}'`);
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env.PORT}'`);
  const dbPoolSize = Number(env.DB_POOL_SIZE ?? 10);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? path.join(process.cwd(), '.data')),
    authMode,
    nodeEnv,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedDemo: (env.SEED_DEMO ?? 'true') !== 'false',
    dbPoolSize,
    dbReadPoolSize: env.DB_READ_POOL_SIZE ? poolSize(env, 'DB_READ_POOL_SIZE') : dbPoolSize,
    authIssuers: loadIssuers(env),
    authClockToleranceSeconds: nonNegative(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30),
    allowDevAuthInProduction: env.ALLOW_DEV_AUTH_IN_PRODUCTION === 'true',
    rateLimit: rateLimitOf(env),
    transitionsSchedule: (env.TRANSITIONS_SCHEDULE ?? 'on') !== 'off',
    transitionsIntervalMs: Math.max(1000, nonNegative(env, 'TRANSITIONS_INTERVAL_MS', 600_000)),
    webhooksWorker: webhooksWorkerOf(env),
    webhooks: webhookSettingsOf(env),
  };
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

function webhooksWorkerOf(env: NodeJS.ProcessEnv): Config['webhooksWorker'] {
  const v = env.WEBHOOKS_WORKER ?? 'in-process';
  if (v !== 'in-process' && v !== 'off') throw new Error(`WEBHOOKS_WORKER must be 'in-process' or 'off', got '${v}'`);
  return v;
}

function webhookSettingsOf(env: NodeJS.ProcessEnv): WebhookWorkerSettings {
  const d = DEFAULT_WEBHOOK_SETTINGS;
  return {
    maxAttempts: poolSizeOr(env, 'WEBHOOKS_MAX_ATTEMPTS', d.maxAttempts),
    backoffBaseMs: Math.max(1, nonNegative(env, 'WEBHOOKS_BACKOFF_BASE_MS', d.backoffBaseMs)),
    backoffMaxMs: Math.max(1, nonNegative(env, 'WEBHOOKS_BACKOFF_MAX_MS', d.backoffMaxMs)),
    timeoutMs: Math.max(1, nonNegative(env, 'WEBHOOKS_TIMEOUT_MS', d.timeoutMs)),
    dispatchIntervalMs: Math.max(50, nonNegative(env, 'WEBHOOKS_DISPATCH_INTERVAL_MS', d.dispatchIntervalMs)),
    concurrency: poolSizeOr(env, 'WEBHOOKS_CONCURRENCY', d.concurrency),
    recoverAfterMs: Math.max(1, nonNegative(env, 'WEBHOOKS_RECOVER_AFTER_MS', d.recoverAfterMs)),
  };
}

function poolSizeOr(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  return env[name] ? poolSize(env, name) : dflt;
}
