import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { type ASTVisitor, GraphQLError, type GraphQLFormattedError, type ValidationContext } from 'graphql';
import type { Logger } from 'pino';
import { type DataSource, QueryFailedError } from 'typeorm';
import { RequestAudit } from './audit/access-log';
import { auditPlugin } from './audit/audit.plugin';
import { createAuthenticator } from './auth';
import { guardResolvers } from './auth/field-guard';
import type { IssuerConfig } from './auth/issuers';
import { type QueryBudgetOptions, queryLimitsPlugin, responseBoundPlugin } from './auth/query-limits';
import { MutationRateLimiter, type RateLimitOptions, rateLimitPlugin } from './auth/rate-limit';
import type { Context } from './context';
import { readRoutingPlugin } from './db/read-routing';
import { createHttpHandler } from './http/transport';
import { databaseUnavailableError, isDatabaseUnavailable, retryAfterHeaders } from './db/unavailable';
import type { Actor } from './domain/shared/actor';
import { type Clock, systemClock } from './domain/shared/clock';
import { SandboxClock } from './sandbox/sandbox-clock';
import { createLoaders } from './loaders';
import { freshReadsAfterWrites } from './loaders/fresh-after-write';
import { resolvers, withUserErrorReasons } from './resolvers';
import type { Language } from './domain/shared/reasons';
import { createServices } from './services';

export function loadTypeDefs(dir = path.resolve(__dirname, '..', 'schema')): string {
  const candidates = [dir, path.resolve(__dirname, '..', '..', 'schema')];
  const found = candidates.find((d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith('.graphql'));
    } catch {
      return false;
    }
  });
  if (!found) throw new Error(`schema/*.graphql not found near ${__dirname}`);
  return readdirSync(found).filter((f) => f.endsWith('.graphql')).sort()
    .map((f) => readFileSync(path.join(found, f), 'utf8')).join('\n');
}

export interface AppOptions {
  /** The primary: every write, and every read not routed to `readDs`. */
  ds: DataSource;
  /**
   * A read replica (DATABASE_READ_URL; docs/performance.md, "Read replicas"): allow-listed, lag-tolerant queries read from it
   * (src/db/read-routing.ts). Without it, everything uses `ds`, as before.
   */
  readDs?: DataSource;
  log: Logger;
  /** Tests pin the clock; production uses the system clock. */
  clock?: Clock;
  /** SANDBOX_CLOCK=on (docs/sandbox.md): `clock` moved forward by the deployment's sandbox offset. Off when not given. */
  sandboxClock?: boolean;
  authMode: 'dev' | 'jwt';
  /** Development: show internal error messages, field suggestions and allow introspection. */
  development: boolean;
  maxBodyBytes?: number;
  /** Trusted JWT issuers (src/auth/issuers.ts); without any, bearer tokens are refused. */
  auth?: { issuers: IssuerConfig[]; clockToleranceSeconds?: number; now?: () => Date };
  /** Per-actor mutation rate limit; off when not given (tests), on from main.ts. */
  rateLimit?: RateLimitOptions;
  /** /ready answers 503 when the database has not answered `SELECT 1` within this (default 1500 ms). */
  readyTimeoutMs?: number;
  /** Query limits; DEFAULT_LIMITS otherwise. */
  limits?: Partial<QueryLimits>;
  /** CORS_ORIGINS: exact origins whose browser pages may call /graphql (src/http/cors.ts); none → no CORS headers. */
  corsOrigins?: string[];
  /** Per-actor budget of query cost (cost units a minute, burst); off when not given (tests), on from main.ts. */
  queryBudget?: QueryBudgetOptions;
}

/** Query shape limits (docs/security.md). */
export interface QueryLimits {
  /** Deepest field nesting. */
  maxDepth: number;
  /** Aliases per operation. */
  maxAliases: number;
  /**
   * Cost (src/auth/query-cost.ts): 1 per field, × the items a list returns — `first` as given by a literal, a
   * variable or the schema default, clamped as the service clamps it; unpaged lists at an assumed size.
   */
  maxCost: number;
  /** Values (fields and list items) one answer may hold, counted as it is built; more → 400 RESPONSE_TOO_LARGE. */
  maxResultValues: number;
  /** Bytes of one serialised answer; more → 400 RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  /** Lexical tokens in the query text (checked while parsing). */
  maxTokens: number;
  /** Directives per operation. */
  maxDirectives: number;
}

