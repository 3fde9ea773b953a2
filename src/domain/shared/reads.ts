import type { EntityManager } from 'typeorm';

type Reads<T extends readonly unknown[]> = { [K in keyof T]: () => Promise<T[K]> };

/**
 * Several independent reads through one database handle. On the pool (no transaction) they run at once, each on its
 * own connection; inside a transaction they share its one connection, so they run one after the other — pg
 * refuses queries sent while another is still running on the same client (deprecated in pg 8, removed in pg 9).
 */
export async function readAll<T extends readonly unknown[]>(db: EntityManager, reads: Reads<T>): Promise<T> {
  if (db.queryRunner?.isTransactionActive !== true) return Promise.all(reads.map((r) => r())) as unknown as Promise<T>;
  const out: unknown[] = [];
  for (const r of reads) out.push(await r());
  return out as unknown as T;
}
