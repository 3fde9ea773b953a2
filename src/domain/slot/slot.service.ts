import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { Not } from 'typeorm';
import { Citizen, Jobcenter, Meeting, Slot } from '../../entities';
import { type PolicyContext, ROOT_POLICIES, enforcePolicy, ensureJobcenterAccess, requirePolicy, staff } from '../../auth/policy';
import type { JobcenterActor } from '../shared/actor';
import { formatLocal } from '../shared/dates';
import { BadInputError } from '../shared/errors';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { isUuid } from '../shared/uuid';
import { decodeCursor, keysetPage } from '../shared/pagination';
import { type SlotSpec, assertSlotCount, slotKindOf, validateSlotSpec } from './slot.rules';
import type { PublishSlotsErrorCode, WithdrawSlotErrorCode } from '../../generated/enums';

export interface PublishSlotsInput {
  jobcenterId: string;
  slots: SlotSpec[];
  idempotencyKey?: string | null;
}

export interface WithdrawSlotInput {
  slotId: string;
  reason?: string | null;
  idempotencyKey?: string | null;
}

export interface SlotFilter {
  jobcenterId: string;
  from?: Temporal.Instant | null;
  to?: Temporal.Instant | null;
  onlyFree?: boolean | null;
}

/** Largest page of the `slots` query. */
export const SLOTS_PAGE_MAX = 500;

/** Slots (ledige tider): publishing, withdrawing and listing them (SL-1). Booking is in BookingService. */
export class SlotService {
  /**
   * SL-1: jobcenter staff publish 1–500 slots at once, all or nothing, in one multi-row INSERT. Each slot is
   * validated first; the first invalid one is reported with its index in the field path and nothing is stored.
   */
  async publishSlots(scope: Scope, input: PublishSlotsInput): Promise<Result<{ slots: Slot[] }, PublishSlotsErrorCode>> {
    ensureJobcenterAccess(scope, input.jobcenterId);
    return runInTransaction(scope, { operation: 'publishSlots', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const badCount = assertSlotCount(input.slots.length);
      if (badCount) return badCount;
      const now = scope.clock.now();
      for (let i = 0; i < input.slots.length; i++) {
        const bad = validateSlotSpec(input.slots[i]!, now, i);
        if (bad) return bad;
      }
      if (!(await scope.db.existsBy(Jobcenter, { id: input.jobcenterId }))) {
        return fail('NOT_FOUND', `SL-1: no jobcenter ${input.jobcenterId}`, ['input', 'jobcenterId']);
      }
      // Ids are made here so the answer is in input order without relying on the order of RETURNING.
      const rows = input.slots.map((s) => scope.db.create(Slot, {
        id: randomUUID(),
        jobcenterId: input.jobcenterId,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        groupStartsAt: s.groupStartsAt ?? null,
        form: s.form ?? 'IN_PERSON',
        kind: slotKindOf(s),
        location: s.location ?? null,
        caseworker: s.caseworker ?? null,
        withdrawnAt: null,
        withdrawnReason: null,
        createdAt: scope.clock.now(),
      }));
      await scope.db.createQueryBuilder().insert().into(Slot).values(rows).updateEntity(false).execute();
      return ok({ slots: rows });
    });
  }

  /** SL-1/SL-2: jobcenter staff withdraw a free slot so it can no longer be booked. A booked slot stays. */
  async withdrawSlot(scope: Scope, input: WithdrawSlotInput): Promise<Result<{ slot: Slot }, WithdrawSlotErrorCode>> {
    const actor = requirePolicy<JobcenterActor>(staff, scope.actor);
    return runInTransaction(scope, { operation: 'withdrawSlot', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const field = ['input', 'slotId'];
      // The row lock orders a withdrawal and a booking of the same slot: whichever comes second sees the first.
      const slot = await scope.db.findOne(Slot, { where: { id: input.slotId }, lock: { mode: 'pessimistic_write' } });
      if (!slot || slot.jobcenterId !== actor.jobcenterId) return fail('NOT_FOUND', `SL-1: no slot ${input.slotId} at your jobcenter`, field);
      if (slot.withdrawnAt) return fail('ALREADY_WITHDRAWN', `SL-1: the slot was already withdrawn at ${formatLocal(slot.withdrawnAt)}`, field);
      if (await scope.db.exists(Meeting, { where: { slotId: slot.id, status: Not('CANCELLED') } })) {
        return fail('SLOT_BOOKED', 'SL-1: a citizen has booked this slot; cancel the meeting first (cancelMeeting, DL-12), then withdraw the slot', field);
      }
      const now = scope.clock.now();
      await scope.db.update(Slot, { id: slot.id }, { withdrawnAt: now, withdrawnReason: input.reason ?? null });
      Object.assign(slot, { withdrawnAt: now, withdrawnReason: input.reason ?? null });
      return ok({ slot });
    });
  }

  /**
   * Slots of a jobcenter by start time, keyset-paginated: its staff see all; its citizens see only free
   * slots that have not begun (SL-2). Who may is the policy of Query.slots (src/auth/policy.ts), checked here too
   * for callers outside GraphQL; `loaders` are the request's, so the citizen's own row the policy reads is the one
   * the field guard already loaded (no second statement). Without them, the row is read from `scope.db`.
   */
  async slots(scope: Scope, filter: SlotFilter, first: number, after: string | null, loaders?: PolicyContext['loaders']) {
    await enforcePolicy(ROOT_POLICIES['Query.slots']!, 'Query.slots', {
      actor: scope.actor,
      loaders: loaders ?? { citizen: { load: (id) => scope.db.findOneBy(Citizen, { id }) } },
    }, { filter });
    const onlyFree = scope.actor.kind === 'CITIZEN' || (filter.onlyFree ?? false);
    const limit = Math.max(1, Math.min(first, SLOTS_PAGE_MAX));
    const qb = scope.db.createQueryBuilder(Slot, 's').where('s.jobcenter_id = :jc', { jc: filter.jobcenterId })
      .orderBy('s.starts_at', 'ASC').addOrderBy('s.id', 'ASC').limit(limit + 1);
    if (filter.from) qb.andWhere('s.starts_at >= :from', { from: new Date(filter.from.epochMilliseconds) });
    if (filter.to) qb.andWhere('s.starts_at < :to', { to: new Date(filter.to.epochMilliseconds) });
    if (scope.actor.kind === 'CITIZEN') {
      qb.andWhere('COALESCE(s.group_starts_at, s.starts_at) > :now', { now: new Date(scope.clock.now().epochMilliseconds) });
    }
    if (onlyFree) {
      qb.andWhere('s.withdrawn_at IS NULL')
        .andWhere(`NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`);
    }
    if (after) {
      const [startsAt, id] = slotCursor(after);
      qb.andWhere('(s.starts_at, s.id) > (:startsAt, :id)', { startsAt: new Date(startsAt.epochMilliseconds), id });
    }
    return keysetPage('Query.slots', await qb.getMany(), limit, (r) => [r.startsAt.toString(), r.id]);
  }
}

/** The keyset cursor of `slots`: the last slot's start and id, as handed out in endCursor. */
function slotCursor(after: string): [Temporal.Instant, string] {
  const [startsAt, id] = decodeCursor('Query.slots', after);
  try {
    if (isUuid(id!)) return [Temporal.Instant.from(startsAt!), id!];
  } catch {
    /* fall through */
  }
  throw new BadInputError('after: not a cursor returned by this API', 'after');
}