/**
 * Decision on maxCost: the cost is the number of values an answer can hold at most, so a full page
 * (`first: 200`, however it is given) of citizens with their meetings and deadlines costs about 35 000. 50 000 lets
 * that through and stops fan-out combinations (aliased pages, nested lists, fragment explosions). The result bound
 * (maxResultValues, twice maxCost) catches what the cost could not foresee: an unpaged list longer than assumed.
 */
export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 10, maxAliases: 15, maxCost: 50_000, maxTokens: 2000, maxDirectives: 20, maxResultValues: 100_000, maxResponseBytes: 10_000_000,
};
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;
export const DEFAULT_READY_TIMEOUT_MS = 1500;

export interface App {
  apollo: ApolloServer<Context>;
  /** Issue 14 (4): the sandbox clock (off unless opts.sandboxClock); main.ts hands its liveClock to the scheduler. */
  sandbox: SandboxClock;
  /** Builds the context for an actor (tests call operations in-process through it). */
  contextFor(actor: Actor, requestId?: string, extra?: { purpose?: string; clientAddress?: string; language?: Language }): Context;
  handler: http.RequestListener;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const services = createServices(opts.ds, { development: opts.development });
  const baseClock = opts.clock ?? systemClock;
  const sandbox = new SandboxClock(opts.ds, baseClock, opts.sandboxClock ?? false);
  const log = opts.log;
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const apollo = createApollo(opts, limits);
  await apollo.start();

  const authenticate = createAuthenticator({ mode: opts.authMode, issuers: opts.auth?.issuers ?? [], ...opts.auth });

  const contextFor = (actor: Actor, requestId: string = randomUUID(), extra: { purpose?: string; clientAddress?: string; language?: Language } = {}): Context => {
    const audit = new RequestAudit(actor, requestId, extra.purpose);
    const clock = sandbox.requestClock();
    return {
      requestId,
      actor,
      clock,
      language: extra.language ?? 'en',
      scope: { actor, clock, audit, db: opts.ds.manager },
      // The primary's; readRoutingPlugin swaps loaders and scope.db for an allow-listed query once the operation is known.
      readSource: 'primary',
      loaders: createLoaders(opts.ds),
      services,
      log: log.child({ requestId }),
      audit,
      clientAddress: extra.clientAddress,
      resultBound: { left: limits.maxResultValues, max: limits.maxResultValues },
      sandbox,
    };
  };

  const handler = createHttpHandler({
    apollo, ds: opts.ds, log, authenticate, contextFor, sandbox, calendar: services.calendar, development: opts.development,
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, readyTimeoutMs: opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    maxResponseBytes: limits.maxResponseBytes, corsOrigins: opts.corsOrigins ?? [], authMode: opts.authMode,
  });
  return { apollo, sandbox, contextFor, handler };
}

/** Apollo with the query limits (graphql-armor and ours), the plugins, the guarded resolvers and error masking. */
function createApollo(opts: AppOptions, limits: QueryLimits): ApolloServer<Context> {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    // Cost: queryLimitsPlugin (graphql-armor's counts only a literal `first`, not a variable or a default).
    costLimit: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // Token limit: graphql-js's own parser option below (armor's Apollo variant fails as a 500).
    maxTokens: { enabled: false },
    // Field suggestions ("Did you mean …") reveal the schema: hidden outside development.
    blockFieldSuggestion: { enabled: !opts.development },
  }).protect();
  const typeDefs = loadTypeDefs();
  // No cache-control plugin: every answer is personal data (never HTTP-cached), and its per-field hook costs on every field (issue 7).
  // The access log is written on the primary (opts.ds) whatever source the request read from.
  const plugins = [...armor.plugins, auditPlugin(opts.ds, opts.log), ApolloServerPluginCacheControlDisabled()] as ApolloServerPlugin<Context>[];
  // The routing plugin hands the replica's handle (scope.db) and loaders to allow-listed queries.
  if (opts.readDs) plugins.push(readRoutingPlugin({ ds: opts.readDs }));
  plugins.push(httpStatusPlugin());
  plugins.push(queryLimitsPlugin(limits.maxCost, opts.queryBudget), responseBoundPlugin());
  if (opts.rateLimit) plugins.push(rateLimitPlugin(new MutationRateLimiter(opts.rateLimit), opts.rateLimit));
  if (!opts.development) plugins.push(ApolloServerPluginLandingPageDisabled());
  return new ApolloServer<Context>({
    typeDefs,
    // Every field goes through the access guard (src/auth/field-guard.ts); every mutation field clears the
    // request's DataLoaders once it has written (src/loaders/fresh-after-write.ts).
    resolvers: guardResolvers(typeDefs, freshReadsAfterWrites(withUserErrorReasons(typeDefs, resolvers))),
    introspection: opts.development,
    hideSchemaDetailsFromClientErrors: !opts.development,
    includeStacktraceInErrorResponses: opts.development,
    csrfPrevention: true,
    // main.ts drains HTTP, stops Apollo and then the database on SIGTERM/SIGINT itself.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // No automatic persisted queries: clients send the query text; nothing is cached per hash.
    persistedQueries: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [...armor.validationRules, noSubscriptions],
    plugins,
    formatError: (formatted, error) => maskError(formatted, error, opts.development, opts.log),
  });
}

