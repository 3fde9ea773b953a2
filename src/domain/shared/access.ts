import type { Citizen } from '../../entities';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { type Actor, type JobcenterActor, isJobcenterActor } from './actor';

/**
 * Access rules of the actors table in RULES.md, enforced in the domain layer:
 * a citizen sees only themselves; a caseworker or integration only citizens of their jobcenter;
 * an a-kasse only its members; a statistics reader no individual.
 */
export function canSeeCitizen(actor: Actor, c: Pick<Citizen, 'id' | 'jobcenterId' | 'unemploymentFundId'>): boolean {
  switch (actor.kind) {
    case 'CITIZEN':
      return actor.citizenId === c.id;
    case 'CASEWORKER':
    case 'INTEGRATION':
      return actor.jobcenterId === c.jobcenterId;
    case 'UNEMPLOYMENT_FUND':
      return c.unemploymentFundId !== null && actor.unemploymentFundId === c.unemploymentFundId;
    default:
      return false;
  }
}

export function requireAuthenticated(actor: Actor): void {
  if (actor.kind === 'ANONYMOUS') throw new UnauthenticatedError();
}

/** The operation is for jobcenter staff (caseworkers and case-management integrations) only. */
export function requireJobcenterActor(actor: Actor): JobcenterActor {
  requireAuthenticated(actor);
  if (!isJobcenterActor(actor)) throw new ForbiddenError('Only a caseworker or integration of a jobcenter may do this');
  return actor;
}

export function requireCitizenActor(actor: Actor): Extract<Actor, { kind: 'CITIZEN' }> {
  requireAuthenticated(actor);
  if (actor.kind !== 'CITIZEN') throw new ForbiddenError('Only the citizen may do this');
  return actor;
}

/** Jobcenter staff, or the a-kasse of the citizen (JI-2, JI-5, RG-6). */
export function requireJobcenterOrFundActor(actor: Actor): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'UNEMPLOYMENT_FUND' }> {
  requireAuthenticated(actor);
  if (!isJobcenterActor(actor) && actor.kind !== 'UNEMPLOYMENT_FUND') {
    throw new ForbiddenError('Only a jobcenter or the citizen\'s a-kasse may do this');
  }
  return actor;
}
