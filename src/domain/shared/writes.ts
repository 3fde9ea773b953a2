import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Issue 16 item 5: the writes of one transition (or of several composed, e.g. meeting `plan` with deadline `book`)
 * sent to PostgreSQL as ONE statement — each write a data-modifying CTE (`WITH w0 AS (INSERT …), w1 AS (UPDATE …)
 * SELECT 1`). The SQL of each write is TypeORM's own (the entities' column names and transformers), so the
 * transitions describe rows, never hand-written SQL.
 *
 * Every write of the statement sees the same snapshot, so a batch never reads what it writes and never touches one
 * row twice; rows that refer to each other use ids chosen beforehand (randomUUID). Foreign keys are checked at the
 * end of the statement, unique/exclusion constraints at each row, with their names (runInTransaction maps them).
 */
export class Writes {
  private readonly parts: ({ insert: EntityTarget<ObjectLiteral>; rows: ObjectLiteral[] } | { sql: string; params: unknown[] })[] = [];

  constructor(private readonly db: EntityManager) {}

  /**
   * Rows of one entity join one multi-row INSERT, in the order given: their generated ids (the event feed's cursor,
   * EV-2; the history's order) follow that order as they would with one INSERT after another.
   */
  insert<E extends ObjectLiteral>(target: EntityTarget<E>, values: QueryDeepPartialEntity<E>): this {
    const same = this.parts.find((p) => 'insert' in p && p.insert === target);
    if (same && 'rows' in same) same.rows.push(values);
    else this.parts.push({ insert: target as EntityTarget<ObjectLiteral>, rows: [values] });
    return this;
  }

  update<E extends ObjectLiteral>(target: EntityTarget<E>, where: ObjectLiteral, set: QueryDeepPartialEntity<E>): this {
    const [sql, params] = this.db.createQueryBuilder().update(target).set(set).where(where).getQueryAndParameters();
    this.parts.push({ sql, params });
    return this;
  }

  /** Sends the collected writes as one statement (none: nothing is sent). */
  async flush(): Promise<void> {
    const parts = this.parts.splice(0).map((p) => {
      if (!('insert' in p)) return p;
      const [sql, params] = this.db.createQueryBuilder().insert().into(p.insert).values(p.rows).getQueryAndParameters();
      return { sql, params };
    });
    if (parts.length === 0) return;
    if (parts.length === 1) {
      await this.db.query(parts[0]!.sql, parts[0]!.params);
      return;
    }
    const params: unknown[] = [];
    const ctes = parts.map((p, i) => {
      const offset = params.length;
      params.push(...p.params);
      return `w${i} AS (${p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
    });
    await this.db.query(`WITH ${ctes.join(', ')} SELECT 1`, params);
  }
}
