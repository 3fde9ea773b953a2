import { lookup } from 'node:dns/promises';
import { BlockList, type LookupFunction, isIP } from 'node:net';

/**
 * EV-2 (docs/webhooks.md, docs/security.md "Webhook receivers"): a webhook's receiver must be a public address. A
 * URL to an internal address would let an a-kasse use the worker as a probe of the network it runs in (server-side
 * request forgery): the deliveries' lastStatusCode and lastError would tell it what answered where.
 *
 * Internal: the IANA special-purpose ranges that are not globally reachable, plus the deprecated or transition
 * ranges that embed an IPv4 address (an internal one can hide inside). Node's BlockList matches an IPv4-mapped IPv6
 * address (::ffff:a.b.c.d, also written ::ffff:7f00:1) against the IPv4 rules.
 */
const INTERNAL_V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'this network, unspecified'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'shared address space, CGNAT (RFC 6598); also 100.100.100.200, a cloud metadata address'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local; 169.254.169.254 is the cloud metadata service'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast (deprecated)'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved; includes the broadcast address 255.255.255.255'],
];

const INTERNAL_V6: readonly [string, number, string][] = [
  ['::', 96, 'unspecified (::), loopback (::1) and IPv4-compatible (::a.b.c.d, deprecated)'],
  ['::ffff:0:0:0', 96, 'IPv4-translated (RFC 2765)'],
  ['64:ff9b::', 96, 'NAT64 (an IPv4 address behind a translator)'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments, including Teredo 2001::/32 (embeds an IPv4 address)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4 (deprecated; embeds an IPv4 address)'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing (SRv6) SIDs'],
  ['fc00::', 7, 'unique local (private); fd00:ec2::254 is a cloud metadata address'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

const INTERNAL = new BlockList();
for (const [net, prefix] of INTERNAL_V4) INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of INTERNAL_V6) INTERNAL.addSubnet(net, prefix, 'ipv6');

const LOOPBACK_ADDRESSES = new BlockList();
LOOPBACK_ADDRESSES.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK_ADDRESSES.addAddress('::1', 'ipv6');

/** The development exception's hosts (URL.hostname spelling): http, and these internal addresses, only in development. */
export const DEVELOPMENT_LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A URL's hostname without the brackets of an IPv6 literal. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Whether an IP address (IPv4, or IPv6 in any spelling Node accepts) is internal — see INTERNAL_V4 / INTERNAL_V6.
 * Not an IP address at all: false (a name is checked when it is resolved, checkDeliveryHost).
 */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK_ADDRESSES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `localhost`, `x.localhost` (RFC 6761: always loopback), with or without the trailing dot. */
function isLocalhostName(hostname: string): boolean {
  const h = hostname.replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/**
 * The creation-time check of a URL's host (WHATWG-parsed: decimal 2130706433, octal 0177.0.0.1, hex 0x7f.1 and short
 * 127.1 have already become 127.0.0.1, and an IPv6 literal is compressed, e.g. [::ffff:7f00:1]). Null when allowed,
 * else the reason. `development` allows only DEVELOPMENT_LOOPBACK_HOSTS; every other internal host is refused there too.
 */
export function internalHostReason(hostname: string, development: boolean): string | null {
  if (development && DEVELOPMENT_LOOPBACK_HOSTS.has(hostname)) return null;
  const host = bareHost(hostname);
  if (isInternalAddress(host)) {
    return `the host ${hostname} is an internal address (loopback, private, link-local, shared, multicast or reserved); a receiver must be reachable at a public address`;
  }
  if (isLocalhostName(host)) return `the host ${hostname} is a loopback name; a receiver must be reachable at a public address`;
  return null;
}

/** Resolves a host name to all its addresses (dns.promises.lookup with all: true, verbatim order). */
export type Resolver = (hostname: string) => Promise<readonly { address: string }[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** An address the connection may use: checked, with its family as net.connect's `lookup` hands it over. */
export interface CheckedAddress { address: string; family: 4 | 6 }

/** What the check found: the addresses the attempt may connect to, or a failed attempt with the error to record (and, for the log, why). */
export type DeliveryAddressCheck = { ok: true; addresses: CheckedAddress[] } | { ok: false; error: string; internalAddress?: string };

/**
 * The delivery-time check of a receiver's host (URL.hostname spelling, an IPv6 literal in brackets), on each
 * attempt: the host may be a name that resolves to an internal address, or came to since the subscription was
 * created (DNS rebinding). Refused when ANY of its addresses is internal — except, in development, loopback
 * addresses of DEVELOPMENT_LOOPBACK_HOSTS. Never throws: a refusal is a failed attempt. An IP literal is not looked up.
 *
 * The error names the address only when the URL itself is that IP literal; for a name it says the name resolves to
 * an internal address, without which one (the a-kasse learns nothing of the internal network; the log has it).
 *
 * The attempt connects only to the addresses returned here (checkedLookup, the `lookup` of post()'s request): the
 * name is not resolved a second time between this check and the connection.
 */
export async function checkDeliveryHost(hostname: string, development: boolean, resolve: Resolver = systemResolver): Promise<DeliveryAddressCheck> {
  const devLoopback = development && DEVELOPMENT_LOOPBACK_HOSTS.has(hostname);
  const host = bareHost(hostname);
  const literal = isIP(host) !== 0;
  let addresses: string[];
  if (literal) {
    addresses = [host];
  } else {
    try {
      addresses = (await resolve(host)).map((a) => a.address);
    } catch (err) {
      return { ok: false, error: String((err as { code?: string }).code ?? 'DNS lookup failed').slice(0, 100) };
    }
    if (addresses.length === 0) return { ok: false, error: 'ENOTFOUND' };
  }
  const checked: CheckedAddress[] = [];
  for (const address of addresses) {
    const family = isIP(address);
    if (!(devLoopback && isLoopbackAddress(address)) && (family === 0 || isInternalAddress(address))) {
      const error = literal
        ? `EV-2: the receiver's address ${host} is internal; refused`
        : `EV-2: the receiver's host ${host} resolves to an internal address; refused`;
      return { ok: false, error, internalAddress: address };
    }
    checked.push({ address, family: family === 4 ? 4 : 6 });
  }
  return { ok: true, addresses: checked };
}

/** A refused or failed check, as the error of the connection it prevented (post() records its message). */
export class DeliveryAddressRefused extends Error {
  constructor(readonly check: Extract<DeliveryAddressCheck, { ok: false }>) {
    super(check.error);
    this.name = 'DeliveryAddressRefused';
  }
}

/**
 * The `lookup` option of an attempt's request (net.connect calls it instead of dns.lookup): resolves the receiver's
 * host, checks every address (checkDeliveryHost) and hands the connection only those — or fails the connection with
 * DeliveryAddressRefused, so nothing is sent. `hostname` is the URL's (the one checked and, for TLS, the one the
 * certificate is verified against); net.connect does not call a lookup for an IP literal, which post() checks with
 * checkDeliveryHost before connecting.
 */
export function checkedLookup(hostname: string, development: boolean, resolve: Resolver = systemResolver): LookupFunction {
  return (_name, options, callback) => {
    void checkDeliveryHost(hostname, development, resolve).then((c) => {
      if (!c.ok) return callback(new DeliveryAddressRefused(c), '', 0);
      const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
      const usable = wanted === 0 ? c.addresses : c.addresses.filter((a) => a.family === wanted);
      if (usable.length === 0) return callback(new DeliveryAddressRefused({ ok: false, error: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
