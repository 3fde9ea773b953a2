import path from 'node:path';

/** Every environment variable the server reads, in one place (README: Configuration). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  authMode: 'dev' | 'jwt';
  nodeEnv: string;
  logLevel: string;
  seedDemo: boolean;
  dbPoolSize: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  // Development header auth by default for `npm start` on a developer's machine; JWT by default in production.
  const authMode = (env.AUTH_MODE ?? (nodeEnv === 'production' ? 'jwt' : 'dev')) as Config['authMode'];
  if (authMode !== 'dev' && authMode !== 'jwt') throw new Error(`AUTH_MODE must be 'dev' or 'jwt', got '${authMode}'`);
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env.PORT}'`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? path.join(process.cwd(), '.data')),
    authMode,
    nodeEnv,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedDemo: (env.SEED_DEMO ?? 'true') !== 'false',
    dbPoolSize: Number(env.DB_POOL_SIZE ?? 10),
  };
}
