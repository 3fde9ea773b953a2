import type { JWTPayload } from 'jose';
import type { Actor } from '../domain/shared/actor';
import { isUuid } from '../domain/shared/uuid';
import { type Role, ROLES } from './issuers';

const SUBJECT = /^[\w.@:|+-]{1,128}$/;

/** A verified token's claims did not give a usable actor. */
export class ClaimsError extends Error {}

/**
 * Maps verified claims to the actor. The scope (which citizen, jobcenter or a-kasse) comes only from here,
 * never from operation arguments:
 *
 * | role          | scope claim             | actor id from            |
 * | ------------- | ----------------------- | ------------------------ |
 * | `citizen`     | `citizen_id` (UUID)     | —                        |
 * | `caseworker`  | `jobcenter_id` (UUID)   | `sub`                    |
 * | `integration` | `jobcenter_id` (UUID)   | `client_id`, `azp`, `sub`|
 * | `a-kasse`     | `unemployment_fund_id`  | `sub`                    |
 * | `statistics`  | —                       | `sub`                    |
 *
 * Decision: the citizen token carries the API's citizen id, not the CPR number: the login broker maps the
 * MitID identity to the citizen record, so national ID numbers never travel in bearer tokens or logs.
 */
export function actorFromClaims(claims: JWTPayload, allowedRoles: readonly Role[] = ROLES): Actor {
  const role = claims.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new ClaimsError(`claim 'role' must be one of ${ROLES.join(', ')}`);
  }
  if (!allowedRoles.includes(role as Role)) throw new ClaimsError(`this issuer may not assert role '${role}'`);
  switch (role as Role) {
    case 'citizen':
      return { kind: 'CITIZEN', citizenId: uuidClaim(claims, 'citizen_id') };
    case 'caseworker':
      return { kind: 'CASEWORKER', jobcenterId: uuidClaim(claims, 'jobcenter_id'), userId: subject(claims.sub, 'sub') };
    case 'integration':
      return {
        kind: 'INTEGRATION',
        jobcenterId: uuidClaim(claims, 'jobcenter_id'),
        clientId: subject(claims.client_id ?? claims.azp ?? claims.sub, 'client_id'),
      };
    case 'a-kasse':
      return { kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: uuidClaim(claims, 'unemployment_fund_id'), userId: subject(claims.sub, 'sub') };
    case 'statistics':
      return { kind: 'STATISTICS', userId: subject(claims.sub, 'sub') };
  }
}

function uuidClaim(claims: JWTPayload, name: string): string {
  const v = claims[name];
  if (typeof v !== 'string' || !isUuid(v)) throw new ClaimsError(`claim '${name}' must be a UUID for role '${String(claims.role)}'`);
  return v.toLowerCase();
}

function subject(v: unknown, name: string): string {
  if (typeof v !== 'string' || !SUBJECT.test(v)) throw new ClaimsError(`claim '${name}' must be 1–128 characters of letters, digits and . @ : | + - _`);
  return v;
}
