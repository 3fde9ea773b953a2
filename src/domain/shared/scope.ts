import type { EntityManager } from 'typeorm';
import type { Actor } from './actor';
import type { Clock } from './clock';
import type { RequestAudit } from '../../audit/access-log';

/**
 * What every domain operation receives (the unit of work): who is asking, what time it is, and the database handle.
 * `db` is the request's handle — the primary, or the read replica when read routing chooses it
 * (src/db/read-routing.ts) — and, inside runInTransaction, the transaction: a function that must run in its
 * caller's transaction simply uses `scope.db`.
 */
export interface Scope {
  actor: Actor;
  clock: Clock;
  db: EntityManager;
  /** The request's access-log collector (purpose, request id); absent outside HTTP/GraphQL requests. */
  audit?: RequestAudit;
}
