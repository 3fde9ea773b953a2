import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import { cachedQueryCost } from './query-cost';
import { MutationRateLimiter, type RateLimitOptions, rateLimitKey } from './rate-limit';

/** Per-actor budget of query cost (docs/security.md): cost units a minute, and a burst. */
export type QueryBudgetOptions = RateLimitOptions;

/**
 * The cost of every operation, with its variables, schema defaults and the services' page clamps
 * (src/auth/query-cost.ts), computed before execution:
 * - above `maxCost` → 400 GRAPHQL_VALIDATION_FAILED (nothing runs);
 * - charged to the actor's budget (a token bucket of cost units, like the mutation rate limit) → 429 RATE_LIMITED
 *   with Retry-After when the budget is spent. Off when `budget` is not given (tests; main.ts turns it on).
 */
export function queryLimitsPlugin(maxCost: number, budget?: QueryBudgetOptions): ApolloServerPlugin<Context> {
  const limiter = budget ? new MutationRateLimiter(budget) : undefined;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName, contextValue }) {
          let cost: number;
          try {
            cost = cachedQueryCost(schema, document, request.variables, operationName ?? undefined);
          } catch (err) {
            // Variables that do not fit their types: Apollo answers them as BAD_USER_INPUT itself, at once.
            if (err instanceof GraphQLError && /allowed number of nodes/.test(err.message)) cost = Infinity;
            else return;
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `Query cost ${Number.isFinite(cost) ? cost : 'beyond counting'} exceeds the limit of ${maxCost}: every list counts at the page size it returns (first, clamped; variables and defaults included). Ask for smaller pages or fewer fields`,
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost: Number.isFinite(cost) ? cost : null, maxCost, http: { status: 400 } } },
            );
          }
          if (!limiter || !budget) return;
          const wait = limiter.take(rateLimitKey(contextValue), Math.max(1, cost));
          if (wait === 0) return;
          throw new GraphQLError(
            `Too much reading: at most ${budget.perMinute} cost units a minute (bursts of ${budget.burst}) per actor, this operation costs ${cost}; retry in ${wait} s`,
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

/** Thrown by the field guard once a request has produced more values than QueryLimits.maxResultValues. */
export class ResponseTooLargeError extends GraphQLError {
  constructor(max: number) {
    super(`The answer would hold more than ${max} values; ask for smaller pages or fewer fields`, {
      extensions: { code: 'RESPONSE_TOO_LARGE', maxResultValues: max },
    });
  }
}

/**
 * A request that ran over the result bound answers one error, 400 RESPONSE_TOO_LARGE, and no data: the part
 * already built is dropped instead of being serialised (and the many field errors after the bound collapse into one).
 */
export function responseBoundPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const over = contextValue.resultBound;
          if (!over || over.left >= 0 || response.body.kind !== 'single') return;
          const first = response.body.singleResult.errors?.find((e) => e.extensions?.code === 'RESPONSE_TOO_LARGE');
          response.body.singleResult = { errors: [{ message: first?.message ?? new ResponseTooLargeError(over.max).message, extensions: { code: 'RESPONSE_TOO_LARGE', maxResultValues: over.max } }] };
          response.http.status = 400;
        },
      };
    },
  };
}