/** There is no Subscription type: refuse such operations at validation (400) instead of failing at execution. */
function noSubscriptions(ctx: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === 'subscription') ctx.reportError(new GraphQLError('Subscriptions are not supported by this API', { nodes: [node] }));
    },
  };
}

/**
 * The HTTP status of an executed operation (docs/api/errors-and-limits.md, "Errors every operation may answer"; docs/security.md): 503 with Retry-After
 * when the database could not serve it (DATABASE_UNAVAILABLE), 500 when an internal fault occurred
 * (INTERNAL_SERVER_ERROR; the body is JSON as always), 200 otherwise. Decision: a server fault is a 5xx for
 * monitors, load balancers and retrying clients, whatever media type was asked for; GraphQL-over-HTTP allows it
 * with application/graphql-response+json, and this API already answers 4xx for request errors with
 * application/json. Runs after the access-log plugin, so a failed access-log write is covered too.
 */
function httpStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const codes = (response.body.singleResult.errors ?? []).map((e) => e.extensions?.code);
          if (codes.includes('DATABASE_UNAVAILABLE')) {
            response.http.status = 503;
            for (const [k, v] of retryAfterHeaders()) response.http.headers.set(k, v);
          } else if (codes.includes('INTERNAL_SERVER_ERROR')) {
            response.http.status = 500;
          }
        },
      };
    },
  };
}

/** PostgreSQL errors caused by a value the input checks let through: a bad value, not an internal fault. */
const BAD_VALUE_SQLSTATES = new Set(['22P02', '22021', '22007', '22008', '22003', '22001', '54000']);

/** Internal messages and stack traces never reach clients outside development. */
function maskError(formatted: GraphQLFormattedError, error: unknown, development: boolean, log: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const path = formatted.path ? { path: formatted.path } : {};
  if (isDatabaseUnavailable(original)) {
    log.warn({ err: original }, 'database unavailable');
    return databaseUnavailableError(formatted.path);
  }
  if (original instanceof QueryFailedError && BAD_VALUE_SQLSTATES.has((original.driverError as { code?: string })?.code ?? '')) {
    log.warn({ err: original }, 'value rejected by the database');
    return { message: 'An argument has a value this API cannot store or look up', extensions: { code: 'BAD_USER_INPUT' }, ...path };
  }
  const code = formatted.extensions?.code;
  if (code === 'BAD_USER_INPUT') return citeFirst(formatted);
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') return plainLimit(formatted);
  const known = original instanceof GraphQLError && typeof original.extensions?.code === 'string' && original.extensions.code !== 'INTERNAL_SERVER_ERROR';
  if (code === 'INTERNAL_SERVER_ERROR' || (!known && !code)) {
    log.error({ err: original }, 'internal error in operation');
    if (!development) {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, ...path };
    }
  }
  return formatted;
}

/**
 * A variable's value the Date/DateTime scalar refuses: graphql-js says `Variable "$input" got invalid value "…" at
 * "input.bookBy"; IN-1: Date cannot represent …`; the rule goes first, as in every refusal (docs/security.md).
 */
function citeFirst(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const m = /^(Variable "[^"]+" got invalid value .*?); IN-1: (.*)$/s.exec(formatted.message);
  return m ? { ...formatted, message: `IN-1: ${m[1]}; ${m[2]}` } : formatted;
}

/**
 * The query-shape limits (docs/security.md; no rule of RULES.md) as they are: graphql-armor reports its depth, alias and
 * directive limits as a "Syntax Error", and graphql-js its token limit as "more that N tokens".
 */
function plainLimit(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const armor = /^Syntax Error: ((?:Query depth|Aliases|Directives) limit of \d+ exceeded, found \d+)\.$/.exec(formatted.message);
  if (armor) return { ...formatted, message: `${armor[1]} (a limit of the query's shape, docs/security.md)` };
  const tokens = /^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/.exec(formatted.message);
  if (tokens) return { ...formatted, message: `The query text has more than ${tokens[1]} tokens, the limit (a limit of the query's shape, docs/security.md); parsing stopped` };
  return formatted;
}

export type { BaseContext };
