import type { EntityManager, ObjectLiteral } from 'typeorm';
import { Citizen } from '../entities';
import { driverRowHydrator } from './citizen-rows.loaders';

const hydrators = new WeakMap<object, (row: Record<string, unknown>) => ObjectLiteral>();

/** The statement of one keyset page of a jobcenter's citizens by (name, id): with or without a cursor. */
export function citizenPageSql(rows: number, afterCursor: boolean): string {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`citizenPageSql: rows must be a positive integer, not ${rows}`);
  return `SELECT * FROM citizen c WHERE c.jobcenter_id = $1${afterCursor ? ' AND (c.name, c.id) > ($2, $3::uuid)' : ''}
    ORDER BY c.name, c.id LIMIT ${rows}`;
}

/**
 * `rows` citizens of a jobcenter in (name, id) order, after the cursor's (name, id) when given: the caseworker list's
 * page (Query.citizens).
 *
 * Issue 16: one fixed SQL text per form (the row count a literal, as TypeORM wrote it) and the compiled hydrator (the
 * same column metadata and transformers as TypeORM, Temporal columns converted on first read), instead of TypeORM's
 * query builder building the statement and hydrating 51 citizens through its generic path on every page.
 */
export async function citizenPageRows(db: EntityManager, jobcenterId: string, rows: number, after: readonly [string, string] | null): Promise<Citizen[]> {
  let h = hydrators.get(db.connection);
  if (!h) hydrators.set(db.connection, (h = driverRowHydrator(db.connection.getMetadata(Citizen))));
  const found: Record<string, unknown>[] = await db.query(citizenPageSql(rows, after !== null), after ? [jobcenterId, after[0], after[1]] : [jobcenterId]);
  return found.map((r) => h(r) as Citizen);
}
