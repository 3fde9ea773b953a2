import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Authenticated } from '../auth';
import type { Context } from '../context';
import type { CalendarService } from '../domain/calendar/calendar.service';
import type { Actor } from '../domain/shared/actor';
import { type Language, languageOf } from '../domain/shared/reasons';
import { READ_SOURCE_HEADER } from '../db/read-routing';
import { DATABASE_RETRY_AFTER_SECONDS } from '../db/unavailable';
import type { SandboxClock } from '../sandbox/sandbox-clock';
import { serveCalendarFeed } from './calendar-feed';
import { withCors } from './cors';
import { isExplorerPath, serveExplorer } from './explorer';
import { LETTER_PDF_PATH, serveLetterPdf } from './letter-pdf';

/**
 * The HTTP transport: one node:http request listener that routes /health, /ready, /letters/<id>.pdf, /calendar/…,
 * the explorer (development only) and /graphql (handed to Apollo), behind CORS. src/server.ts builds Apollo and
 * the context; this file only speaks HTTP.
 */
export interface TransportDeps {
  apollo: ApolloServer<Context>;
  /** The primary: /ready asks it `SELECT 1`; the letter PDF's access log is written on it. */
  ds: DataSource;
  log: Logger;
  authenticate: (headers: http.IncomingHttpHeaders) => Promise<Authenticated>;
  contextFor(actor: Actor, requestId: string, extra: { purpose?: string; clientAddress?: string; language?: Language }): Context;
  sandbox: SandboxClock;
  calendar: CalendarService;
  development: boolean;
  maxBodyBytes: number;
  readyTimeoutMs: number;
  /** Bytes of one serialised answer; more → 400 RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  /** CORS_ORIGINS (src/http/cors.ts); none → no CORS headers. */
  corsOrigins: string[];
  authMode: 'dev' | 'jwt';
}

