import type http from 'node:http';
import type { Logger } from 'pino';
import type { CalendarService } from '../domain/calendar/calendar.service';
import { parseFeedPath } from '../domain/calendar/calendar.rules';
import type { Clock } from '../domain/shared/clock';

/**
 * GET /calendar/<token>.ics (issue 14 item 6; docs/calendar.md): the citizen's meetings as iCalendar. The token is
 * the only credential (calendar apps send no other), so an unknown, renewed or malformed token answers the same
 * bare 404 as any unknown path: nothing tells a guesser whether a citizen or a token exists.
 */
export function serveCalendarFeed(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  deps: { calendar: CalendarService; clock: Clock; log: Logger; requestId: string },
): void {
  const notFound = () => {
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ errors: [{ message: 'not found', extensions: { code: 'NOT_FOUND' } }] }));
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('allow', 'GET, HEAD');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ errors: [{ message: 'use GET', extensions: { code: 'METHOD_NOT_ALLOWED' } }] }));
    return;
  }
  const token = parseFeedPath(pathname);
  if (!token) return notFound();
  deps.calendar.feed(token, deps.clock.now(), deps.requestId).then(
    (ics) => {
      if (ics === null) return notFound();
      res.statusCode = 200;
      res.setHeader('content-type', 'text/calendar; charset=utf-8');
      res.setHeader('content-disposition', 'inline; filename="jobcenter.ics"');
      // Personal data behind a secret URL: never stored by a cache, and the URL not passed on as a referrer.
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader('referrer-policy', 'no-referrer');
      res.setHeader('x-content-type-options', 'nosniff');
      res.end(req.method === 'HEAD' ? undefined : ics);
      deps.log.info({ requestId: deps.requestId, status: 200 }, 'calendar feed');
    },
    (err) => {
      deps.log.error({ requestId: deps.requestId, err }, 'calendar feed failed');
      if (res.headersSent) return void res.end();
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    },
  );
}
