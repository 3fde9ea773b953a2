import type { EntityManager, ObjectLiteral } from 'typeorm';
import { Slot } from '../entities';
import { SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL } from '../domain/booking/booking.rules';
import { driverRowHydrator } from './citizen-rows.loaders';

/** What `bookableSlotRows` filters on; the rules behind each condition are named in its SQL. */
export interface BookableSlotQuery {
  jobcenterId: string;
  citizenId: string;
  /** Slots that begin (and whose group part begins) after this instant. */
  now: Date;
  /** Slots that begin before this instant (the start of the day after the window's last day). */
  end: Date;
  /** A positive integer (the caller bounds it). */
  limit: number;
}

/**
 * The bookable slots of a citizen's window, in start order (the `bookableSlots` read of the obligations).
 *
 * Issue 16 (1): one fixed SQL text with parameters and the rows hydrated by the compiled hydrator (the same column
 * metadata and transformers as TypeORM, Temporal columns converted on first read), instead of TypeORM's query builder,
 * which built the statement and hydrated its result through its generic path on every request (~5 % of the API's busy
 * time in `npm run bench:profile -- obligations`). The conditions are the query builder's, one for one; the limit is
 * a literal (an integer from the service), as TypeORM wrote it, so the planner sees it.
 */
const hydrators = new WeakMap<object, (row: Record<string, unknown>) => ObjectLiteral>();

export function bookableSlotsSql(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`bookableSlotsSql: limit must be a positive integer, not ${limit}`);
  return `SELECT s.* FROM slot s
    WHERE s.jobcenter_id = $1
      AND s.kind <> 'OTHER' -- MT-6: OTHER slots are booked against an offer, never for a deadline
      AND s.withdrawn_at IS NULL
      -- SL-2: not begun (a group slot begins with its group part) and held by the window's last local day.
      AND s.starts_at > $2 AND COALESCE(s.group_starts_at, s.starts_at) > $2
      AND s.starts_at < $3
      AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')
      -- MT-7: not at a time the citizen is already in a PLANNED or HELD meeting of any type (half-open).
      AND ${SLOT_CLEAR_OF_CITIZEN_MEETINGS_SQL.replace(':citizenId', '$4::uuid')}
    ORDER BY s.starts_at, s.id
    LIMIT ${limit}`;
}

export async function bookableSlotRows(db: EntityManager, q: BookableSlotQuery): Promise<Slot[]> {
  let h = hydrators.get(db.connection);
  if (!h) hydrators.set(db.connection, (h = driverRowHydrator(db.connection.getMetadata(Slot))));
  const rows: Record<string, unknown>[] = await db.query(bookableSlotsSql(q.limit), [q.jobcenterId, q.now, q.end, q.citizenId]);
  return rows.map((r) => h(r) as Slot);
}
