/**
 * The daily transition run by command, for operations and tests:
 *
 *   npm run transitions -- --date 2026-12-01 [--batch-size 1000]
 *   node dist/scripts/transitions.js --date 2026-12-01      (compiled, e.g. in the container)
 *
 * Uses DATABASE_URL, or (like `npm start`) the embedded PostgreSQL in DATA_DIR when it is not set — then the
 * server must not be running on the same data directory. Without --date it runs for today in Europe/Copenhagen.
 * Prints one JSON line with what this process did. Safe to run while the server (or other runs) are running.
 * A --date after today is refused before anything is opened (issue 11, item 8: a run half a year ahead deregistered
 * citizens whose deadlines had not passed); catching up on past days is allowed.
 */
import 'reflect-metadata';
import { Temporal } from 'temporal-polyfill';
import { loadConfig } from '../src/config';
import { DEFAULT_BATCH_SIZE } from '../src/domain/lifecycle/transitions';
import { openDatabase } from '../src/db/bootstrap';
import { systemClock } from '../src/domain/shared/clock';
import { LifecycleService } from '../src/domain/lifecycle/lifecycle.service';
import { futureTransitionDateRefusal } from '../src/domain/lifecycle/lifecycle.rules';
import { StartupError, exitOnStartupFailure } from '../src/startup-error';

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const dateArg = arg('date');
  const usage = 'npm run transitions -- [--date YYYY-MM-DD (today or earlier)] [--batch-size 1–5000]';
  if (dateArg !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(dateArg)) throw new StartupError(`--date must be YYYY-MM-DD, got '${dateArg}'`, usage);
  let date: Temporal.PlainDate;
  try {
    date = dateArg ? Temporal.PlainDate.from(dateArg, { overflow: 'reject' }) : systemClock.today();
  } catch {
    throw new StartupError(`--date ${dateArg} is not a calendar date`, usage);
  }
  const refusal = futureTransitionDateRefusal(date, systemClock.today());
  if (refusal) throw new StartupError(refusal, 'nothing was changed; the scheduler runs each day when it comes');
  const batchSize = Number(arg('batch-size') ?? DEFAULT_BATCH_SIZE);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw new StartupError('--batch-size must be 1–5000', usage);
  const config = loadConfig();
  const db = await openDatabase({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4,
    notice: (level, msg) => process.stderr.write(`${level}: ${msg}\n`), // e.g. a leftover embedded PostgreSQL stopped
  });
  try {
    const counts = await new LifecycleService(db.ds).runDailyTransitions({
      date, clock: systemClock, runner: `command:${process.pid}`, batchSize,
    });
    process.stdout.write(`${JSON.stringify({ date: date.toString(), ...counts })}\n`);
  } finally {
    await db.close();
  }
}

main().catch((err) => exitOnStartupFailure(err, 'transitions failed'));
