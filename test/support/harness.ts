import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import type { Actor } from '../../src/domain/shared/actor';
import { FixedClock } from '../../src/domain/shared/clock';
import { type App, type AppOptions, createApp } from '../../src/server';
import { TEMPLATE_DB, withDatabase } from './global-setup';
import { Fixtures } from './fixtures';
import { type AsClient, clientsFor } from './client';

export interface GqlResult<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

export interface TestApp {
  ds: DataSource;
  app: App;
  clock: FixedClock;
  fx: Fixtures;
  /** Runs a GraphQL operation in-process as `actor`, through the real schema, resolvers and database. */
  gql<T = Record<string, any>>(actor: Actor, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** Like gql, but fails the test on GraphQL errors and returns data. */
  ok<T = Record<string, any>>(actor: Actor, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Typed operations as an actor: `t.as.citizen(c.id).run(BookSlot, { input })` (test/support/operations.ts). */
  as: AsClient;
  /** Starts the HTTP server on a free loopback port (for tests through HTTP). */
  listen(): Promise<string>;
  /** Number of SQL statements run while `fn` runs (for batching tests). */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
  close(): Promise<void>;
}

/**
 * One isolated database per test file, copied from the migrated template (fast), and the real app on it.
 * Call in a `beforeAll`, and `close()` in `afterAll`.
 */
export async function startTestApp(opts: {
  now?: string; authMode?: 'dev' | 'jwt'; development?: boolean; poolSize?: number;
  /** Named prepared statements (DB_PREPARED_STATEMENTS; default on). */
  preparedStatements?: boolean;
  /** Further createApp options (issuers, rate limit, query limits). */
  app?: Partial<AppOptions>;
  /**
   * The URL the app's DataSource connects with, from the test database's direct URL (default: that URL). The
   * PgBouncer tests route it through the pooler; creating and dropping the database stay direct.
   */
  connectVia?: (directUrl: string) => string;
} = {}): Promise<TestApp> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL!;
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();

  const directUrl = withDatabase(adminUrl, dbName);
  const ds = createDataSource(opts.connectVia ? opts.connectVia(directUrl) : directUrl, { poolSize: opts.poolSize ?? 10, preparedStatements: opts.preparedStatements });
  await ds.initialize();
  // Count statements at the driver: every query TypeORM or a raw call sends to this test database.
  const counter = countStatementsFor(dbName);
  const clock = new FixedClock(opts.now ?? '2026-03-02T09:00:00+01:00');
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await createApp({ ds, log, clock, authMode: opts.authMode ?? 'dev', development: opts.development ?? true, ...opts.app });
  let server: http.Server | undefined;

  const gql = async <T>(actor: Actor, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> => {
    const res = await app.apollo.executeOperation({ query, variables }, { contextValue: app.contextFor(actor) });
    if (res.body.kind !== 'single') throw new Error('unexpected incremental response');
    return res.body.singleResult as GqlResult<T>;
  };

  return {
    ds, app, clock, fx: new Fixtures(ds, clock),
    gql,
    as: clientsFor(gql, as),
    ok: async <T>(actor: Actor, query: string, variables?: Record<string, unknown>) => {
      const r = await gql<T>(actor, query, variables);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
      return r.data as T;
    },
    listen: async () => {
      server = http.createServer(app.handler);
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    },
    countQueries: async (fn) => {
      const before = counter.count;
      const result = await fn();
      return { result, statements: counter.count - before };
    },
    close: async () => {
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      await app.apollo.stop();
      await ds.destroy();
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
    },
  };
}

const counters = new Map<string, { count: number }>();
let patched = false;

/** Counts every statement pg.Client sends to `database` (patched once per test process). */
function countStatementsFor(database: string): { count: number } {
  if (!patched) {
    patched = true;
    const proto = Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const orig = proto.query;
    proto.query = function (this: { connectionParameters?: { database?: string } }, ...args: unknown[]) {
      const c = counters.get(this.connectionParameters?.database ?? '');
      if (c) c.count++;
      return orig.apply(this, args);
    };
  }
  const c = { count: 0 };
  counters.set(database, c);
  return c;
}

/** Actors for tests. */
export const as = {
  citizen: (citizenId: string): Actor => ({ kind: 'CITIZEN', citizenId }),
  caseworker: (jobcenterId: string, userId = 'cw-1'): Actor => ({ kind: 'CASEWORKER', jobcenterId, userId }),
  integration: (jobcenterId: string): Actor => ({ kind: 'INTEGRATION', jobcenterId, clientId: 'int-1' }),
  fund: (unemploymentFundId: string): Actor => ({ kind: 'UNEMPLOYMENT_FUND', unemploymentFundId, userId: 'ak-1' }),
  statistics: (): Actor => ({ kind: 'STATISTICS', userId: 'stat-1' }),
  anonymous: (): Actor => ({ kind: 'ANONYMOUS' }),
};
