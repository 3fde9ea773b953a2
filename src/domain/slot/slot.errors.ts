/** Error codes of `publishSlots` (the GraphQL enum PublishSlotsErrorCode). */
export type PublishSlotsErrorCode =
  | 'INVALID_INPUT' | 'NOT_FOUND' | 'SLOT_IN_PAST' | 'INVALID_TIMES' | 'GROUP_GAP_TOO_LONG' | 'TOO_MANY_SLOTS' | 'IDEMPOTENCY_KEY_REUSED';

/** Error codes of `withdrawSlot` (the GraphQL enum WithdrawSlotErrorCode). */
export type WithdrawSlotErrorCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'SLOT_BOOKED' | 'ALREADY_WITHDRAWN' | 'IDEMPOTENCY_KEY_REUSED';
