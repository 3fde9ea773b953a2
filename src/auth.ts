import type { IncomingHttpHeaders } from 'node:http';
import { ANONYMOUS, type Actor } from './domain/shared/actor';
import { UnauthenticatedError } from './domain/shared/errors';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Actor][] = [
  [new RegExp(`^citizen:(${UUID})$`), (m) => ({ kind: 'CITIZEN', citizenId: m[1]!.toLowerCase() })],
  [new RegExp(`^caseworker:(${UUID})(?::([\\w.@-]{1,64}))?$`), (m) => ({ kind: 'CASEWORKER', jobcenterId: m[1]!.toLowerCase(), userId: m[2] ?? 'dev-caseworker' })],
  [new RegExp(`^integration:(${UUID})(?::([\\w.@-]{1,64}))?$`), (m) => ({ kind: 'INTEGRATION', jobcenterId: m[1]!.toLowerCase(), clientId: m[2] ?? 'dev-integration' })],
  [new RegExp(`^unemployment-fund:(${UUID})(?::([\\w.@-]{1,64}))?$`), (m) => ({ kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: m[1]!.toLowerCase(), userId: m[2] ?? 'dev-fund' })],
  [/^statistics(?::([\w.@-]{1,64}))?$/, (m) => ({ kind: 'STATISTICS', userId: m[1] ?? 'dev-statistics' })],
];

/** Parses the development header `x-dev-actor`, e.g. `caseworker:<jobcenter-id>` or `citizen:<citizen-id>`. */
export function parseDevActor(value: string): Actor | undefined {
  for (const [re, make] of PATTERNS) {
    const m = value.trim().match(re);
    if (m) return make(m);
  }
  return undefined;
}

/**
 * Who is asking. Until JWT authentication lands (access-control issue), the actor comes from the
 * development header `x-dev-actor`, accepted only when AUTH_MODE=dev — never otherwise.
 */
export function actorFromHeaders(headers: IncomingHttpHeaders, authMode: 'dev' | 'jwt'): Actor {
  const dev = headers['x-dev-actor'];
  if (authMode === 'dev' && typeof dev === 'string' && dev.length > 0) {
    const actor = parseDevActor(dev);
    if (!actor) {
      throw new UnauthenticatedError('x-dev-actor must be citizen:<id>, caseworker:<jobcenterId>[:user], integration:<jobcenterId>[:client], unemployment-fund:<fundId>[:user] or statistics');
    }
    return actor;
  }
  if (headers.authorization) {
    throw new UnauthenticatedError('Bearer tokens are not accepted yet: JWT issuers are not configured on this server');
  }
  return ANONYMOUS;
}
