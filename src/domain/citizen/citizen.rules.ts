import { Temporal } from 'temporal-polyfill';
import type { Citizen } from '../../entities';
import { cmpDate } from '../shared/dates';
import { dateWindowError } from '../shared/date-windows';
import { hasSelfBookingDuty } from '../shared/enums';
import type { TargetGroup } from '../../generated/enums';

export const MAX_NAME = 200;

/**
 * CZ-1: a CPR number is 10 digits whose first six are a valid date DDMMYY. Modulus 11 is not checked: CPR numbers
 * without it are issued since 2007. The century is not known from the six digits (the seventh digit decides it), so
 * 29 February is valid whenever YY is divisible by 4 (00 may be 2000).
 */
export function isValidCpr(cpr: string): boolean {
  if (!/^[0-9]{10}$/.test(cpr)) return false;
  const day = Number(cpr.slice(0, 2));
  const month = Number(cpr.slice(2, 4));
  const yy = Number(cpr.slice(4, 6));
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, yy % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** IN-1: a day of history lies in [1950-01-01, today]; the message names the field and the bound, or undefined. */
export function historyDateError(field: string, d: Temporal.PlainDate, today: Temporal.PlainDate): string | undefined {
  // The one IN-1 window of days of history (src/domain/shared/date-windows.ts), as the GraphQL edge checks it.
  return dateWindowError('HISTORY', field, d, today) ?? undefined;
}

/**
 * CZ-2 … CZ-5 Decision: a change takes effect from a day that has come — today or earlier (recorded late), but not
 * before `floor` (the previous change of the same kind, or the start of unemployment), so the history stays in order.
 * Future-dated changes are not accepted: the API has no scheduler for them, and the caseworker records the change on
 * the day it takes effect. Returns the message, or undefined.
 */
export function effectiveDateError(
  rule: string, d: Temporal.PlainDate, today: Temporal.PlainDate, floor: { day: Temporal.PlainDate; what: string } | null,
): string | undefined {
  const outside = dateWindowError('HISTORY', 'effectiveFrom', d, today);
  if (outside) return outside;
  if (floor && cmpDate(d, floor.day) < 0) return `${rule}: effectiveFrom ${d} is before ${floor.what} (${floor.day})`;
  return undefined;
}

/** CZ-1: a Danish phone number, 8 digits, optionally with +45 or 0045; spaces allowed. Normalised to the 8 digits. */
export function normalisePhone(phone: string): string | undefined {
  const p = phone.replace(/\s+/g, '');
  const m = /^(?:\+45|0045)?([0-9]{8})$/.exec(p);
  return m ? m[1] : undefined;
}

/** CZ-1: an e-mail address (local@domain.tld, no spaces), at most 254 characters. Normalised: trimmed, domain lower-cased. */
export function normaliseEmail(email: string): string | undefined {
  const e = email.trim();
  if (e.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return undefined;
  const at = e.lastIndexOf('@');
  return e.slice(0, at) + '@' + e.slice(at + 1).toLowerCase();
}

/** The CZ-1 data a registration carries, as stored. */
export interface RegistrationData {
  name: string;
  targetGroup: TargetGroup;
  unemployedSince: Temporal.PlainDate;
  unemploymentFundId: string | null;
  voluntarySelfBooking: boolean;
  phone: string | null;
  email: string | null;
}

/** CZ-1: the input fields in which a repeated registration differs from the citizen as stored (empty: the same data). */
export function differingFields(c: Citizen, d: RegistrationData): string[] {
  const out: string[] = [];
  if (c.name !== d.name) out.push('name');
  if (c.targetGroup !== d.targetGroup) out.push('targetGroup');
  if (!c.unemployedSince || cmpDate(c.unemployedSince, d.unemployedSince) !== 0) out.push('unemployedSince');
  if (c.unemploymentFundId !== d.unemploymentFundId) out.push('unemploymentFundId');
  if (c.voluntarySelfBooking !== d.voluntarySelfBooking) out.push('voluntarySelfBooking');
  if ((c.phone ?? null) !== d.phone) out.push('phone');
  if ((c.email ?? null) !== d.email) out.push('email');
  return out;
}

/**
 * CZ-2, TG-2: whether a change to `group` closes the active deadline — the new group has no duty (TG-1) and the
 * citizen does not volunteer. SICKNESS_BENEFIT has its own duty and may self-book (TG-1), so its deadline stays.
 */
export function groupChangeClosesDeadline(group: TargetGroup, volunteers: boolean): boolean {
  return !hasSelfBookingDuty(group) && group !== 'SICKNESS_BENEFIT' && !volunteers;
}