export function createHttpHandler(deps: TransportDeps): http.RequestListener {
  const handler: http.RequestListener = (req, res) => {
    const requestId = headerValue(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') return serveReady(res, deps);
    // CZ-8: a letter as PDF, authorised like the API (src/http/letter-pdf.ts).
    const letterPdf = LETTER_PDF_PATH.exec(url.pathname);
    if (letterPdf) {
      serveLetterPdf(req, res, letterPdf[1]!, requestId, deps).catch((err) => failed(res, deps.log, requestId, err, 'letter pdf failed'));
      return;
    }
    // Issue 14 item 5: the offline GraphiQL explorer, in development (and sandbox) only, never in production.
    if (deps.development && isExplorerPath(url.pathname)) return serveExplorer(req, res, url.pathname);
    if (url.pathname.startsWith('/calendar/')) {
      return serveCalendarFeed(req, res, url.pathname, { calendar: deps.calendar, clock: deps.sandbox.requestClock(), log: deps.log, requestId });
    }
    if (url.pathname !== '/graphql') return sendJson(res, 404, errorBody('NOT_FOUND', 'not found: the API is at /graphql'));
    serveGraphql(req, res, url, requestId, deps);
  };
  // CORS (allow-list, preflight) in front of the method and content-type checks; CSRF prevention stays Apollo's.
  return withCors(handler, { origins: deps.corsOrigins, devAuth: deps.authMode === 'dev' });
}

/**
 * Answers within readyTimeoutMs whatever the database does (a frozen server, a full pool): a load balancer must
 * learn that this instance cannot serve, not wait with it.
 */
function serveReady(res: http.ServerResponse, deps: Pick<TransportDeps, 'ds' | 'log' | 'readyTimeoutMs'>): void {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${deps.readyTimeoutMs} ms`)), deps.readyTimeoutMs);
  });
  Promise.race([deps.ds.query('SELECT 1'), timedOut]).then(
    () => sendJson(res, 200, { status: 'ready' }),
    (err) => {
      deps.log.warn({ err: String(err) }, 'readiness check failed');
      res.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      sendJson(res, 503, { status: 'database unreachable' });
    },
  ).finally(() => clearTimeout(timer));
}

/** /graphql: the method, URL and body checks, then Apollo. */
function serveGraphql(req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string, deps: TransportDeps): void {
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return sendJson(res, 405, errorBody('METHOD_NOT_ALLOWED', 'use POST (or GET for queries)'));
  }
  // CZ-10: a CPR number never goes in a URL (proxies and browsers keep URLs): the look-up by CPR is POST only.
  if (req.method === 'GET' && [...url.searchParams.values()].some((v) => /citizenByCpr/i.test(v))) {
    return sendJson(res, 400, errorBody('BAD_REQUEST', 'CZ-10: citizenByCpr is answered to POST only, so that a CPR number never appears in a URL'));
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (req.method === 'POST' && mediaType !== 'application/json') {
    return refuseBody(req, res, 415, errorBody('UNSUPPORTED_MEDIA_TYPE', 'POST a JSON body with content-type: application/json'));
  }
  const maxBody = deps.maxBodyBytes;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBody) return refuseBody(req, res, 413, errorBody('PAYLOAD_TOO_LARGE', `Request body larger than ${maxBody} bytes`));
  const started = process.hrtime.bigint();
  readBody(req, maxBody).then(
    (raw) => executeGraphql(req, res, { url, raw, requestId, started }, deps),
    (err: Error & { status?: number }) => {
      if (err.status === 413) return refuseBody(req, res, 413, errorBody('PAYLOAD_TOO_LARGE', err.message));
      sendJson(res, err.status ?? 400, errorBody('BAD_REQUEST', err.message));
    },
  ).catch((err) => failed(res, deps.log, requestId, err, 'request failed'));
}

/** The body (POST: one JSON object) → Apollo → the answer. */
async function executeGraphql(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  { url, raw, requestId, started }: { url: URL; raw: string; requestId: string; started: bigint },
  deps: TransportDeps,
): Promise<void> {
  let body: unknown = undefined;
  if (req.method === 'POST') {
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, errorBody('BAD_REQUEST', 'Body is not valid JSON'));
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendJson(res, 400, errorBody('BAD_REQUEST', 'Body must be one JSON object { query, variables?, operationName? } (batching is off)'));
    }
  }
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => {
      const { actor, purpose } = await deps.authenticate(req.headers);
      await deps.sandbox.refresh(); // SANDBOX_CLOCK=on: the shared offset, read at most once a second per process
      return deps.contextFor(actor, requestId, { purpose, clientAddress: req.socket.remoteAddress, language: languageOf(req.headers['accept-language']) });
    },
  });
  await writeResponse(res, response, requestId, deps);
  // readSource only when a replica is configured (the x-read-source header; docs/performance.md, "Read replicas").
  deps.log.info({ requestId, status: res.statusCode, readSource: response.headers.get(READ_SOURCE_HEADER), ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'graphql request');
}

/** Apollo's answer on the wire: always JSON with a code on 4xx/5xx, and never over maxResponseBytes. */
async function writeResponse(res: http.ServerResponse, response: HTTPGraphQLResponse, requestId: string, deps: Pick<TransportDeps, 'log' | 'maxResponseBytes'>): Promise<void> {
  for (const [k, v] of response.headers) res.setHeader(k, v);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'chunked') {
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
    return;
  }
  const text = response.body.string;
  // Apollo answers some malformed requests in plain text: always answer JSON with a code.
  if (res.statusCode >= 400 && !String(res.getHeader('content-type') ?? '').includes('json')) {
    return sendJson(res, res.statusCode, errorBody(res.statusCode === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST', text.trim()));
  }
  // A UTF-16 unit is at most 3 bytes: measure only a text that might be over.
  const max = deps.maxResponseBytes;
  if (text.length * 3 > max && Buffer.byteLength(text) > max) {
    deps.log.warn({ requestId, bytes: Buffer.byteLength(text) }, 'answer over the response bound');
    return sendJson(res, 400, errorBody('RESPONSE_TOO_LARGE', `The answer would be larger than ${max} bytes; ask for smaller pages or fewer fields`));
  }
  res.end(text);
}

/** An unexpected fault while answering: logged, 500 if nothing was sent yet. */
function failed(res: http.ServerResponse, log: Logger, requestId: string, err: unknown, what: string): void {
  log.error({ requestId, err }, what);
  if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
  else res.end();
}

function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Answers without reading the (unwanted or oversize) body, then closes the connection. */
function refuseBody(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): void {
  res.setHeader('connection', 'close');
  sendJson(res, status, body);
  res.on('finish', () => req.destroy());
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
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(Object.assign(new Error(`Request body larger than ${limit} bytes`), { status: 413 }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}
