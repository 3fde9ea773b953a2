import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { IssuerConfig, Role } from './issuers';

/** The development issuer: keys generated into the git-ignored data directory, never used in production. */
export const DEV_ISSUER = 'urn:selvbook:dev-issuer';
export const DEV_AUDIENCE = 'selvbook-api';
const ALG = 'ES256';

function files(dataDir: string) {
  const dir = path.join(dataDir, 'dev-auth');
  return { dir, priv: path.join(dir, 'private.jwk.json'), pub: path.join(dir, 'public.jwk.json'), issuers: path.join(dir, 'issuers.json') };
}

/**
 * Creates the dev key pair and a matching issuer config (`.data/dev-auth/issuers.json`) once. Safe when several
 * processes start on a fresh DATA_DIR at the same moment (the cluster's workers, `npm run token` beside the server):
 * the private key is linked into place only if none is there (one wins), and the public key and issuer config are
 * derived from whichever private key won, each written whole by rename.
 */
export async function ensureDevKeys(dataDir: string): Promise<{ privateJwk: JWK; publicJwk: JWK; issuersFile: string }> {
  const f = files(dataDir);
  if (!existsSync(f.priv)) {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
    const privateJwk = { ...(await exportJWK(privateKey)), alg: ALG, use: 'sig', kid };
    mkdirSync(f.dir, { recursive: true, mode: 0o700 });
    const tmp = `${f.priv}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
    try {
      linkSync(tmp, f.priv);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  const privateJwk = JSON.parse(readFileSync(f.priv, 'utf8')) as JWK;
  const { d: _d, ...publicPart } = privateJwk;
  const publicJwk: JWK = publicPart;
  const write = (file: string, text: string) => {
    if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  };
  write(f.pub, JSON.stringify(publicJwk, null, 2));
  write(f.issuers, JSON.stringify([devIssuerConfig(publicJwk)], null, 2));
  return { privateJwk, publicJwk, issuersFile: f.issuers };
}

function devIssuerConfig(publicJwk: JWK): IssuerConfig {
  return { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, jwk: publicJwk, algorithms: [ALG] };
}

/** The dev issuer, if its keys exist (AUTH_MODE=dev trusts it without further configuration). */
export function loadDevIssuer(dataDir: string): IssuerConfig | undefined {
  const f = files(dataDir);
  if (!existsSync(f.pub)) return undefined;
  return devIssuerConfig(JSON.parse(readFileSync(f.pub, 'utf8')));
}

/** Claims of a development token for a role and its scope id (citizen, jobcenter or a-kasse id). */
export function devClaims(role: Role, scopeId: string | undefined, subject?: string): Record<string, unknown> {
  const need = (what: string) => {
    if (!scopeId) throw new Error(`role ${role} needs the ${what} id`);
    return scopeId;
  };
  switch (role) {
    case 'citizen':
      return { role, citizen_id: need('citizen'), sub: subject ?? `citizen-${need('citizen').slice(0, 8)}` };
    case 'caseworker':
      return { role, jobcenter_id: need('jobcenter'), sub: subject ?? 'dev-caseworker' };
    case 'integration':
      return { role, jobcenter_id: need('jobcenter'), sub: subject ?? 'dev-integration', client_id: subject ?? 'dev-integration' };
    case 'a-kasse':
      return { role, unemployment_fund_id: need('unemployment fund'), sub: subject ?? 'dev-fund' };
    case 'statistics':
      return { role, sub: subject ?? 'dev-statistics' };
  }
}

/** Signs a development token with the dev key (valid for `ttlSeconds`, default 8 hours). */
export async function mintDevToken(privateJwk: JWK, claims: Record<string, unknown>, ttlSeconds = 8 * 3600): Promise<string> {
  const key = await importJWK(privateJwk, ALG);
  return new SignJWT(claims).setProtectedHeader({ alg: ALG, kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).sign(key);
}
