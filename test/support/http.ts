import http from 'node:http';
import { type DocumentNode, print } from 'graphql';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body, if it was JSON. */
  json: any;
}

/**
 * One raw HTTP request (node:http, so that any method, header and body — also invalid ones — can be sent).
 * Resolves with status 0 and the error text if the server closed the connection without answering.
 */
export function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<HttpResult> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', (err) => resolve({ status: 0, headers: {}, text: String(err), json: undefined }));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** POSTs a GraphQL operation as JSON: a typed operation (test/support/operations.ts) or, for probes of the transport, a text. */
export function gqlPost(url: string, query: string | DocumentNode, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpResult> {
  const text = typeof query === 'string' ? query : print(query);
  return request(url, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: text, variables }) });
}

/** The first error code of a GraphQL JSON response. */
export function codeOf(r: HttpResult): string | undefined {
  return r.json?.errors?.[0]?.extensions?.code;
}
