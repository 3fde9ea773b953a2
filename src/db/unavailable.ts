import { HeaderMap } from '@apollo/server';

/** Seconds a client is told to wait (Retry-After) when the database is not answering. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** SQLSTATEs of a database that cannot serve now: shutting down, starting, out of connections, a lock not granted in time. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '55P03', '57014']);

/**
 * Whether `err` says the database could not serve the request in time — no connection (pool full or server not
 * answering: pg-pool's and pg's connection timeouts), the client's query timeout (a frozen server), a statement or
 * lock timeout, or a server that is going away — rather than a fault of the request or the code. Such a request
 * is answered 503 DATABASE_UNAVAILABLE with Retry-After: retrying later may succeed.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { message?: unknown; code?: unknown; driverError?: unknown };
  if (e.driverError && e.driverError !== err && isDatabaseUnavailable(e.driverError)) return true;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT')) return true;
  const m = typeof e.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated due to connection timeout|Query read timeout|Connection terminated unexpectedly|Client has encountered a connection error/.test(m);
}

/** The formatted GraphQL error of an unavailable database. */
export function databaseUnavailableError(path?: readonly (string | number)[]) {
  return {
    message: `The database is not answering in time; retry in ${DATABASE_RETRY_AFTER_SECONDS} s (a mutation with the same idempotencyKey, so it is not done twice)`,
    extensions: { code: 'DATABASE_UNAVAILABLE', retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    ...(path ? { path } : {}),
  };
}

export function retryAfterHeaders(): HeaderMap {
  return new HeaderMap([['retry-after', String(DATABASE_RETRY_AFTER_SECONDS)]]);
}
