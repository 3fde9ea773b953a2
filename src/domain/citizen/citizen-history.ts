import type { Temporal } from 'temporal-polyfill';
import { Citizen, CitizenChange } from '../../entities';
import { markCitizenChanged } from '../../audit/access-log';
import { actorLabel } from '../shared/actor';
import type { Scope } from '../shared/scope';
import { asDailyRun, runTransitionsForCitizen } from '../lifecycle/transitions';
import type { CitizenChangeKind } from '../../generated/enums';

/** CZ rules: "every change is kept as history (who, when, why)" — one row per change of a citizen's master data. */
export async function recordCitizenChange(
  scope: Scope, citizenId: string,
  c: { kind: CitizenChangeKind; effectiveFrom: Temporal.PlainDate; fromValue: string | null; toValue: string | null; reason?: string | null },
): Promise<CitizenChange> {
  const row = scope.db.create(CitizenChange, {
    citizenId, at: scope.clock.now(), actor: actorLabel(scope.actor), kind: c.kind, effectiveFrom: c.effectiveFrom,
    fromValue: c.fromValue, toValue: c.toValue, reason: c.reason ?? null,
  });
  await scope.db.insert(CitizenChange, row);
  return row;
}

/** The latest change of one kind (the floor for the next one's effectiveFrom), inside the caller's transaction. */
export async function lastCitizenChange(scope: Scope, citizenId: string, kind: CitizenChangeKind): Promise<CitizenChange | null> {
  return scope.db.findOne(CitizenChange, { where: { citizenId, kind }, order: { effectiveFrom: 'DESC', id: 'DESC' } });
}

/**
 * Locks a citizen named by id or by CPR number for an operation whose caller may not see the citizen yet (the new
 * a-kasse, CZ-4; the new jobcenter, CZ-5): `mayAct` decides, given the row. Undefined when there is no such citizen or
 * the caller may not act on it (reported as NOT_FOUND, so nobody can probe). The access log's CHANGE entry names the
 * citizen only when the caller may act.
 */
export async function lockCitizenBy(
  scope: Scope, by: { citizenId?: string | null; cpr?: string | null }, mayAct: (c: Citizen) => boolean,
): Promise<Citizen | undefined> {
  const qb = scope.db.createQueryBuilder(Citizen, 'c').setLock('pessimistic_write');
  const c = await (by.citizenId ? qb.where('c.id = :id', { id: by.citizenId }) : qb.where('c.cpr = :cpr', { cpr: by.cpr })).getOne();
  if (!c || !mayAct(c)) return undefined;
  markCitizenChanged(scope.db, c.id);
  return c;
}

/**
 * Brings a locked citizen to the state the daily run would have produced by today (expiry, RG-1 deregistration, DL-8,
 * lapse), so a change of master data never acts on a stale state: what happened under the old data stays so (a
 * deregistration for a deadline missed as INSURED_UNEMPLOYED, its event to the old a-kasse). Returns the re-read row.
 */
export async function upToDate(scope: Scope, citizen: Citizen): Promise<Citizen> {
  await runTransitionsForCitizen(asDailyRun(scope), citizen.id);
  return scope.db.findOneByOrFail(Citizen, { id: citizen.id });
}
