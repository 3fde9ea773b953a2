import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, generateKeyPair } from 'jose';
import { startTestApp } from '../support/harness';
import { withApp } from '../support/app';
import { b64, testIssuer, type TestIssuer } from '../support/tokens';
import { codeOf, gqlPost } from '../support/http';
import { loadIssuers } from '../../src/auth/issuers';
import { resolveAuthSettings } from '../../src/auth/startup';
import { loadConfig } from '../../src/config';
import { DEV_ISSUER, devClaims, ensureDevKeys, mintDevToken } from '../../src/auth/dev-keys';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { CitizenIds, CitizenName, ServerToday, WhoAmI } from '../support/operations';


describe('authentication: bearer JWTs verified with jose against configured issuers', () => {
  let url: string;
  let idp: TestIssuer; // ES256, all roles, static JWK
  let rsa: TestIssuer; // RS256 from a PEM public key
  let citizensOnly: TestIssuer; // may assert only role citizen
  let jwksIdp: TestIssuer; // keys from a JWKS URL
  let jwksServer: http.Server;
  let jwksBody: { keys: unknown[] };
  let jwksHits = 0;
  let jcX: Jobcenter;
  let jcY: Jobcenter;
  let fund: UnemploymentFund;
  let a: Citizen;
  let b: Citizen;

  const t = withApp(async () => {
    jwksServer = http.createServer((_req, res) => {
      jwksHits++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwksBody));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    idp = await testIssuer('https://idp.test/employees');
    rsa = await testIssuer('https://idp.test/rsa', { alg: 'RS256', keySource: 'pem' });
    citizensOnly = await testIssuer('https://login.test/citizens', { config: { roles: ['citizen'] } });
    jwksIdp = await testIssuer('https://fund-federation.test', { kid: 'rotating-1' });
    jwksBody = { keys: [jwksIdp.publicJwk] };
    return {
      authMode: 'jwt',
      development: false,
      app: {
        auth: {
          issuers: [idp.config, rsa.config, citizensOnly.config,
            { issuer: jwksIdp.issuer, audience: jwksIdp.audience, jwksUrl, algorithms: ['ES256'] }],
        },
      },
    };
  });
  beforeAll(async () => {
    url = await t.listen();
    jcX = await t.fx.jobcenter();
    jcY = await t.fx.jobcenter();
    fund = await t.fx.fund();
    a = await t.fx.citizen(jcX, { unemploymentFundId: fund.id });
    b = await t.fx.citizen(jcY);
  });
  afterAll(async () => {
    await new Promise<void>((r) => jwksServer.close(() => r()));
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('accepts a valid ES256 caseworker token; the jobcenter scope comes from the token', async () => {
    const token = await idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'jane' });
    const r = await gqlPost(url, CitizenIds, { jc: jcX.id }, bearer(token));
    expect(r.status).toBe(200);
    expect(r.json.data.citizens.nodes.map((n: { id: string }) => n.id)).toContain(a.id);
    // Asking for another jobcenter's citizens with the same token: the argument cannot widen the scope.
    const other = await gqlPost(url, CitizenIds, { jc: jcY.id }, bearer(token));
    expect(codeOf(other)).toBe('FORBIDDEN');
    const out = await gqlPost(url, CitizenName, { id: b.id }, bearer(token));
    expect(out.json.data.citizen).toBeNull();
  });

  it('accepts a citizen token and shows only that citizen', async () => {
    const token = await citizensOnly.sign({ role: 'citizen', citizen_id: a.id, sub: 'mitid-123' });
    const r = await gqlPost(url, WhoAmI, undefined, bearer(token));
    expect(r.json.data.me).toEqual({ id: a.id });
    expect((await gqlPost(url, CitizenName, { id: b.id }, bearer(token))).json.data.citizen).toBeNull();
  });

  it('accepts RS256 tokens verified with a static PEM public key', async () => {
    const token = await rsa.sign({ role: 'a-kasse', unemployment_fund_id: fund.id, sub: 'ak-user' });
    const r = await gqlPost(url, CitizenName, { id: a.id }, bearer(token));
    expect(r.json.data.citizen).toEqual({ id: a.id, name: a.name });
  });

  it('fetches keys from a JWKS URL, caches them, and refetches once for an unknown kid (key rotation)', async () => {
    const token = await jwksIdp.sign({ role: 'statistics', sub: 'analyst' });
    const before = jwksHits;
    expect((await gqlPost(url, WhoAmI, undefined, bearer(token))).status).toBe(200);
    expect((await gqlPost(url, WhoAmI, undefined, bearer(token))).status).toBe(200);
    expect(jwksHits - before).toBeLessThanOrEqual(1);
    // An unknown key (not in the JWKS) is refused.
    const rogue = await testIssuer(jwksIdp.issuer, { kid: 'rotating-2' });
    const r = await gqlPost(url, WhoAmI, undefined, bearer(await rogue.sign({ role: 'statistics', sub: 'x' })));
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
  });

  const refusals: [string, () => Promise<string>, RegExp][] = [
    ['an expired token', () => idp.sign({ role: 'caseworker', jobcenter_id: 'x', exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
    ['a token not valid yet (nbf)', () => idp.sign({ role: 'statistics', sub: 's', nbf: Math.floor(Date.now() / 1000) + 3600 }), /not valid yet/],
    ['a token for another audience', () => idp.sign({ role: 'statistics', sub: 's', aud: 'another-api' }), /audience/],
    ['a token from an unknown issuer', () => idp.sign({ role: 'statistics', sub: 's', iss: 'https://evil.test' }), /issuer/],
    ['a token without exp', () => idp.sign({ role: 'statistics', sub: 's', exp: undefined }), /exp/],
    ['a token without a role', () => idp.sign({ sub: 's' }), /role/],
    ['a token with an unknown role', () => idp.sign({ role: 'admin', sub: 's' }), /role/],
    ['a caseworker token without jobcenter_id', () => idp.sign({ role: 'caseworker', sub: 's' }), /jobcenter_id/],
    ['a citizen token whose citizen_id is not a UUID', () => idp.sign({ role: 'citizen', citizen_id: "1' OR '1'='1" }), /citizen_id/],
    ['a role the issuer may not assert', () => citizensOnly.sign({ role: 'caseworker', jobcenter_id: '00000000-0000-4000-8000-000000000000', sub: 's' }), /may not assert/],
    ['a token signed by another key under the trusted kid', async () => (await testIssuer(idp.issuer, { kid: `${idp.issuer}-key-1` })).sign({ role: 'statistics', sub: 's' }), /signature|key/],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: idp.issuer, aud: idp.audience, role: 'statistics', sub: 's', exp: 9999999999 })}.`, /algorithm|not a signed|malformed|verified/],
    ['HS256 signed with the public key as secret (algorithm confusion)', async () =>
      new SignJWT({ role: 'statistics', sub: 's' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(rsa.issuer).setAudience(rsa.audience)
        .setExpirationTime('5m').sign(new TextEncoder().encode(rsa.publicPem)), /algorithm/],
    ['RS256 on an ES256-only issuer', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT({ role: 'statistics', sub: 's' }).setProtectedHeader({ alg: 'RS256', kid: `${idp.issuer}-key-1` })
        .setIssuer(idp.issuer).setAudience(idp.audience).setExpirationTime('5m').sign(privateKey);
    }, /algorithm/],
    ['a tampered payload', async () => {
      const [h, , s] = (await idp.sign({ role: 'citizen', citizen_id: '00000000-0000-4000-8000-000000000001' })).split('.');
      return `${h}.${b64({ iss: idp.issuer, aud: idp.audience, role: 'caseworker', jobcenter_id: '00000000-0000-4000-8000-000000000002', sub: 'x', exp: 9999999999 })}.${s}`;
    }, /signature/],
    ['garbage', async () => 'not-a-token', /not a signed JWT/],
    ['an encrypted (JWE, five-part) token', async () => 'a.b.c.d.e', /not a signed JWT/],
    ['an oversize token', async () => `${'a'.repeat(9000)}.b.c`, /longer than/],
  ];

  it.each(refusals)('refuses %s with 401 UNAUTHENTICATED and a reason, never as anonymous', async (_name, make, reason) => {
    const r = await gqlPost(url, WhoAmI, undefined, bearer(await make()));
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.json.errors[0].message).toMatch(reason);
    expect(r.json.data).toBeUndefined();
  });

  it('refuses other Authorization schemes and the development header in jwt mode', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'bearer']) {
      const r = await gqlPost(url, WhoAmI, undefined, { authorization });
      expect([r.status, codeOf(r)]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const dev = await gqlPost(url, WhoAmI, undefined, { 'x-dev-actor': `caseworker:${jcX.id}` });
    expect([dev.status, codeOf(dev)]).toEqual([401, 'UNAUTHENTICATED']);
    expect(dev.json.errors[0].message).toMatch(/AUTH_MODE=dev/);
  });

  it('without credentials the caller is anonymous: public serverInfo works, everything else is UNAUTHENTICATED', async () => {
    const r = await gqlPost(url, ServerToday);
    expect(r.json.data.serverInfo.today).toBe('2026-03-02');
    expect(codeOf(await gqlPost(url, CitizenName, { id: a.id }))).toBe('UNAUTHENTICATED');
  });
});

describe('development authentication (AUTH_MODE=dev) and start-up rules', () => {
  it('AUTH_MODE=dev accepts x-dev-actor and tokens minted by `npm run token` (dev issuer from DATA_DIR)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'selvbook-devauth-'));
    const { privateJwk } = await ensureDevKeys(dataDir);
    const settings = resolveAuthSettings({ ...loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }) });
    expect(settings.issuers.map((i) => i.issuer)).toEqual([DEV_ISSUER]);
    const t = await startTestApp({ authMode: 'dev', app: { auth: { issuers: settings.issuers } } });
    try {
      const url = await t.listen();
      const jc = await t.fx.jobcenter();
      const c = await t.fx.citizen(jc);
      const viaHeader = await gqlPost(url, CitizenName, { id: c.id }, { 'x-dev-actor': `caseworker:${jc.id}` });
      expect(viaHeader.json.data.citizen.id).toBe(c.id);
      for (const [role, scope] of [['caseworker', jc.id], ['integration', jc.id], ['citizen', c.id]] as const) {
        const token = await mintDevToken(privateJwk, devClaims(role, scope));
        const r = await gqlPost(url, CitizenName, { id: c.id }, { authorization: `Bearer ${token}` });
        expect(r.json.data.citizen.id).toBe(c.id);
      }
      const bad = await gqlPost(url, CitizenName, { id: c.id }, { 'x-dev-actor': 'root' });
      expect([bad.status, codeOf(bad)]).toEqual([401, 'UNAUTHENTICATED']);
    } finally {
      await t.close();
    }
  });

  it('NODE_ENV=production refuses AUTH_MODE=dev unless ALLOW_DEV_AUTH_IN_PRODUCTION=true, and jwt mode without issuers', () => {
    const base = { NODE_ENV: 'production', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'selvbook-prod-')) };
    expect(() => resolveAuthSettings(loadConfig({ ...base, AUTH_MODE: 'dev' }))).toThrow(/refused with NODE_ENV=production/);
    const forced = resolveAuthSettings(loadConfig({ ...base, AUTH_MODE: 'dev', ALLOW_DEV_AUTH_IN_PRODUCTION: 'true' }));
    expect(forced.warnings.join()).toMatch(/anyone can act as anyone/);
    expect(() => resolveAuthSettings(loadConfig(base))).toThrow(/needs trusted issuers/);
    const issuers = JSON.stringify([{ issuer: 'https://idp', audience: 'selvbook-api', jwksUrl: 'https://idp/jwks.json' }]);
    expect(resolveAuthSettings(loadConfig({ ...base, AUTH_ISSUERS: issuers })).issuers).toHaveLength(1);
  });

  it('issuer configuration is checked at start-up: no HMAC or none, https JWKS, exactly one key source, known roles', () => {
    const one = (i: Record<string, unknown>) => () => loadIssuers({ AUTH_ISSUERS: JSON.stringify([{ issuer: 'https://idp', audience: 'api', jwksUrl: 'https://idp/jwks', ...i }]) });
    expect(one({ algorithms: ['HS256'] })).toThrow(/HS256.*not allowed/);
    expect(one({ algorithms: ['none'] })).toThrow(/not allowed/);
    expect(one({ jwksUrl: 'http://idp.example/jwks' })).toThrow(/https/);
    expect(one({ publicKey: 'x' })).toThrow(/exactly one key source/);
    expect(one({ roles: ['root'] })).toThrow(/unknown role/);
    expect(one({ audience: '' })).toThrow(/audience/);
    expect(() => loadIssuers({ AUTH_ISSUERS: '[{' })).toThrow(/not valid JSON/);
    expect(one({})()).toEqual([expect.objectContaining({ issuer: 'https://idp', algorithms: ['RS256', 'ES256', 'EdDSA'] })]);
  });

  it('in-process contexts still work for every actor kind (test harness compatibility)', async () => {
    const t = await startTestApp();
    try {
      const jc = await t.fx.jobcenter();
      const c = await t.fx.citizen(jc);
      expect((await t.as.caseworker(jc.id).run(CitizenName, { id: c.id })).citizen.id).toBe(c.id);
    } finally {
      await t.close();
    }
  });
});
