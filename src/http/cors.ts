import type http from 'node:http';
import cors from 'cors';

/**
 * CORS for browser frontends on other origins (docs/authentication.md, "Browser frontends (CORS)"), with the `cors`
 * package (the Express middleware, which is a plain (req, res, next) function) rather than hand-written headers.
 *
 * - Only the exact origins of CORS_ORIGINS get `Access-Control-Allow-Origin`; every answer on /graphql says
 *   `Vary: Origin` so a cache never hands one origin's answer to another. No origins → no CORS headers at all,
 *   and OPTIONS is answered 405 as before.
 * - Preflight (OPTIONS) is answered 204 with the methods (GET, POST) and request headers the API reads, and a
 *   max-age of 10 minutes. For an origin not on the list the preflight answer has no Allow-Origin, so the browser
 *   sends nothing.
 * - Decision: no credentials (`Access-Control-Allow-Credentials` is never sent): the API authenticates with a
 *   bearer token in a header, never a cookie, so a page must hold the token itself and no ambient credential can
 *   be replayed by another origin.
 * - Decision: requests with a foreign Origin are not refused by the server: CORS is enforced by the browser, and
 *   refusing would also refuse same-origin pages (which send Origin on POST). CSRF prevention stays Apollo's: a
 *   request must carry a non-simple content type (application/json) or `apollo-require-preflight`, which makes the
 *   browser preflight it — and the preflight only succeeds for a listed origin.
 */
const CORS_MAX_AGE_SECONDS = 600;

/** The request headers a browser client may send (x-dev-actor only where the server accepts it). */
export function corsAllowedHeaders(devAuth: boolean): string[] {
  return [
    'content-type',
    'authorization',
    'x-purpose',
    'x-request-id',
    'apollo-require-preflight',
    'x-apollo-operation-name',
    ...(devAuth ? ['x-dev-actor'] : []),
  ];
}

/** Response headers a page may read: the request id (for support) and how long to wait after 429. */
const CORS_EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/**
 * Checks CORS_ORIGINS: comma-separated exact origins (`scheme://host[:port]`, no path, no trailing slash), http or
 * https. Decision: `*` and `null` are refused — every answer holds personal data, so each origin is named.
 */
export function parseCorsOrigins(value: string | undefined): string[] {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    let origin: string | undefined;
    try {
      const u = new URL(item);
      origin = (u.protocol === 'http:' || u.protocol === 'https:') && !u.hostname.includes('*') ? u.origin : undefined;
    } catch {
      origin = undefined;
    }
    if (origin !== item) {
      throw new Error(`CORS_ORIGINS must list exact origins such as https://app.example or http://localhost:5173 (scheme, host and port; no path, no trailing slash, no wildcard), got '${item}'`);
    }
  }
  return [...new Set(items)];
}

export interface CorsOptions {
  /** Exact origins allowed to call the API from a browser (CORS_ORIGINS); empty → no CORS. */
  origins: string[];
  /** AUTH_MODE=dev: the browser may also send x-dev-actor. */
  devAuth: boolean;
}

/**
 * Wraps the HTTP handler: on /graphql the `cors` middleware adds the headers (and answers preflights itself),
 * then the request goes on to `next`. Without origins it returns `next` unchanged.
 */
export function withCors(next: http.RequestListener, opts: CorsOptions | undefined): http.RequestListener {
  if (!opts || opts.origins.length === 0) return next;
  const middleware = cors({
    // Exact string matches; a refused origin gets no Allow-Origin header, but `Vary: Origin` like every answer.
    origin: opts.origins,
    methods: ['GET', 'POST'],
    allowedHeaders: corsAllowedHeaders(opts.devAuth),
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: CORS_MAX_AGE_SECONDS,
    preflightContinue: false,
    optionsSuccessStatus: 204,
  });
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/graphql') return next(req, res);
    // `next` runs once the headers are set (not after a preflight, which the middleware answers itself).
    middleware(req, res, (err?: unknown) => {
      if (err) {
        res.statusCode = 500;
        res.end();
        return;
      }
      next(req, res);
    });
  };
}
