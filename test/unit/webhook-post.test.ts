import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { post } from '../../src/domain/webhooks/webhooks.worker';

/**
 * EV-2: one delivery attempt (post) against a local receiver. The status line is the receiver's answer: a body that is
 * cut short or still arriving when the attempt's time limit falls due does not turn an acknowledged delivery into a
 * failed attempt (which would be sent again); a receiver that sends nothing within the limit is a timeout.
 */
describe('EV-2: a webhook attempt takes the status as the answer', () => {
  let server: http.Server;
  let url: string;
  const sockets = new Set<import('node:net').Socket>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('accepted'); // and the rest never comes
      } else if (req.url === '/cut-body') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 20);
      }
      // '/silent': no answer at all
    });
    server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const attempt = (path: string) => post(`${url}${path}`, { 'content-type': 'application/json' }, '{}', 300, { development: true });

  it('EV-2: 200 with a body still arriving at the time limit → status 200, not a timeout', async () => {
    expect(await attempt('/slow-body')).toEqual({ status: 200 });
  });
  it('EV-2: 200 with a body cut short by the receiver → status 200', async () => {
    expect(await attempt('/cut-body')).toEqual({ status: 200 });
  });
  it('EV-2: no answer within the limit → a timeout', async () => {
    expect(await attempt('/silent')).toEqual({ error: 'timeout after 300 ms' });
  });
});
