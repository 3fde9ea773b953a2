import type { EntityManager } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import type { EventType } from '../shared/events';

/** One event of a set-based write (the daily run writes hundreds per transaction). */
export interface EventRow {
  type: EventType;
  citizenId: string;
  jobcenterId: string;
  unemploymentFundId: string | null;
  payload: Record<string, unknown>;
}

/** One deadline history row of a set-based write (DL-7). */
export interface DeadlineHistoryRow {
  deadlineId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  details?: Record<string, unknown>;
}

/**
 * EV-1: writes events in the caller's transaction with one statement, in the order given (seq follows the array
 * order). Same shape as emitEvent (src/domain/shared/events.ts): the payload carries the actor.
 */
export async function insertEvents(db: Pick<EntityManager, 'query'>, at: Temporal.Instant, actor: string, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
     SELECT $1, x.e->>'type', (x.e->>'citizen_id')::uuid, (x.e->>'jobcenter_id')::uuid, (x.e->>'unemployment_fund_id')::uuid,
            (x.e->'payload') || jsonb_build_object('actor', $2::text)
       FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x(e, n)
      ORDER BY x.n`,
    [new Date(at.epochMilliseconds), actor, JSON.stringify(rows.map((r) => ({
      type: r.type, citizen_id: r.citizenId, jobcenter_id: r.jobcenterId, unemployment_fund_id: r.unemploymentFundId, payload: r.payload,
    })))],
  );
}

/** DL-7: history rows for many deadlines with one statement (who: `actor`, when: `at`). */
export async function insertDeadlineHistory(db: Pick<EntityManager, 'query'>, at: Temporal.Instant, actor: string, rows: readonly DeadlineHistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO deadline_history (deadline_id, at, actor, action, from_status, to_status, reason, details)
     SELECT x.deadline_id, $1, $2, x.action, x.from_status, x.to_status, x.reason, COALESCE(x.details, '{}'::jsonb)
       FROM jsonb_to_recordset($3::jsonb) AS x(deadline_id uuid, action text, from_status text, to_status text, reason text, details jsonb)`,
    [new Date(at.epochMilliseconds), actor, JSON.stringify(rows.map((r) => ({
      deadline_id: r.deadlineId, action: r.action, from_status: r.fromStatus, to_status: r.toStatus, reason: r.reason, details: r.details ?? {},
    })))],
  );
}
