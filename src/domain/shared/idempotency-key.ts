/** SL-3: the longest idempotency key accepted (a retry with the same key returns the first result). */
export const IDEMPOTENCY_KEY_MAX = 200;

/** SL-3: the user error's message for an idempotency key that is empty or too long (any length: one answer). */
export const IDEMPOTENCY_KEY_LENGTH_MESSAGE =
  `SL-3: idempotencyKey must be 1–${IDEMPOTENCY_KEY_MAX} characters (a retry with the same key returns the first result)`;
