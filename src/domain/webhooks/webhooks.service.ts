import type { EntityManager } from 'typeorm';
import { markCitizenChanged } from '../../audit/access-log';
import { fund, requirePolicy } from '../../auth/policy';
import { BadInputError } from '../shared/errors';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { decodeCursor, encodeCursor } from '../shared/pagination';
import { checkReceiverUrl, newSecret } from './webhooks.rules';
import type { UnemploymentFundEventType, WebhookDeliveryStatus, WebhookErrorCode } from '../../generated/enums';

/** Task names in graphile-worker (src/domain/webhooks/webhooks.worker.ts). */
export const DELIVER_TASK = 'webhook_deliver';

/** A subscription as its a-kasse sees it (never the secret, which is shown once). */
export interface WebhookSubscriptionView {
  id: string;
  url: string;
  description: string | null;
  active: boolean;
  createdAt: string;
  secretRotatedAt: string | null;
  disabledAt: string | null;
  pendingCount: number;
  failedCount: number;
  deliveredCount: number;
}

/** One delivery (one event to one subscription). */
export interface WebhookDeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: UnemploymentFundEventType;
  citizenId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

type FundActor = { kind: 'UNEMPLOYMENT_FUND'; unemploymentFundId: string; userId: string };

const SUBSCRIPTION_SQL = `
  SELECT s.id, s.url, s.description, s.active, s.created_at, s.secret_rotated_at, s.disabled_at,
         (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'PENDING')::int AS pending,
         (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'FAILED')::int AS failed,
         (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'DELIVERED')::int AS delivered
    FROM webhook_subscription s`;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A row of SUBSCRIPTION_SQL. */
interface SubscriptionRow {
  id: string; url: string; description: string | null; active: boolean; created_at: Date; secret_rotated_at: Date | null;
  disabled_at: Date | null; pending: number; failed: number; delivered: number;
}

/** A webhook_delivery row with its event's type (the feed's types only: deliveries are made from FUND_FEED_AFTER_SQL). */
interface DeliveryRow {
  id: string; subscription_id: string; event_id: string; type: UnemploymentFundEventType; citizen_id: string | null;
  status: WebhookDeliveryStatus; attempts: number; last_attempt_at: Date | null; last_status_code: number | null;
  last_error: string | null; next_attempt_at: Date | null; delivered_at: Date | null; created_at: Date;
}

function toSubscription(r: SubscriptionRow): WebhookSubscriptionView {
  return {
    id: r.id, url: r.url, description: r.description, active: r.active, createdAt: r.created_at.toISOString(),
    secretRotatedAt: iso(r.secret_rotated_at), disabledAt: iso(r.disabled_at),
    pendingCount: r.pending, failedCount: r.failed, deliveredCount: r.delivered,
  };
}

function toDelivery(r: DeliveryRow): WebhookDeliveryView {
  return {
    id: r.id, subscriptionId: r.subscription_id, eventId: r.event_id, eventType: r.type, citizenId: r.citizen_id, status: r.status,
    attempts: r.attempts, lastAttemptAt: iso(r.last_attempt_at), lastStatusCode: r.last_status_code, lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at), deliveredAt: iso(r.delivered_at), createdAt: r.created_at.toISOString(),
  };
}

/**
 * Enqueues the member's delivery job in the caller's transaction (graphile-worker's add_job SQL function), one job
 * per (subscription, member): job_key makes it at most one waiting job; the job itself holds the member's advisory
 * lock while it sends (webhooks.worker.ts), so a member's events go out one at a time, strictly in order.
 * `preserve_run_at` keeps a back-off already scheduled.
 *
 * Decision: no graphile-worker queue_name for the serial order — a named queue stays locked for 4 hours when the
 * worker running it is killed, which would stall that member's pushes; a PostgreSQL advisory lock is released the
 * moment the dead worker's connection closes.
 */
export async function enqueueMembers(em: Pick<EntityManager, 'query'>, subscriptionId: string, citizenIds: readonly (string | null)[]): Promise<void> {
  if (citizenIds.length === 0) return;
  await em.query(
    `SELECT graphile_worker.add_job($1, json_build_object('subscriptionId', $2::text, 'citizenId', c),
            job_key => 'webhook:' || $2 || ':' || coalesce(c, 'none'), job_key_mode => 'preserve_run_at', max_attempts => 25)
       FROM (SELECT DISTINCT unnest($3::text[]) AS c) m`,
    [DELIVER_TASK, subscriptionId, citizenIds],
  );
}

/**
 * Issue 14 item 3: an a-kasse's webhook subscriptions (docs/webhooks.md). The a-kasse's staff (actor
 * UNEMPLOYMENT_FUND) manage their own fund's subscriptions only; another fund's subscription reads as not found.
 * The deliveries themselves run in the worker (webhooks.worker.ts).
 */
