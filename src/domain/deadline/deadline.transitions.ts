import type { Temporal } from 'temporal-polyfill';
import { type Citizen, Deadline, Holiday, type Meeting } from '../../entities';
import type { DeadlineCloseReason, DeadlineStatus } from '../../generated/enums';
import { emitEvent } from '../shared/events';
import { recordDeadlineHistory } from '../shared/history';
import { type Result, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import type { Writes } from '../shared/writes';
import { notifyDeadline } from '../notification/notification.service';
import {
  type ExtensionRefusalCode, assertExtension, deadlineChannelFor, effectiveDeadlineStatus, latestInterviewDateFor, reminderDays,
} from './deadline.rules';

/**
 * The deadline's state machine (DL-7): every change of a deadline's status goes through one of these, each writing
 * the row, its history and its events together, inside the caller's transaction (the citizen row locked).
 */

/**
 * DL-10: extends a deadline to a later bookBy; DL-2/DL-6 re-checked from the original availableFrom, DL-3 moves the
 * latest interview date along, originalBookBy keeps the first bookBy. An EXPIRED (or, when its interview is cancelled,
 * BOOKED: DL-12) deadline is OPEN again. DL-11/TG-6: the changed deadline reaches the citizen the way the issued one did.
 * `historyReason`/`details` let DL-12 say why (the cancelled meeting); the event carries `reason`.
 */
export async function extend(
  scope: Scope, citizen: Citizen, d: Deadline,
  input: { bookBy: Temporal.PlainDate; reason: string; historyReason?: string; cancelledMeetingId?: string },
): Promise<Result<Deadline, ExtensionRefusalCode>> {
  const today = scope.clock.today();
  // LP-2: a deadline of another group than INSURED_UNEMPLOYED reads LAPSED after the month following bookBy.
  const from = effectiveDeadlineStatus(d, today, { targetGroup: citizen.targetGroup });
  const releasesMeeting = input.cancelledMeetingId !== undefined;
  const holidays = await scope.db.findBy(Holiday, { citizenId: citizen.id });
  const refused = assertExtension(d, from, citizen, { bookBy: input.bookBy, releasesMeeting }, today, holidays);
  if (refused) return refused;

  const previous = d.bookBy;
  d.bookBy = input.bookBy;
  d.latestInterviewDate = latestInterviewDateFor(input.bookBy);
  // An EXPIRED deadline (stored or read) is open again after the extension: the citizen may book (RG-4 no longer applies).
  d.status = 'OPEN';
  d.statusChangedAt = from === 'OPEN' ? d.statusChangedAt : scope.clock.now();
  if (releasesMeeting) d.meetingId = null;
  await scope.db.update(Deadline, { id: d.id }, {
    bookBy: d.bookBy, latestInterviewDate: d.latestInterviewDate, status: d.status, statusChangedAt: d.statusChangedAt,
    ...(releasesMeeting ? { meetingId: null } : {}),
  });
  await recordDeadlineHistory(scope, d.id, {
    action: 'EXTENDED', fromStatus: from, toStatus: 'OPEN', reason: input.historyReason ?? input.reason,
    details: {
      ...(releasesMeeting ? { cancelledMeetingId: input.cancelledMeetingId } : {}),
      fromBookBy: previous.toString(), toBookBy: d.bookBy.toString(), latestInterviewDate: d.latestInterviewDate.toString(),
    },
  });
  const facts = {
    deadlineId: d.id, availableFrom: d.availableFrom.toString(), bookBy: d.bookBy.toString(),
    latestInterviewDate: d.latestInterviewDate.toString(), previousBookBy: previous.toString(),
  };
  await emitEvent(scope, 'DEADLINE_EXTENDED', citizen, { ...facts, reason: input.reason });
  // DL-11/TG-6 Decision: the changed deadline reaches the citizen the way the issued one did.
  if (d.channel === 'LETTER') await emitEvent(scope, 'LETTER_DEADLINE', citizen, { ...facts, kind: 'DEADLINE_EXTENDED' });
  const reminders = reminderDays(today, d.bookBy).map(String);
  if (d.channel === 'JOBNET') await notifyDeadline(scope, citizen, { ...facts, kind: 'DEADLINE_EXTENDED', reminders });
  return ok(d);
}

/** DL-7: closes an active deadline, with history. */
export async function close(scope: Scope, d: Deadline, reason: DeadlineCloseReason, why: string): Promise<Deadline> {
  const from = effectiveDeadlineStatus(d, scope.clock.today());
  d.status = 'CLOSED';
  d.closeReason = reason;
  d.statusChangedAt = scope.clock.now();
  await scope.db.update(Deadline, { id: d.id }, { status: d.status, closeReason: reason, statusChangedAt: d.statusChangedAt });
  await recordDeadlineHistory(scope, d.id, { action: 'CLOSED', fromStatus: from, toStatus: 'CLOSED', reason: `${reason}: ${why}` });
  return d;
}

/** DL-12: the booked deadline whose interview is cancelled is OPEN again, without its meeting (canReopen checked by the caller). */
export async function reopen(scope: Scope, d: Deadline, reason: string, cancelledMeetingId: string): Promise<Deadline> {
  const from = effectiveDeadlineStatus(d, scope.clock.today());
  const now = scope.clock.now();
  Object.assign(d, { status: 'OPEN', meetingId: null, statusChangedAt: now });
  await scope.db.update(Deadline, { id: d.id }, { status: 'OPEN', meetingId: null, statusChangedAt: now });
  await recordDeadlineHistory(scope, d.id, { action: 'REOPENED', fromStatus: from, toStatus: 'OPEN', reason, details: { cancelledMeetingId } });
  return d;
}

/**
 * DL-1, DL-3, TG-6, DL-11: issues an OPEN deadline (the checks of issueChecks passed; `superseded` is the deadline
 * DL-4 closed for it). TG-6: exempted from being actively job-seeking → the deadline is communicated in writing
 * outside Jobnet; otherwise subscribers are notified at issue, with the reminder days listed for the scheduler.
 */
export async function issue(
  scope: Scope, citizen: Citizen, input: { availableFrom: Temporal.PlainDate; bookBy: Temporal.PlainDate }, superseded: Deadline | null,
  { imported = false }: { imported?: boolean } = {},
): Promise<Deadline> {
  const { availableFrom } = input;
  const channel = deadlineChannelFor(citizen);
  const now = scope.clock.now();
  const deadline = scope.db.create(Deadline, {
    citizenId: citizen.id,
    jobcenterId: citizen.jobcenterId,
    availableFrom,
    bookBy: input.bookBy,
    latestInterviewDate: latestInterviewDateFor(input.bookBy),
    originalBookBy: input.bookBy,
    channel,
    status: 'OPEN',
    closeReason: null,
    meetingId: null,
    createdAt: now,
    statusChangedAt: now,
  });
  await scope.db.insert(Deadline, deadline);
  await recordDeadlineHistory(scope, deadline.id, {
    action: 'ISSUED', toStatus: 'OPEN',
    details: { availableFrom: availableFrom.toString(), bookBy: input.bookBy.toString(), channel, supersedes: superseded?.id ?? null, ...(imported ? { imported } : {}) },
  });
  const facts = { deadlineId: deadline.id, availableFrom: availableFrom.toString(), bookBy: input.bookBy.toString(), latestInterviewDate: deadline.latestInterviewDate.toString() };
  await emitEvent(scope, 'DEADLINE_ISSUED', citizen, { ...facts, channel });
  // CZ-9: a deadline issued earlier in case management and imported was told to the citizen then: no letter, no notice.
  if (imported) return deadline;
  if (channel === 'LETTER') await emitEvent(scope, 'LETTER_DEADLINE', citizen, facts);
  // DL-11: notify subscribers at issue; reminders on the decided days are listed for the scheduler.
  const reminders = reminderDays(scope.clock.today(), input.bookBy).map(String);
  // CZ-7: by the citizen's choice now, to the number and address chosen.
  if (channel === 'JOBNET') await notifyDeadline(scope, citizen, { ...facts, kind: 'DEADLINE_ISSUED', reminders });
  return deadline;
}

/**
 * SL-1, RG-4: the deadline is BOOKED with `meeting` (the booking's checks passed; `from` is its status today).
 * `writes` composes it into the statement of the meeting's `plan` (meeting.transitions.ts; issue 16 item 5).
 */
export async function book(
  scope: Scope, d: Deadline, meeting: Pick<Meeting, 'id'>, from: DeadlineStatus, immediate: boolean, writes?: Writes,
): Promise<Deadline> {
  const now = scope.clock.now();
  const set = { status: 'BOOKED' as const, meetingId: meeting.id, statusChangedAt: now };
  if (writes) writes.update(Deadline, { id: d.id }, set);
  else await scope.db.update(Deadline, { id: d.id }, set);
  await recordDeadlineHistory(scope, d.id, {
    action: 'BOOKED', fromStatus: from, toStatus: 'BOOKED',
    reason: immediate ? 'RG-4: immediate booking' : null, details: { meetingId: meeting.id },
  }, writes);
  return Object.assign(d, set);
}

/** SL-4: the booked deadline now points at the rebooked interview (it stays BOOKED); `writes` as for `book`. */
export async function rebook(scope: Scope, d: Deadline, fromMeetingId: string, toMeetingId: string, writes?: Writes): Promise<Deadline> {
  const now = scope.clock.now();
  if (writes) writes.update(Deadline, { id: d.id }, { meetingId: toMeetingId, statusChangedAt: now });
  else await scope.db.update(Deadline, { id: d.id }, { meetingId: toMeetingId, statusChangedAt: now });
  await recordDeadlineHistory(scope, d.id, {
    action: 'REBOOKED', fromStatus: 'BOOKED', toStatus: 'BOOKED', reason: 'SL-4: rebooked by the citizen',
    details: { fromMeetingId, toMeetingId },
  }, writes);
  return d;
}

/** LP-1/LP-2: the expired deadline lapses (the daily run does the same set-based, lifecycle/transitions.ts). */
export async function lapse(scope: Scope, d: Deadline, reason: string): Promise<Deadline> {
  const from = effectiveDeadlineStatus(d, scope.clock.today());
  d.status = 'LAPSED';
  d.statusChangedAt = scope.clock.now();
  await scope.db.update(Deadline, { id: d.id }, { status: 'LAPSED', statusChangedAt: d.statusChangedAt });
  await recordDeadlineHistory(scope, d.id, { action: 'LAPSED', fromStatus: from, toStatus: 'LAPSED', reason });
  return d;
}
