import type { LookupAddress } from 'node:dns';
import { DeliveryAddressRefused, type Resolver, checkDeliveryHost, checkedLookup, internalHostReason, isInternalAddress } from '../../src/domain/webhooks/receiver-address';
import { checkReceiverUrl } from '../../src/domain/webhooks/webhooks.rules';

/** A resolver that answers from a table (no network); an unknown name fails as getaddrinfo does. */
function resolverOf(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const fn = async (host: string) => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address }));
  };
  return Object.assign(fn, { asked });
}


/** The delivery-time check of a whole URL's host, as post() makes it. */
const checkUrl = (url: string, development: boolean, resolve: Resolver) => checkDeliveryHost(new URL(url).hostname, development, resolve);

describe('webhook receiver addresses (EV-2: no internal receivers, SSRF)', () => {
  it('EV-2: loopback, private, link-local (cloud metadata), CGNAT, unspecified, multicast, broadcast and reserved addresses are internal, in IPv4 and IPv6', () => {
    const internal = [
      '127.0.0.1', '127.255.255.254', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1',
      '169.254.169.254', '169.254.0.1', '100.64.0.1', '100.127.255.255', '100.100.100.200', '0.0.0.0', '0.1.2.3',
      '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1', '192.0.0.170', '192.0.2.1', '198.18.0.1', '198.51.100.7', '203.0.113.9',
      '::', '::1', 'fc00::1', 'fd00:ec2::254', 'fe80::1', 'febf::1', 'fec0::1', 'ff02::1', '2001:db8::1', '100::1', '3fff::1',
      '2002:a00:1::', '2001::1', '64:ff9b::a00:1', '64:ff9b:1::1',
    ];
    for (const a of internal) expect([a, isInternalAddress(a)]).toEqual([a, true]);
    const external = ['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '192.169.0.1', '223.255.255.255',
      '2a00:1450:4010:c05::64', '2606:4700:4700::1111', '::ffff:8.8.8.8'];
    for (const a of external) expect([a, isInternalAddress(a)]).toEqual([a, false]);
    expect(isInternalAddress('ak.example')).toBe(false); // a name is checked when it is resolved
  });

  it('EV-2: IPv4-mapped, IPv4-compatible and IPv4-translated IPv6 forms of an internal IPv4 address are internal, dotted or hex', () => {
    for (const a of ['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::ffff:a9fe:a9fe', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '::ffff:c0a8:101',
      '::127.0.0.1', '::7f00:1', '::ffff:0:7f00:1', '::ffff:0:a00:1']) {
      expect([a, isInternalAddress(a)]).toEqual([a, true]);
    }
  });

  it('EV-2: odd IPv4 spellings are normalised by the WHATWG URL parser before the check (decimal, octal, hex, short)', () => {
    for (const [raw, host] of [['https://2130706433/x', '127.0.0.1'], ['https://0177.0.0.1/x', '127.0.0.1'], ['https://0x7f.1/x', '127.0.0.1'], ['https://127.1/x', '127.0.0.1'],
      ['https://0xa9fea9fe/x', '169.254.169.254'], ['https://0/x', '0.0.0.0'], ['https://[0:0:0:0:0:ffff:7f00:1]/x', '[::ffff:7f00:1]'], ['https://[::ffff:127.0.0.1]/x', '[::ffff:7f00:1]']]) {
      expect(new URL(raw).hostname).toBe(host);
      expect(internalHostReason(new URL(raw).hostname, false)).toMatch(/is an internal address/);
    }
  });

  it('EV-2: a receiver URL to an internal host is refused in every spelling, also with https and also in development; a public host is accepted', () => {
    const refused = [
      'https://169.254.169.254/x', 'https://10.0.0.1/x', 'https://[::ffff:127.0.0.1]/x', 'https://[::ffff:7f00:1]/x', 'https://127.0.0.2/x',
      'https://192.168.0.10:8443/x', 'https://172.16.5.4/x', 'https://100.64.0.1/x',
      'https://0.0.0.0/x', 'https://255.255.255.255/x', 'https://224.0.0.1/x', 'https://[::]/x', 'https://[fd00:ec2::254]/x', 'https://[fe80::1]/x', 'https://[ff02::1]/x',
      'https://localhost./x', 'https://app.localhost/x', 'http://127.0.0.2/x', 'http://[::ffff:7f00:1]/x',
    ];
    for (const u of refused) {
      expect([u, checkReceiverUrl(u, false)]).toEqual([u, { ok: false, reason: expect.stringMatching(/internal address|loopback name|must use https/) }]);
      expect([u, checkReceiverUrl(u, true).ok]).toEqual([u, false]);
    }
    // Spellings of 127.0.0.1: the URL parser makes them 127.0.0.1, so development allows them as it allows 127.0.0.1.
    for (const u of ['https://2130706433/x', 'https://0177.0.0.1/x', 'https://0x7f.0.0.1/x', 'http://2130706433/x']) {
      expect([u, checkReceiverUrl(u, false).ok]).toEqual([u, false]);
      expect([u, checkReceiverUrl(u, true)]).toEqual([u, { ok: true, url: u.replace(/\/\/[^/]+/, '//127.0.0.1') }]);
    }
    expect(checkReceiverUrl('https://localhost/x', false)).toEqual({ ok: false, reason: expect.stringMatching(/loopback name/) });
    expect(checkReceiverUrl('https://[::1]/x', false)).toEqual({ ok: false, reason: expect.stringMatching(/internal address/) });
    for (const u of ['https://ak.example/hooks', 'https://8.8.8.8/hooks', 'https://[2606:4700:4700::1111]/h', 'https://[::ffff:8.8.8.8]/h']) expect([u, checkReceiverUrl(u, false).ok]).toEqual([u, true]);
    // The development exception, unchanged: 127.0.0.1, [::1] and localhost, http or https, only in development.
    for (const u of ['http://127.0.0.1:9000/h', 'https://127.0.0.1/h', 'http://localhost/h', 'http://[::1]:8080/h']) {
      expect([u, checkReceiverUrl(u, true).ok]).toEqual([u, true]);
      expect([u, checkReceiverUrl(u, false).ok]).toEqual([u, false]);
    }
  });

  it('EV-2: before each delivery a host resolving to any internal address is refused with a message naming no internal address; a public one goes ahead', async () => {
    const resolve = resolverOf({
      'ak.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
      'rebound.example': ['93.184.215.14', '10.0.0.5'],
      'metadata.example': ['169.254.169.254'],
      'mapped.example': ['::ffff:7f00:1'],
      'localhost': ['127.0.0.1', '::1'],
    });
    expect(await checkUrl('https://ak.example/h', false, resolve)).toEqual({ ok: true, addresses: [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }] });
    expect(await checkUrl('https://rebound.example/h', false, resolve)).toEqual({ ok: false, error: 'EV-2: the receiver\'s host rebound.example resolves to an internal address; refused', internalAddress: '10.0.0.5' });
    expect(await checkUrl('https://metadata.example/h', true, resolve)).toEqual({ ok: false, error: 'EV-2: the receiver\'s host metadata.example resolves to an internal address; refused', internalAddress: '169.254.169.254' });
    expect(await checkUrl('https://mapped.example/h', false, resolve)).toMatchObject({ ok: false, internalAddress: '::ffff:7f00:1' });
    // An IP literal (a subscription stored before this check) is not looked up; its own address may be named.
    expect(await checkUrl('https://10.0.0.5/h', false, resolve)).toEqual({ ok: false, error: 'EV-2: the receiver\'s address 10.0.0.5 is internal; refused', internalAddress: '10.0.0.5' });
    expect(await checkUrl('https://[::ffff:a9fe:a9fe]/h', true, resolve)).toMatchObject({ ok: false, error: 'EV-2: the receiver\'s address ::ffff:a9fe:a9fe is internal; refused' });
    expect(resolve.asked).toEqual(['ak.example', 'rebound.example', 'metadata.example', 'mapped.example']);
    // A name that does not resolve: the resolver's code, as fetch reported it.
    expect(await checkUrl('https://nowhere.example/h', false, resolve)).toEqual({ ok: false, error: 'ENOTFOUND' });
  });

  it('EV-2: the development exception at delivery: loopback addresses of 127.0.0.1, [::1] and localhost only in development; never another internal address', async () => {
    const resolve = resolverOf({ localhost: ['127.0.0.1', '::1'], 'dev.example': ['127.0.0.1'] });
    for (const u of ['http://127.0.0.1:9000/h', 'http://[::1]:9000/h', 'http://localhost:9000/h']) {
      expect(await checkUrl(u, true, resolve)).toMatchObject({ ok: true });
      expect(await checkUrl(u, false, resolve)).toMatchObject({ ok: false, error: expect.stringMatching(/^EV-2: .* refused$/) });
    }
    expect(await checkUrl('https://dev.example/h', true, resolve)).toMatchObject({ ok: false, internalAddress: '127.0.0.1' });
    expect(await checkUrl('https://localhost/h', true, resolverOf({ localhost: ['127.0.0.1', '10.1.2.3'] }))).toMatchObject({ ok: false, internalAddress: '10.1.2.3' });
  });

  it('EV-2: the connection\'s lookup resolves once, checks every address and hands the connection only checked ones — a name answering public then internal (DNS rebinding) never gets the internal one through', async () => {
    /** Calls the lookup as net.connect does: all: true (autoSelectFamily) or one address of a family. */
    const call = (lookup: ReturnType<typeof checkedLookup>, options: { all?: boolean; family?: number }) => new Promise<{ err: Error | null; addresses: string | LookupAddress[]; family?: number }>((done) => {
      lookup('ignored.example', options, (err, addresses, family) => done({ err, addresses, family }));
    });
    // A resolver that answers a public address the first time and an internal one on every later call.
    let asked = 0;
    const flipping: Resolver = async () => (++asked === 1 ? [{ address: '93.184.215.14' }] : [{ address: '10.0.0.5' }]);
    const lookup = checkedLookup('flip.example', false, flipping);
    expect(await call(lookup, { all: true })).toEqual({ err: null, addresses: [{ address: '93.184.215.14', family: 4 }], family: undefined });
    const second = await call(lookup, { all: true });
    expect(second.err).toBeInstanceOf(DeliveryAddressRefused);
    expect(second.err!.message).toBe('EV-2: the receiver\'s host flip.example resolves to an internal address; refused');
    expect((second.err as DeliveryAddressRefused).check.internalAddress).toBe('10.0.0.5');
    expect(asked).toBe(2); // one resolution per connection: what was checked is what is handed over

    // Any internal address among several refuses the connection; one address per family when asked that way.
    const mixed = resolverOf({ 'rebound.example': ['93.184.215.14', '10.0.0.5'], 'ak.example': ['93.184.215.14', '2606:4700:4700::1111'] });
    expect((await call(checkedLookup('rebound.example', false, mixed), { all: true })).err?.message).toMatch(/^EV-2: .* resolves to an internal address; refused$/);
    expect(await call(checkedLookup('ak.example', false, mixed), { family: 6 })).toEqual({ err: null, addresses: '2606:4700:4700::1111', family: 6 });
    expect(await call(checkedLookup('ak.example', false, mixed), {})).toEqual({ err: null, addresses: '93.184.215.14', family: 4 });
    // The host checked is the URL's (the lookup's own hostname argument is not what decides), and a failed resolution is its code.
    expect((await call(checkedLookup('nowhere.example', false, mixed), { all: true })).err?.message).toBe('ENOTFOUND');
    // The development exception, as at the pre-check: localhost's loopback addresses only in development.
    const local = resolverOf({ localhost: ['127.0.0.1', '::1'] });
    expect(await call(checkedLookup('localhost', true, local), { all: true })).toMatchObject({ err: null, addresses: [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }] });
    expect((await call(checkedLookup('localhost', false, local), { all: true })).err).toBeInstanceOf(DeliveryAddressRefused);
  });
});
