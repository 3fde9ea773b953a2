import type { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline, RegistrationPeriod, Slot } from '../../entities';
import type { Loaders } from '../../loaders';
import type { Scope } from '../shared/scope';
import type { Language, Reason } from '../shared/reasons';
import type { RegistrationStatusView } from './registration.view';
import type { DeadlineStatus } from '../../generated/enums';
import { deadlineReasonsOf, deadlineStatusOf, offeredSlots, periodsOf, statusOf } from './registration.queries';
import { type DeregisterCitizenInput, deregisterCitizen } from './commands/deregister-citizen';
import { type ReportSicknessInput, reportSickness } from './commands/report-sickness';
import { reportRecovery } from './commands/report-recovery';
import { type ReregisterInput, reregister } from './commands/reregister';
import { type SetWageSubsidyInput, setWageSubsidy } from './commands/set-wage-subsidy';
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
 * jobcenter, wage subsidy. A thin facade: one command per mutation under commands/, the reads in
 * registration.queries.ts (the resolvers call these names).
 */
export class RegistrationService {
  statusOf(scope: Scope, loaders: Loaders, citizen: Citizen): Promise<RegistrationStatusView> {
    return statusOf(scope, loaders, citizen);
  }

  deadlineStatusOf(scope: Scope, loaders: Loaders, d: Deadline): Promise<DeadlineStatus> {
    return deadlineStatusOf(scope, loaders, d);
  }

  deadlineReasonsOf(scope: Scope, loaders: Loaders, d: Deadline, lang: Language): Promise<Reason[]> {
    return deadlineReasonsOf(scope, loaders, d, lang);
  }

  offeredSlots(scope: Scope, windowTo: Temporal.PlainDate | null, citizen: Pick<Citizen, 'id' | 'jobcenterId'>, first: number): Promise<Slot[]> {
    return offeredSlots(scope, windowTo, citizen, first);
  }

  periodsOf(scope: Scope, loaders: Loaders, citizen: Citizen): Promise<RegistrationPeriod[]> {
    return periodsOf(scope, loaders, citizen);
  }

  reregister(scope: Scope, input: ReregisterInput) {
    return reregister(scope, input);
  }

  reportRecovery(scope: Scope, input: ReregisterInput) {
    return reportRecovery(scope, input);
  }

  reportSickness(scope: Scope, input: ReportSicknessInput) {
    return reportSickness(scope, input);
  }

  deregisterCitizen(scope: Scope, input: DeregisterCitizenInput) {
    return deregisterCitizen(scope, input);
  }

  setWageSubsidy(scope: Scope, input: SetWageSubsidyInput) {
    return setWageSubsidy(scope, input);
  }
}
