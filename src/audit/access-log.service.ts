import { Temporal } from 'temporal-polyfill';
import { Citizen } from '../entities';
import { citizenOrStaff, ensureCitizenAccess, requirePolicy } from '../auth/policy';
import type { Actor } from '../domain/shared/actor';
import { BadInputError, NotFoundError } from '../domain/shared/errors';
import type { Scope } from '../domain/shared/scope';
import { decodeCursor, keysetPage } from '../domain/shared/pagination';
import type { AuditedActor } from './access-log';
import type { AccessKind } from '../generated/enums';

export interface AccessLogEntryView {
  id: string;
  at: Temporal.Instant;
  access: AccessKind;
  operation: string;
  purpose: string;
  /** CALENDAR_FEED: a read of the citizen's calendar feed (src/domain/calendar). */
  actorRole: AuditedActor['kind'] | 'CALENDAR_FEED';
  jobcenterId: string | null;
  unemploymentFundId: string | null;
  /** null when shown to the citizen. */
  actor: string | null;
}

interface Row {
  id: string;
  at: Date;
  access: AccessKind;
  operation: string;
  purpose: string;
  actor_kind: AccessLogEntryView['actorRole'];
  actor: string;
  jobcenter_id: string | null;
  unemployment_fund_id: string | null;
}

/** Reads a citizen's access log (GDPR art. 15): for the citizen and for staff of the citizen's jobcenter. */
export class AccessLogService {
  async accessLog(scope: Scope, citizenId: string, first: number, after: string | null) {
    const actor = requirePolicy<Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'CITIZEN' }>>(citizenOrStaff, scope.actor);
    // Another tenant's citizen: ABSENT — here the NOT_FOUND error, as the answer cannot be empty (FOREIGN_OBJECT_ANSWERS).
    const citizen = ensureCitizenAccess(scope, await scope.db.findOneBy(Citizen, { id: citizenId }));
    // No rule of RULES.md: GDPR art. 15 says whose log it is, so the refusal begins with the operation (docs/security.md).
    if (!citizen) throw new NotFoundError(`Query.accessLog (GDPR art. 15): no citizen ${citizenId} whose access log you may read`, 'citizenId');
    const limit = Math.max(1, Math.min(first, 200));
    const params: unknown[] = [citizenId, limit + 1];
    let where = 'citizen_id = $1';
    if (after) {
      const [at, id] = decodeCursor('Query.accessLog', after);
      if (!/^\d{1,18}$/.test(id!) || Number.isNaN(Date.parse(at!))) throw new BadInputError('after: not a cursor returned by this API', 'after');
      params.push(new Date(at!), id);
      where += ' AND (at, id) < ($3, $4::bigint)';
    }
    const rows: Row[] = await scope.db.query(
      `SELECT id::text AS id, at, access, operation, purpose, actor_kind, actor, jobcenter_id, unemployment_fund_id
       FROM access_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT $2`,
      params,
    );
    // Decision: the citizen sees the organisation, purpose and time (like the public sector's "Min Log"),
    // not the individual employee's user id; the jobcenter sees the user id for its own internal control.
    const showActor = actor.kind !== 'CITIZEN';
    const views: AccessLogEntryView[] = rows.map((r) => ({
      id: r.id,
      at: Temporal.Instant.fromEpochMilliseconds(r.at.getTime()),
      access: r.access,
      operation: r.operation,
      purpose: r.purpose,
      actorRole: r.actor_kind,
      jobcenterId: r.jobcenter_id,
      unemploymentFundId: r.unemployment_fund_id,
      actor: showActor ? r.actor : null,
    }));
    return keysetPage('Query.accessLog', views, limit, (v) => [v.at.toString(), v.id]);
  }
}
