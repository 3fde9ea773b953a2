import { changeTargetGroup } from './commands/change-target-group';
import { changeUnemploymentFund } from './commands/change-unemployment-fund';
import { moveCitizen } from './commands/move-citizen';
import { registerJobSeeker } from './commands/register-job-seeker';
import { setBenefitPeriodStart } from './commands/set-benefit-period-start';

/**
 * CZ-1 … CZ-5: a citizen's master data comes in, changes and moves (one command per file under commands/). Each
 * command locks the citizen, records the change in citizen_change (who, when, from which day, why), writes its
 * events in the same transaction (EV-1) and is access-logged as a CHANGE (runInTransaction).
 */
export const citizenMasterDataService = {
  registerJobSeeker,
  changeTargetGroup,
  setBenefitPeriodStart,
  changeUnemploymentFund,
  moveCitizen,
};
