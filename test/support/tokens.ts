import { type CryptoKey, type JWK, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { IssuerConfig } from '../../src/auth/issuers';

/** A test identity provider: a key pair and its issuer config, minting tokens with any claims. */
export interface TestIssuer {
  issuer: string;
  audience: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
  config: IssuerConfig;
  /** Signs `claims` (iss/aud/iat/exp filled in unless given; pass undefined to leave one out). */
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
}

export async function testIssuer(issuer: string, opts: { alg?: string; audience?: string; kid?: string; config?: Partial<IssuerConfig>; keySource?: 'jwk' | 'pem' } = {}): Promise<TestIssuer> {
  const alg = opts.alg ?? 'ES256';
  const audience = opts.audience ?? 'selvbook-api';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = opts.kid ?? `${issuer}-key-1`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const publicPem = await exportSPKI(publicKey);
  const key = opts.keySource === 'pem' ? { publicKey: publicPem } : { jwk: publicJwk };
  const config: IssuerConfig = { issuer, audience, algorithms: [alg], ...key, ...opts.config };
  return {
    issuer, audience, alg, privateKey, publicJwk, publicPem, config,
    sign: async (claims, header = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const full: Record<string, unknown> = { iss: issuer, aud: audience, iat: now, exp: now + 600, ...claims };
      for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
      return new SignJWT(full as never).setProtectedHeader({ alg, kid, typ: 'JWT', ...header } as never).sign(privateKey);
    },
  };
}

/** base64url of a JSON value (for hand-made, unsigned or tampered tokens). */
export function b64(v: unknown): string {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}
