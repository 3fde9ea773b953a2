import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { Logger as WorkerLogger, type Runner, type Task, run, runMigrations } from 'graphile-worker';
import type { DataSource } from 'typeorm';
import { FUND_EVENT_TYPES, FUND_FEED_AFTER_SQL } from '../events/fund-events.service';
import { DELIVER_TASK, enqueueMembers } from './webhooks.service';
import { DeliveryAddressRefused, type Resolver, bareHost, checkDeliveryHost, checkedLookup } from './receiver-address';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, type RetryPolicy, SIGNATURE_HEADER, backoffMs, isAcknowledged, signatureHeader } from './webhooks.rules';

/** WEBHOOKS_* settings (src/config.ts, docs/webhooks.md). */
export interface WebhookWorkerSettings extends RetryPolicy {
  /** WEBHOOKS_TIMEOUT_MS: one attempt's limit (connect, send, response headers and body). */
  timeoutMs: number;
  /** WEBHOOKS_DISPATCH_INTERVAL_MS: how often the dispatcher reads new events from the log. */
  dispatchIntervalMs: number;
  /** WEBHOOKS_CONCURRENCY: deliveries in flight at once (different members; one member is always serial). */
  concurrency: number;
  /**
   * WEBHOOKS_RECOVER_AFTER_MS: a member's pending delivery this much overdue (its job was lost with a killed worker)
   * is enqueued again by the dispatcher.
   */
  recoverAfterMs: number;
  /**
   * Development (NODE_ENV is not production): deliveries may go to loopback receivers at 127.0.0.1, [::1] or
   * localhost (the development exception of checkReceiverUrl). Otherwise every internal address is refused on
   * each attempt (checkDeliveryHost, in the connection's lookup: post).
   */
  development: boolean;
  /** How the receiver's host is resolved on each attempt, for the check and the connection alike (tests inject one); default dns.promises.lookup. */
  resolver?: Resolver;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookWorkerSettings = {
  maxAttempts: 12, backoffBaseMs: 10_000, backoffMaxMs: 3_600_000, timeoutMs: 10_000, dispatchIntervalMs: 1_000, concurrency: 5, recoverAfterMs: 60_000, development: false,
};

/** Events moved from the log to deliveries per subscription and dispatcher transaction. */
const DISPATCH_BATCH = 500;

/** A pg.Pool on the same database as `ds` (graphile-worker holds its own connections, including one LISTENing). */
function poolFor(ds: DataSource, max: number): Pool {
  const url = (ds.options as { url?: string }).url;
  if (!url) throw new Error('webhooks: the DataSource has no url');
  const pool = new Pool({ connectionString: url, max, application_name: 'selvbook-webhooks' });
  // A dropped connection (server restart) must not crash the process: pg reports it here, and the worker reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Installs or upgrades graphile-worker's own schema (graphile_worker.*) with its migrations; idempotent and safe
 * with several processes (it takes an advisory lock). Memoised: the API runs it once, before its first enqueue.
 */
export function jobSchemaInstaller(ds: DataSource): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= (async () => {
      const pool = poolFor(ds, 1);
      try {
        await runMigrations({ pgPool: pool, logger: workerLogger(undefined) });
      } finally {
        await pool.end();
      }
    })().catch((err) => {
      done = undefined;
      throw err;
    });
    return done;
  };
}

/**
 * The dispatcher: for each active subscription, reads the fund's new events from the log exactly as the EV-2 feed
 * does (same fund, same types, (tx_id, seq) order, only below the snapshot's xmin so an event that commits late is
 * never skipped), records one delivery per event, moves the subscription's position and enqueues the members'
 * jobs — all in one transaction, so an event is either dispatched with its job or not at all (nothing lost, no
 * duplicate: UNIQUE (subscription, event)). Subscriptions are locked SKIP LOCKED, so several processes may run it.
 * Returns the number of deliveries recorded.
 */
