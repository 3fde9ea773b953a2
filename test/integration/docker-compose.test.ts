import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { freePort } from '../../src/db/embedded';
import { TEMPLATE_DB, withDatabase } from '../support/global-setup';

/**
 * Issue 13 item 7: `docker compose up` as documented starts a working stack (it exited for want of token issuers).
 * No Docker engine runs here, so the api service is run as the container would run it: its command and environment
 * from docker-compose.yml, with the image's paths mapped — /app to a temporary directory, `node dist/…/x.js` to
 * `node --import tsx …/x.ts` (the same code, uncompiled) — and only DATABASE_URL and PORT replaced (a test database, a
 * free port). The token command the README gives for the stack must give a token the running server accepts.
 */

const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: { api: { command?: string[]; environment: Record<string, string>; volumes?: string[]; ports?: string[] } };
};
const api = compose.services.api;
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
/** The service's command, or else the image's CMD (exec form), as one shell command line. */
const command = api.command
  ? (api.command[0] === 'sh' && api.command[1] === '-c' ? api.command[2]! : api.command.join(' '))
  : (JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[]).join(' ');

/** A command line of the image (cwd /app) as it runs here from the sources. */
function fromSources(cmd: string, app: string): string {
  return cmd
    .replace(/node dist\/((?:src|scripts)\/[\w./-]+)\.js/g, (_, p: string) => `node --import tsx ${path.join(root, p)}.ts`)
    .replaceAll('/app/', `${app}/`);
}

function sh(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { cwd: root, env, timeout: 45_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

describe('docker compose: the api service as documented', () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const db = `compose_${randomBytes(5).toString('hex')}`;
  const app = mkdtempSync(path.join(tmpdir(), 'selvbook-compose-'));
  let env: NodeJS.ProcessEnv;
  let proc: ChildProcess;
  const lines: string[] = [];
  let base: string;

  beforeAll(async () => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${TEMPLATE_DB}`);
    await c.end();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const composeEnv = Object.fromEntries(Object.entries(api.environment).map(([k, v]) => [k, String(v).replace(/^\/app(?=\/|$)/, app)]));
    env = { PATH: process.env.PATH, HOME: app, ...composeEnv, DATABASE_URL: withDatabase(admin, db), PORT: String(port) };
    proc = spawn('sh', ['-c', fromSources(command, app)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    proc.stderr!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    const until = Date.now() + 90_000;
    while (Date.now() < until && proc.exitCode === null && !lines.some((l) => l.includes('selvbook API ready'))) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (proc?.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
    rmSync(app, { recursive: true, force: true });
  });

  it('starts in production mode with JWT authentication, seeds the demo and is ready', async () => {
    expect({ exited: proc.exitCode, ready: lines.some((l) => l.includes('selvbook API ready')), lines: lines.slice(-3) })
      .toEqual({ exited: null, ready: true, lines: lines.slice(-3) });
    expect(env).toMatchObject({ NODE_ENV: 'production', AUTH_MODE: 'jwt' });
    expect(lines.some((l) => l.includes('demo data seeded'))).toBe(true);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('accepts a token of the README\'s command for the stack, and refuses x-dev-actor', async () => {
    const cmd = /`docker compose exec -T api (node dist\/scripts\/mint-token\.js [^`]+)`/.exec(readme)?.[1];
    expect(cmd).toBe('node dist/scripts/mint-token.js caseworker 00000000-0000-4000-8000-00000000a001');
    const run = await sh(fromSources(cmd!, app), env);
    expect(run.code).toBe(0);
    const ask = (headers: Record<string, string>) => fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      // A string on purpose: the literal body a client sends to the compose stack.
      body: JSON.stringify({ query: '{ jobcenter(id: "00000000-0000-4000-8000-00000000a001") { name rebookingCutoffHours } }' }),
    }).then((r) => r.json());
    expect(await ask({ authorization: `Bearer ${run.stdout.trim()}` })).toEqual({ data: { jobcenter: { name: 'Jobcenter København', rebookingCutoffHours: 24 } } });
    const dev = await ask({ 'x-dev-actor': 'caseworker:00000000-0000-4000-8000-00000000a001' }) as { errors: { extensions: { code: string } }[] };
    expect(dev.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the key pair in a volume on DATA_DIR, which the image gives to its user, and publishes on loopback only', () => {
    expect(api.volumes).toContainEqual(expect.stringMatching(new RegExp(`^\\w+:${api.environment.DATA_DIR}/dev-auth$`)));
    expect(api.environment.AUTH_ISSUERS_FILE).toBe(`${api.environment.DATA_DIR}/dev-auth/issuers.json`);
    expect(dockerfile).toMatch(/mkdir -p \/app\/\.data\/dev-auth && chown -R node:node \/app\/\.data\nUSER node/);
    expect(api.ports).toEqual(['127.0.0.1:4000:4000']);
  });
});
