import type { Temporal } from 'temporal-polyfill';
import { Citizen, type CitizenChange, UnemploymentFund } from '../../../entities';
import { ROOT_POLICIES, requirePolicy } from '../../../auth/policy';
import type { Actor } from '../../shared/actor';
import { isJobcenterActor } from '../../shared/actor';
import { emitEvent } from '../../shared/events';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { lastCitizenChange, lockCitizenBy, recordCitizenChange, upToDate } from '../citizen-history';
import { effectiveDateError, isValidCpr } from '../citizen.rules';
import type { ChangeUnemploymentFundErrorCode } from '../../../generated/enums';

export interface ChangeUnemploymentFundInput {
  citizenId?: string | null;
  cpr?: string | null;
  unemploymentFundId?: string | null;
  effectiveFrom?: Temporal.PlainDate | null;
  idempotencyKey?: string | null;
}

/** Exactly one of citizenId and cpr, the CPR well-formed (never echoed): the first failure, or undefined. */
export function checkCitizenRef<C extends 'INVALID_INPUT'>(input: { citizenId?: string | null; cpr?: string | null }, rule: string): Result<never, C> | undefined {
  if (!!input.citizenId === !!input.cpr) return fail('INVALID_INPUT' as C, `${rule}: name the citizen by exactly one of citizenId and cpr`, ['input', input.citizenId ? 'cpr' : 'citizenId']);
  if (input.cpr && !isValidCpr(input.cpr)) return fail('INVALID_INPUT' as C, `${rule}: cpr must be 10 digits whose first six are a valid date (DDMMYY)`, ['input', 'cpr']);
  return undefined;
}

/**
 * CZ-4: a-kasse membership moves from a day — recorded by the citizen's jobcenter, or by the new a-kasse (which names
 * itself, and the citizen by CPR: it cannot see them yet). From then the new a-kasse sees the member and receives
 * their events; the old one sees nothing after (reads check the current membership), but keeps what it received: the
 * events written while the citizen was its member stay in its feed, MEMBERSHIP_ENDED last (Decision: data
 * minimisation, Actors; EV-2's at-least-once delivery must not lose an event it had not read yet).
 * Decision: a change recorded late does not move events already written to the old a-kasse.
 */
export async function changeUnemploymentFund(scope: Scope, input: ChangeUnemploymentFundInput): Promise<Result<{ citizen: Citizen; change: CitizenChange }, ChangeUnemploymentFundErrorCode>> {
  const actor = mayChangeFund(scope, input);
  if (actor.kind === 'UNEMPLOYMENT_FUND') {
    if (!input.cpr) return fail('INVALID_INPUT', 'CZ-4: the new a-kasse names the citizen by cpr', ['input', 'cpr']);
  }
  const badRef = checkCitizenRef<'INVALID_INPUT'>(input, 'CZ-4');
  if (badRef) return badRef;
  // Inside another operation's transaction (the CZ-9 import, with a row's other changes) this runs in a savepoint of it.
  return runInTransaction(scope, { operation: 'changeUnemploymentFund', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const toFund = input.unemploymentFundId ?? null;
    if (toFund && !(await scope.db.existsBy(UnemploymentFund, { id: toFund }))) return fail('UNKNOWN_UNEMPLOYMENT_FUND', `CZ-4: no a-kasse ${toFund}`, ['input', 'unemploymentFundId']);
    const locked = await lockCitizenBy(scope, input, (c) => (isJobcenterActor(actor) ? c.jobcenterId === actor.jobcenterId : true));
    if (!locked) return fail('NOT_FOUND', 'CZ-4: no such citizen you may act on', ['input', input.citizenId ? 'citizenId' : 'cpr']);
    const citizen = await upToDate(scope, locked);
    const fromFund = citizen.unemploymentFundId;
    if (fromFund === toFund) return fail('SAME_UNEMPLOYMENT_FUND', toFund ? 'CZ-4: the citizen is already a member of that a-kasse' : 'CZ-4: the citizen is a member of no a-kasse', ['input', 'unemploymentFundId']);
    if (!toFund && citizen.targetGroup === 'INSURED_UNEMPLOYED') {
      return fail('UNEMPLOYMENT_FUND_REQUIRED', 'CZ-1/CZ-4: an INSURED_UNEMPLOYED citizen has an a-kasse; change the target group first (changeTargetGroup)', ['input', 'unemploymentFundId']);
    }
    const today = scope.clock.today();
    const effectiveFrom = input.effectiveFrom ?? today;
    const previous = await lastCitizenChange(scope, citizen.id, 'UNEMPLOYMENT_FUND');
    const outOfRange = effectiveDateError('CZ-4', effectiveFrom, today, previous ? { day: previous.effectiveFrom, what: 'the previous membership change' } : null);
    if (outOfRange) return fail('DATE_OUT_OF_RANGE', outOfRange, ['input', 'effectiveFrom']);

    const facts = { effectiveFrom: effectiveFrom.toString() };
    // The old a-kasse's last event about the citizen, written for it; the new one's first.
    if (fromFund) await emitEvent(scope, 'MEMBERSHIP_ENDED', { ...citizen, unemploymentFundId: fromFund }, facts);
    await scope.db.update(Citizen, { id: citizen.id }, { unemploymentFundId: toFund });
    citizen.unemploymentFundId = toFund;
    if (toFund) await emitEvent(scope, 'MEMBERSHIP_STARTED', citizen, facts);
    const change = await recordCitizenChange(scope, citizen.id, { kind: 'UNEMPLOYMENT_FUND', effectiveFrom, fromValue: fromFund, toValue: toFund });
    return ok({ citizen, change });
  });
}

/**
 * CZ-4: who may record the change — the policy of Mutation.changeUnemploymentFund (src/auth/policy.ts): jobcenter
 * staff, or the a-kasse the member joins (FORBIDDEN for another a-kasse, or for none). The CZ-9 import calls
 * changeUnemploymentFund as its jobcenter's integration (staff), so the same check applies to it.
 */
function mayChangeFund(scope: Scope, input: ChangeUnemploymentFundInput): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'UNEMPLOYMENT_FUND' }> {
  return requirePolicy(ROOT_POLICIES['Mutation.changeUnemploymentFund']!, scope.actor, { input });
}
