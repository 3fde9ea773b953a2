import { isIP } from 'node:net';
import type { Config } from '../config';
import { loadDevIssuer } from './dev-keys';
import type { IssuerConfig } from './issuers';

export interface AuthSettings {
  issuers: IssuerConfig[];
  clockToleranceSeconds: number;
  /** Start-up warnings to log. */
  warnings: string[];
}

/**
 * The authentication settings the server starts with, or an error that stops it:
 * - NODE_ENV=production with AUTH_MODE=dev is refused unless ALLOW_DEV_AUTH_IN_PRODUCTION=true;
 * - NODE_ENV=production with AUTH_MODE=jwt needs at least one issuer (else nobody could log in);
 * - AUTH_MODE=dev on a HOST that is not loopback is refused unless ALLOW_DEV_AUTH_ON_NETWORK=yes (then a loud
 *   warning): anyone who reaches the port could act as anyone with x-dev-actor;
 * - AUTH_MODE=dev also trusts the development issuer whose keys `npm run token` made in DATA_DIR/dev-auth.
 */
export function resolveAuthSettings(config: Pick<Config, 'nodeEnv' | 'authMode' | 'authIssuers' | 'authClockToleranceSeconds' | 'allowDevAuthInProduction' | 'dataDir'>
  & Partial<Pick<Config, 'host' | 'allowDevAuthOnNetwork'>>): AuthSettings {
  const production = config.nodeEnv === 'production';
  const warnings: string[] = [];
  if (config.authMode === 'dev' && config.host !== undefined && !isLoopbackHost(config.host)) {
    if (!config.allowDevAuthOnNetwork) {
      throw new Error(`AUTH_MODE=dev is refused on HOST=${config.host}: it is not a loopback address, and the x-dev-actor header would let anyone who reaches the port act as anyone (listen on 127.0.0.1, use AUTH_MODE=jwt, or set ALLOW_DEV_AUTH_ON_NETWORK=yes to force it)`);
    }
    warnings.push(`DANGER: AUTH_MODE=dev on the network (HOST=${config.host}, forced by ALLOW_DEV_AUTH_ON_NETWORK=yes): anyone who reaches this port can act as any citizen, caseworker or a-kasse with the x-dev-actor header`);
  }
  if (production && config.authMode === 'dev') {
    if (!config.allowDevAuthInProduction) {
      throw new Error('AUTH_MODE=dev is refused with NODE_ENV=production: the x-dev-actor header would let anyone act as anyone (set ALLOW_DEV_AUTH_IN_PRODUCTION=true to force it)');
    }
    warnings.push('AUTH_MODE=dev in production (forced by ALLOW_DEV_AUTH_IN_PRODUCTION): anyone can act as anyone with x-dev-actor');
  }
  let issuers = config.authIssuers;
  if (config.authMode === 'dev') {
    const dev = loadDevIssuer(config.dataDir);
    if (dev && !issuers.some((i) => i.issuer === dev.issuer)) issuers = [...issuers, dev];
  }
  if (config.authMode === 'jwt' && issuers.length === 0) {
    if (production) throw new Error('AUTH_MODE=jwt needs trusted issuers: set AUTH_ISSUERS or AUTH_ISSUERS_FILE (docs/authentication.md)');
    warnings.push('AUTH_MODE=jwt without AUTH_ISSUERS: every bearer token will be refused');
  }
  return { issuers, clockToleranceSeconds: config.authClockToleranceSeconds, warnings };
}

/**
 * Loopback only: `localhost`, 127.0.0.0/8, ::1 (and IPv4-mapped 127.x). Decision: `0.0.0.0`, `::` and every other
 * address or name count as the network, even a private one — a host name could resolve to anything.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
  return false;
}
