import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, type Actor } from './domain/shared/actor';
import type { IssuerConfig } from './auth/issuers';
import { BIDI_CONTROLS, normaliseText } from './auth/input-edge';
import { TokenError, createJwtVerifier } from './auth/jwt';
import { hasC0Control } from './domain/shared/text';
import { UUID_PATTERN } from './domain/shared/uuid';

const UUID = UUID_PATTERN;
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Actor][] = [
  [new RegExp(`^citizen:(${UUID})$`), (m) => ({ kind: 'CITIZEN', citizenId: m[1]!.toLowerCase() })],
  [new RegExp(`^caseworker:(${UUID})(?::([\\w.@-]{1,64}))?$`), (m) => ({ kind: 'CASEWORKER', jobcenterId: m[1]!.toLowerCase(), userId: m[2] ?? 'dev-caseworker' })],
  [new RegExp(`^integration:(${UUID})(?::([\\w.@-]{1,64}))?$`), (m) => ({ kind: 'INTEGRATION', jobcenterId: m[1]!.toLowerCase(), clientId: m[2] ?? 'dev-integration' })],
  [new RegExp(`^unemployment-fund:(${UUID})(?::([\\w.@-]{1,64}))?$`), (m) => ({ kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: m[1]!.toLowerCase(), userId: m[2] ?? 'dev-fund' })],
  [/^statistics(?::([\w.@-]{1,64}))?$/, (m) => ({ kind: 'STATISTICS', userId: m[1] ?? 'dev-statistics' })],
];

/** Parses the development header `x-dev-actor`, e.g. `caseworker:<jobcenter-id>` or `citizen:<citizen-id>`. */
function parseDevActor(value: string): Actor | undefined {
  for (const [re, make] of PATTERNS) {
    const m = value.trim().match(re);
    if (m) return make(m);
  }
  return undefined;
}

/** Longest `x-purpose` accepted. */
const MAX_PURPOSE = 200;

/** Who is asking, and why (the purpose recorded in the access log), from the request headers. */
export interface Authenticated {
  actor: Actor;
  /** From the `x-purpose` header, else the token's `purpose` claim; undefined → the role's default purpose. */
  purpose: string | undefined;
}

export interface AuthOptions {
  /** `dev` also accepts the `x-dev-actor` header; `jwt` accepts only verified bearer tokens. */
  mode: 'dev' | 'jwt';
  issuers: IssuerConfig[];
  clockToleranceSeconds?: number;
  /** Token time (tests only); defaults to real time. */
  now?: () => Date;
}

/** 401 with code UNAUTHENTICATED: the request was refused before anything ran. */
function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * Builds the request authenticator. Without credentials the caller is anonymous (and every operation
 * but `serverInfo`/`ping` refuses it); with bad credentials the whole request is refused (401), never
 * downgraded to anonymous.
 */
export function createAuthenticator(opts: AuthOptions): (headers: IncomingHttpHeaders) => Promise<Authenticated> {
  const verify = opts.issuers.length > 0
    ? createJwtVerifier({ issuers: opts.issuers, clockToleranceSeconds: opts.clockToleranceSeconds, now: opts.now })
    : undefined;

  return async (headers) => {
    const purpose = purposeHeader(headers['x-purpose']);
    const dev = headers['x-dev-actor'];
    const authorization = headers.authorization;
    if (dev !== undefined) {
      if (opts.mode !== 'dev') throw unauthenticated('x-dev-actor is accepted only when the server runs with AUTH_MODE=dev');
      if (authorization !== undefined) throw unauthenticated('send either x-dev-actor or Authorization, not both');
      const actor = typeof dev === 'string' ? parseDevActor(dev) : undefined;
      if (!actor) {
        throw unauthenticated('x-dev-actor must be citizen:<id>, caseworker:<jobcenterId>[:user], integration:<jobcenterId>[:client], unemployment-fund:<fundId>[:user] or statistics');
      }
      return { actor, purpose };
    }
    if (authorization === undefined) return { actor: ANONYMOUS, purpose };
    const m = /^Bearer +([^\s]+) *$/i.exec(authorization);
    if (!m) throw unauthenticated('Authorization must be "Bearer <JWT>"');
    if (!verify) throw unauthenticated('bearer tokens are not accepted: no token issuers are configured on this server (AUTH_ISSUERS)');
    try {
      const { actor, claims } = await verify(m[1]!);
      return { actor, purpose: purpose ?? purposeClaim(claims.purpose) };
    } catch (err) {
      if (err instanceof TokenError) throw unauthenticated(`invalid bearer token: ${err.message}`);
      throw err;
    }
  };
}

function purposeHeader(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // Node reads header bytes as latin1; clients send UTF-8 (so "opfølgning" arrives intact).
  const v = Array.isArray(raw) ? undefined : Buffer.from(raw, 'latin1').toString('utf8');
  if (v === undefined || !isPurpose(v)) {
    throw badRequest(`x-purpose must be one line of 1–${MAX_PURPOSE} printable UTF-8 characters, without bidirectional controls (U+202A–U+202E, U+2066–U+2069)`);
  }
  return normaliseText(v.trim());
}

function purposeClaim(v: unknown): string | undefined {
  return typeof v === 'string' && isPurpose(v) ? normaliseText(v.trim()) : undefined;
}

/**
 * Decision: bidirectional controls are refused (not stripped) in the purpose: it is shown to the citizen in their
 * access log, where an override (U+202E) would make it read differently from what was sent (src/auth/input-edge.ts).
 */
function isPurpose(v: string): boolean {
  return v.trim().length > 0 && v.length <= MAX_PURPOSE && !hasC0Control(v) && !v.includes('\u007f') && !BIDI_CONTROLS.test(v);
}
