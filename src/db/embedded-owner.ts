import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from '../startup-error';

/**
 * Who owns the embedded PostgreSQL of a data directory (docs/operations.md, "Crash recovery of the embedded database").
 *
 * PostgreSQL's own lock file `<dataDir>/pg/postmaster.pid` says a postmaster runs on the directory; ours,
 * `<dataDir>/pg-owner.json`, says which API process started it. After a `kill -9` (or an OOM kill) of the API
 * process, its embedded PostgreSQL lives on with parent PID 1 and holds the lock file, so the next start on the
 * same directory failed. Before starting, `reclaimDataDir` therefore decides:
 * - no postmaster, or the lock file names a dead process (or a PID reused by something that is not postgres):
 *   start as usual (PostgreSQL itself replaces a stale lock file of a dead PID);
 * - a live postmaster whose owner (the API process that started it) is alive: refuse with one clear line —
 *   two servers must not share a data directory;
 * - a live postmaster that our file names (its PID) and whose owner is dead: a leftover; stop it with a
 *   fast shutdown (SIGINT: open transactions roll back, a checkpoint is written), falling back to an immediate
 *   shutdown (SIGQUIT: WAL recovery at the next start) if it does not stop in time, then start as usual.
 * Decision: stop rather than reuse the leftover server — it listens on the dead process's port and was started
 * with that process's flags; a fresh start costs a second and brings the directory back to a known state.
 * Decision: a live postmaster that our file does not name was not started by this API (e.g. `pg_ctl start` by hand
 * to inspect the data, which is re-parented to PID 1 just like a leftover); it is refused with how to stop it,
 * never stopped by us.
 */
const OWNER_FILE = 'pg-owner.json';

interface Owner {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux /proc), to tell a live owner from a reused PID. */
  startTicks?: number;
  startedAt: string;
  /** The postmaster it started (the first line of postmaster.pid then). */
  postgresPid: number;
  port: number;
}

interface ProcInfo {
  comm: string;
  ppid: number;
  startTicks: number;
}

/** Alive as far as signals tell (EPERM: alive, but another user's). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux /proc/<pid>/stat: command name, parent PID and start time; undefined elsewhere or when gone. */
function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid … starttime(22nd field)"; comm may hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const rest = stat.slice(close + 2).split(' ');
    return { comm, ppid: Number(rest[1]), startTicks: Number(rest[19]) };
  } catch {
    return undefined;
  }
}

function readPostmasterPid(databaseDir: string): { pid: number; port: number } | undefined {
  const file = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]) } : undefined;
}

function ownerPath(databaseDir: string): string {
  return path.join(path.dirname(databaseDir), OWNER_FILE);
}

function readOwner(databaseDir: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(ownerPath(databaseDir), 'utf8')) as Owner;
    return Number.isInteger(o.pid) ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the recorded owner still runs (the same process, not a later one that got its PID). */
function ownerAlive(owner: Owner): boolean {
  if (owner.pid === process.pid) return false; // a previous run of this PID (e.g. a restarted container): not alive as owner
  if (!processAlive(owner.pid)) return false;
  const info = procInfo(owner.pid);
  return !(info && owner.startTicks !== undefined && info.startTicks !== owner.startTicks);
}

/** Called once our postmaster runs: records this process as its owner. */
export async function recordOwner(databaseDir: string, port: number): Promise<void> {
  const postgresPid = readPostmasterPid(databaseDir)?.pid ?? 0;
  const owner: Owner = { pid: process.pid, startTicks: procInfo(process.pid)?.startTicks, startedAt: new Date().toISOString(), postgresPid, port };
  await fs.writeFile(ownerPath(databaseDir), `${JSON.stringify(owner)}\n`);
}

/** Removes our owner file, only if it is ours (another process may have taken the directory over since). */
export async function releaseOwner(databaseDir: string): Promise<void> {
  if (readOwner(databaseDir)?.pid === process.pid) await fs.rm(ownerPath(databaseDir), { force: true });
}

export interface ReclaimOptions {
  log: (level: 'warn' | 'info', msg: string) => void;
  /** How long a fast shutdown may take before the immediate one (default 30 s). */
  fastShutdownMs?: number;
}

/** Decides what to do with a PostgreSQL already running on `databaseDir` (see the module comment). */
export async function reclaimDataDir(databaseDir: string, opts: ReclaimOptions): Promise<'free' | 'stopped-leftover'> {
  const lock = readPostmasterPid(databaseDir);
  if (!lock || !processAlive(lock.pid)) return 'free';
  const pm = procInfo(lock.pid);
  if (pm && pm.comm !== 'postgres') {
    // The PID was reused by another program: the lock file is stale, and PostgreSQL would refuse it as in use.
    opts.log('warn', `embedded PostgreSQL: removing the stale lock file of PID ${lock.pid} (now "${pm.comm}", not postgres)`);
    await fs.rm(path.join(databaseDir, 'postmaster.pid'), { force: true });
    return 'free';
  }
  const owner = readOwner(databaseDir);
  const dataDir = path.dirname(databaseDir);
  if (owner && ownerAlive(owner)) {
    throw new StartupError(
      `the data directory ${dataDir} is in use by the running API process ${owner.pid} (its embedded PostgreSQL is PID ${lock.pid}, port ${lock.port})`,
      `stop that process first (kill ${owner.pid}), or start this one with another DATA_DIR or a DATABASE_URL`,
    );
  }
  if (owner?.postgresPid !== lock.pid) {
    throw new StartupError(
      `a PostgreSQL (PID ${lock.pid}, port ${lock.port}) that this API did not start is running on the data directory ${dataDir}`,
      `stop it (kill -INT ${lock.pid}, or pg_ctl stop -D ${databaseDir} as its user), or start this one with another DATA_DIR or a DATABASE_URL`,
    );
  }
  opts.log('warn', `embedded PostgreSQL PID ${lock.pid} (port ${lock.port}) was left running by API process ${owner.pid}, which is gone: stopping it (fast shutdown) before starting`);
  await stopPostmaster(lock.pid, opts.fastShutdownMs ?? 30_000);
  await fs.rm(ownerPath(databaseDir), { force: true });
  opts.log('info', `embedded PostgreSQL PID ${lock.pid} stopped`);
  return 'stopped-leftover';
}

async function stopPostmaster(pid: number, fastMs: number): Promise<void> {
  const gone = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!processAlive(pid)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return !processAlive(pid);
  };
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw new StartupError(`cannot stop the leftover embedded PostgreSQL PID ${pid}: ${(err as Error).message}`, `stop it as its owner (kill -INT ${pid}) and start again`);
  }
  if (await gone(fastMs)) return;
  process.kill(pid, 'SIGQUIT'); // immediate shutdown; WAL recovery on the next start
  if (await gone(10_000)) return;
  throw new StartupError(`the leftover embedded PostgreSQL PID ${pid} did not stop within ${Math.round(fastMs / 1000) + 10} s`, `stop it by hand (kill -9 ${pid}) and start again`);
}
