import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What the receiver answered: a status, or 'timeout' (it never answered in time). */
  answer: number | 'timeout';
}

/**
 * A real HTTP receiver on 127.0.0.1 for the webhook tests. `behave` decides per request: a status code to answer,
 * or 'timeout' to hold the request open until the client gives up.
 */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  behave: (fn: (r: Omit<Received, 'answer'>, nth: number) => number | 'timeout') => void;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let decide: (r: Omit<Received, 'answer'>, nth: number) => number | 'timeout' = () => 200;
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const answer = decide(r, received.length);
      received.push({ ...r, answer });
      if (answer === 'timeout') {
        held.push(res);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    behave: (fn) => { decide = fn; },
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Polls `check` until it returns true (at most `ms`), for waits on the worker; fails the test with `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