async function dispatchOnce(ds: DataSource, recoverAfterMs = DEFAULT_WEBHOOK_SETTINGS.recoverAfterMs): Promise<number> {
  let total = 0;
  for (;;) {
    const { count, more } = await ds.transaction(async (em) => {
      const subs: { id: string; unemployment_fund_id: string; cursor_tx: string; cursor_seq: string }[] = await em.query(
        `SELECT id, unemployment_fund_id, cursor_tx::text AS cursor_tx, cursor_seq::text AS cursor_seq
           FROM webhook_subscription WHERE active ORDER BY id FOR UPDATE SKIP LOCKED`);
      let n = 0;
      let again = false;
      for (const s of subs) {
        const events: { id: string; citizen_id: string | null; tx_id: string; seq: string }[] = await em.query(
          `SELECT e.id, e.citizen_id, e.tx_id::text AS tx_id, e.seq::text AS seq ${FUND_FEED_AFTER_SQL}`,
          [s.unemployment_fund_id, FUND_EVENT_TYPES, s.cursor_tx, s.cursor_seq, DISPATCH_BATCH]);
        if (events.length === 0) continue;
        await em.query(
          `INSERT INTO webhook_delivery (subscription_id, event_id, citizen_id, event_tx, event_seq)
           SELECT $1, x.id, x.citizen_id, x.tx::xid8, x.seq
             FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::bigint[]) AS x(id, citizen_id, tx, seq)
           ON CONFLICT (subscription_id, event_id) DO NOTHING`,
          [s.id, events.map((e) => e.id), events.map((e) => e.citizen_id), events.map((e) => e.tx_id), events.map((e) => e.seq)]);
        const last = events[events.length - 1]!;
        await em.query(`UPDATE webhook_subscription SET cursor_tx = $2::xid8, cursor_seq = $3 WHERE id = $1`, [s.id, last.tx_id, last.seq]);
        await enqueueMembers(em, s.id, events.map((e) => e.citizen_id));
        n += events.length;
        if (events.length === DISPATCH_BATCH) again = true;
      }
      return { count: n, more: again };
    });
    total += count;
    if (!more) break;
  }
  await recoverOverdue(ds, recoverAfterMs);
  return total;
}

/**
 * Crash recovery: a member whose first pending delivery is overdue by `recoverAfterMs` (never attempted, or its
 * retry time long past) has lost its job — the worker running it was killed. Enqueue it again (preserve_run_at: a
 * job still waiting keeps its time). Members held behind a FAILED delivery are left alone.
 */
async function recoverOverdue(ds: DataSource, recoverAfterMs: number): Promise<void> {
  await ds.transaction(async (em) => {
    const rows: { subscription_id: string; c: string | null }[] = await em.query(
      `SELECT DISTINCT d.subscription_id, d.citizen_id::text AS c
         FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id AND s.active
        WHERE d.status = 'PENDING'
          AND coalesce(d.next_attempt_at, d.created_at) < now() - make_interval(secs => $1::float8 / 1000)
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery f WHERE f.subscription_id = d.subscription_id
                            AND f.citizen_id IS NOT DISTINCT FROM d.citizen_id AND f.status = 'FAILED')
        LIMIT 1000`, [recoverAfterMs]);
    const bySub = new Map<string, (string | null)[]>();
    for (const r of rows) bySub.set(r.subscription_id, [...(bySub.get(r.subscription_id) ?? []), r.c]);
    for (const [sub, members] of bySub) await enqueueMembers(em, sub, members);
  });
}

/** The JSON body POSTed for one event (docs/webhooks.md): the EV-2 feed's fields. */
function deliveryBody(e: { id: string; seq: string; type: string; occurred_at: Date; citizen_id: string | null; payload: unknown }, subscriptionId: string, deliveryId: string): string {
  return JSON.stringify({
    id: e.id, deliveryId, subscriptionId, sequence: e.seq, type: e.type, occurredAt: e.occurred_at.toISOString(), citizenId: e.citizen_id, payload: e.payload,
  });
}

