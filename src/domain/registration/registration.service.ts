import { deadlineReasonsOf, deadlineStatusOf, offeredSlots, periodsOf, statusOf } from './registration.queries';
import { deregisterCitizen } from './commands/deregister-citizen';
import { reportSickness } from './commands/report-sickness';
import { reportRecovery } from './commands/report-recovery';
import { reregister } from './commands/reregister';
import { setWageSubsidy } from './commands/set-wage-subsidy';
// The test suite and older callers import it from here; it lives in immediate-booking.ts (no booking ↔ registration cycle).
export { immediateBookingWindowOf } from './immediate-booking';
export type { DeregisterCitizenInput } from './commands/deregister-citizen';
export type { Deregistered } from './commands/deregister';
export type { ReportSicknessInput } from './commands/report-sickness';
export type { ReregisterInput } from './commands/reregister';
export type { Reregistered } from './commands/reregister-citizen';
export type { SetWageSubsidyInput } from './commands/set-wage-subsidy';

/**
 * RG-1 … RG-9, CZ-6: registration as job seeker — re-registration, sickness and recovery, deregistration by the
 * jobcenter, wage subsidy. One command per mutation under commands/, the reads in registration.queries.ts; the
 * service the resolvers call is just these functions.
 */
export const registrationService = {
  statusOf,
  deadlineStatusOf,
  deadlineReasonsOf,
  offeredSlots,
  periodsOf,
  reregister,
  reportRecovery,
  reportSickness,
  deregisterCitizen,
  setWageSubsidy,
};
