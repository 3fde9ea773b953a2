import path from 'node:path';
import type { DataSource } from 'typeorm';
import { type DbTimeouts, createDataSource, migrate } from './data-source';
import { type EmbeddedHandle, startEmbeddedPostgres } from './embedded';

export interface Database {
  ds: DataSource;
  /** On DATABASE_READ_URL when given (docs/performance.md, "Read replicas"); undefined → every read goes to `ds`. */
  readDs: DataSource | undefined;
  url: string;
  embedded: EmbeddedHandle | undefined;
  close(): Promise<void>;
}

/**
 * DATABASE_URL → that server; otherwise an embedded PostgreSQL with its data in `<dataDir>/pg`
 * (persisting across restarts). Migrations are applied either way (on the primary only).
 * With `databaseReadUrl`, also opens the read DataSource on that replica.
 */
export async function openDatabase(opts: {
  databaseUrl?: string; dataDir: string; poolSize?: number; log?: (m: string) => void;
  databaseReadUrl?: string; readPoolSize?: number;
  /** Start-up notices of the embedded PostgreSQL for the operator (a leftover server stopped, …). */
  notice?: (level: 'warn' | 'info', msg: string) => void;
  /** The pools' timeouts (docs/configuration.md); none when not given. */
  timeouts?: DbTimeouts;
  /** DB_PREPARED_STATEMENTS (issue 16): named prepared statements for hot statements; default on. */
  preparedStatements?: boolean;
}): Promise<Database> {
  let embedded: EmbeddedHandle | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(opts.dataDir), port: Number(process.env.EMBEDDED_PG_PORT ?? 0) || undefined, log: opts.log, notice: opts.notice });
    url = embedded.url;
    await ensureDatabase(url, 'selvbook');
    url = url.replace(/\/postgres$/, '/selvbook');
  }
  if (opts.timeouts) {
    // Migrations (an index over a national table) may take longer than the statement timeout of requests.
    const migrator = createDataSource(url, { poolSize: 1 });
    await migrator.initialize();
    try {
      await migrate(migrator);
    } finally {
      await migrator.destroy();
    }
  }
  const ds = createDataSource(url, { poolSize: opts.poolSize, timeouts: opts.timeouts, preparedStatements: opts.preparedStatements });
  await ds.initialize();
  if (!opts.timeouts) await migrate(ds);
  let readDs: DataSource | undefined;
  if (opts.databaseReadUrl) {
    try {
      readDs = await openReadDataSource(opts.databaseReadUrl, opts.readPoolSize ?? opts.poolSize, opts.timeouts, opts.preparedStatements);
    } catch (err) {
      await ds.destroy();
      if (embedded) await embedded.stop();
      throw err;
    }
  }
  return {
    ds, readDs, url, embedded,
    close: async () => {
      if (readDs?.isInitialized) await readDs.destroy();
      if (ds.isInitialized) await ds.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

/**
 * Connects to DATABASE_READ_URL. The error names the variable, never the URL (it holds a password). A server
 * that is not in recovery (not a standby) is accepted — e.g. a role forced read-only on the primary — since
 * routing only needs a source that answers reads; the caller logs `inRecovery`.
 */
export async function openReadDataSource(url: string, poolSize?: number, timeouts?: DbTimeouts, preparedStatements?: boolean): Promise<DataSource> {
  const readDs = createDataSource(url, { poolSize, replica: true, timeouts, preparedStatements });
  try {
    await readDs.initialize();
  } catch (err) {
    throw new Error(`DATABASE_READ_URL: cannot connect to the read replica: ${(err as Error).message}`, { cause: err });
  }
  return readDs;
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}
