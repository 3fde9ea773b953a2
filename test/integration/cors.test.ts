import { withApp } from '../support/app';
import { type HttpResult, gqlPost, request } from '../support/http';
import type { Citizen, Jobcenter } from '../../src/entities';

/**
 * Issue 11, item 10: CORS over real HTTP — the allow-list (CORS_ORIGINS), preflight, Vary: Origin, and CSRF
 * prevention still holding. The browser itself is in test/browser (npm run test:browser).
 */
const ALLOWED = 'http://app.example:3000';
const OTHER = 'http://evil.example';
// GraphQL as strings on purpose in this file: a CORS test sends the bodies (GET, text/plain, preflight) a browser would.
const BOOK = `mutation($input: BookSlotInput!) { bookSlot(input: $input) { meeting { id startsAt } userErrors { code message } } }`;

const preflight = (url: string, origin: string, headers = 'content-type,x-dev-actor') => request(url, {
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
});
const vary = (r: HttpResult) => String(r.headers.vary ?? '').split(',').map((s) => s.trim().toLowerCase());
const list = (v: string | string[] | undefined) => String(v ?? '').split(',').map((s) => s.trim().toLowerCase());

describe('#11.10 CORS with CORS_ORIGINS set (dev auth)', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00', app: { corsOrigins: [ALLOWED, 'https://citizen.example'] } });
  let url: string;
  let jc: Jobcenter;
  let citizen: Citizen;
  beforeAll(async () => {
    url = await t.listen();
    jc = await t.fx.jobcenter();
    citizen = await t.fx.citizen(jc);
    await t.fx.deadline(citizen, '2026-03-01', '2026-03-10');
  });

  it('#11.10: a preflight from a listed origin is answered 204 with that origin, GET/POST, the headers the API reads, max-age and Vary: Origin', async () => {
    const r = await preflight(url, ALLOWED, 'content-type,authorization,x-purpose,apollo-require-preflight,x-dev-actor');
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(list(r.headers['access-control-allow-methods'])).toEqual(['get', 'post']);
    expect(list(r.headers['access-control-allow-headers'])).toEqual(expect.arrayContaining(['content-type', 'authorization', 'x-purpose', 'apollo-require-preflight', 'x-request-id', 'x-dev-actor']));
    expect(r.headers['access-control-max-age']).toBe('600');
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    expect(vary(r)).toContain('origin');
  });

  it('#11.10: a preflight from an origin not listed gets no Allow-Origin (the browser sends nothing), with Vary: Origin', async () => {
    for (const origin of [OTHER, 'http://app.example:3001', 'https://app.example:3000', 'null']) {
      const r = await preflight(url, origin);
      expect([origin, r.headers['access-control-allow-origin']]).toEqual([origin, undefined]);
      expect(vary(r)).toContain('origin');
    }
  });

  it('#11.10: a POST from a listed origin books the slot and may be read (Allow-Origin, exposed x-request-id); another origin gets no Allow-Origin', async () => {
    const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
    const r = await gqlPost(url, BOOK, { input: { slotId: slot.id } }, { origin: ALLOWED, 'x-dev-actor': `citizen:${citizen.id}` });
    expect(r.status).toBe(200);
    expect(r.json.data.bookSlot).toEqual({ meeting: { id: expect.any(String), startsAt: '2026-03-05T10:00:00+01:00' }, userErrors: [] });
    expect(r.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(list(r.headers['access-control-expose-headers'])).toEqual(['x-request-id', 'retry-after']);
    expect(vary(r)).toContain('origin');

    const other = await gqlPost(url, '{ serverInfo { today } }', undefined, { origin: OTHER });
    expect(other.status).toBe(200); // the server answers; the browser keeps the answer from the page
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(vary(other)).toContain('origin');
  });

  it('#11.10: CSRF prevention still holds for a listed origin: a simple GET or a text/plain POST is refused, with a readable error', async () => {
    const get = await request(`${url}?query=${encodeURIComponent('{ serverInfo { today } }')}`, { method: 'GET', headers: { origin: ALLOWED } });
    expect(get.status).toBe(400);
    expect(get.text).toMatch(/CSRF|apollo-require-preflight/i);
    expect(get.headers['access-control-allow-origin']).toBe(ALLOWED);
    const plain = await request(url, { headers: { origin: ALLOWED, 'content-type': 'text/plain' }, body: JSON.stringify({ query: 'mutation { ping }' }) });
    expect(plain.status).toBe(415);
    expect(plain.json.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // With the preflight header the same GET is a (preflighted) request and is answered.
    const ok = await request(`${url}?query=${encodeURIComponent('{ serverInfo { today } }')}`, { method: 'GET', headers: { origin: ALLOWED, 'apollo-require-preflight': 'true' } });
    expect(ok.status).toBe(200);
    expect(ok.json.data.serverInfo.today).toBe('2026-03-02');
  });

  it('#11.10: /health and /ready are not CORS endpoints', async () => {
    const r = await request(url.replace('/graphql', '/health'), { method: 'GET', headers: { origin: ALLOWED } });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('#11.10 CORS: JWT mode does not offer x-dev-actor; without CORS_ORIGINS nothing changes', () => {
  const jwt = withApp({ authMode: 'jwt', development: false, app: { corsOrigins: [ALLOWED] } });
  const none = withApp();

  it('#11.10: with AUTH_MODE=jwt the preflight allows authorization but not x-dev-actor', async () => {
    const r = await preflight(await jwt.listen(), ALLOWED);
    expect(r.status).toBe(204);
    const headers = list(r.headers['access-control-allow-headers']);
    expect(headers).toContain('authorization');
    expect(headers).not.toContain('x-dev-actor');
  });

  it('#11.10: without CORS_ORIGINS no CORS headers are sent and OPTIONS stays 405', async () => {
    const url = await none.listen();
    const r = await preflight(url, ALLOWED);
    expect(r.status).toBe(405);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const post = await gqlPost(url, '{ serverInfo { today } }', undefined, { origin: ALLOWED });
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    expect(post.headers['access-control-allow-methods']).toBeUndefined();
  });
});
