import 'reflect-metadata';
import { types } from 'pg';
import { DataSource } from 'typeorm';
import { entities } from '../entities';
import { migrations } from './migrations';
import { StatementNames, preparingClient } from './prepared-statements';

// `date` columns stay 'YYYY-MM-DD' strings (the transformer makes PlainDates); never a JS Date at local midnight.
types.setTypeParser(1082, (v) => v);
// bigint (event sequence numbers, counts) as strings: exact, and the API exposes them as strings.
types.setTypeParser(20, (v) => v);

/**
 * A DataSource on `url`. With `replica` (DATABASE_READ_URL, a hot standby; docs/performance.md, "Read replicas"): no migrations
 * (they replicate from the primary), no `CREATE EXTENSION IF NOT EXISTS` on connect (TypeORM's default), which a
 * standby refuses as a write, and its own application_name.
 */
export function createDataSource(url: string, opts: {
  poolSize?: number; logging?: boolean; replica?: boolean; timeouts?: DbTimeouts;
  /** Issue 16 (1): hot statements as named prepared statements (default on; DB_PREPARED_STATEMENTS, src/db/prepared-statements.ts). */
  preparedStatements?: boolean;
} = {}): DataSource {
  const t = opts.timeouts;
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: opts.replica ? [] : migrations,
    migrationsRun: false,
    synchronize: false,
    installExtensions: !opts.replica,
    logging: opts.logging ?? false,
    extra: {
      max: opts.poolSize ?? 10,
      application_name: opts.replica ? 'selvbook-api-read' : 'selvbook-api',
      ...(t ? poolTimeouts(t) : {}),
      ...(opts.preparedStatements ?? true ? { Client: preparingClient(new StatementNames()) } : {}),
    },
  });
}

/** Applies pending migrations (explicit migrations, never `synchronize`). */
export async function migrate(ds: DataSource): Promise<void> {
  await ds.runMigrations({ transaction: 'all' });
}

/** Timeouts of a pool (docs/configuration.md; docs/security.md), in milliseconds; 0 turns one off. */
export interface DbTimeouts {
  /** Waiting for a connection: opening a new one, or a free one of a full pool (pg-pool's connectionTimeoutMillis). */
  connectMs: number;
  /** A statement running longer is cancelled by PostgreSQL (statement_timeout). */
  statementMs: number;
  /** Waiting longer for a row or table lock fails the statement (lock_timeout). */
  lockMs: number;
  /** A session idle inside an open transaction this long is ended by PostgreSQL (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
}

/**
 * Decision: long enough for every statement of the API and the daily transitions at national scale
 * (docs/performance.md), short enough that a stalled database fails requests instead of holding them.
 */
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 3000, statementMs: 30_000, lockMs: 10_000, idleInTransactionMs: 60_000 };

/**
 * The pg settings for `t`. statement/lock/idle timeouts are session settings PostgreSQL enforces; sent in the
 * startup packet's `options` (PgBouncer passes `options` through only with ignore_startup_parameters, so it
 * goes as -c settings, which PostgreSQL reads whoever forwards them). A server that is frozen enforces nothing,
 * so the client also gives up on a query after the statement timeout plus the connect timeout (query_timeout).
 */
function poolTimeouts(t: DbTimeouts): Record<string, unknown> {
  const settings = [
    t.statementMs ? `-c statement_timeout=${t.statementMs}` : '',
    t.lockMs ? `-c lock_timeout=${t.lockMs}` : '',
    t.idleInTransactionMs ? `-c idle_in_transaction_session_timeout=${t.idleInTransactionMs}` : '',
  ].filter(Boolean).join(' ');
  return {
    ...(t.connectMs ? { connectionTimeoutMillis: t.connectMs } : {}),
    ...(t.statementMs ? { query_timeout: t.statementMs + (t.connectMs || 3000) } : {}),
    ...(settings ? { options: settings } : {}),
  };
}
