import type { Client } from 'pg';

/**
 * SQL statements counted by pg_stat_statements (preloaded in the benchmark cluster, see lib/db.ts): the API is
 * measured from outside, so no production code path changes. Every statement counts, BEGIN and COMMIT too —
 * the same as test/integration/sql-batching.test.ts counts at the driver.
 */
export interface StatementRow {
  query: string; calls: number; meanMs: number;
  /** Mean planning time per call (pg_stat_statements.track_planning, lib/db.ts); 0 when a cached plan was used. */
  planMs?: number;
}

export async function resetStatements(c: Client): Promise<void> {
  await c.query('SELECT pg_stat_statements_reset()');
}

export async function readStatements(c: Client): Promise<StatementRow[]> {
  const r = await c.query(`
    SELECT s.query, s.calls::int AS calls, round(s.mean_exec_time::numeric, 3)::float AS mean_ms,
           round((s.total_plan_time / greatest(s.calls, 1))::numeric, 4)::float AS plan_ms
      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat_statements%'
     ORDER BY s.calls DESC`);
  return r.rows.map((x) => ({ query: x.query, calls: x.calls, meanMs: x.mean_ms, planMs: x.plan_ms }));
}

export function totalCalls(rows: StatementRow[]): number {
  return rows.reduce((a, s) => a + s.calls, 0);
}
