import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import { actorLabel } from '../domain/shared/actor';

export interface RateLimitOptions {
  /** Mutations an actor may send in a burst (bucket size). */
  burst: number;
  /** Sustained mutations per minute (refill rate). */
  perMinute: number;
  /** Milliseconds clock (tests); defaults to performance.now(). */
  nowMs?: () => number;
}

/**
 * Per-actor token bucket on mutations: each root mutation field costs one token (so aliasing many
 * mutations into one request costs as much as sending them one by one).
 *
 * Decision: in-process, per server instance. With N instances behind a load balancer an actor may send up
 * to N times the limit; that is accepted because the limit protects each instance and the database against
 * a runaway client, not as a quota. A shared limit would need PostgreSQL round trips on every mutation.
 */
export class MutationRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: RateLimitOptions) {
    this.now = opts.nowMs ?? (() => performance.now());
  }

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds until enough tokens are back. */
  take(key: string, cost: number): number {
    const now = this.now();
    const rate = this.opts.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.opts.burst, at: now };
    b.tokens = Math.min(this.opts.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.sweep(now, rate);
    if (cost > this.opts.burst) return Math.ceil((cost - b.tokens) / rate / 1000);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((cost - b.tokens) / rate / 1000));
  }

  /** Forgets buckets that are full again (idle actors), so memory stays bounded. */
  private sweep(now: number, rate: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * rate >= this.opts.burst) this.buckets.delete(k);
  }
}

export function rateLimitKey(ctx: Context): string {
  return ctx.actor.kind === 'ANONYMOUS' ? `anonymous:${ctx.clientAddress ?? 'in-process'}` : actorLabel(ctx.actor);
}

/** Refuses a mutation request over the limit with 429, code RATE_LIMITED and Retry-After. */
export function rateLimitPlugin(limiter: MutationRateLimiter, opts: RateLimitOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation || operation.operation !== 'mutation') return;
          const cost = operation.selectionSet.selections.length;
          const wait = limiter.take(rateLimitKey(contextValue), cost);
          if (wait === 0) return;
          throw new GraphQLError(
            `Too many changes: at most ${opts.perMinute} mutations a minute (bursts of ${opts.burst}) per actor; retry in ${wait} s`,
            {
              extensions: {
                code: 'RATE_LIMITED',
                retryAfterSeconds: wait,
                http: { status: 429, headers: new HeaderMap([['retry-after', String(wait)]]) },
              },
            },
          );
        },
      };
    },
  };
}
