import type { Actor } from './actor';
import type { Clock } from './clock';

/** What every domain operation receives: who is asking and what time it is. */
export interface Scope {
  actor: Actor;
  clock: Clock;
}