export class WebhookService {
  /**
   * Holds no database handle: every call works on its request's `scope.db` (mutations through runInTransaction). The
   * worker (webhooks.worker.ts) keeps its own DataSource: it is the job engine's context, not a request's.
   */
  constructor(private readonly opts: { development: boolean; ensureJobSchema: () => Promise<void> }) {}

  private fundActor(scope: Scope): FundActor {
    // EV-2: webhook subscriptions are an a-kasse's, for its own members' events (policy `fund`).
    return requirePolicy<FundActor>(fund, scope.actor);
  }

  private async own(em: Pick<EntityManager, 'query'>, a: FundActor, id: string, lock = false): Promise<Record<string, unknown> | undefined> {
    const [row] = await em.query(`SELECT * FROM webhook_subscription WHERE id = $1 AND unemployment_fund_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, a.unemploymentFundId]);
    return row;
  }

  private async view(db: Pick<EntityManager, 'query'>, id: string): Promise<WebhookSubscriptionView> {
    const [r] = await db.query(`${SUBSCRIPTION_SQL} WHERE s.id = $1`, [id]);
    return toSubscription(r);
  }

  /**
   * Creates a subscription. It receives the events committed from now on (Decision: earlier events are in the
   * EV-2 feed; replaying history to a new URL is for the feed's cursor, not a push). The secret is returned once.
   */
  async create(scope: Scope, input: { url: string; description?: string | null }): Promise<Result<{ subscription: WebhookSubscriptionView; secret: string }, WebhookErrorCode>> {
    const a = this.fundActor(scope);
    const url = checkReceiverUrl(input.url, this.opts.development);
    if (!url.ok) return fail('INVALID_URL', `EV-2: url: ${url.reason}`, ['input', 'url']);
    const secret = newSecret();
    const [row] = await scope.db.query(
      `INSERT INTO webhook_subscription (unemployment_fund_id, url, description, secret, cursor_tx, cursor_seq, created_by, created_at)
       VALUES ($1, $2, $3, $4, pg_snapshot_xmin(pg_current_snapshot()), 0, $5, $6) RETURNING id`,
      [a.unemploymentFundId, url.url, input.description ?? null, secret, a.userId, new Date(scope.clock.now().epochMilliseconds)],
    );
    return ok({ subscription: await this.view(scope.db, row.id), secret });
  }

  /** The fund's subscriptions, oldest first. */
  async list(scope: Scope): Promise<WebhookSubscriptionView[]> {
    const a = this.fundActor(scope);
    const rows = await scope.db.query(`${SUBSCRIPTION_SQL} WHERE s.unemployment_fund_id = $1 ORDER BY s.created_at, s.id`, [a.unemploymentFundId]);
    return rows.map(toSubscription);
  }

  /** A new secret; the old one stops signing at once (the receiver must switch). Returned once. */
  async rotateSecret(scope: Scope, id: string): Promise<Result<{ subscription: WebhookSubscriptionView; secret: string }, WebhookErrorCode>> {
    const a = this.fundActor(scope);
    const secret = newSecret();
    const rows = await scope.db.query(
      `UPDATE webhook_subscription SET secret = $3, secret_rotated_at = $4 WHERE id = $1 AND unemployment_fund_id = $2 RETURNING id`,
      [id, a.unemploymentFundId, secret, new Date(scope.clock.now().epochMilliseconds)],
    );
    if (rows[0].length === 0) return notFound();
    return ok({ subscription: await this.view(scope.db, id), secret });
  }

  /**
   * Pauses (active=false) or resumes a subscription. Decision: pausing loses nothing — the dispatcher's position
   * stays where it was, and on resume every event since is delivered, in order.
   */
  async setActive(scope: Scope, id: string, active: boolean): Promise<Result<{ subscription: WebhookSubscriptionView }, WebhookErrorCode>> {
    const a = this.fundActor(scope);
    if (active) await this.opts.ensureJobSchema();
    // Without an idempotency key, runInTransaction adds no error code of its own (IDEMPOTENCY_KEY_REUSED, INVALID_INPUT).
    return runInTransaction<{ subscription: WebhookSubscriptionView }, WebhookErrorCode>(scope, { operation: 'setWebhookSubscriptionActive' }, async ({ db: em }) => {
      const row = await this.own(em, a, id, true);
      if (!row) return notFound();
      await em.query(`UPDATE webhook_subscription SET active = $2, disabled_at = CASE WHEN $2 THEN NULL ELSE $3::timestamptz END WHERE id = $1`,
        [id, active, new Date(scope.clock.now().epochMilliseconds)]);
      if (active && !row.active) {
        const members = await em.query(`SELECT DISTINCT citizen_id::text AS c FROM webhook_delivery WHERE subscription_id = $1 AND status = 'PENDING'`, [id]);
        await enqueueMembers(em, id, members.map((m: { c: string | null }) => m.c));
      }
      return ok({ subscription: await this.view(em, id) });
    }) as Promise<Result<{ subscription: WebhookSubscriptionView }, WebhookErrorCode>>;
  }

  /** Deletes the subscription and its delivery records; nothing more is sent to it. */
  async remove(scope: Scope, id: string): Promise<Result<{ deletedId: string }, WebhookErrorCode>> {
    const a = this.fundActor(scope);
    const rows = await scope.db.query(`DELETE FROM webhook_subscription WHERE id = $1 AND unemployment_fund_id = $2 RETURNING id`, [id, a.unemploymentFundId]);
    if (rows[0].length === 0) return notFound();
    return ok({ deletedId: id });
  }

  /** The subscription's deliveries in event order (newest last), optionally of one status; null when not the fund's. */
  async deliveries(scope: Scope, id: string, args: { status?: string | null; first: number; after?: string | null }): Promise<{ nodes: WebhookDeliveryView[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null> {
    const a = this.fundActor(scope);
    if (!(await this.own(scope.db, a, id))) return null;
    const limit = Math.max(1, Math.min(args.first, 500));
    const params: unknown[] = [id, limit + 1];
    let where = '';
    if (args.status) {
      params.push(args.status);
      where += ` AND d.status = $${params.length}`;
    }
    if (args.after) {
      const [tx, seq] = decodeCursor('webhookDeliveries', args.after);
      if (![tx, seq].every((x) => /^\d{1,19}$/.test(x!))) throw new BadInputError('EV-2: after: not a cursor returned by webhookDeliveries', 'after');
      params.push(tx, seq);
      where += ` AND (d.event_tx, d.event_seq) > ($${params.length - 1}::xid8, $${params.length}::bigint)`;
    }
    const rows = await scope.db.query(
      `SELECT d.*, d.event_tx::text AS tx, e.type FROM webhook_delivery d JOIN domain_event e ON e.id = d.event_id
        WHERE d.subscription_id = $1${where} ORDER BY d.event_tx, d.event_seq LIMIT $2`, params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const endCursor = last ? encodeCursor('webhookDeliveries', [last.tx, String(last.event_seq)]) : (args.after ?? null);
    return { nodes: page.map(toDelivery), pageInfo: { hasNextPage: rows.length > limit, endCursor } };
  }

  /**
   * A FAILED delivery is tried again from attempt 1 (`redeliver`) or given up (`skip`); either way the member's
   * later events, held back behind it (per-member order), go out after it.
   */
  async resolveFailed(scope: Scope, deliveryId: string, action: 'REDELIVER' | 'SKIP'): Promise<Result<{ delivery: WebhookDeliveryView }, WebhookErrorCode>> {
    const a = this.fundActor(scope);
    await this.opts.ensureJobSchema();
    const operation = action === 'SKIP' ? 'skipWebhookDelivery' : 'redeliverWebhookDelivery';
    // The member's data goes out again (or is given up): a CHANGE by the a-kasse in the access log (runInTransaction).
    return runInTransaction<{ delivery: WebhookDeliveryView }, WebhookErrorCode>(scope, { operation }, async ({ db: em }) => {
      const [d] = await em.query(
        `SELECT d.* FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
          WHERE d.id = $1 AND s.unemployment_fund_id = $2 FOR UPDATE OF d`, [deliveryId, a.unemploymentFundId]);
      if (!d) return fail('NOT_FOUND', 'EV-2: deliveryId: no such delivery of this a-kasse', ['input', 'deliveryId']);
      if (d.status !== 'FAILED') return fail('NOT_FAILED', 'EV-2: deliveryId: only a FAILED delivery can be redelivered or skipped', ['input', 'deliveryId']);
      if (action === 'SKIP') await em.query(`UPDATE webhook_delivery SET status = 'SKIPPED', next_attempt_at = NULL WHERE id = $1`, [deliveryId]);
      else await em.query(`UPDATE webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = NULL WHERE id = $1`, [deliveryId]);
      await enqueueMembers(em, d.subscription_id, [d.citizen_id]);
      if (d.citizen_id) markCitizenChanged(em, d.citizen_id);
      const [row] = await em.query(`SELECT d.*, e.type FROM webhook_delivery d JOIN domain_event e ON e.id = d.event_id WHERE d.id = $1`, [deliveryId]);
      return ok({ delivery: toDelivery(row) });
    }) as Promise<Result<{ delivery: WebhookDeliveryView }, WebhookErrorCode>>;
  }
}

function notFound() {
  return fail('NOT_FOUND' as const, 'EV-2: subscriptionId: no such webhook subscription of this a-kasse', ['input', 'subscriptionId']);
}
