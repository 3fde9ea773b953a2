import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEVELOPMENT_LOOPBACK_HOSTS, internalHostReason } from './receiver-address';

/** Headers of every delivery (docs/webhooks.md). */
export const SIGNATURE_HEADER = 'X-Selvbook-Signature';
export const EVENT_ID_HEADER = 'X-Selvbook-Event-Id';
export const DELIVERY_ID_HEADER = 'X-Selvbook-Delivery-Id';

/** The receiver should reject a signature older than this (replay window, docs/webhooks.md). */
const REPLAY_WINDOW_SECONDS = 300;

/** A new subscription secret: `whsec_` and 32 random bytes, base64url. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** HMAC-SHA256 over `${timestamp}.${body}` with the subscription's secret, hex. */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The signature header's value: `t=<unix seconds>,v1=<hex>`. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${sign(secret, timestamp, body)}`;
}

/**
 * What a receiver does (docs/webhooks.md gives the same as a snippet): parse `t` and `v1`, recompute the HMAC over
 * the raw body, compare in constant time, and refuse a timestamp more than REPLAY_WINDOW_SECONDS from its clock.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds: number, toleranceSeconds = REPLAY_WINDOW_SECONDS): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
  }));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  return timingSafeEqual(Buffer.from(sign(secret, t, body), 'hex'), Buffer.from(v1, 'hex'));
}

/** Retry schedule of one delivery. */
export interface RetryPolicy {
  /** Attempts before the delivery is marked FAILED (WEBHOOKS_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Wait after the first failed attempt (WEBHOOKS_BACKOFF_BASE_MS); doubles per attempt. */
  backoffBaseMs: number;
  /** The longest wait between two attempts (WEBHOOKS_BACKOFF_MAX_MS). */
  backoffMaxMs: number;
}

/**
 * Exponential back-off: the wait after failed attempt `attempt` (1-based) is base × 2^(attempt-1), at most max.
 * With the defaults (base 10 s, max 1 h, 12 attempts): 10 s, 20 s, 40 s, 80 s, … 1 h, about 5.5 hours in all.
 */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const exp = Math.min(30, Math.max(0, attempt - 1));
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** exp);
}

/** Whether the response acknowledges the delivery (any 2xx). */
export function isAcknowledged(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * A receiver URL: https to a public host; http only to a loopback host and only in development (a test receiver on
 * the developer's machine). The host must not be an internal IP address in any spelling (loopback, private,
 * link-local and cloud metadata, CGNAT, multicast, reserved, and IPv4-mapped forms of them: internalHostReason) nor
 * `localhost`; development allows 127.0.0.1, [::1] and localhost, nothing else internal. A name is checked again
 * against its addresses on each delivery attempt, the connection using only those (checkedLookup). No credentials in
 * the URL (the signature authenticates), at most 2000 characters. Returns the normalised URL or the reason it is refused.
 */
export function checkReceiverUrl(raw: string, development: boolean): { ok: true; url: string } | { ok: false; reason: string } {
  if (raw.length > 2000) return { ok: false, reason: 'the URL is longer than 2000 characters' };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (u.username || u.password) return { ok: false, reason: 'the URL must not carry credentials (the signature authenticates each delivery)' };
  if (u.protocol === 'http:') {
    if (!(development && DEVELOPMENT_LOOPBACK_HOSTS.has(u.hostname))) {
      return { ok: false, reason: development ? 'http is allowed only to a loopback host (127.0.0.1, [::1], localhost); use https' : 'the URL must use https' };
    }
  } else if (u.protocol !== 'https:') {
    return { ok: false, reason: 'the URL must use https' };
  }
  const internal = internalHostReason(u.hostname, development);
  if (internal) return { ok: false, reason: internal };
  return { ok: true, url: u.toString() };
}
