import type { Failure } from '../shared/result';
import { fail } from '../shared/result';
import { hasC0Control } from '../shared/text';

export interface NotificationChoice {
  sms: boolean;
  email: boolean;
  phone?: string | null;
  emailAddress?: string | null;
}

/** The longest e-mail address SMTP carries (RFC 5321: 254 characters in a path). */
const MAX_EMAIL_ADDRESS = 254;

/**
 * CZ-7 Decision: SMS notices go to Danish numbers only (the notices are sent through a Danish SMS gateway, as
 * Jobnet's are): `+45` and 8 digits, the first 2–9 (Danish subscriber numbers do not start with 0 or 1); spaces are
 * allowed and `0045` or no prefix are read as +45. Returns the number as `+45XXXXXXXX`, or undefined if it is none.
 */
export function normalizeDanishPhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s-]/g, '');
  const m = /^(?:\+45|0045)?([2-9]\d{7})$/.exec(compact);
  return m ? `+45${m[1]}` : undefined;
}

/**
 * CZ-7: an e-mail address by its syntax: one `@`, a local part and a domain with a dot, no spaces or control
 * characters, at most 254 characters. Decision: whether it reaches a mailbox is not checked (no verification mail
 * in this API).
 */
export function isEmailAddress(raw: string): boolean {
  if (raw.length < 3 || raw.length > MAX_EMAIL_ADDRESS) return false;
  return !hasC0Control(raw) && /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/.test(raw);
}

/**
 * CZ-7: checks a choice and returns it normalised (phone as +45…, e-mail trimmed), or the failure naming the field.
 * A chosen channel needs its address; an address for a channel not chosen is refused rather than kept (data
 * minimisation: the API keeps no number it will not use).
 */
export function checkNotificationChoice(c: NotificationChoice):
  { ok: true; value: { sms: boolean; email: boolean; phone: string | null; emailAddress: string | null } } | Failure<'INVALID_INPUT'> {
  const phoneGiven = c.phone != null && c.phone.trim() !== '';
  const emailGiven = c.emailAddress != null && c.emailAddress.trim() !== '';
  if (c.sms && !phoneGiven) return fail('INVALID_INPUT', 'CZ-7: SMS notices need a phone number (+45 and 8 digits)', ['input', 'phone']);
  if (!c.sms && phoneGiven) return fail('INVALID_INPUT', 'CZ-7: a phone number is kept only for SMS notices; choose sms or leave phone out', ['input', 'phone']);
  if (c.email && !emailGiven) return fail('INVALID_INPUT', 'CZ-7: e-mail notices need an e-mail address', ['input', 'emailAddress']);
  if (!c.email && emailGiven) return fail('INVALID_INPUT', 'CZ-7: an e-mail address is kept only for e-mail notices; choose email or leave emailAddress out', ['input', 'emailAddress']);
  let phone: string | null = null;
  if (phoneGiven) {
    const p = normalizeDanishPhone(c.phone!);
    if (!p) return fail('INVALID_INPUT', 'CZ-7: phone must be a Danish number: +45 and 8 digits, for example +45 20 12 34 56', ['input', 'phone']);
    phone = p;
  }
  let emailAddress: string | null = null;
  if (emailGiven) {
    const e = c.emailAddress!.trim();
    if (!isEmailAddress(e)) return fail('INVALID_INPUT', `CZ-7: emailAddress is not an e-mail address (name@domain.dk, at most ${MAX_EMAIL_ADDRESS} characters)`, ['input', 'emailAddress']);
    emailAddress = e;
  }
  return { ok: true, value: { sms: c.sms, email: c.email, phone, emailAddress } };
}
