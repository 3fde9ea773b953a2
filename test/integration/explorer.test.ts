import { startTestApp } from '../support/harness';
import { withApp } from '../support/app';

/**
 * Issue 14 item 5 over HTTP: GET / serves the offline GraphiQL page and its files from this server (development),
 * with a same-origin-only Content-Security-Policy; with development off (NODE_ENV=production) there is no explorer.
 * The page itself runs in a real browser in test/browser/explorer.test.ts (`npm run test:browser`).
 */
describe('#14.5 the explorer at GET /', () => {
  describe('development', () => {
    const t = withApp({ development: true });
    let origin: string;
    beforeAll(async () => {
      origin = new URL(await t.listen()).origin;
    });

    it('#14.5: GET / is the GraphiQL page; its scripts and styles come from this server, under a same-origin CSP', async () => {
      const res = await fetch(`${origin}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      const html = await res.text();
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.sort()).toEqual(['/explorer/explorer.js', '/explorer/graphiql.css', '/explorer/graphiql.js', '/explorer/react-dom.js', '/explorer/react.js']);
      for (const ref of refs) {
        const r = await fetch(origin + ref);
        expect([ref, r.status]).toEqual([ref, 200]);
        const text = await r.text();
        expect(text.length).toBeGreaterThan(100);
        // Nothing loaded from elsewhere: no absolute script or style URL in what the page runs.
        expect(text).not.toMatch(/<script[^>]+src="https?:|@import\s+url\(["']?https?:/);
      }
      const boot = await (await fetch(`${origin}/explorer/explorer.js`)).text();
      expect(boot).toContain('citizen:00000000-0000-4000-8000-0000000c0001');
      expect(boot).toContain('caseworker:00000000-0000-4000-8000-00000000a001');
      expect(boot).toContain('unemployment-fund:00000000-0000-4000-8000-00000000f001');
      expect(boot).toContain('myObligations');
    });

    it('#14.5: unknown explorer files answer 404, other methods 405; /graphql is unchanged', async () => {
      expect((await fetch(`${origin}/explorer/../package.json`)).status).toBe(404);
      expect((await fetch(`${origin}/explorer/nope.js`)).status).toBe(404);
      expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(405);
      // A string on purpose: the literal body a client sends to the started server.
      const gql = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ serverInfo { today } }' }) });
      expect(gql.status).toBe(200);
    });
  });

  it('#14.5: in production (development off) GET / and the explorer files answer 404', async () => {
    const t = await startTestApp({ development: false });
    try {
      const origin = new URL(await t.listen()).origin;
      for (const p of ['/', '/explorer/graphiql.js', '/explorer/explorer.js']) {
        const r = await fetch(origin + p);
        expect([p, r.status]).toEqual([p, 404]);
        expect(await r.text()).not.toContain('GraphiQL');
      }
    } finally {
      await t.close();
    }
  });
});
