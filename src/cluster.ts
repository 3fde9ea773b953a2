import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pino from 'pino';
import { loadConfig } from './config';
import { type Database, openDatabase } from './db/bootstrap';
import { seedDemo } from './db/seed-demo';
import { exitOnStartupFailure } from './startup-error';

/**
 * All CPU cores of one host: `node dist/src/cluster.js` (npm run start:cluster) forks one worker per core
 * (CLUSTER_WORKERS to choose), each running the same server as `node dist/src/main.js`; the workers share
 * the listening port (node:cluster hands connections out round-robin).
 *
 * The API is stateless — every request reads what it needs from PostgreSQL, idempotency keys and row locks
 * live in the database, DataLoaders are per request — so any worker (or any instance behind a load balancer)
 * can serve any request. Only process-level chores happen once, here in the primary, before any worker starts:
 * - Decision: without DATABASE_URL the primary starts the embedded PostgreSQL once (development only, as for
 *   main.ts) and hands its URL to the workers; with DATABASE_URL the primary applies the migrations once, so
 *   the workers find nothing to migrate and never race each other doing it.
 * - Demo data is seeded once by the primary (SEED_DEMO), never by the workers.
 * - A read replica (DATABASE_READ_URL) is opened by each worker for its own requests (main.ts; the workers inherit
 *   the environment); the primary process serves no requests and never opens it.
 * The daily transitions scheduler runs in every worker; it is built to run safely in several instances at
 * once (docs/lifecycle.md), which is also what N hosts behind a load balancer need.
 *
 * On SIGTERM/SIGINT the primary passes the signal to every worker (each drains its requests, main.ts), waits
 * for them, then stops the embedded database. A worker that dies otherwise is replaced.
 */
async function primary(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { service: 'selvbook-api', role: 'primary' } });
  if (config.nodeEnv === 'production' && !config.databaseUrl) {
    throw new Error('DATABASE_URL is required with NODE_ENV=production: the embedded PostgreSQL is for development only');
  }
  const workers = Math.max(1, Number(process.env.CLUSTER_WORKERS ?? 0) || os.availableParallelism());
  const db: Database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, log: (m) => log.debug({ postgres: m }),
    notice: (level, msg) => log[level]({ component: 'embedded-postgres' }, msg) });
  if (config.seedDemo) {
    const seeded = await seedDemo(db.ds);
    if (seeded) log.info(seeded, 'demo data seeded');
  }
  const databaseUrl = db.url;
  await db.ds.destroy(); // the primary serves no requests; its pool would only hold connections
  // IN-2: one cursor key for all workers, so a page's cursor works on whichever worker gets the next request.
  const env = { DATABASE_URL: databaseUrl, SEED_DEMO: 'false', CLUSTER_WORKER: '1', CURSOR_SECRET: config.cursorSecret ?? randomBytes(32).toString('base64url') };

  let stopping = false;
  const fork = () => cluster.fork(env);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < workers; i++) fork();
  log.info({ workers, port: config.port, embedded: !!db.embedded }, 'cluster started');

  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping workers');
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    await Promise.all(alive.map((w) => new Promise<void>((resolve) => {
      w!.once('exit', () => resolve());
      w!.process.kill(signal);
    })));
    if (db.embedded) await db.embedded.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (cluster.isPrimary) {
  primary().catch(exitOnStartupFailure);
} else {
  // A worker is the ordinary server (main.ts starts on import) on the database the primary opened.
  import('./main').catch(exitOnStartupFailure);
}
