import type { Result } from '../domain/shared/result';
import { isUuid } from '../domain/shared/uuid';
import { IDEMPOTENCY_KEY_LENGTH_MESSAGE } from '../domain/shared/idempotency-key';

/** Longest free text accepted in any input field. */
export const MAX_TEXT = 2000;

export { isUuid } from '../domain/shared/uuid';

export interface PayloadError<C extends string> {
  code: C;
  message: string;
  field: string[] | null;
}

/** A `<Name>Error` as services and `mutate` give it; its `because` is resolved from `message` (reasons.resolvers.ts). */
export type UserErrorView = PayloadError<string>;

/**
 * The general bound of any text input, for `field` (a name or a path) of `given` characters: it says it is the general
 * bound, as a field with a lower limit of its own (CZ-1's name, 200) states that limit when the text fits this one.
 */
export function textTooLongMessage(cite: string, field: string, given: number): string {
  return `${cite}${field} has ${given} characters; no text input may exceed ${MAX_TEXT} (the general bound; the field's own limit may be lower)`;
}

/** NUL in text (PostgreSQL cannot store it). */
export function nulMessage(cite: string, field: string): string {
  return `${cite}${field} must not contain NUL characters (U+0000)`;
}

/** An `ID` that is not one this API hands out. */
export function notAnIdMessage(cite: string, field: string): string {
  return `${cite}${field} must be an ID returned by this API (a UUID)`;
}

/**
 * Checks a mutation's input object before any domain call (the field guard calls it for every mutation whose payload
 * has userErrors): every `…Id` must be a UUID, no text may exceed MAX_TEXT characters or hold NUL. Returns the
 * INVALID_INPUT user error naming the field, its message beginning with `cite` (the operation's rule,
 * citeOperation in src/auth/policy.ts), or undefined.
 */
export function checkInput(input: unknown, cite: string, path: string[] = ['input']): PayloadError<'INVALID_INPUT'> | undefined {
  if (input === null || input === undefined || typeof input !== 'object') return undefined;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const v: unknown = input[i];
      const e = typeof v === 'string' ? checkText(v, cite, path.at(-1)!, [...path, String(i)]) : checkInput(v, cite, [...path, String(i)]);
      if (e) return e;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (typeof v === 'string') {
      if (/Id$/.test(k) && !isUuid(v)) {
        return { code: 'INVALID_INPUT', message: notAnIdMessage(cite, k), field: [...path, k] };
      }
      // SL-3: an idempotency key answers by its own limit at any length (not the general text limit's message).
      if (k === 'idempotencyKey' && v.length > MAX_TEXT) return { code: 'INVALID_INPUT', message: IDEMPOTENCY_KEY_LENGTH_MESSAGE, field: [...path, k] };
      const e = checkText(v, cite, k, [...path, k]);
      if (e) return e;
    } else if (v && typeof v === 'object' && !('toJSON' in v)) {
      const e = checkInput(v, cite, [...path, k]);
      if (e) return e;
    }
  }
  return undefined;
}

function checkText(v: string, cite: string, name: string, field: string[]): PayloadError<'INVALID_INPUT'> | undefined {
  if (v.includes('\u0000')) return { code: 'INVALID_INPUT', message: nulMessage(cite, name), field };
  if (v.length > MAX_TEXT) return { code: 'INVALID_INPUT', message: textTooLongMessage(cite, name, v.length), field };
  return undefined;
}

/** Maps a domain result to a mutation payload `{ …value, userErrors }`. */
export function toPayload<T extends object, C extends string, E extends object>(
  result: Result<T, C>,
  empty: E,
): (T & { userErrors: PayloadError<C>[] }) | (E & { userErrors: PayloadError<C>[] }) {
  if (result.ok) return { ...result.value, userErrors: [] };
  return { ...empty, userErrors: [{ code: result.code, message: result.message, field: result.field ?? null }] };
}

/**
 * Runs a mutation's domain call and maps its result to the payload. Its input was checked before (checkInput, by the
 * field guard, so nothing changes on bad input).
 */
export async function mutate<T extends object, C extends string, E extends object>(
  empty: E,
  call: () => Promise<Result<T, C>>,
) {
  return toPayload<T, C, E>(await call(), empty);
}
