import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { type Database, ensureDatabase, openDatabase } from '../../src/db/bootstrap';
import { createDataSource, migrate } from '../../src/db/data-source';

/**
 * The benchmark's database. Without DATABASE_URL: the embedded PostgreSQL of the project with its own data
 * directory (.data/bench, never the dev database), one database per scale (bench_s1, bench_s0_1, …) so data
 * seeded at one scale is kept when another scale runs. With DATABASE_URL: that database as it is (the seeder
 * refuses to wipe one that holds data it did not seed).
 */
export interface BenchDb {
  /** URL of the benchmark database (what the API and the bare server connect to). */
  url: string;
  /** Superuser URL of the server's maintenance database, when embedded. */
  adminUrl: string | undefined;
  ds: DataSource;
  embedded: boolean;
  /** pg_stat_statements is loaded and installed: statements can be counted per operation. */
  statementStats: boolean;
  close(): Promise<void>;
}

/**
 * Server settings for the embedded benchmark cluster (written with ALTER SYSTEM into .data/bench only).
 * pg_stat_statements counts statements without touching the API's code; the rest are the usual settings of
 * a PostgreSQL given a few GB on a 24 GB machine, and bulk-load friendly WAL limits.
 */
const TUNING: Record<string, string> = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'top',
  'pg_stat_statements.max': '5000',
  shared_buffers: '1GB',
  effective_cache_size: '8GB',
  work_mem: '16MB',
  maintenance_work_mem: '1GB',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  random_page_cost: '1.1',
  // OLTP queries gain nothing from JIT; it only adds compile time to the seeding and to EXPLAIN.
  jit: 'off',
};

/**
 * The scale's database; BENCH_DATABASE names another one of the same server instead — a copy of the seeded one
 * (CREATE DATABASE x TEMPLATE bench_s1) on which a branch's migrations run, so a schema change can be measured
 * before/after against the same data (the seeded database keeps the schema of the code that seeded it).
 */
export function dbNameForScale(scale: number): string {
  const named = process.env.BENCH_DATABASE;
  if (named) {
    if (!/^[a-z_][a-z0-9_]*$/.test(named)) throw new Error('BENCH_DATABASE: a plain lower-case database name');
    return named;
  }
  return `bench_s${String(scale).replace(/[^0-9]/g, '_')}`;
}

export async function openBenchDb(opts: { scale: number; dataDir?: string; log?: (m: string) => void }): Promise<BenchDb> {
  const log = opts.log ?? (() => undefined);
  const external = process.env.DATABASE_URL || undefined;
  if (external) {
    const ds = createDataSource(external, { poolSize: 4 });
    await ds.initialize();
    await migrate(ds);
    const statementStats = await enableStatementStats(ds, log);
    return { url: external, adminUrl: undefined, ds, embedded: false, statementStats, close: async () => { await ds.destroy(); } };
  }

  const dataDir = path.resolve(opts.dataDir ?? process.env.BENCH_DATA_DIR ?? '.data/bench');
  let db: Database = await openDatabase({ dataDir, poolSize: 2 });
  if (await needsTuning(db.ds)) {
    log(`tuning the benchmark cluster in ${dataDir} (pg_stat_statements, memory); restarting it`);
    for (const [k, v] of Object.entries(TUNING)) await db.ds.query(`ALTER SYSTEM SET ${k} = '${v}'`);
    await db.close();
    db = await openDatabase({ dataDir, poolSize: 2 });
  }
  // openDatabase migrated its own database (selvbook); the benchmark uses one database per scale beside it.
  const adminUrl = db.embedded!.url;
  const name = dbNameForScale(opts.scale);
  await ensureDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  await db.ds.destroy();
  const ds = createDataSource(url, { poolSize: 4 });
  await ds.initialize();
  await migrate(ds);
  const statementStats = await enableStatementStats(ds, log);
  return {
    url, adminUrl, ds, embedded: true, statementStats,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await db.embedded!.stop();
    },
  };
}

async function needsTuning(ds: DataSource): Promise<boolean> {
  const [{ shared_preload_libraries: libs }] = await ds.query(`SHOW shared_preload_libraries`);
  return !String(libs).includes('pg_stat_statements');
}

async function enableStatementStats(ds: DataSource, log: (m: string) => void): Promise<boolean> {
  try {
    const [{ shared_preload_libraries: libs }] = await ds.query(`SHOW shared_preload_libraries`);
    if (!String(libs).includes('pg_stat_statements')) {
      log('pg_stat_statements is not preloaded on this server: SQL statements per request are not counted (see test/integration/sql-batching.test.ts)');
      return false;
    }
    await ds.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
    // Issue 16.1: planning time per statement too (what named prepared statements save), a contention-independent measure.
    await ds.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`).then(() => ds.query(`SELECT pg_reload_conf()`))
      .catch((err: Error) => log(`pg_stat_statements.track_planning not turned on (${err.message}): planning time is not reported`));
    return true;
  } catch (err) {
    log(`pg_stat_statements unavailable (${(err as Error).message}): statements per request are not counted`);
    return false;
  }
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A plain client (for the seeder's long statements and the measurements), outside TypeORM. */
export async function connect(url: string, applicationName = 'selvbook-bench'): Promise<Client> {
  const c = new Client({ connectionString: url, application_name: applicationName });
  await c.connect();
  return c;
}

/** Drops and recreates the scale's database (embedded only): the quickest way to start the seeding over. */
export async function recreateDatabase(db: BenchDb, scale: number): Promise<BenchDb> {
  if (!db.adminUrl) throw new Error('recreateDatabase needs the embedded server');
  await db.ds.destroy();
  const admin = await connect(db.adminUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${dbNameForScale(scale)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbNameForScale(scale)}`);
  } finally {
    await admin.end();
  }
  const ds = createDataSource(db.url, { poolSize: 4 });
  await ds.initialize();
  await migrate(ds);
  await ds.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`).catch(() => undefined);
  const closeServer = db.close;
  return { ...db, ds, close: async () => { if (ds.isInitialized) await ds.destroy(); await closeServer.call({ ...db, ds }); } };
}
