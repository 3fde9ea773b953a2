/** Error codes of the citizen master-data operations, generated from the schema (STYLE: never retyped). */
export type {
  ChangeTargetGroupErrorCode, ChangeUnemploymentFundErrorCode, MoveCitizenErrorCode, RegisterJobSeekerErrorCode,
  SetBenefitPeriodStartErrorCode,
} from '../../resolvers/__generated__/types';
