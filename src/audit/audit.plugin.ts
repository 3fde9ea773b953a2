import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Context } from '../context';
import { databaseUnavailableError, isDatabaseUnavailable } from '../db/unavailable';
import { insertAccessLog } from './access-log';

/**
 * Writes the request's READ entries in one multi-row INSERT just before the response is sent (one
 * statement per request, whatever it read). Decision: fail closed — if the entries cannot be written, the
 * data is not sent (500), since personal data must not leave without its log entry.
 */
export function auditPlugin(ds: DataSource, log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const rows = contextValue.audit.takeReads(contextValue.clock.now());
          if (rows.length === 0) return;
          try {
            await insertAccessLog(ds.manager, rows);
          } catch (err) {
            log.error({ err, requestId: contextValue.requestId }, 'access log write failed: response withheld');
            // A database that cannot answer in time: 503 DATABASE_UNAVAILABLE with Retry-After (src/server.ts sets the status).
            const unavailable = isDatabaseUnavailable(err);
            response.http.status = unavailable ? 503 : 500;
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                errors: [unavailable ? databaseUnavailableError() : { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
              };
            }
          }
        },
      };
    },
  };
}
