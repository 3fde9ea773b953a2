import type { Actor } from './actor';
import type { Clock } from './clock';
import type { RequestAudit } from '../../audit/access-log';

/** What every domain operation receives: who is asking and what time it is. */
export interface Scope {
  actor: Actor;
  clock: Clock;
  /** The request's access-log collector (purpose, request id); absent outside HTTP/GraphQL requests. */
  audit?: RequestAudit;
}
