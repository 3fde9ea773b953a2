import type { Temporal } from 'temporal-polyfill';
import { DeadlineHistory, MeetingHistory } from '../../entities';
import type { Scope } from './scope';
import type { Writes } from './writes';
import { actorLabel } from './actor';

/** One change of a deadline or meeting as the API shows it. */
export interface HistoryView {
  at: Temporal.Instant;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
}

export interface HistoryChange {
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** The who/when/what/why columns every history row has. */
function historyColumns(scope: Scope, c: HistoryChange) {
  return {
    at: scope.clock.now(),
    actor: actorLabel(scope.actor),
    action: c.action,
    fromStatus: c.fromStatus ?? null,
    toStatus: c.toStatus ?? null,
    reason: c.reason ?? null,
    details: (c.details ?? {}) as never,
  };
}

/** DL-7: every change of a deadline is kept with who, when, what and why (with `writes`: in its batch, writes.ts). */
export async function recordDeadlineHistory(scope: Scope, deadlineId: string, c: HistoryChange, writes?: Writes): Promise<void> {
  const row = { deadlineId, ...historyColumns(scope, c) };
  if (writes) writes.insert(DeadlineHistory, row);
  else await scope.db.insert(DeadlineHistory, row);
}

/** Every change of a meeting is kept with who, when, what and why (with `writes`: in its batch, writes.ts). */
export async function recordMeetingHistory(scope: Scope, meetingId: string, c: HistoryChange, writes?: Writes): Promise<void> {
  const row = { meetingId, ...historyColumns(scope, c) };
  if (writes) writes.insert(MeetingHistory, row);
  else await scope.db.insert(MeetingHistory, row);
}
