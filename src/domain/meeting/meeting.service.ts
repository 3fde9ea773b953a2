import type { Scope } from '../shared/scope';
import type { BookingService } from '../booking/booking.service';
import { type CallInMeetingInput, callInMeeting } from './commands/call-in-meeting';
import { type CancelMeetingInput, cancelMeeting } from './commands/cancel-meeting';
import type { MeetingDeps } from './commands/deps';
import { type RecordFundParticipationInput, recordUnemploymentFundParticipation } from './commands/record-fund-participation';
import { type RegisterJointInterviewOptOutInput, registerJointInterviewOptOut } from './commands/register-joint-interview-opt-out';
import { type RegisterMeetingHeldInput, registerMeetingHeld } from './commands/register-meeting-held';
import { type RegisterNoShowInput, registerNoShow } from './commands/register-no-show';
import { type RegisterWalkInInput, registerWalkInInterview } from './commands/register-walk-in-interview';
import { type RequestFundParticipationInput, requestUnemploymentFundParticipation } from './commands/request-fund-participation';

export type { CallInMeetingInput, CallInSpec, CalledIn } from './commands/call-in-meeting';
export type { CancelMeetingInput } from './commands/cancel-meeting';
export type { RecordFundParticipationInput } from './commands/record-fund-participation';
export type { RegisterNoShowInput, NoShowRegistered } from './commands/register-no-show';
export type { RegisterWalkInInput } from './commands/register-walk-in-interview';

/**
 * The meeting area's mutations, one command file each under commands/ (access check first, pure pre-checks from
 * meeting.rules.ts, state changes through meeting.transitions.ts / deadline.transitions.ts, reads from
 * meeting.queries.ts). This class is only the facade the resolvers call: it hands the commands the other areas'
 * operations they use (MeetingDeps).
 */
export class MeetingService {
  private readonly deps: MeetingDeps;

  constructor(booking: BookingService) {
    this.deps = { booking };
  }

  /** MT-2, MT-3, TG-5, JI-1, JI-7, DL-9: commands/call-in-meeting.ts. */
  callInMeeting(scope: Scope, input: CallInMeetingInput) {
    return callInMeeting(this.deps, scope, input);
  }

  /** DL-12: commands/cancel-meeting.ts. */
  cancelMeeting(scope: Scope, input: CancelMeetingInput) {
    return cancelMeeting(scope, input);
  }

  /** MT-5, DL-9, JI-3: commands/register-meeting-held.ts. */
  registerMeetingHeld(scope: Scope, input: RegisterMeetingHeldInput) {
    return registerMeetingHeld(scope, input);
  }

  /** NS-1 … NS-3: commands/register-no-show.ts. */
  registerNoShow(scope: Scope, input: RegisterNoShowInput) {
    return registerNoShow(this.deps, scope, input);
  }

  /** MT-4, ST-3: commands/register-walk-in-interview.ts. */
  registerWalkInInterview(scope: Scope, input: RegisterWalkInInput) {
    return registerWalkInInterview(this.deps, scope, input);
  }

  /** JI-2, JI-3: commands/register-joint-interview-opt-out.ts. */
  registerJointInterviewOptOut(scope: Scope, input: RegisterJointInterviewOptOutInput) {
    return registerJointInterviewOptOut(scope, input);
  }

  /** JI-5, JI-6, JI-7: commands/record-fund-participation.ts. */
  recordUnemploymentFundParticipation(scope: Scope, input: RecordFundParticipationInput) {
    return recordUnemploymentFundParticipation(scope, input);
  }

  /** JI-5: commands/request-fund-participation.ts. */
  requestUnemploymentFundParticipation(scope: Scope, input: RequestFundParticipationInput) {
    return requestUnemploymentFundParticipation(scope, input);
  }
}
