import type { Logger } from 'pino';
import type { RequestAudit } from './audit/access-log';
import type { Actor } from './domain/shared/actor';
import type { Clock } from './domain/shared/clock';
import type { Scope } from './domain/shared/scope';
import type { SandboxClock } from './sandbox/sandbox-clock';
import type { Language } from './domain/shared/reasons';
import type { Loaders } from './loaders';
import type { Services } from './services';

/** Which database served a request's reads (docs/performance.md, "Read replicas"; chosen in db/read-routing.ts). */
export type ReadSource = 'primary' | 'replica';

/** Built fresh for every request: who asks, what time it is, fresh DataLoaders, the services. */
export interface Context {
  requestId: string;
  actor: Actor;
  clock: Clock;
  /** Issue 14: the language of `Reason.text`, from the request's Accept-Language (da → Danish, else English). */
  language: Language;
  /** { actor, clock, audit, db }: what every domain call receives (db: the primary, or the replica by `readSource`). */
  scope: Scope;
  /**
   * Where this request's reads go: 'primary' unless a replica is configured and the operation is an allow-listed
   * query (src/db/read-routing.ts), which then points `loaders` and `scope.db` at the replica before execution.
   */
  readSource: ReadSource;
  /** On `readSource`. */
  loaders: Loaders;
  /** The domain services (process-wide, stateless: they work on `scope.db`). */
  services: Services;
  log: Logger;
  /** Access log of this request: citizens whose data it read, written once when the response is sent. */
  audit: RequestAudit;
  /** Issue 14 (4): the sandbox clock (docs/sandbox.md); `clock` is its request clock when SANDBOX_CLOCK=on. */
  sandbox: SandboxClock;
  /** The client's address (per-actor rate limit of anonymous callers). */
  clientAddress?: string;
  /** Values this request may still produce (QueryLimits.maxResultValues; counted by the field guard). */
  resultBound?: { left: number; max: number };
}
