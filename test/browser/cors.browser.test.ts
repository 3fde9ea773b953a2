import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/harness';
import type { Citizen, Jobcenter } from '../../src/entities';

/**
 * Issue 11, item 10, in a real browser: Debian's Chromium (headless, a fresh profile) loads a citizen's page from
 * one loopback origin, and the page's script books a slot through the API on another origin (CORS preflight,
 * then the POST) and shows the result. A page from an origin not in CORS_ORIGINS runs the same script and the
 * browser refuses it. UPDATE_SCREENSHOT=1 also writes docs/cors-browser-test.png.
 */
const CHROMIUM = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const INSTALL_HINT = 'Chromium is not installed. The browser tests drive Debian\'s Chromium; install it with `apt-get install chromium` '
  + '(as non-root: `sudo apt-get install chromium`), or set CHROMIUM to the path of a Chromium binary.';

/** The citizen's page: books `slot` as `actor` at `api` (all from the query string) and shows what happened. */
const PAGE = `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Selvbooking</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem; max-width: 44rem; }
  #status { font-size: 1.4rem; } .ok { color: #0a6b2d; } .refused { color: #a4161a; }
  pre { background: #f3f3f3; padding: .8rem; white-space: pre-wrap; word-break: break-all; }
</style></head>
<body>
<h1>Book din jobsamtale</h1>
<p>Page origin: <code id="origin"></code><br>API: <code id="api"></code></p>
<p id="status">Booking…</p>
<pre id="result"></pre>
<script>
  const q = new URLSearchParams(location.search);
  const api = q.get('api');
  document.getElementById('origin').textContent = location.origin;
  document.getElementById('api').textContent = api;
  const status = document.getElementById('status');
  const query = 'mutation($input: BookSlotInput!) { bookSlot(input: $input) { meeting { id startsAt status } userErrors { code message } } }';
  fetch(api, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-actor': q.get('actor') },
    body: JSON.stringify({ query, variables: { input: { slotId: q.get('slot') } } }),
  }).then(async (res) => {
    const body = await res.json();
    const booked = body.data && body.data.bookSlot && body.data.bookSlot.meeting;
    status.textContent = booked ? 'Booked: ' + booked.startsAt + ' (' + booked.status + ')' : 'Not booked';
    status.className = booked ? 'ok' : 'refused';
    document.getElementById('result').textContent = 'HTTP ' + res.status + ' request id ' + res.headers.get('x-request-id') + '\\n' + JSON.stringify(body, null, 2);
  }, (err) => {
    status.textContent = 'Refused by the browser: ' + err.name + ': ' + err.message;
    status.className = 'refused';
  });
</script>
</body></html>`;

async function servePage(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if ((req.url ?? '/').startsWith('/favicon')) {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('#11.10 a citizen web app on another origin books a slot in a real browser (CORS)', () => {
  let allowedPage: Awaited<ReturnType<typeof servePage>>;
  let otherPage: Awaited<ReturnType<typeof servePage>>;
  let t: TestApp;
  let api: string;
  let jc: Jobcenter;
  let browser: BrowserContext;
  const profile = mkdtempSync(path.join(tmpdir(), 'selvbook-chromium-'));
  const consoleLines: string[] = [];

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error(INSTALL_HINT);
    allowedPage = await servePage();
    otherPage = await servePage();
    t = await startTestApp({ now: '2026-03-02T09:00:00+01:00', app: { corsOrigins: [allowedPage.origin] } });
    // The API on http://localhost:<port>: another host and port than the page at http://127.0.0.1:<port>.
    api = (await t.listen()).replace('127.0.0.1', 'localhost');
    jc = await t.fx.jobcenter();
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 900, height: 640 },
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await allowedPage?.close();
    await otherPage?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  async function citizenWithSlot(): Promise<{ citizen: Citizen; slotId: string }> {
    const citizen = await t.fx.citizen(jc);
    await t.fx.deadline(citizen, '2026-03-01', '2026-03-10');
    const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
    return { citizen, slotId: slot.id };
  }

  async function openPage(origin: string, citizen: Citizen, slotId: string) {
    const page = await browser.newPage();
    page.on('console', (m) => consoleLines.push(`${origin} ${m.type()}: ${m.text()}`));
    const url = `${origin}/?${new URLSearchParams({ api, actor: `citizen:${citizen.id}`, slot: slotId })}`;
    await page.goto(url);
    // A string: it runs in the page (this project's TypeScript has no DOM types).
    await page.waitForFunction("document.getElementById('status').textContent !== 'Booking…'", undefined, { timeout: 20_000 });
    return page;
  }

  const meetingsOf = async (citizenId: string) =>
    (await t.ds.query('SELECT slot_id, status FROM meeting WHERE citizen_id = $1', [citizenId])) as { slot_id: string; status: string }[];

  it('#11.10: the page from the allowed origin books the slot and shows it; the booking is in the database', async () => {
    const { citizen, slotId } = await citizenWithSlot();
    const page = await openPage(allowedPage.origin, citizen, slotId);
    expect(await page.textContent('#status')).toBe('Booked: 2026-03-05T10:00:00+01:00 (PLANNED)');
    expect(await page.textContent('#result')).toContain('"userErrors": []');
    expect(await page.textContent('#result')).toMatch(/^HTTP 200 request id [0-9a-f-]{36}/); // exposed header readable
    expect(await meetingsOf(citizen.id)).toEqual([{ slot_id: slotId, status: 'PLANNED' }]);
    const shot = process.env.UPDATE_SCREENSHOT ? path.resolve(__dirname, '../../docs/cors-browser-test.png') : path.join(profile, 'allowed.png');
    await page.screenshot({ path: shot, fullPage: true });
    await page.close();
  }, 60_000);

  it('#11.10: the same page from an origin not in CORS_ORIGINS is refused by the browser, and nothing is booked', async () => {
    const { citizen, slotId } = await citizenWithSlot();
    const page = await openPage(otherPage.origin, citizen, slotId);
    expect(await page.textContent('#status')).toBe('Refused by the browser: TypeError: Failed to fetch');
    expect(consoleLines.some((l) => l.startsWith(otherPage.origin) && /CORS policy/.test(l))).toBe(true);
    expect(await meetingsOf(citizen.id)).toEqual([]);
    const free = await t.ds.query('SELECT count(*)::int AS n FROM meeting WHERE slot_id = $1', [slotId]);
    expect(free[0].n).toBe(0);
    await page.close();
  }, 60_000);
});
