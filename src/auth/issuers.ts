import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';

/** The roles a token may carry (claim `role`), as the issue and RULES.md (actors table) name them. */
export const ROLES = ['citizen', 'caseworker', 'integration', 'a-kasse', 'statistics'] as const;
export type Role = (typeof ROLES)[number];

/** Asymmetric algorithms only: a shared secret would let whoever holds it (including this server) mint tokens. */
const SUPPORTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const DEFAULT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/**
 * One trusted token issuer (an identity provider such as the citizen login broker, the municipality's
 * employee IdP, or an a-kasse federation). Keys come either from a JWKS URL (rotated keys, fetched and cached)
 * or from a static key: an SPKI PEM public key, a public JWK, or an inline JWKS.
 */
export interface IssuerConfig {
  /** Exact `iss` value. */
  issuer: string;
  /** Accepted `aud` value(s); the token must name at least one. */
  audience: string | string[];
  jwksUrl?: string;
  /** SPKI PEM public key (`-----BEGIN PUBLIC KEY-----`), or `publicKeyFile` with the path of one. */
  publicKey?: string;
  publicKeyFile?: string;
  /** A public JWK, or an inline JWKS `{ keys: [...] }`. */
  jwk?: JWK;
  jwks?: { keys: JWK[] };
  /** Algorithm allow-list for this issuer (default RS256, ES256, EdDSA). `none` and HMAC are never accepted. */
  algorithms?: string[];
  /** Roles this issuer may assert (default: all). A citizen login broker should list only `citizen`. */
  roles?: Role[];
}

/**
 * Reads the issuer list from AUTH_ISSUERS (a JSON array) or AUTH_ISSUERS_FILE (a path to one), and checks
 * it so that a typo fails at start-up instead of at the first request.
 */
export function loadIssuers(env: { AUTH_ISSUERS?: string; AUTH_ISSUERS_FILE?: string }): IssuerConfig[] {
  const raw = env.AUTH_ISSUERS?.trim() ? env.AUTH_ISSUERS : env.AUTH_ISSUERS_FILE ? readFileSync(env.AUTH_ISSUERS_FILE, 'utf8') : undefined;
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(`AUTH_ISSUERS${env.AUTH_ISSUERS ? '' : '_FILE'} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((i, n) => validateIssuer(i, n));
}

function validateIssuer(i: unknown, n = 0): IssuerConfig {
  const where = `issuer #${n + 1}`;
  if (!i || typeof i !== 'object') throw new Error(`${where}: must be an object`);
  const c = i as IssuerConfig;
  if (typeof c.issuer !== 'string' || !c.issuer) throw new Error(`${where}: 'issuer' (the exact iss value) is required`);
  const aud = Array.isArray(c.audience) ? c.audience : [c.audience];
  if (!aud.length || aud.some((a) => typeof a !== 'string' || !a)) throw new Error(`${where} (${c.issuer}): 'audience' is required`);
  const sources = [c.jwksUrl, c.publicKey, c.publicKeyFile, c.jwk, c.jwks].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw new Error(`${where} (${c.issuer}): give exactly one key source: jwksUrl, publicKey, publicKeyFile, jwk or jwks`);
  }
  if (c.jwksUrl !== undefined) {
    const u = new URL(c.jwksUrl);
    if (u.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
      throw new Error(`${where} (${c.issuer}): jwksUrl must use https (http only for localhost)`);
    }
  }
  const algs = c.algorithms ?? DEFAULT_ALGORITHMS;
  for (const a of algs) {
    if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(a)) {
      throw new Error(`${where} (${c.issuer}): algorithm '${a}' is not allowed (use one of ${SUPPORTED_ALGORITHMS.join(', ')})`);
    }
  }
  for (const r of c.roles ?? []) {
    if (!(ROLES as readonly string[]).includes(r)) throw new Error(`${where} (${c.issuer}): unknown role '${r}' (roles: ${ROLES.join(', ')})`);
  }
  const publicKey = c.publicKeyFile ? readFileSync(c.publicKeyFile, 'utf8') : c.publicKey;
  return { ...c, publicKey, publicKeyFile: undefined, algorithms: algs };
}
