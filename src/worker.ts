import pino from 'pino';
import { loadConfig } from './config';
import { openDatabase } from './db/bootstrap';
import { startWebhookWorker } from './domain/webhooks/webhooks.worker';

/**
 * `npm run worker`: the webhook deliveries (docs/webhooks.md) in their own process, beside API processes started
 * with WEBHOOKS_WORKER=off. Same configuration as the API (DATABASE_URL, WEBHOOKS_*); several may run at once.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { service: 'selvbook-worker' } });
  if (config.nodeEnv === 'production' && !config.databaseUrl) throw new Error('DATABASE_URL is required with NODE_ENV=production');
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.webhooks.concurrency + 2, preparedStatements: config.dbPreparedStatements, log: (m) => log.debug({ postgres: m }) });
  const worker = await startWebhookWorker(db.ds, config.webhooks, log.child({ component: 'webhooks' }));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping: finishing deliveries in flight');
    await worker.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
