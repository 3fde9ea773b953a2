import { Temporal } from 'temporal-polyfill';
import type { DataSource } from 'typeorm';
import { Citizen } from '../../entities';
import { hydrator, rowJsonSql } from '../../loaders/citizen-rows.loaders';
import { fund, requirePolicy } from '../../auth/policy';
import type { Actor } from '../shared/actor';
import { BadInputError } from '../shared/errors';
import type { UnemploymentFundEventType } from '../../generated/enums';
import type { Scope } from '../shared/scope';

/**
 * EV-1, RULES.md actors table: the events an a-kasse receives about its own members — the reportable events and
 * what it needs to judge benefit (registration, no-shows, joint interviews, the outage flag for a dispensation).
 * Letters, notifications and the jobcenter's case handling (deadlines, sanctions of other groups) are not for it.
 */
export const FUND_EVENT_TYPES: readonly UnemploymentFundEventType[] = [
  'DEREGISTERED', 'REREGISTERED', 'NO_SHOW', 'CONTACT_AFTER_NO_SHOW', 'JOINT_INTERVIEW_CALLED_IN', 'JOINT_INTERVIEW_OPT_OUT',
  'JOINT_INTERVIEW_FUND_DECISION', 'DEREGISTRATION_OUTAGE_FLAGGED',
  // CZ-1 … CZ-5: the member's registration and master data the portal needs.
  'REGISTERED', 'TARGET_GROUP_CHANGED', 'MEMBERSHIP_STARTED', 'MEMBERSHIP_ENDED', 'MOVED',
];

/** One event as the a-kasse portal reads it. */
export interface FundEventView {
  id: string;
  /** Position in the feed, opaque: pass as `after` to continue after this event. */
  cursor: string;
  seq: string;
  type: UnemploymentFundEventType;
  occurredAt: Temporal.Instant;
  citizenId: string;
  /**
   * CZ-4: the a-kasse the event was written for (the member's a-kasse when it happened). The feed delivers by it, so
   * a former member's events from before the membership moved are still delivered to the old a-kasse, none after.
   */
  unemploymentFundId: string;
  payload: Record<string, unknown>;
  /**
   * Issue 16.6: the member as read with the page (one statement instead of the feed's and the citizen loader's two);
   * null when the citizen row is gone, undefined when not read here (the resolver then uses the loader).
   */
  citizen?: Citizen | null;
}

interface Position {
  txId: string;
  seq: string;
}

const MAX_PAGE = 500;

/**
 * EV-2: what an a-kasse's feed holds after a position — the FROM … LIMIT of every reader of it (this feed, and the
 * webhook dispatcher, which must push exactly what the feed shows). Parameters: $1 the a-kasse, $2 FUND_EVENT_TYPES,
 * $3/$4 the position (tx_id, seq), $5 the limit. Why below the snapshot's xmin: see FundEventsService.
 */
export const FUND_FEED_AFTER_SQL = `FROM domain_event e
        WHERE e.unemployment_fund_id = $1 AND e.type = ANY($2::text[])
          AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (e.tx_id, e.seq) > ($3::xid8, $4::bigint)
        ORDER BY e.tx_id, e.seq
        LIMIT $5`;

/**
 * The cursor: base64url of the JSON text `["<tx_id>","<seq>"]`. Both are digit strings (xid8 and bigint as text), so
 * the text is built directly — the same bytes as JSON.stringify([txId, seq]) (test/unit/fund-feed.test.ts).
 */
export function encode(p: Position): string {
  return Buffer.from(`["${p.txId}","${p.seq}"]`).toString('base64url');
}

export function decode(cursor: string): Position {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string' && /^\d{1,20}$/.test(x))) return { txId: v[0], seq: v[1] };
  } catch {
    /* fall through */
  }
  throw new BadInputError('EV-2: after is not a cursor returned by unemploymentFundEvents (cursors are opaque; read again from the start)', 'after');
}