/** Where an attempt may connect (the EV-2 check of the receiver's addresses, WebhookWorkerSettings). */
export interface ReceiverAddressPolicy {
  development: boolean;
  resolver?: Resolver;
}

/**
 * One HTTP attempt: the status code, or the error (timeout, refused, …), within `timeoutMs` — the whole attempt:
 * resolving and checking the receiver's addresses, connect, send, response headers and body. A redirect is not
 * followed (a 3xx is just its status).
 *
 * EV-2 (SSRF): the connection goes only to an address that was checked. node:http(s) `request` with a `lookup`
 * (checkedLookup) that resolves the host, checks every address and hands the connection only those; an IP-literal
 * URL (for which no lookup is made) is checked before connecting. A refusal is the attempt's error, with the
 * internal address for the log only. TLS still verifies the certificate against the URL's host name (the lookup
 * changes only where the socket connects; SNI and the name check use the host).
 *
 * Decision: when the time limit falls due, the attempt is aborted one turn of the event loop later (setImmediate
 * runs after the poll phase, where sockets are read), not at once. When this process is starved of CPU (load, GC)
 * the timer and the receiver's answer can fall due in the same pause; the timers phase runs first, so an answer
 * already waiting in the socket would be thrown away as a "timeout" and the event sent again, although the receiver
 * had acknowledged it (measured: docs/webhooks.md "At least once"). The extra turn costs nothing when the receiver
 * really is silent.
 */
