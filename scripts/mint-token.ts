/**
 * Mints a development bearer token for a role:
 *
 *   npm run token -- citizen <citizenId>
 *   npm run token -- caseworker <jobcenterId> [--sub jane]
 *   npm run token -- integration <jobcenterId> [--sub case-system]
 *   npm run token -- a-kasse <unemploymentFundId> [--sub ak-user]
 *   npm run token -- statistics [--sub analyst]
 *   options: --ttl <seconds> (default 28800), --purpose "<text>" (the token's purpose claim)
 *   npm run token -- --init    (only make the key pair and issuers.json if missing; mints nothing)
 *
 * Signs with the ES256 key pair in DATA_DIR/dev-auth (default .data/dev-auth, git-ignored), made by a server with
 * AUTH_MODE=dev at start or else by the first run, with the matching issuer config .data/dev-auth/issuers.json. A
 * server with AUTH_MODE=dev trusts that issuer automatically; with AUTH_MODE=jwt set
 * AUTH_ISSUERS_FILE=.data/dev-auth/issuers.json (docker-compose.yml does). Never in production.
 */
import path from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, devClaims, ensureDevKeys, mintDevToken } from '../src/auth/dev-keys';
import { ROLES, type Role } from '../src/auth/issuers';
import { isUuid } from '../src/domain/shared/uuid';
import { listenAddressOf, localGraphqlUrl } from '../src/http/listen-address';


async function main(argv: string[]): Promise<void> {
  const opts: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--init') opts.init = 'yes';
    else if (a.startsWith('--')) opts[a.slice(2)] = argv[++i] ?? '';
    else positional.push(a);
  }
  const [role, scopeId] = positional;
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(process.cwd(), '.data'));
  if (opts.init) {
    // docker-compose.yml runs this (compiled, dist/scripts/mint-token.js) before the server, which trusts the file.
    process.stdout.write(`${(await ensureDevKeys(dataDir)).issuersFile}\n`);
    return;
  }
  const usage = `usage: npm run token -- <${ROLES.join('|')}> [citizenId|jobcenterId|unemploymentFundId] [--sub id] [--ttl seconds] [--purpose text]\n`
    + '       npm run token -- --init\n';
  // Refused here, at once, rather than by the server at the first request (src/auth/claims.ts wants these shapes).
  const refuse = (why: string) => {
    process.stderr.write(`${why}\n${usage}`);
    process.exit(2);
  };
  if (!role || !(ROLES as readonly string[]).includes(role)) refuse(role ? `unknown role '${role}'` : 'no role given');
  const unknown = Object.keys(opts).filter((o) => !['sub', 'ttl', 'purpose'].includes(o));
  if (unknown.length) refuse(`unknown option --${unknown[0]}`);
  if (role !== 'statistics' && scopeId !== undefined && !isUuid(scopeId)) refuse(`the ${role} id must be a UUID, not '${scopeId}'`);
  if (positional.length > (role === 'statistics' ? 1 : 2)) refuse(`unexpected argument '${positional[positional.length - 1]}'`);
  if (opts.ttl !== undefined && !/^[1-9]\d{0,6}$/.test(opts.ttl)) refuse(`--ttl must be whole seconds (1 … 9999999), not '${opts.ttl}'`);
  // The server's PORT and HOST (src/config.ts reads them the same way), so the hint reaches the server this shell starts.
  const url = localGraphqlUrl(listenAddressOf(process.env));
  const { privateJwk, issuersFile } = await ensureDevKeys(dataDir);
  const claims = devClaims(role as Role, scopeId, opts.sub);
  if (opts.purpose) claims.purpose = opts.purpose;
  const token = await mintDevToken(privateJwk, claims, opts.ttl ? Number(opts.ttl) : undefined);
  process.stdout.write(`${token}\n`);
  process.stderr.write(`issuer ${DEV_ISSUER}, audience ${DEV_AUDIENCE}; issuer config: ${issuersFile}\n`
    + `curl -H 'authorization: Bearer <token>' -H 'content-type: application/json' -d '{"query":"{ serverInfo { today } }"}' ${url}\n`);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
