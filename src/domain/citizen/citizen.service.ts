import type { DataSource } from 'typeorm';
import { Citizen, Deadline, Jobcenter, Meeting, Slot } from '../../entities';
import type { Loaders } from '../../loaders';
import { canSeeCitizen, requireAuthenticated } from '../shared/access';
import { BadInputError, ForbiddenError } from '../shared/errors';
import type { Temporal } from 'temporal-polyfill';
import { isJobcenterActor } from '../shared/actor';
import type { Scope } from '../shared/scope';

/** Reads of citizens and their things, each checked against the actor (RULES.md: actors and access). */
export class CitizenService {
  constructor(private readonly ds: DataSource) {}

  async me(scope: Scope, loaders: Loaders): Promise<Citizen | null> {
    requireAuthenticated(scope.actor);
    if (scope.actor.kind !== 'CITIZEN') return null;
    return loaders.citizen.load(scope.actor.citizenId);
  }

  /** A citizen the actor may see, or null (also when it exists but is out of scope). */
  async citizen(scope: Scope, loaders: Loaders, id: string): Promise<Citizen | null> {
    requireAuthenticated(scope.actor);
    const c = await loaders.citizen.load(id);
    return c && canSeeCitizen(scope.actor, c) ? c : null;
  }

  async deadline(scope: Scope, loaders: Loaders, id: string): Promise<Deadline | null> {
    requireAuthenticated(scope.actor);
    const d = await loaders.deadline.load(id);
    if (!d) return null;
    return (await this.citizen(scope, loaders, d.citizenId)) ? d : null;
  }

  async meeting(scope: Scope, loaders: Loaders, id: string): Promise<Meeting | null> {
    requireAuthenticated(scope.actor);
    const m = await loaders.meeting.load(id);
    if (!m) return null;
    return (await this.citizen(scope, loaders, m.citizenId)) ? m : null;
  }

  /** Citizens of a jobcenter by name, keyset-paginated (jobcenter staff of that jobcenter only). */
  async citizensOfJobcenter(scope: Scope, jobcenterId: string, first: number, after: string | null) {
    requireAuthenticated(scope.actor);
    if (!isJobcenterActor(scope.actor) || scope.actor.jobcenterId !== jobcenterId) {
      throw new ForbiddenError('Only staff of that jobcenter may list its citizens');
    }
    const limit = Math.max(1, Math.min(first, 200));
    const qb = this.ds.manager.createQueryBuilder(Citizen, 'c').where('c.jobcenter_id = :jobcenterId', { jobcenterId })
      .orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').limit(limit + 1);
    if (after) {
      const [name, id] = decodeCursor(after);
      qb.andWhere('(c.name, c.id) > (:name, :id)', { name, id });
    }
    const rows = await qb.getMany();
    const nodes = rows.slice(0, limit);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor([last.name, last.id]) : null } };
  }

  /** Slots of a jobcenter: its staff see all; its citizens see free, future, not withdrawn ones. */
  async slots(scope: Scope, filter: { jobcenterId: string; from?: Temporal.Instant | null; to?: Temporal.Instant | null; onlyFree?: boolean | null }, first: number, after: string | null) {
    requireAuthenticated(scope.actor);
    let onlyFree = filter.onlyFree ?? false;
    if (isJobcenterActor(scope.actor)) {
      if (scope.actor.jobcenterId !== filter.jobcenterId) throw new ForbiddenError('Only staff of that jobcenter may list its slots');
    } else if (scope.actor.kind === 'CITIZEN') {
      const me = await this.ds.manager.findOneBy(Citizen, { id: scope.actor.citizenId });
      if (!me || me.jobcenterId !== filter.jobcenterId) throw new ForbiddenError('Citizens see the slots of their own jobcenter');
      onlyFree = true;
    } else {
      throw new ForbiddenError('Slots are for jobcenter staff and the jobcenter\'s citizens');
    }
    const limit = Math.max(1, Math.min(first, 500));
    const qb = this.ds.manager.createQueryBuilder(Slot, 's').where('s.jobcenter_id = :jc', { jc: filter.jobcenterId })
      .orderBy('s.starts_at', 'ASC').addOrderBy('s.id', 'ASC').limit(limit + 1);
    const from = filter.from ?? (scope.actor.kind === 'CITIZEN' ? scope.clock.now() : null);
    if (from) qb.andWhere('s.starts_at >= :from', { from: new Date(from.epochMilliseconds) });
    if (filter.to) qb.andWhere('s.starts_at < :to', { to: new Date(filter.to.epochMilliseconds) });
    if (onlyFree) {
      qb.andWhere('s.withdrawn_at IS NULL')
        .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`);
    }
    if (after) {
      const [startsAt, id] = decodeCursor(after);
      qb.andWhere('(s.starts_at, s.id) > (:startsAt, :id)', { startsAt: new Date(startsAt), id });
    }
    const rows = await qb.getMany();
    const nodes = rows.slice(0, limit);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor([last.startsAt.toString(), last.id]) : null } };
  }

  async jobcenter(scope: Scope, loaders: Loaders, id: string): Promise<Jobcenter | null> {
    requireAuthenticated(scope.actor);
    return loaders.jobcenter.load(id);
  }

  async jobcenters(scope: Scope): Promise<Jobcenter[]> {
    requireAuthenticated(scope.actor);
    return this.ds.manager.find(Jobcenter, { order: { name: 'ASC' } });
  }
}


export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v;
  } catch {
    /* fall through */
  }
  throw new BadInputError('after: not a cursor returned by this API', 'after');
}
