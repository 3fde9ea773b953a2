import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/db/embedded';
import { postgresUser } from './standby';

/**
 * A real PgBouncer in transaction mode in front of the test server, for test/pgbouncer (README: Scale beyond one
 * machine, "PgBouncer in transaction mode"). PgBouncer comes from the operating system (Debian: `apt-get install
 * pgbouncer`); it is not an npm package, so the default `npm test` does not need it.
 */
export interface PgBouncer {
  /** The pooler's URL for `database` (every database of the server is reachable under its own name). */
  urlFor(database: string): string;
  /** Maps a direct URL of the test server to the same database through the pooler. */
  via(directUrl: string): string;
  /** The pooler's settings as started. */
  poolSize: number;
  /** PgBouncer's version, e.g. [1, 18, 0]. */
  version: number[];
  /**
   * Whether it keeps protocol-level named prepared statements in transaction mode (PgBouncer ≥ 1.21, started here with
   * max_prepared_statements); otherwise the API must run with DB_PREPARED_STATEMENTS=off behind it (issue 16.1).
   */
  preparedStatements: boolean;
  /** Rows of a command on PgBouncer's admin console (`SHOW POOLS`, …). */
  admin(command: string): Promise<Record<string, unknown>[]>;
  /** What PgBouncer printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  'PgBouncer is not installed. The PgBouncer tests run the API through a real PgBouncer in transaction mode; install it with ' +
  '`apt-get install pgbouncer` (Debian/Ubuntu; as non-root: `sudo apt-get install pgbouncer`), or set PGBOUNCER to the path of a pgbouncer binary.';

/** The pgbouncer binary: $PGBOUNCER, else the first on PATH or in the usual sbin directories (Debian: /usr/sbin). */
export function pgbouncerBinary(): string | undefined {
  if (process.env.PGBOUNCER) return existsSync(process.env.PGBOUNCER) ? process.env.PGBOUNCER : undefined;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'];
  return dirs.map((d) => path.join(d, 'pgbouncer')).find((p) => existsSync(p));
}

/** `pgbouncer --version`'s first line, "PgBouncer 1.18.0", as [1, 18, 0]. */
export function pgbouncerVersion(bin: string): number[] {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /PgBouncer (\d+)\.(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new Error(`cannot read the version of ${bin}: ${out.split('\n')[0]}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/**
 * Starts PgBouncer on a free loopback port in front of the server at `serverUrl` (its superuser URL, e.g.
 * TEST_PG_ADMIN_URL), in transaction mode with `poolSize` server connections per database. Clients log in without a
 * password (auth_type = any); PgBouncer logs in to the server as the user and password of `serverUrl`.
 * As root it runs as the `postgres` OS user (PgBouncer refuses root), like the embedded PostgreSQL.
 */
export async function startPgBouncer(serverUrl: string, opts: { poolSize?: number } = {}): Promise<PgBouncer> {
  const bin = pgbouncerBinary();
  if (!bin) throw new Error(INSTALL_HINT);
  const poolSize = opts.poolSize ?? 3;
  const version = pgbouncerVersion(bin);
  const preparedStatements = version[0]! > 1 || (version[0] === 1 && version[1]! >= 21);
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  // PgBouncer refuses to run as root: then it runs as the `postgres` OS user (as the embedded PostgreSQL does).
  const owner = postgresUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'selvbook-pgbouncer-'));
  const port = await freePort();
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const ini = [
    '[databases]',
    // The fallback entry: any database name is the server's database of that name, as `user` (auth_type = any needs a user here).
    `* = host=${server.hostname} port=${server.port || '5432'} user=${user} password=${quote(password)}`,
    '',
    '[pgbouncer]',
    'pool_mode = transaction',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = any',
    `admin_users = ${user}`,
    `default_pool_size = ${poolSize}`,
    'min_pool_size = 0',
    'reserve_pool_size = 0',
    'max_client_conn = 500',
    // node-postgres sends no startup parameter PgBouncer rejects; these two are what other drivers (JDBC, psql
    // options) send, listed so the setting is the one a deployment would use.
    'ignore_startup_parameters = extra_float_digits,options',
    // Fail fast instead of PgBouncer's 120 s default if the pool ever starves (a test then fails, it does not hang).
    'query_wait_timeout = 20',
    // PgBouncer ≥ 1.21 tracks named prepared statements per client and prepares them on the server connection it picks.
    ...(preparedStatements ? ['max_prepared_statements = 200'] : []),
    `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
    '',
  ].join('\n');
  const iniFile = path.join(dir, 'pgbouncer.ini');
  await fs.writeFile(iniFile, ini, { mode: 0o600 });
  if (owner.uid !== undefined) {
    await fs.chown(dir, owner.uid, owner.gid!);
    await fs.chown(iniFile, owner.uid, owner.gid!);
  }

  let output = '';
  const child: ChildProcess = spawn(bin, [iniFile], { ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  let exited: string | undefined;
  const exitedPromise = new Promise<void>((resolve) => child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
    resolve();
  }));
  child.on('error', (err) => (exited = `could not start: ${err.message}`));
  // A crashed test process must not leave PgBouncer running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM'); // immediate shutdown
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exitedPromise, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (!exited) {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    }
    await fs.rm(dir, { recursive: true, force: true });
  };

  const urlFor = (database: string) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
  try {
    // Ready when it answers a query through the pool (to the server's own `postgres` database).
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (exited) throw new Error(`pgbouncer ${exited}`);
      const c = new Client({ connectionString: urlFor(server.pathname.slice(1) || 'postgres') });
      try {
        await c.connect();
        await c.query('SELECT 1');
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`pgbouncer did not answer within 15 s: ${(err as Error).message}`, { cause: err });
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await c.end().catch(() => undefined);
      }
    }
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- pgbouncer (${bin}) output ---\n${output}`, { cause: err });
  }

  return {
    urlFor,
    via: (directUrl: string) => urlFor(new URL(directUrl).pathname.slice(1)),
    poolSize,
    version,
    preparedStatements,
    admin: async (command: string) => {
      const c = new Client({ connectionString: urlFor('pgbouncer') });
      await c.connect();
      try {
        // Without parameters node-postgres uses the simple query protocol, the only one the admin console speaks.
        return (await c.query(command)).rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    },
    log: () => output,
    stop,
  };
}

