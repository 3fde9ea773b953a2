import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/db/embedded';
import { TEMPLATE_DB, withDatabase } from '../support/global-setup';
import { type Run, runProgram, untilReady } from '../support/processes';

/**
 * Issue 13 item 7: every command of the README works verbatim on any day. Each ```sh block of README.md (except the
 * first, the two commands of a fresh machine, which CI runs as they stand) is run by bash against a fresh server with
 * demo data (src/main.ts, the transition run at start included), and its answer must have the shape of the ```json
 * block shown after it: the same keys, the same enum values, no `errors`. A README edit that breaks a command fails here.
 */

const root = path.resolve(__dirname, '../..');

interface Block { lang: string; text: string; line: number; before: string }

/** Fenced blocks of a markdown text, each with the last paragraph of prose before it. */
export function fencedBlocks(md: string): Block[] {
  const lines = md.split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let last = '';
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) {
      if (lines[i]!.trim() !== '') paragraph.push(lines[i]!);
      else if (paragraph.length) [last, paragraph] = [paragraph.join('\n'), []];
      continue;
    }
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ lang: open[1]!, text: body.join('\n'), line: start, before: paragraph.length ? paragraph.join('\n') : last });
    if (paragraph.length) [last, paragraph] = [paragraph.join('\n'), []];
  }
  return blocks;
}

const ENUM = /^[A-Z][A-Z0-9_]+$/;

/**
 * Differences between the documented answer and the real one: objects need the same keys; arrays as long as shown
 * (an empty one stays empty), each shown element compared in place and any further one with the last shape shown;
 * scalars the same type (null stays null), enum-like strings (`OPEN`, `SLOT_TAKEN`) equal.
 */
