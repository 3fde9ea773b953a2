import { Temporal } from 'temporal-polyfill';
import type { DataSource, EntityManager } from 'typeorm';
import { Deadline, Meeting } from '../../entities';
import { requireJobcenterActor } from '../shared/access';
import { lockCitizenFor } from '../shared/citizen-access';
import { isNoShowSanctionable, type MeetingForm, type MeetingType } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { recordMeetingHistory } from '../shared/history';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import type { DeadlineService } from '../deadline/deadline.service';
import type { MeetingErrorCode } from './meeting.errors';

export interface RegisterNoShowInput {
  meetingId: string;
  followUp: 'NEW_DEADLINE' | 'CALL_IN';
  newDeadline?: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate } | null;
  callIn?: {
    type: MeetingType; form: MeetingForm; startsAt: Temporal.Instant; endsAt: Temporal.Instant;
    shortNotice?: boolean | null; location?: string | null;
  } | null;
  idempotencyKey?: string | null;
}

export interface NoShowRegistered {
  meeting: Meeting;
  newDeadline: Deadline | null;
  calledInMeeting: Meeting | null;
}

export class MeetingService {
  constructor(private readonly ds: DataSource, private readonly deadlines: DeadlineService) {}

  /** Loads a meeting of the actor's jobcenter with its citizen locked (NOT_FOUND outside the actor's scope). */
  async lockMeeting(em: EntityManager, scope: Scope, meetingId: string) {
    const m = await em.findOneBy(Meeting, { id: meetingId });
    if (!m) return undefined;
    const citizen = await lockCitizenFor(em, scope.actor, m.citizenId);
    if (!citizen) return undefined;
    const meeting = await em.findOne(Meeting, { where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
    return meeting ? { meeting, citizen } : undefined;
  }

  /**
   * NS-1 … NS-3: record a no-show (udeblivelse) and, in the same transaction, issue a new deadline or call
   * the citizen in — the citizen is never left without a deadline or a planned meeting.
   */
  async registerNoShow(scope: Scope, input: RegisterNoShowInput): Promise<Result<NoShowRegistered, MeetingErrorCode>> {
    requireJobcenterActor(scope.actor);
    if (input.followUp === 'NEW_DEADLINE' && !input.newDeadline) {
      return fail('INVALID_FOLLOW_UP', 'NS-1: followUp NEW_DEADLINE needs newDeadline { bookBy }', ['input', 'newDeadline']);
    }
    if (input.followUp === 'CALL_IN' && !input.callIn) {
      return fail('INVALID_FOLLOW_UP', 'NS-1: followUp CALL_IN needs callIn { startsAt, endsAt }', ['input', 'callIn']);
    }
    return runInTransaction(this.ds, scope, { operation: 'registerNoShow', idempotencyKey: input.idempotencyKey, input }, async (em) => {
      const found = await this.lockMeeting(em, scope, input.meetingId);
      if (!found) return fail('NOT_FOUND', `No meeting ${input.meetingId} in your jobcenter`, ['input', 'meetingId']);
      const { meeting, citizen } = found;
      if (meeting.status !== 'PLANNED') return fail('NOT_PLANNED', `MT-5: the meeting is already ${meeting.status}`, ['input', 'meetingId']);
      if (Temporal.Instant.compare(meeting.startsAt, scope.clock.now()) > 0) {
        return fail('MEETING_NOT_STARTED', 'MT-5: a no-show can be registered once the meeting has started', ['input', 'meetingId']);
      }
      const now = scope.clock.now();
      // NS-2: sanctionable for these groups, also when the meeting was self-booked.
      const sanctionable = isNoShowSanctionable(citizen.targetGroup);
      await em.update(Meeting, { id: meeting.id }, { status: 'NO_SHOW', outcomeRegisteredAt: now, sanctionable });
      Object.assign(meeting, { status: 'NO_SHOW', outcomeRegisteredAt: now, sanctionable });
      await recordMeetingHistory(em, scope, meeting.id, { action: 'NO_SHOW', fromStatus: 'PLANNED', toStatus: 'NO_SHOW', details: { followUp: input.followUp } });
      // NS-3: reported to the a-kasse for INSURED_UNEMPLOYED (underretningspligtig hændelse).
      if (citizen.targetGroup === 'INSURED_UNEMPLOYED') {
        await emitEvent(em, scope, 'NO_SHOW', citizen, { meetingId: meeting.id, type: meeting.type, origin: meeting.origin, startsAt: meeting.startsAt.toString(), sanctionable });
      }

      if (input.followUp === 'NEW_DEADLINE') {
        const issued = await this.deadlines.issueFor(em, scope, citizen, input.newDeadline!, { prefix: ['input', 'newDeadline'] });
        if (!issued.ok) return fail('INVALID_FOLLOW_UP', `NS-1: ${issued.message}`, issued.field);
        return ok({ meeting, newDeadline: issued.value.deadline, calledInMeeting: null });
      }
      return fail('INVALID_FOLLOW_UP', 'NS-1: CALL_IN follow-up is not available yet', ['input', 'followUp']);
    });
  }
}
