import type { Logger } from 'pino';
import type { RequestAudit } from './audit/access-log';
import type { Actor } from './domain/shared/actor';
import type { Clock } from './domain/shared/clock';
import type { Scope } from './domain/shared/scope';
import type { Loaders } from './loaders';
import type { Services } from './services';

/** Built fresh for every request: who asks, what time it is, fresh DataLoaders, the services. */
export interface Context {
  requestId: string;
  actor: Actor;
  clock: Clock;
  /** { actor, clock }: what every domain call receives. */
  scope: Scope;
  loaders: Loaders;
  services: Services;
  log: Logger;
  /** Access log of this request: citizens whose data it read, written once when the response is sent. */
  audit: RequestAudit;
  /** The client's address (per-actor rate limit of anonymous callers). */
  clientAddress?: string;
}
