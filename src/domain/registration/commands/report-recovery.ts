import type { Result } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { assertFundMayReportRecovery } from '../registration.rules';
import type { Reregistered } from './reregister-citizen';
import { type ReregisterInput, runReregistration } from './reregister';
import type { RegistrationErrorCode } from '../../../generated/enums';

/**
 * RG-8 (003 2.7.2, 2.15): raskmelding. The citizen reports recovery on Jobnet; the jobcenter — and for
 * INSURED_UNEMPLOYED the a-kasse — may register it on the citizen's behalf. Re-registers the citizen; a deadline
 * that expired during the sickness demands an immediate booking (RG-4), as at any re-registration.
 */
export async function reportRecovery(scope: Scope, input: ReregisterInput): Promise<Result<Reregistered, RegistrationErrorCode>> {
  return runReregistration(scope, input, { operation: 'reportRecovery', rule: 'RG-8', recovery: true, check: assertFundMayReportRecovery });
}
