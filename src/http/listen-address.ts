/**
 * PORT and HOST as the server listens on them, read by loadConfig (src/config.ts) and by `npm run token` for its
 * curl hint — apart from config.ts so the token script does not load the database modules config.ts imports.
 */
export interface ListenAddress {
  port: number;
  /** HOST: the interface to listen on; default 127.0.0.1 with AUTH_MODE=dev (loopback only), else 0.0.0.0. */
  host: string;
}

/** AUTH_MODE, defaulting to dev header auth on a developer's machine and JWT with NODE_ENV=production. */
export function authModeOf(env: NodeJS.ProcessEnv): 'dev' | 'jwt' {
  const authMode = env.AUTH_MODE ?? ((env.NODE_ENV ?? 'development') === 'production' ? 'jwt' : 'dev');
  if (authMode !== 'dev' && authMode !== 'jwt') throw new Error(`AUTH_MODE must be 'dev' or 'jwt', got '${authMode}'`);
  return authMode;
}

export function listenAddressOf(env: NodeJS.ProcessEnv): ListenAddress {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env.PORT}'`);
  // Issue 11 (8): development header auth listens on loopback unless HOST says otherwise (and startup.ts allows it).
  return { port, host: env.HOST || (authModeOf(env) === 'dev' ? '127.0.0.1' : '0.0.0.0') };
}

/**
 * The GraphQL URL a client on this machine reaches the server at: `localhost` for the default loopback and for a
 * wildcard HOST (0.0.0.0, ::), else HOST itself (an IPv6 address in brackets).
 */
export function localGraphqlUrl({ port, host }: ListenAddress): string {
  const name = ['127.0.0.1', '0.0.0.0', '::'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/graphql`;
}
