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
 * Checks an input object before any domain call: every `…Id` must be a UUID and no text may exceed
 * MAX_TEXT characters. Returns the user error naming the field, or undefined.
 */
function checkInput(input: unknown, path: string[] = ['input']): PayloadError<'INVALID_INPUT'> | undefined {
  if (input === null || input === undefined || typeof input !== 'object') return undefined;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const e = checkInput(input[i], [...path, String(i)]);
      if (e) return e;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (typeof v === 'string') {
      if (/Id$/.test(k) && !isUuid(v)) {
        return { code: 'INVALID_INPUT', message: `${k} must be an ID returned by this API (a UUID)`, field: [...path, k] };
      }
      // SL-3: an idempotency key answers by its own limit at any length (not the general text limit's message).
      if (k === 'idempotencyKey' && v.length > MAX_TEXT) return { code: 'INVALID_INPUT', message: IDEMPOTENCY_KEY_LENGTH_MESSAGE, field: [...path, k] };
      if (v.length > MAX_TEXT) {
        return { code: 'INVALID_INPUT', message: `${k} is longer than ${MAX_TEXT} characters`, field: [...path, k] };
      }
    } else if (v && typeof v === 'object' && !('toJSON' in v)) {
      const e = checkInput(v, [...path, k]);
      if (e) return e;
    }
  }
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

/** Runs a mutation: input check first (nothing changes on bad input), then the domain call. */
export async function mutate<T extends object, C extends string, E extends object>(
  input: unknown,
  empty: E,
  call: () => Promise<Result<T, C>>,
) {
  const bad = checkInput(input);
  if (bad) return { ...empty, userErrors: [bad as PayloadError<C | 'INVALID_INPUT'>] };
  return toPayload<T, C, E>(await call(), empty);
}
