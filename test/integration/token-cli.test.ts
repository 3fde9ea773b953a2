import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { runProgram } from '../support/processes';

/**
 * `npm run token` (scripts/mint-token.ts; README: Tokens): bad arguments are refused at once with what is wrong and the
 * usage (exit 2) and nothing is minted; good ones give one token on stdout. That the running server accepts the token
 * without a restart is proven by the README's quick tour (readme-commands.test.ts).
 */
describe('npm run token', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'selvbook-token-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function token(...args: string[]) {
    return tokenWith({}, ...args);
  }

  async function tokenWith(env: Record<string, string | undefined>, ...args: string[]) {
    const r = runProgram({ DATA_DIR: dataDir, ...env }, ['scripts/mint-token.ts', ...args]);
    const code = await r.exited;
    return { code, out: r.out, err: r.err.join('\n') };
  }

  it.each([
    [[], /no role given/],
    [['boss'], /unknown role 'boss'/],
    [['caseworker', 'not-a-uuid'], /the caseworker id must be a UUID, not 'not-a-uuid'/],
    [['caseworker', '00000000-0000-4000-8000-00000000a001', '--ttl', '1h'], /--ttl must be whole seconds/],
    [['caseworker', '00000000-0000-4000-8000-00000000a001', '--jobcenter', 'x'], /unknown option --jobcenter/],
    [['statistics', 'extra'], /unexpected argument 'extra'/],
  ])('refuses %j with the reason and the usage, minting nothing', async (args, why) => {
    const r = await token(...(args as string[]));
    expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: [] });
    expect(r.err).toMatch(why as RegExp);
    expect(r.err).toMatch(/usage: npm run token -- <citizen\|caseworker\|integration\|a-kasse\|statistics>/);
  });

  it('mints a caseworker token with the actor kind, id, subject and ttl given', async () => {
    const r = await token('caseworker', '00000000-0000-4000-8000-00000000a001', '--sub', 'jane', '--ttl', '600');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    const claims = decodeJwt(r.out[0]!);
    expect(claims).toMatchObject({ role: 'caseworker', jobcenter_id: '00000000-0000-4000-8000-00000000a001', sub: 'jane', iss: 'urn:selvbook:dev-issuer', aud: 'selvbook-api' });
    expect(claims.exp! - claims.iat!).toBe(600);
  });

  it.each([
    [{ PORT: undefined, HOST: undefined }, 'http://localhost:4000/graphql'],
    [{ PORT: '4123' }, 'http://localhost:4123/graphql'],
    [{ PORT: '4123', HOST: '0.0.0.0' }, 'http://localhost:4123/graphql'],
    [{ PORT: undefined, HOST: undefined, AUTH_MODE: 'jwt' }, 'http://localhost:4000/graphql'],
    [{ PORT: '5000', HOST: '192.168.7.2' }, 'http://192.168.7.2:5000/graphql'],
    [{ PORT: undefined, HOST: '::1' }, 'http://[::1]:4000/graphql'],
  ])('with %j the curl hint names the server\'s address, %s (PORT and HOST as src/config.ts reads them)', async (env, url) => {
    const r = await tokenWith(env, 'statistics');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`-d '{"query":"{ serverInfo { today } }"}' ${url}`);
  });
});