/**
 * EV-2: the a-kasse reads its members' events from a cursor, each at least once, in order, never skipping one that
 * committed late.
 *
 * Why (tx_id, seq) below the snapshot's xmin:
 * - `seq` is taken from a sequence when the row is inserted, not when its transaction commits. A transaction holding
 *   seq 10 may commit after one holding seq 11 has been read; a reader that continued "after 11" would skip 10 for
 *   ever. And an older transaction (smaller xid) may insert later (larger seq) than a younger one, so no position by
 *   seq alone is safe.
 * - `tx_id` (xid8, pg_current_xact_id() at insert) with `pg_snapshot_xmin(pg_current_snapshot())`: every
 *   transaction with an xid below the snapshot's xmin has finished (committed or rolled back), and any transaction
 *   that has not yet written will get a larger xid. So the set of events with tx_id < xmin is final: nothing can be
 *   added below it later. Reading only that set, in (tx_id, seq) order, with the cursor at the last (tx_id, seq)
 *   read, can never skip an event. An event of a running transaction is held back until it finishes (latency of the
 *   longest running transaction, never loss).
 * - Order: events of one transaction are delivered together, in the order written. Transactions that change the same
 *   citizen serialise on the citizen's row lock, which is their first write, so the later one gets the larger xid:
 *   per member, events arrive in the order the changes happened.
 */
export class FundEventsService {
  /**
   * Issue 16.6 (feed throughput): the page and its members in one statement — the feed's FROM … LIMIT unchanged
   * inside, each event's citizen joined outside as one JSON array (citizen-rows.loaders' form; NULL when the row is
   * gone), in feed order. The time comes as epoch ms (a float8 the driver reads with parseFloat, instead of a
   * timestamptz PostgreSQL formats and the driver parses back into a Date); the Instant is the same, truncated to the
   * millisecond as before. Decision, measured (bench/results/feed-2026-12-01.md): not one json_agg of the whole page —
   * the API parsed less but PostgreSQL spent more on the page than the API saved.
   */
  private page?: { sql: string; citizen: (row: unknown[]) => Citizen };
  private pageStatement(ds: DataSource) {
    return this.page ??= {
      sql: `SELECT f.id, f.seq, f.tx_id, f.type, f.occurred_ms, f.citizen_id, f.payload,
              CASE WHEN c.id IS NULL THEN NULL ELSE ${rowJsonSql(ds, Citizen, 'c')} END AS citizen
        FROM (SELECT e.id, e.seq, e.tx_id AS tx, e.tx_id::text AS tx_id, e.type,
                     floor(extract(epoch FROM e.occurred_at) * 1000)::float8 AS occurred_ms, e.citizen_id, e.payload ${FUND_FEED_AFTER_SQL}) f
        LEFT JOIN citizen c ON c.id = f.citizen_id
       ORDER BY f.tx, f.seq`,
      citizen: hydrator<Citizen>(ds.getMetadata(Citizen)),
    };
  }

  async unemploymentFundEvents(scope: Scope, after: string | null, first: number): Promise<{ nodes: FundEventView[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
    // EV-2: an a-kasse, for its own members' events (policy `fund`).
    const actor = requirePolicy<Extract<Actor, { kind: 'UNEMPLOYMENT_FUND' }>>(fund, scope.actor);
    const limit = Math.max(1, Math.min(first, MAX_PAGE));
    const from = after ? decode(after) : { txId: '0', seq: '0' };
    const st = this.pageStatement(scope.db.connection);
    const rows: PageRow[] = await scope.db.query(st.sql, [actor.unemploymentFundId, FUND_EVENT_TYPES, from.txId, from.seq, limit + 1]);
    const nodes: FundEventView[] = [];
    for (let i = 0; i < Math.min(rows.length, limit); i++) {
      const r = rows[i]!;
      nodes.push({
        id: r.id, seq: r.seq, type: r.type, occurredAt: Temporal.Instant.fromEpochMilliseconds(r.occurred_ms), citizenId: r.citizen_id,
        unemploymentFundId: actor.unemploymentFundId, payload: r.payload, cursor: encode({ txId: r.tx_id, seq: r.seq }),
        citizen: r.citizen === null ? null : st.citizen(r.citizen),
      });
    }
    // With nothing new the position stays where it was, so a poller can always pass back endCursor.
    const endCursor = nodes.length > 0 ? nodes[nodes.length - 1]!.cursor : after;
    return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor } };
  }
}

/** One row of the page statement (FundEventsService.pageStatement). */
interface PageRow {
  id: string;
  seq: string;
  tx_id: string;
  type: UnemploymentFundEventType;
  occurred_ms: number;
  citizen_id: string;
  payload: Record<string, unknown>;
  citizen: unknown[] | null;
}
