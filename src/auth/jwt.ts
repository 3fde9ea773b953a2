import {
  type CryptoKey, type JWSHeaderParameters, type JWTPayload, type FlattenedJWSInput, createLocalJWKSet, createRemoteJWKSet,
  decodeJwt, errors, importSPKI, jwtVerify,
} from 'jose';
import type { Actor } from '../domain/shared/actor';
import { ClaimsError, actorFromClaims } from './claims';
import { DEFAULT_ALGORITHMS, type IssuerConfig, ROLES } from './issuers';

/** A bearer token was presented but is not acceptable; the message says why without revealing keys. */
export class TokenError extends Error {}

/** Longest bearer token accepted (bytes); real tokens are well under 4 KB. */
const MAX_TOKEN_LENGTH = 8192;

export interface VerifiedToken {
  actor: Actor;
  claims: JWTPayload;
}

export interface JwtVerifierOptions {
  issuers: IssuerConfig[];
  /** Allowed clock skew for exp/nbf/iat (default 30 s). */
  clockToleranceSeconds?: number;
  /** Token time is real time (not the domain clock): tests may inject it. */
  now?: () => Date;
}

type KeyGetter = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey> | CryptoKey;

/**
 * Verifies bearer JWTs with jose against the configured issuers: the issuer is chosen by the token's
 * `iss` (before verification only to pick the key), then the signature, the issuer's algorithm
 * allow-list, `iss`, `aud`, `exp` (required) and `nbf` are checked, and the claims are mapped to an actor.
 */
export function createJwtVerifier(opts: JwtVerifierOptions): (token: string) => Promise<VerifiedToken> {
  const byIssuer = new Map(opts.issuers.map((i) => [i.issuer, { config: i, getKey: keyGetter(i) }]));
  const tolerance = opts.clockToleranceSeconds ?? 30;

  return async (token: string) => {
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenError(`bearer token longer than ${MAX_TOKEN_LENGTH} characters`);
    if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) throw new TokenError('bearer token is not a signed JWT (header.payload.signature)');
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new TokenError('bearer token is not a decodable JWT');
    }
    const entry = typeof unverified.iss === 'string' ? byIssuer.get(unverified.iss) : undefined;
    if (!entry) throw new TokenError('token issuer is not trusted by this server');
    const { config } = entry;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, entry.getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms ?? DEFAULT_ALGORITHMS,
        requiredClaims: ['exp'],
        clockTolerance: tolerance,
        ...(opts.now ? { currentDate: opts.now() } : {}),
      }));
    } catch (err) {
      throw new TokenError(describeJoseError(err));
    }
    try {
      return { actor: actorFromClaims(claims, config.roles ?? ROLES), claims };
    } catch (err) {
      if (err instanceof ClaimsError) throw new TokenError(err.message);
      throw err;
    }
  };
}

function keyGetter(i: IssuerConfig): KeyGetter {
  if (i.jwksUrl) {
    // Cached; an unknown kid triggers at most one refetch per cooldown (key rotation without restart).
    return createRemoteJWKSet(new URL(i.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) as KeyGetter;
  }
  if (i.jwks) return createLocalJWKSet(i.jwks) as KeyGetter;
  if (i.jwk) return createLocalJWKSet({ keys: [i.jwk] }) as KeyGetter;
  const pem = i.publicKey!;
  const cache = new Map<string, Promise<CryptoKey>>();
  return (header) => {
    // jose has already checked header.alg against the allow-list before asking for the key.
    const alg = header.alg!;
    if (!cache.has(alg)) cache.set(alg, importSPKI(pem, alg));
    return cache.get(alg)!;
  };
}

function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'token audience is not this API';
    if (err.claim === 'nbf') return 'token is not valid yet';
    if (err.claim === 'iss') return 'token issuer is not trusted by this server';
    return `token claim '${err.claim}' is invalid (${err.reason})`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return 'token signing algorithm is not allowed for this issuer';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches the token';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'token does not say which key (kid) signed it';
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return 'the issuer\'s keys could not be fetched';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'token is malformed';
  if (err instanceof errors.JOSENotSupported) return 'token uses an unsupported algorithm or key type';
  if (err instanceof errors.JOSEError) return 'token could not be verified';
  if (err instanceof TypeError) return 'token could not be verified with the issuer\'s key';
  throw err;
}
