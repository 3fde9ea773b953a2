import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 item 3 (EV-2 pushed): an a-kasse's webhook subscriptions and the deliveries of its members' events.
 *
 * - webhook_subscription: the receiver's URL, the signing secret (kept readable: the server must sign with it),
 *   and the dispatcher's position in the event log — the same (tx_id, seq) cursor as the EV-2 feed, so the
 *   subscription receives exactly the events the feed shows and never skips one that committed late.
 * - webhook_delivery: one row per (subscription, event), written in the same transaction that moves the cursor
 *   and enqueues the member's graphile-worker job, so nothing is lost between the log and the queue.
 */
export class Webhooks1700010000000 implements MigrationInterface {
  name = 'Webhooks1700010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unemployment_fund_id uuid NOT NULL REFERENCES unemployment_fund(id),
        url text NOT NULL,
        description text NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        cursor_tx xid8 NOT NULL,
        cursor_seq bigint NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        secret_rotated_at timestamptz NULL,
        disabled_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX webhook_subscription_fund_idx ON webhook_subscription (unemployment_fund_id)`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscription(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES domain_event(id),
        citizen_id uuid NULL,
        event_tx xid8 NOT NULL,
        event_seq bigint NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED')),
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz NULL,
        last_status_code int NULL,
        last_error text NULL,
        next_attempt_at timestamptz NULL,
        delivered_at timestamptz NULL,
        UNIQUE (subscription_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_member_idx ON webhook_delivery (subscription_id, citizen_id, event_tx, event_seq)`);
    await q.query(`CREATE INDEX webhook_delivery_list_idx ON webhook_delivery (subscription_id, event_tx, event_seq)`);
    // The dispatcher's crash-recovery sweep and the held-member check read the open deliveries only.
    await q.query(`CREATE INDEX webhook_delivery_open_idx ON webhook_delivery (subscription_id, citizen_id) WHERE status IN ('PENDING', 'FAILED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS webhook_subscription`);
  }
}
