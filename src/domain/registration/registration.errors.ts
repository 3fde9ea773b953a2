/** Error codes of the registration operations (the GraphQL enum RegistrationErrorCode). */
export type RegistrationErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'ALREADY_REGISTERED'
  | 'ALREADY_DEREGISTERED'
  | 'NOT_A_JOB_SEEKER'
  | 'DEREGISTERED_FOR_SICKNESS'
  | 'NOT_DEREGISTERED_FOR_SICKNESS'
  | 'SICKNESS_DOES_NOT_DEREGISTER'
  | 'NOT_ALLOWED'
  | 'IMMEDIATE_BOOKING_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  // From the booking made together with a re-registration (RG-5), as bookSlot reports them.
  | 'SLOT_TAKEN' | 'SLOT_WITHDRAWN' | 'SLOT_IN_PAST' | 'SLOT_OUTSIDE_DEADLINE' | 'NO_OPEN_DEADLINE' | 'CITIZEN_EXEMPTED'
  | 'CITIZEN_REVOKED' | 'INTERVIEW_ALREADY_PLANNED' | 'REBOOKING_CUTOFF_PASSED' | 'NOT_REBOOKABLE' | 'MEETING_OVERLAP';
