import type { Temporal } from 'temporal-polyfill';
import { Citizen, NotificationPreference } from '../../entities';
import { requireCitizenSelf } from '../../auth/policy';
import { actorLabel } from '../shared/actor';
import { emitEvent } from '../shared/events';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { lockCitizenFor } from '../shared/citizen-access';
import { runInTransaction } from '../shared/transaction';
import { type NotificationChoice, checkNotificationChoice } from './notification.rules';
import type { SetNotificationPreferencesErrorCode } from '../../generated/enums';

export interface SetNotificationPreferencesInput extends NotificationChoice {
  idempotencyKey?: string | null;
}

/** CZ-7: one entry of the history: who chose what, when. */
interface NotificationPreferenceChange {
  at: Temporal.Instant;
  actor: string;
  sms: boolean;
  email: boolean;
  phone: string | null;
  emailAddress: string | null;
}

/** CZ-7: the current choice and its history (newest first); `citizenId` lets the field guard check and log the read. */
export interface NotificationPreferencesView {
  citizenId: string;
  sms: boolean;
  email: boolean;
  phone: string | null;
  emailAddress: string | null;
  changedAt: Temporal.Instant | null;
  history: NotificationPreferenceChange[];
}

/**
 * CZ-1/CZ-7: where the citizen's notices go — the one place a citizen's contact details are kept, `citizen.phone`
 * (8 digits; notices use +45) and `citizen.email`, for the channels the citizen chose (`notifySms`, `notifyEmail`).
 * The notification_preference rows are the history of the choices, not a second copy to read.
 */
export function noticeAddresses(c: Pick<Citizen, 'notifySms' | 'notifyEmail' | 'phone' | 'email'>): { phone: string | null; emailAddress: string | null } {
  return { phone: c.notifySms && c.phone ? `+45${c.phone}` : null, emailAddress: c.notifyEmail ? c.email ?? null : null };
}

/**
 * DL-11/CZ-7: the SMS and e-mail notices about a deadline, by the citizen's choice at the time they are sent: the
 * citizen row (locked by the caller's transaction) says which channels and where they go.
 */
export async function notifyDeadline(
  scope: Scope, citizen: Citizen, payload: Record<string, unknown>,
): Promise<void> {
  if (!citizen.notifySms && !citizen.notifyEmail) return;
  const to = noticeAddresses(citizen);
  if (citizen.notifySms) await emitEvent(scope, 'NOTIFICATION_SMS', citizen, { ...payload, to: to.phone });
  if (citizen.notifyEmail) await emitEvent(scope, 'NOTIFICATION_EMAIL', citizen, { ...payload, to: to.emailAddress });
}

/** CZ-7: the citizen's choice of notices (SMS and/or e-mail) for deadlines and reminders (DL-11). */
export class NotificationService {
  /** CZ-7: the citizen (only) sets which notices they get and where; every change is kept. */
  async setNotificationPreferences(scope: Scope, input: SetNotificationPreferencesInput): Promise<Result<{ citizen: Citizen }, SetNotificationPreferencesErrorCode>> {
    const actor = requireCitizenSelf(scope.actor);
    const checked = checkNotificationChoice(input);
    if (!checked.ok) return checked;
    const choice = checked.value;
    return runInTransaction(scope, { operation: 'setNotificationPreferences', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, actor.citizenId);
      if (!citizen) return fail('NOT_FOUND', 'CZ-7: no such citizen', ['input']);
      await scope.db.insert(NotificationPreference, {
        citizenId: citizen.id, ...choice, setAt: scope.clock.now(), setBy: actorLabel(scope.actor),
      });
      // CZ-1/CZ-7: the chosen number and address become the citizen's contact details (one place); a channel turned off
      // keeps the detail it had (given at registration, or chosen before) without sending anything to it.
      const contact = { ...(choice.phone ? { phone: choice.phone.slice(3) } : {}), ...(choice.emailAddress ? { email: choice.emailAddress } : {}) };
      Object.assign(citizen, { notifySms: choice.sms, notifyEmail: choice.email, ...contact });
      await scope.db.update(Citizen, { id: citizen.id }, { notifySms: choice.sms, notifyEmail: choice.email, ...contact });
      return ok({ citizen });
    });
  }

  /** CZ-7: the current choice and its history (the citizen and the citizen's jobcenter; the guard checks the reader). */
  async preferencesOf(scope: Scope, citizen: Citizen): Promise<NotificationPreferencesView> {
    const rows = await scope.db.find(NotificationPreference, { where: { citizenId: citizen.id }, order: { seq: 'DESC' }, take: 100 });
    const current = rows[0];
    return {
      citizenId: citizen.id,
      sms: citizen.notifySms,
      email: citizen.notifyEmail,
      ...noticeAddresses(citizen),
      changedAt: current?.setAt ?? null,
      history: rows.map((r) => ({ at: r.setAt, actor: r.setBy, sms: r.sms, email: r.email, phone: r.phone, emailAddress: r.emailAddress })),
    };
  }
}
