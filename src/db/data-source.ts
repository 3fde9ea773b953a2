import 'reflect-metadata';
import { types } from 'pg';
import { DataSource } from 'typeorm';
import { entities } from '../entities';
import { migrations } from './migrations';

// `date` columns stay 'YYYY-MM-DD' strings (the transformer makes PlainDates); never a JS Date at local midnight.
types.setTypeParser(1082, (v) => v);
// bigint (event sequence numbers, counts) as strings: exact, and the API exposes them as strings.
types.setTypeParser(20, (v) => v);

/**
 * A DataSource on `url`. With `replica` (DATABASE_READ_URL, a hot standby; README: Read replicas): no migrations
 * (they replicate from the primary), no `CREATE EXTENSION IF NOT EXISTS` on connect (TypeORM's default), which a
 * standby refuses as a write, and its own application_name.
 */
export function createDataSource(url: string, opts: { poolSize?: number; logging?: boolean; replica?: boolean } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: opts.replica ? [] : migrations,
    migrationsRun: false,
    synchronize: false,
    installExtensions: !opts.replica,
    logging: opts.logging ?? false,
    extra: { max: opts.poolSize ?? 10, application_name: opts.replica ? 'selvbook-api-read' : 'selvbook-api' },
  });
}

/** Applies pending migrations (explicit migrations, never `synchronize`). */
export async function migrate(ds: DataSource): Promise<void> {
  await ds.runMigrations({ transaction: 'all' });
}
