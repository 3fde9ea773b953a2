import { callInMeeting } from './commands/call-in-meeting';
import { cancelMeeting } from './commands/cancel-meeting';
import { recordUnemploymentFundParticipation } from './commands/record-fund-participation';
import { registerJointInterviewOptOut } from './commands/register-joint-interview-opt-out';
import { registerMeetingHeld } from './commands/register-meeting-held';
import { registerNoShow } from './commands/register-no-show';
import { registerWalkInInterview } from './commands/register-walk-in-interview';
import { requestUnemploymentFundParticipation } from './commands/request-fund-participation';

export type { CallInMeetingInput, CallInSpec, CalledIn } from './commands/call-in-meeting';
export type { CancelMeetingInput } from './commands/cancel-meeting';
export type { RecordFundParticipationInput } from './commands/record-fund-participation';
export type { RegisterNoShowInput, NoShowRegistered } from './commands/register-no-show';
export type { RegisterWalkInInput } from './commands/register-walk-in-interview';

/**
 * The meeting area's mutations, one command file each under commands/ (access check first, pure pre-checks from
 * meeting.rules.ts, state changes through meeting.transitions.ts / deadline.transitions.ts, reads from
 * meeting.queries.ts). The service the resolvers call is just these functions, each `(scope, input)`.
 */
export const meetingService = {
  /** MT-2, MT-3, TG-5, JI-1, JI-7, DL-9. */
  callInMeeting,
  /** DL-12. */
  cancelMeeting,
  /** MT-5, DL-9, JI-3. */
  registerMeetingHeld,
  /** NS-1 … NS-3. */
  registerNoShow,
  /** MT-4, ST-3. */
  registerWalkInInterview,
  /** JI-2, JI-3. */
  registerJointInterviewOptOut,
  /** JI-5, JI-6, JI-7. */
  recordUnemploymentFundParticipation,
  /** JI-5. */
  requestUnemploymentFundParticipation,
};
