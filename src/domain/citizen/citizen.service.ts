import { Citizen, Deadline, Jobcenter, Meeting, UnemploymentFund } from '../../entities';
import type { Loaders } from '../../loaders';
import { ensureCitizenAccess, ensureJobcenterAccess, requirePolicy, selfCitizenId, signedIn, staff } from '../../auth/policy';
import { BadInputError } from '../shared/errors';
import { isValidCpr } from './citizen.rules';
import { decodeCursor, keysetPage } from '../shared/pagination';
import type { JobcenterActor } from '../shared/actor';
import type { Scope } from '../shared/scope';
import { citizenPageRows } from '../../loaders/citizen-page-rows';

/** Reads of citizens and their things, each checked against the actor (RULES.md: actors and access). */
export class CitizenService {
  async me(scope: Scope, loaders: Loaders): Promise<Citizen | null> {
    requirePolicy(signedIn, scope.actor);
    const self = selfCitizenId(scope.actor);
    return self ? ensureCitizenAccess(scope, await loaders.citizen.load(self)) : null;
  }

  /** A citizen the actor may see, or null (also when it exists but is out of scope). */
  async citizen(scope: Scope, loaders: Loaders, id: string): Promise<Citizen | null> {
    requirePolicy(signedIn, scope.actor);
    return ensureCitizenAccess(scope, await loaders.citizen.load(id));
  }

  async deadline(scope: Scope, loaders: Loaders, id: string): Promise<Deadline | null> {
    requirePolicy(signedIn, scope.actor);
    const d = await loaders.deadline.load(id);
    if (!d) return null;
    return (await this.citizen(scope, loaders, d.citizenId)) ? d : null;
  }

  async meeting(scope: Scope, loaders: Loaders, id: string): Promise<Meeting | null> {
    requirePolicy(signedIn, scope.actor);
    const m = await loaders.meeting.load(id);
    if (!m) return null;
    return (await this.citizen(scope, loaders, m.citizenId)) ? m : null;
  }

  /** Citizens of a jobcenter by name, keyset-paginated (jobcenter staff of that jobcenter only). */
  async citizensOfJobcenter(scope: Scope, jobcenterId: string, first: number, after: string | null) {
    ensureJobcenterAccess(scope, jobcenterId);
    const limit = Math.max(1, Math.min(first, 200));
    const cursor = after ? decodeCursor('Query.citizens', after) : null;
    const rows = await citizenPageRows(scope.db, jobcenterId, limit + 1, cursor ? [cursor[0]!, cursor[1]!] : null);
    const page = keysetPage('Query.citizens', rows, limit, (c) => [c.name, c.id]);
    // IN-2: the page is logged as read whatever the caller selects from it (its cursor and hasNextPage come from
    // these citizens), as the a-kasse portal's lists are; the field guard adds nothing twice.
    for (const c of page.nodes) scope.audit?.noteRead(c.id, 'Query.citizens');
    return page;
  }

  /**
   * CZ-10: jobcenter staff look a citizen up by CPR number; null unless the citizen is of the caller's jobcenter (so
   * the answer reveals nothing about other jobcenters). The returned citizen is access-logged as a READ of
   * `Query.citizenByCpr` with the request's purpose (field guard). The number is never echoed in an error.
   */
  async citizenByCpr(scope: Scope, cpr: string): Promise<Citizen | null> {
    const actor = requirePolicy<JobcenterActor>(staff, scope.actor);
    if (!isValidCpr(cpr)) throw new BadInputError('CZ-10: cpr must be 10 digits whose first six are a valid date (DDMMYY)', 'cpr');
    return scope.db.findOneBy(Citizen, { cpr, jobcenterId: actor.jobcenterId });
  }

  async jobcenter(scope: Scope, loaders: Loaders, id: string): Promise<Jobcenter | null> {
    requirePolicy(signedIn, scope.actor);
    return loaders.jobcenter.load(id);
  }

  /** Organisation data, like jobcenter(): for authenticated callers (matrix test: anonymous is refused everywhere but serverInfo/ping). */
  async unemploymentFund(scope: Scope, loaders: Loaders, id: string): Promise<UnemploymentFund | null> {
    requirePolicy(signedIn, scope.actor);
    return loaders.unemploymentFund.load(id);
  }

  async jobcenters(scope: Scope): Promise<Jobcenter[]> {
    requirePolicy(signedIn, scope.actor);
    return scope.db.find(Jobcenter, { order: { name: 'ASC' } });
  }
}
