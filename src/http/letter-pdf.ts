import type http from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Authenticated } from '../auth';
import { insertAccessLog, isAudited } from '../audit/access-log';
import type { Context } from '../context';
import type { Actor } from '../domain/shared/actor';
import { renderLetterPdf } from '../domain/letter/letter.pdf';
import { isUuid } from '../domain/shared/uuid';

/** `/letters/<id>.pdf` → the id (as given; checked by the handler). */
export const LETTER_PDF_PATH = /^\/letters\/([^/]{1,100})\.pdf$/;

/** The operation name the access log records for a PDF download. */
const LETTER_PDF_OPERATION = 'GET /letters/:id.pdf';

interface Deps {
  ds: DataSource;
  log: Logger;
  authenticate: (headers: http.IncomingHttpHeaders) => Promise<Authenticated>;
  contextFor: (actor: Actor, requestId: string, extra: { purpose?: string; clientAddress?: string }) => Context;
}

/**
 * CZ-8: a letter as PDF, authorised exactly like the API: the same bearer token or dev header, the same rule (the
 * citizen and the citizen's jobcenter: LetterService.letter), the same access log (written before the bytes leave;
 * if it cannot be written, nothing is sent — as the GraphQL audit plugin does). Someone else's letter and a letter
 * that does not exist get the same 404.
 */
export async function serveLetterPdf(req: http.IncomingMessage, res: http.ServerResponse, rawId: string, requestId: string, deps: Deps): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return json(res, 405, 'METHOD_NOT_ALLOWED', 'use GET');
  }
  let auth: Authenticated;
  try {
    auth = await deps.authenticate(req.headers);
  } catch (err) {
    if (err instanceof GraphQLError) {
      const status = (err.extensions.http as { status?: number } | undefined)?.status ?? 401;
      return json(res, status, String(err.extensions.code ?? 'UNAUTHENTICATED'), err.message);
    }
    throw err;
  }
  if (auth.actor.kind === 'ANONYMOUS') {
    res.setHeader('www-authenticate', 'Bearer');
    return json(res, 401, 'UNAUTHENTICATED', 'Authentication required');
  }
  if (!isUuid(rawId)) return json(res, 400, 'BAD_USER_INPUT', 'CZ-8: the letter id must be an ID returned by this API (a UUID)');
  const ctx = deps.contextFor(auth.actor, requestId, { purpose: auth.purpose, clientAddress: req.socket.remoteAddress });
  const letter = await ctx.services.letters.letter(ctx.scope, rawId);
  if (!letter) return json(res, 404, 'NOT_FOUND', 'CZ-8: no such letter');
  const pdf = await renderLetterPdf(letter);
  if (isAudited(ctx.actor)) {
    await insertAccessLog(deps.ds.manager, [{
      at: ctx.clock.now(), citizenId: letter.citizenId, access: 'READ', operation: LETTER_PDF_OPERATION,
      purpose: ctx.audit.purpose, actor: ctx.actor, requestId,
    }]);
  }
  res.statusCode = 200;
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('content-length', String(pdf.length));
  res.setHeader('content-disposition', `inline; filename="brev-${letter.date.toString()}-${letter.id}.pdf"`);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(req.method === 'HEAD' ? undefined : pdf);
  deps.log.info({ requestId, status: 200, letter: letter.id }, 'letter pdf');
}

function json(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
