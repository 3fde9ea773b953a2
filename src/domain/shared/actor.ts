/** Who is asking. Domain services take the actor and check what it may do. */
export type Actor =
  | { kind: 'ANONYMOUS' }
  | { kind: 'CITIZEN'; citizenId: string }
  | { kind: 'CASEWORKER'; jobcenterId: string; userId: string }
  | { kind: 'INTEGRATION'; jobcenterId: string; clientId: string }
  | { kind: 'UNEMPLOYMENT_FUND'; unemploymentFundId: string; userId: string }
  | { kind: 'STATISTICS'; userId: string }
  /** A job of the system itself, not a request: the daily transition run (src/domain/lifecycle/transitions.ts). */
  | { kind: 'SYSTEM'; job: 'daily-transitions' };

export type JobcenterActor = Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' }>;

export const ANONYMOUS: Actor = { kind: 'ANONYMOUS' };

export function isJobcenterActor(a: Actor): a is JobcenterActor {
  return a.kind === 'CASEWORKER' || a.kind === 'INTEGRATION';
}

/** A stable text naming the actor, for history rows, events and idempotency keys. */
export function actorLabel(a: Actor): string {
  switch (a.kind) {
    case 'ANONYMOUS':
      return 'anonymous';
    case 'CITIZEN':
      return `citizen:${a.citizenId}`;
    case 'CASEWORKER':
      return `caseworker:${a.jobcenterId}:${a.userId}`;
    case 'INTEGRATION':
      return `integration:${a.jobcenterId}:${a.clientId}`;
    case 'UNEMPLOYMENT_FUND':
      return `unemployment-fund:${a.unemploymentFundId}:${a.userId}`;
    case 'STATISTICS':
      return `statistics:${a.userId}`;
    case 'SYSTEM':
      return `system:${a.job}`;
  }
}
