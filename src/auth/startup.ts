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
 * - AUTH_MODE=dev also trusts the development issuer whose keys `npm run token` made in DATA_DIR/dev-auth.
 */
export function resolveAuthSettings(config: Pick<Config, 'nodeEnv' | 'authMode' | 'authIssuers' | 'authClockToleranceSeconds' | 'allowDevAuthInProduction' | 'dataDir'>): AuthSettings {
  const production = config.nodeEnv === 'production';
  const warnings: string[] = [];
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
    if (production) throw new Error('AUTH_MODE=jwt needs trusted issuers: set AUTH_ISSUERS or AUTH_ISSUERS_FILE (README: Security)');
    warnings.push('AUTH_MODE=jwt without AUTH_ISSUERS: every bearer token will be refused');
  }
  return { issuers, clockToleranceSeconds: config.authClockToleranceSeconds, warnings };
}
