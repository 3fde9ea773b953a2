import type { DataSource } from 'typeorm';

/**
 * Every row of every application table (the access log included), for "changed nothing" comparisons that
 * also cover tables added after this helper was written. Only TypeORM's own bookkeeping is left out.
 */
export async function snapshotAll(ds: DataSource): Promise<Record<string, unknown[]>> {
  const tables: { tablename: string }[] = await ds.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata') ORDER BY tablename`);
  const out: Record<string, unknown[]> = {};
  for (const { tablename } of tables) out[tablename] = await ds.query(`SELECT * FROM "${tablename}" ORDER BY 1`);
  return out;
}