export function shapeDiff(expected: unknown, actual: unknown, at = '$', exactEnums = true): string[] {
  if (expected === null) return actual === null ? [] : [`${at}: expected null, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    if (expected.length === 0) return actual.length === 0 ? [] : [`${at}: expected [], got ${actual.length} elements`];
    if (actual.length < expected.length) return [`${at}: expected at least ${expected.length} elements, got ${actual.length}`];
    return actual.flatMap((a, i) => shapeDiff(expected[Math.min(i, expected.length - 1)], a, `${at}[${i}]`, exactEnums && i < expected.length));
  }
  if (typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])];
    return keys.flatMap((k) => (!(k in a) ? [`${at}.${k}: missing`] : !(k in e) ? [`${at}.${k}: not documented (${JSON.stringify(a[k])})`] : shapeDiff(e[k], a[k], `${at}.${k}`, exactEnums)));
  }
  if (typeof actual !== typeof expected) return [`${at}: expected a ${typeof expected}, got ${JSON.stringify(actual)}`];
  if (exactEnums && typeof expected === 'string' && ENUM.test(expected) && actual !== expected) return [`${at}: expected ${expected}, got ${String(actual)}`];
  return [];
}

function bash(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-euo', 'pipefail', '-c', script], { cwd: root, env, timeout: 45_000, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * A machine without curl (a slim CI image) gets a stand-in for the options the README uses (-s, -H, -d, the URL), in
 * node, so the commands' JSON, headers and shell quoting are still what is run.
 */
function curlOnPath(dir: string): string {
  try {
    execFileSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' });
    return process.env.PATH!;
  } catch {
    const bin = path.join(dir, 'bin');
    const shim = path.join(bin, 'curl');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(shim, `#!${process.execPath}
const a = process.argv.slice(2); const headers = {}; let url, body;
for (let i = 0; i < a.length; i++) {
  if (a[i] === '-s') continue;
  else if (a[i] === '-H') { const h = a[++i]; const c = h.indexOf(':'); headers[h.slice(0, c).trim()] = h.slice(c + 1).trim(); }
  else if (a[i] === '-d') body = a[++i];
  else url = a[i].includes('://') ? a[i] : 'http://' + a[i];
}
fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body }).then((r) => r.text()).then((t) => process.stdout.write(t), (e) => { console.error(String(e)); process.exit(7); });
`);
    chmodSync(shim, 0o755);
    return `${bin}:${process.env.PATH}`;
  }
}

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = fencedBlocks(readme);
const firstSh = blocks.findIndex((b) => b.lang === 'sh');
const commands = blocks.map((b, i) => ({ ...b, i })).filter((b) => b.lang === 'sh' && b.i !== firstSh);

describe('README commands, run verbatim against a fresh server with demo data', () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const db = `readme_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selvbook-readme-'));
  let server: Run;
  let port: number;

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${TEMPLATE_DB}`);
    await c.end();
    port = await freePort();
    // As `npm start` on a fresh machine: demo data, the transition scheduler on (its run at start deregisters Mette
    // Holm), development authentication, and a data directory without dev token keys yet.
    server = runProgram({ DATABASE_URL: withDatabase(admin, db), PORT: String(port), SEED_DEMO: 'true', TRANSITIONS_SCHEDULE: 'on', DATA_DIR: dataDir });
    await untilReady(server);
    const until = Date.now() + 30_000;
    while (!server.out.some((l) => l.includes('daily transitions done')) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  }, 120_000);

  afterAll(async () => {
    if (server?.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the README has the two commands of a fresh machine first, and a documented answer after every other command', () => {
    expect(blocks[firstSh]!.text).toMatch(/npm ci && npm start/);
    expect(blocks[firstSh]!.text).toMatch(/npm ci && npm test/);
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const c of commands) expect({ line: c.line, next: blocks[c.i + 1]?.lang }).toEqual({ line: c.line, next: 'json' });
  });

  // The README's *Tokens* table: each command, verbatim, gives a token the running server accepts for its actor.
  const tokenCommands = [...readme.matchAll(/`(npm run token -- [^`<>]+)`/g)].map((m) => m[1]!);
  it('the README\'s token commands (one per actor kind) each give a token the running server accepts', async () => {
    expect(tokenCommands.map((t) => t.split(' ')[4])).toEqual(expect.arrayContaining(['citizen', 'caseworker', 'integration', 'a-kasse', 'statistics']));
    const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    for (const cmd of tokenCommands) {
      const run = await bash(cmd.replace('npm run token', 'npm run -s token'), env);
      expect({ cmd, code: run.code }).toEqual({ cmd, code: 0 });
      const res = await fetch(`http://localhost:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${run.stdout.trim()}` },
        // A string on purpose: the literal body a client sends to the started server.
        body: JSON.stringify({ query: '{ serverInfo { today } }' }),
      });
      const body = await res.json() as { data?: { serverInfo: { today: string } }; errors?: unknown };
      expect({ cmd, errors: body.errors, today: typeof body.data?.serverInfo.today }).toEqual({ cmd, errors: undefined, today: 'string' });
    }
  }, 120_000);

  for (const c of commands) {
    const rules = [...new Set(c.before.match(/\b[A-Z]{2}-\d+\b/g) ?? [])];
    const title = `${rules.length ? `${rules.join(', ')}: ` : ''}README line ${c.line} (${c.before.split('\n')[0]!.slice(0, 60)}…) answers as documented`;
    it(title, async () => {
      const expected = JSON.parse(blocks[c.i + 1]!.text) as unknown;
      const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, PATH: curlOnPath(dataDir) };
      delete env.DATABASE_URL;
      // The only change: the port of this test's server instead of 4000.
      const run = await bash(c.text.replaceAll('localhost:4000', `localhost:${port}`), env);
      expect({ code: run.code, stderr: run.code ? run.stderr : '' }).toEqual({ code: 0, stderr: '' });
      const actual = JSON.parse(run.stdout) as unknown;
      expect({ answer: actual, differences: shapeDiff(expected, actual) }).toEqual({ answer: actual, differences: [] });
    });
  }

  // Last: it adds citizens (the quick tour's answers are about the demo's own).
  it('CZ-9: the README\'s import command, verbatim, imports the example file into the database', async () => {
    const cmd = /`(npm run import -- citizens [^`<>]+)`/.exec(readme)?.[1];
    expect(cmd).toBe('npm run import -- citizens docs/examples/citizens.csv');
    const env: Record<string, string> = { ...(process.env as Record<string, string>), DATABASE_URL: withDatabase(admin, db) };
    const run = await bash(cmd!, env);
    expect({ code: run.code, stderr: run.code ? run.stderr : '' }).toEqual({ code: 0, stderr: '' });
    const c = new Client({ connectionString: withDatabase(admin, db) });
    await c.connect();
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM citizen WHERE cpr = '0507881234'`)).rows as { n: number }[];
    await c.end();
    expect(n).toBe(1);
  });
});
