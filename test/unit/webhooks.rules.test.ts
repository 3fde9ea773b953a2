import { createHmac } from 'node:crypto';
import { backoffMs, checkReceiverUrl, isAcknowledged, newSecret, sign, signatureHeader, verifySignature } from '../../src/domain/webhooks/webhooks.rules';

/** A fixed "now" (unix seconds) for the replay window. */
const NOW = 1_772_000_000;
const BODY = '{"id":"e1","type":"NO_SHOW"}';

describe('webhooks.rules (EV-2 pushed)', () => {
  it('EV-2: the signature is HMAC-SHA256 over "<t>.<body>" with the secret, as the header t=<t>,v1=<hex>', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const expected = createHmac('sha256', secret).update(`${NOW}.${BODY}`).digest('hex');
    expect(sign(secret, NOW, BODY)).toBe(expected);
    expect(signatureHeader(secret, NOW, BODY)).toBe(`t=${NOW},v1=${expected}`);
  });

  it('EV-2: a receiver accepts the signature up to 300 s old (on the boundary) and rejects it at 301 s (replay), and rejects another secret, another body or a garbled header', () => {
    const secret = newSecret();
    const header = signatureHeader(secret, NOW, BODY);
    expect(verifySignature(secret, header, BODY, NOW)).toBe(true);
    expect(verifySignature(secret, header, BODY, NOW + 299)).toBe(true);
    expect(verifySignature(secret, header, BODY, NOW + 300)).toBe(true);
    expect(verifySignature(secret, header, BODY, NOW + 301)).toBe(false);
    expect(verifySignature(secret, header, BODY, NOW - 301)).toBe(false);
    expect(verifySignature(newSecret(), header, BODY, NOW)).toBe(false);
    expect(verifySignature(secret, header, BODY.replace('NO_SHOW', 'DEREGISTERED'), NOW)).toBe(false);
    expect(verifySignature(secret, `t=${NOW + 1},${header.split(',')[1]}`, BODY, NOW)).toBe(false);
    for (const h of [undefined, '', 'v1=abc', `t=x,v1=${'0'.repeat(64)}`, `t=${NOW}`]) expect(verifySignature(secret, h, BODY, NOW)).toBe(false);
  });

  it('EV-2: back-off doubles per failed attempt from the base and stops at the maximum', () => {
    const p = { maxAttempts: 12, backoffBaseMs: 10_000, backoffMaxMs: 3_600_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((a) => backoffMs(p, a))).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000, 3_600_000,
    ]);
    expect(backoffMs(p, 1000)).toBe(3_600_000);
  });

  it('EV-2: only a 2xx answer acknowledges a delivery (199 and 300 do not)', () => {
    expect([199, 200, 204, 299, 300, 302, 404, 500].map(isAcknowledged)).toEqual([false, true, true, true, false, false, false, false]);
  });

  it('EV-2: the receiver URL must be https; http only to a loopback host and only in development; no credentials', () => {
    expect(checkReceiverUrl('https://ak.example/hooks', false)).toEqual({ ok: true, url: 'https://ak.example/hooks' });
    for (const u of ['http://127.0.0.1:9000/h', 'http://localhost/h', 'http://[::1]:8080/h']) {
      expect(checkReceiverUrl(u, true).ok).toBe(true);
      expect(checkReceiverUrl(u, false).ok).toBe(false);
    }
    for (const u of ['http://ak.example/h', 'http://10.0.0.1/h', 'http://127.0.0.1.nip.io/h', 'ftp://ak.example', 'not a url', 'https://u:p@ak.example/h', `https://ak.example/${'x'.repeat(2000)}`]) {
      expect(checkReceiverUrl(u, true).ok).toBe(false);
    }
  });
});
