import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { actorFromHeaders } from './auth';
import type { Context } from './context';
import type { Actor } from './domain/shared/actor';
import { type Clock, systemClock } from './domain/shared/clock';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';
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
  ds: DataSource;
  log: Logger;
  /** Tests pin the clock; production uses the system clock. */
  clock?: Clock;
  authMode: 'dev' | 'jwt';
  /** Development: show internal error messages and allow introspection. */
  development: boolean;
  maxBodyBytes?: number;
}

export interface App {
  apollo: ApolloServer<Context>;
  /** Builds the context for an actor (tests call operations in-process through it). */
  contextFor(actor: Actor, requestId?: string): Context;
  handler: http.RequestListener;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const services = createServices(opts.ds);
  const clock = opts.clock ?? systemClock;
  const log = opts.log;
  const apollo = new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: resolvers as never,
    introspection: opts.development,
    includeStacktraceInErrorResponses: opts.development,
    csrfPrevention: true,
    // main.ts drains HTTP, stops Apollo and then the database on SIGTERM/SIGINT itself.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    plugins: opts.development ? [] : [ApolloServerPluginLandingPageDisabled()],
    formatError: (formatted, error) => maskError(formatted, error, opts.development, log),
  });
  await apollo.start();

  const contextFor = (actor: Actor, requestId: string = randomUUID()): Context => ({
    requestId,
    actor,
    clock,
    scope: { actor, clock },
    loaders: createLoaders(opts.ds),
    services,
    log: log.child({ requestId }),
  });

  const maxBody = opts.maxBodyBytes ?? 1_000_000;
  const handler: http.RequestListener = (req, res) => {
    const requestId = headerValue(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      opts.ds.query('SELECT 1').then(
        () => sendJson(res, 200, { status: 'ready' }),
        (err) => {
          log.warn({ err: String(err) }, 'readiness check failed');
          sendJson(res, 503, { status: 'database unreachable' });
        },
      );
      return;
    }
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found: the API is at /graphql' });
    const started = process.hrtime.bigint();
    readBody(req, maxBody).then(
      async (raw) => {
        let body: unknown = undefined;
        const ctype = req.headers['content-type'] ?? '';
        if (req.method === 'POST' && raw.length > 0 && ctype.includes('application/json')) {
          try {
            body = JSON.parse(raw);
          } catch {
            return sendJson(res, 400, { errors: [{ message: 'Body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
          }
        } else if (req.method === 'POST' && raw.length > 0) {
          body = raw;
        }
        const headers = new HeaderMap();
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: async () => contextFor(actorFromHeaders(req.headers, opts.authMode), requestId),
        });
        for (const [k, v] of response.headers) res.setHeader(k, v);
        res.statusCode = response.status ?? 200;
        if (response.body.kind === 'complete') {
          res.end(response.body.string);
        } else {
          for await (const chunk of response.body.asyncIterator) res.write(chunk);
          res.end();
        }
        log.info({ requestId, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'graphql request');
      },
      (err: Error & { status?: number }) => {
        sendJson(res, err.status ?? 400, { errors: [{ message: err.message, extensions: { code: err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }] });
      },
    ).catch((err) => {
      log.error({ requestId, err }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  };

  return { apollo, contextFor, handler };
}

/** Internal messages and stack traces never reach clients outside development. */
function maskError(formatted: GraphQLFormattedError, error: unknown, development: boolean, log: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  const known = original instanceof GraphQLError && typeof original.extensions?.code === 'string' && original.extensions.code !== 'INTERNAL_SERVER_ERROR';
  if (code === 'INTERNAL_SERVER_ERROR' || (!known && !code)) {
    log.error({ err: original }, 'internal error in operation');
    if (!development) {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, ...(formatted.path ? { path: formatted.path } : {}) };
    }
  }
  return formatted;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s && /^[\w.-]{1,100}$/.test(s) ? s : undefined;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error(`Request body larger than ${limit} bytes`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export type { BaseContext };
