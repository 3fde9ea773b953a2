import type { Scope } from '../shared/scope';
import { type ChangeTargetGroupInput, changeTargetGroup } from './commands/change-target-group';
import { type ChangeUnemploymentFundInput, changeUnemploymentFund } from './commands/change-unemployment-fund';
import { type MoveCitizenInput, moveCitizen } from './commands/move-citizen';
import { type RegisterJobSeekerInput, registerJobSeeker } from './commands/register-job-seeker';
import { type SetBenefitPeriodStartInput, setBenefitPeriodStart } from './commands/set-benefit-period-start';

/**
 * CZ-1 … CZ-5: a citizen's master data comes in, changes and moves (one command per file under commands/). Each
 * command locks the citizen, records the change in citizen_change (who, when, from which day, why), writes its
 * events in the same transaction (EV-1) and is access-logged as a CHANGE (runInTransaction).
 */
export class CitizenMasterDataService {
  registerJobSeeker(scope: Scope, input: RegisterJobSeekerInput) {
    return registerJobSeeker(scope, input);
  }

  changeTargetGroup(scope: Scope, input: ChangeTargetGroupInput) {
    return changeTargetGroup(scope, input);
  }

  setBenefitPeriodStart(scope: Scope, input: SetBenefitPeriodStartInput) {
    return setBenefitPeriodStart(scope, input);
  }

  changeUnemploymentFund(scope: Scope, input: ChangeUnemploymentFundInput) {
    return changeUnemploymentFund(scope, input);
  }

  moveCitizen(scope: Scope, input: MoveCitizenInput) {
    return moveCitizen(scope, input);
  }
}