export async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, policy: ReceiverAddressPolicy): Promise<{ status: number } | { error: string; internalAddress?: string }> {
  const ac = new AbortController();
  const timeout = `timeout after ${timeoutMs} ms`;
  const timer = setTimeout(() => setImmediate(() => ac.abort(new DOMException(timeout, 'TimeoutError'))), timeoutMs);
  try {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { error: 'EV-2: the receiver URL is not an absolute URL; refused' };
    }
    const send = u.protocol === 'https:' ? httpsRequest : u.protocol === 'http:' ? httpRequest : undefined;
    if (!send) return { error: `unsupported protocol ${u.protocol}` };
    if (isIP(bareHost(u.hostname)) !== 0) {
      const literal = await checkDeliveryHost(u.hostname, policy.development, policy.resolver);
      if (!literal.ok) return { error: literal.error, ...(literal.internalAddress ? { internalAddress: literal.internalAddress } : {}) };
    }
    const status = await new Promise<number>((resolve, reject) => {
      // Once the status line has come, it is the answer (as fetch's did): a body cut short or still arriving at the
      // time limit does not turn an acknowledged delivery into a failed attempt that would be sent again.
      let answered: number | undefined;
      const onAbort = () => (answered !== undefined ? resolve(answered) : reject(new DOMException(timeout, 'TimeoutError')));
      ac.signal.addEventListener('abort', onAbort, { once: true });
      const req = send(u, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: checkedLookup(u.hostname, policy.development, policy.resolver),
        signal: ac.signal,
      }, (res) => {
        // Read (and discard) the body within the same time limit, so the connection is freed; the status is the answer.
        answered = res.statusCode ?? 0;
        const done = () => resolve(answered!);
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
        res.resume();
      });
      req.on('error', reject);
      req.end(body);
    });
    return { status };
  } catch (err) {
    if (err instanceof DeliveryAddressRefused) {
      return { error: err.message, ...(err.check.internalAddress ? { internalAddress: err.check.internalAddress } : {}) };
    }
    const e = err as Error & { code?: string };
    if (ac.signal.aborted || e.name === 'TimeoutError' || e.name === 'AbortError') return { error: timeout };
    return { error: (e.code ?? e.message).slice(0, 500) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The member's job: sends the member's pending deliveries of one subscription in event order, one at a time. On a
 * non-2xx answer or an error it records the attempt and schedules itself again after the back-off; after
 * maxAttempts the delivery is FAILED and the member's later deliveries wait behind it (per-member order) until the
 * a-kasse redelivers or skips it (redeliverWebhookDelivery / skipWebhookDelivery).
 */
function deliverTask(ds: DataSource, settings: WebhookWorkerSettings, log: Logger): Task {
  return async (payload, helpers) => {
    const { subscriptionId, citizenId } = payload as { subscriptionId: string; citizenId: string | null };
    const key = `webhook:${subscriptionId}:${citizenId ?? 'none'}`;
    // One sender per member: a session advisory lock on a connection held for the job, released by PostgreSQL
    // when that connection ends, also when the process is killed.
    await helpers.withPgClient(async (lockClient) => {
      const { rows: [got] } = await lockClient.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]);
      if (!got.ok) {
        // Another job of this member is sending right now; look again shortly.
        await reschedule(helpers, subscriptionId, citizenId, new Date(Date.now() + Math.min(1000, settings.backoffBaseMs)));
        return;
      }
      try {
        await sendPending(ds, settings, log, helpers, subscriptionId, citizenId);
      } finally {
        await lockClient.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    });
  };
}

async function sendPending(ds: DataSource, settings: WebhookWorkerSettings, log: Logger, helpers: Parameters<Task>[1], subscriptionId: string, citizenId: string | null): Promise<void> {
    for (;;) {
      const [sub] = await ds.query(`SELECT id, url, secret, active FROM webhook_subscription WHERE id = $1`, [subscriptionId]);
      if (!sub || !sub.active) return; // deleted, or paused (resuming enqueues the members again)
      const [d] = await ds.query(
        `SELECT d.id, d.status, d.attempts, d.next_attempt_at, e.id AS event_id, e.seq::text AS seq, e.type, e.occurred_at, e.citizen_id, e.payload
           FROM webhook_delivery d JOIN domain_event e ON e.id = d.event_id
          WHERE d.subscription_id = $1 AND d.citizen_id IS NOT DISTINCT FROM $2::uuid AND d.status IN ('PENDING', 'FAILED')
          ORDER BY d.event_tx, d.event_seq LIMIT 1`, [subscriptionId, citizenId]);
      if (!d || d.status === 'FAILED') return; // all sent, or held behind a failed one
      if (d.next_attempt_at && d.next_attempt_at.getTime() > Date.now()) {
        await reschedule(helpers, subscriptionId, citizenId, d.next_attempt_at);
        return;
      }
      const body = deliveryBody({ ...d, id: d.event_id }, subscriptionId, d.id);
      const timestamp = Math.floor(Date.now() / 1000);
      const sentAt = Date.now();
      // EV-2: the attempt connects only to the receiver's addresses checked for it (post: a name may resolve, or
      // come to resolve, to an internal address); a refusal is a failed attempt like any other, and nothing is sent.
      const sent = await post(sub.url, {
        'content-type': 'application/json',
        'user-agent': 'selvbook-webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(sub.secret, timestamp, body),
        [EVENT_ID_HEADER]: d.event_id,
        [DELIVERY_ID_HEADER]: d.id,
      }, body, settings.timeoutMs, settings);
      if ('internalAddress' in sent) {
        log.warn({ subscriptionId, deliveryId: d.id, address: sent.internalAddress }, 'webhook receiver resolves to an internal address; attempt refused');
      }
      const result = 'status' in sent ? sent : { error: sent.error };
      const attempts = d.attempts + 1;
      log.debug({ subscriptionId, deliveryId: d.id, eventId: d.event_id, attempt: attempts, ms: Date.now() - sentAt, ...result }, 'webhook attempt');
      if ('status' in result && isAcknowledged(result.status)) {
        await ds.query(`UPDATE webhook_delivery SET status = 'DELIVERED', attempts = $2, last_attempt_at = now(), last_status_code = $3, last_error = NULL, next_attempt_at = NULL, delivered_at = now() WHERE id = $1`,
          [d.id, attempts, result.status]);
        continue;
      }
      const error = 'status' in result ? `HTTP ${result.status}` : result.error;
      const statusCode = 'status' in result ? result.status : null;
      if (attempts >= settings.maxAttempts) {
        await ds.query(`UPDATE webhook_delivery SET status = 'FAILED', attempts = $2, last_attempt_at = now(), last_status_code = $3, last_error = $4, next_attempt_at = NULL WHERE id = $1`,
          [d.id, attempts, statusCode, error]);
        log.warn({ subscriptionId, deliveryId: d.id, attempts, error }, 'webhook delivery failed; the member\'s later events wait until it is redelivered or skipped');
        return;
      }
      const next = new Date(Date.now() + backoffMs(settings, attempts));
      await ds.query(`UPDATE webhook_delivery SET attempts = $2, last_attempt_at = now(), last_status_code = $3, last_error = $4, next_attempt_at = $5 WHERE id = $1`,
        [d.id, attempts, statusCode, error, next]);
      await reschedule(helpers, subscriptionId, citizenId, next);
      return;
    }
}

async function reschedule(helpers: Parameters<Task>[1], subscriptionId: string, citizenId: string | null, at: Date): Promise<void> {
  const key = `webhook:${subscriptionId}:${citizenId ?? 'none'}`;
  await helpers.addJob(DELIVER_TASK, { subscriptionId, citizenId }, { jobKey: key, jobKeyMode: 'replace', runAt: at, maxAttempts: 25 });
}

export interface WebhookWorker {
  /** Runs the dispatcher now (tests; the worker also runs it every dispatchIntervalMs). */
  dispatchNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the webhook worker: graphile-worker (its schema installed or upgraded first) running the members'
 * delivery jobs, and the dispatcher every dispatchIntervalMs. In the API process (WEBHOOKS_WORKER=in-process) or
 * its own (`npm run worker`); several may run at once.
 */
export async function startWebhookWorker(ds: DataSource, settings: WebhookWorkerSettings, log: Logger): Promise<WebhookWorker> {
  // Per running job: the member's lock connection and one more to enqueue; plus LISTEN and the job fetches.
  const pool = poolFor(ds, settings.concurrency * 2 + 3);
  let runner: Runner | undefined;
  try {
    await runMigrations({ pgPool: pool, logger: workerLogger(log) });
    runner = await run({
      pgPool: pool, concurrency: settings.concurrency, noHandleSignals: true,
      // A retry due later is found by polling (jobs due now are announced by LISTEN/NOTIFY): poll at least as often as the shortest back-off.
      pollInterval: Math.min(2000, Math.max(50, settings.backoffBaseMs)),
      taskList: { [DELIVER_TASK]: deliverTask(ds, settings, log) },
      logger: workerLogger(log),
    });
  } catch (err) {
    await pool.end();
    throw err;
  }
  let running: Promise<number> | undefined;
  const dispatchNow = () => {
    running ??= dispatchOnce(ds, settings.recoverAfterMs).finally(() => { running = undefined; });
    return running;
  };
  const timer = setInterval(() => {
    dispatchNow().catch((err) => log.error({ err }, 'webhook dispatcher failed; retrying on the next tick'));
  }, settings.dispatchIntervalMs);
  timer.unref();
  log.info({ concurrency: settings.concurrency }, 'webhook worker started');
  return {
    dispatchNow,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
      await runner!.stop();
      await pool.end();
    },
  };
}

/** graphile-worker's log lines into pino (debug and info at debug: a line per job would drown the API's log). */
function workerLogger(log: Logger | undefined): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    if (!log) return;
    const fields = { component: 'graphile-worker', ...scope, ...meta };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else log.debug(fields, message);
  });
}
