import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from './data-source';
import { type EmbeddedHandle, startEmbeddedPostgres } from './embedded';

export interface Database {
  ds: DataSource;
  url: string;
  embedded: EmbeddedHandle | undefined;
  close(): Promise<void>;
}

/**
 * DATABASE_URL → that server; otherwise an embedded PostgreSQL with its data in `<dataDir>/pg`
 * (persisting across restarts). Migrations are applied either way.
 */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number; log?: (m: string) => void }): Promise<Database> {
  let embedded: EmbeddedHandle | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(opts.dataDir), port: Number(process.env.EMBEDDED_PG_PORT ?? 0) || undefined, log: opts.log });
    url = embedded.url;
    await ensureDatabase(url, 'selvbook');
    url = url.replace(/\/postgres$/, '/selvbook');
  }
  const ds = createDataSource(url, { poolSize: opts.poolSize });
  await ds.initialize();
  await migrate(ds);
  return {
    ds, url, embedded,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      if (embedded) await embedded.stop();
    },
  };
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
