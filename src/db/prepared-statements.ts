import { Client } from 'pg';

/**
 * Issue 16 (1): plans reused. Every statement with parameters that this DataSource sends often enough is sent as a
 * NAMED prepared statement (pg's `{ name, text, values }`): PostgreSQL parses and analyses it once per connection,
 * and after five executions (plan_cache_mode = auto) keeps a generic plan when it is not costlier than the custom
 * ones. So the hot statements (the citizen-rows union of the obligations and the caseworker list, the citizen by id,
 * the bookable slots, the list's page, the a-kasse feed) are no longer parsed on every request, and no longer planned
 * where the generic plan wins: the list's union (50 citizens) and the slots, not the obligations' single-citizen union,
 * whose generic plan PostgreSQL costs higher (bench/results/perfa-2026-12-01.md).
 *
 * Why at the driver and not at each call site: the hot statements come from our loaders, from TypeORM's query
 * builder in the domain services (the bookable slots, the list's page) and from raw `ds.query` calls; one place
 * covers them all without changing the callers, and a statement text is only ever bound to one name, so a name can
 * never run another text (the pg client refuses that too).
 *
 * What is bounded, as pgjdbc's `prepareThreshold` and cache do:
 * - a text is prepared from its PREPARE_AFTER-th execution on (one-off statements — migrations, reports, TypeORM's
 *   `IN ($1, …, $n)` of a rare length — stay unnamed and leave nothing on the server);
 * - at most MAX_NAMED texts per DataSource are named (server memory per connection is bounded); later ones run
 *   unnamed as before;
 * - the counts of not-yet-named texts are forgotten when more than MAX_COUNTED are tracked.
 * Statements without parameters are never named: pg sends those with the simple protocol, which also carries the
 * multi-statement scripts of migrations and seeds.
 *
 * PgBouncer in transaction mode hands consecutive transactions of one client connection to different server
 * connections; a name prepared on one is unknown on the next. PgBouncer ≥ 1.21 with `max_prepared_statements > 0`
 * tracks protocol-level prepared statements and re-prepares them on the server connection it picks, so named
 * statements work through it. An older PgBouncer (Debian bookworm ships 1.18) does not: run the API there with
 * DB_PREPARED_STATEMENTS=off (docs/performance.md, "Scale beyond one machine"; test/pgbouncer shows both).
 *
 * Decision: a statement whose result columns change under it (`SELECT *` after a migration added a column while the
 * server kept running) fails once per connection with "cached plan must not change result type"; migrations run
 * before the server starts (src/db/bootstrap.ts), and a rolling deploy restarts the API after migrating.
 */
export const PREPARE_AFTER = 2;
export const MAX_NAMED = 500;
const MAX_COUNTED = 10_000;

/** The statement names of one DataSource: text → name, shared by its connections. */
export class StatementNames {
  private readonly named = new Map<string, string>();
  private readonly seen = new Map<string, number>();

  constructor(readonly prefix = 'sb') {}

  /** The name to send `text` under, or undefined to send it unnamed (counted towards PREPARE_AFTER). */
  nameFor(text: string): string | undefined {
    const name = this.named.get(text);
    if (name !== undefined) return name;
    if (this.named.size >= MAX_NAMED) return undefined;
    const n = (this.seen.get(text) ?? 0) + 1;
    if (n < PREPARE_AFTER) {
      if (this.seen.size >= MAX_COUNTED) this.seen.clear();
      this.seen.set(text, n);
      return undefined;
    }
    this.seen.delete(text);
    const fresh = `${this.prefix}${this.named.size + 1}`;
    this.named.set(text, fresh);
    return fresh;
  }

  /** How many texts are named (for tests and the benchmark). */
  get size(): number {
    return this.named.size;
  }
}

/**
 * A pg Client class for the DataSource's pool (pg-pool's `Client` option, passed through TypeORM's `extra`) that
 * sends `query(text, values)` as a named statement when `names` says so. Every other form of call (a config object,
 * a Query, no values) goes through unchanged.
 */
export function preparingClient(names: StatementNames): typeof Client {
  return class PreparingClient extends Client {
    override query(config: unknown, values?: unknown, callback?: unknown): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- pg's overloads
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        const name = names.nameFor(config);
        if (name !== undefined) return (super.query as (...a: unknown[]) => unknown)({ name, text: config, values }, callback);
      }
      return (super.query as (...a: unknown[]) => unknown)(config, values, callback);
    }
  } as unknown as typeof Client;
}
