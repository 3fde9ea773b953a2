/** Error codes of `decideSanctionAssessment` (the GraphQL enum DecideSanctionAssessmentErrorCode). */
export type DecideSanctionErrorCode =
  | 'INVALID_INPUT' | 'NOT_FOUND' | 'ALREADY_DECIDED' | 'CONTACT_NOT_RESTORED' | 'IDEMPOTENCY_KEY_REUSED';
