import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/harness';
import { DEMO, seedDemo } from '../../src/db/seed-demo';

/**
 * Issue 14 item 5 in a real browser: Debian's Chromium (headless, a fresh profile) opens GET / of a development
 * server on the demo data, and every request the page makes is recorded: all of them go to the server's own loopback
 * origin (anything else is aborted and fails the test). The citizen's saved operation runs with its prefilled
 * x-dev-actor header and the answer is shown. UPDATE_SCREENSHOT=1 also writes docs/explorer.png.
 */
const CHROMIUM = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const INSTALL_HINT = 'Chromium is not installed. The browser tests drive Debian\'s Chromium; install it with `apt-get install chromium` '
  + '(as non-root: `sudo apt-get install chromium`), or set CHROMIUM to the path of a Chromium binary.';

describe('#14.5 the offline explorer in a real browser', () => {
  let t: TestApp;
  let origin: string;
  let browser: BrowserContext;
  const profile = mkdtempSync(path.join(tmpdir(), 'selvbook-chromium-'));
  const requested: string[] = [];
  const leftLoopback: string[] = [];

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error(INSTALL_HINT);
    t = await startTestApp({ now: '2026-03-02T09:00:00+01:00', development: true });
    await seedDemo(t.ds, t.clock.today());
    origin = new URL(await t.listen()).origin;
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1280, height: 800 },
    });
    // Every request of every page, whatever its kind (scripts, styles, fonts, fetches): only our origin may pass.
    await browser.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
      leftLoopback.push(url);
      return route.abort();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('#14.5 (MT-1): GET / loads GraphiQL from this server only, with a saved tab per role; the citizen\'s myObligations runs with the prefilled x-dev-actor and shows the answer', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const graphqlCalls: { headers: Record<string, string>; body: string }[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/graphql') graphqlCalls.push({ headers: r.headers(), body: r.postData() ?? '' });
    });
    const res = await page.goto(`${origin}/`);
    expect(res?.status()).toBe(200);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // The three saved operations, named by their operations.
    // Locators, not page functions: the page's Content-Security-Policy forbids evaluating strings.
    await page.locator('.graphiql-tab').nth(2).waitFor({ timeout: 20_000 });
    const tabs = await page.locator('.graphiql-tab').allTextContents();
    expect(tabs).toHaveLength(3);
    expect(tabs.join(' | ')).toMatch(/MyObligations.*Citizens.*FundEvents/);
    // No tab click: what a person sees on first load is the first tab, with its header already filled in.
    await page.locator('.graphiql-query-editor', { hasText: 'query MyObligations' }).waitFor({ timeout: 20_000 });
    // The headers editor shows the citizen's dev actor.
    await page.locator('.graphiql-editor-tool', { hasText: `citizen:${DEMO.citizen(1)}` }).waitFor({ timeout: 20_000 });

    await page.click('.graphiql-execute-button');
    await page.locator('.result-window', { hasText: 'Anne Jensen' }).waitFor({ timeout: 30_000 });
    const answer = (await page.textContent('.result-window')) ?? '';
    expect(answer).toContain('"myObligations"');
    expect(answer).toContain('"activeDeadline"');
    expect(answer).not.toContain('"errors"');

    const run = graphqlCalls.find((c) => c.body.includes('MyObligations'));
    expect(run?.headers['x-dev-actor']).toBe(`citizen:${DEMO.citizen(1)}`);
    expect(run?.headers['content-type']).toContain('application/json');
    expect(errors).toEqual([]);
    expect(leftLoopback).toEqual([]);
    expect(requested.length).toBeGreaterThan(4);
    expect(requested.every((u) => u.startsWith('data:') || new URL(u).origin === origin)).toBe(true);

    // The other roles' saved operations run too, each with its own actor.
    await page.click('.graphiql-tab >> text=Citizens');
    await page.locator('.graphiql-query-editor', { hasText: 'query Citizens' }).waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-editor-tool', { hasText: 'caseworker:' }).waitFor({ timeout: 20_000 });
    await page.click('.graphiql-execute-button');
    await page.locator('.result-window', { hasText: '"citizens"' }).waitFor({ timeout: 30_000 });
    expect(await page.textContent('.result-window')).toContain('Bo Nielsen');
    await page.click('.graphiql-tab >> text=FundEvents');
    await page.locator('.graphiql-query-editor', { hasText: 'query FundEvents' }).waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-editor-tool', { hasText: 'unemployment-fund:' }).waitFor({ timeout: 20_000 });
    await page.click('.graphiql-execute-button');
    await page.locator('.result-window', { hasText: '"unemploymentFundEvents"' }).waitFor({ timeout: 30_000 });
    expect(await page.textContent('.result-window')).not.toContain('"errors"');
    expect(graphqlCalls.find((c) => c.body.includes('FundEvents'))?.headers['x-dev-actor']).toBe(`unemployment-fund:${DEMO.fundMetal}`);
    expect(leftLoopback).toEqual([]);
    await page.click('.graphiql-tab >> text=MyObligations');
    await page.locator('.result-window', { hasText: 'Anne Jensen' }).waitFor({ timeout: 20_000 });

    const shot = process.env.UPDATE_SCREENSHOT ? path.resolve(__dirname, '../../docs/explorer.png') : path.join(profile, 'explorer.png');
    await page.screenshot({ path: shot });
    await page.close();
  }, 90_000);
});
