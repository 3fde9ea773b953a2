import type { Temporal } from 'temporal-polyfill';
import { Citizen, RegistrationPeriod, UnemploymentFund } from '../../../entities';
import { markCitizenChanged } from '../../../audit/access-log';
import { requireStaff } from '../../../auth/policy';
import { hasSelfBookingDuty } from '../../shared/enums';
import { emitEvent } from '../../shared/events';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { recordCitizenChange } from '../citizen-history';
import { MAX_NAME, type RegistrationData, differingFields, historyDateError, isValidCpr, normaliseEmail, normalisePhone } from '../citizen.rules';
import type { RegisterJobSeekerErrorCode, TargetGroup } from '../../../generated/enums';

export interface RegisterJobSeekerInput {
  cpr: string;
  name: string;
  targetGroup: TargetGroup;
  unemployedSince: Temporal.PlainDate;
  unemploymentFundId?: string | null;
  voluntarySelfBooking?: boolean | null;
  phone?: string | null;
  email?: string | null;
  idempotencyKey?: string | null;
}

interface JobSeekerRegistered {
  citizen: Citizen;
  registrationPeriod: RegistrationPeriod | null;
  alreadyRegistered: boolean;
}

type R = Promise<Result<JobSeekerRegistered, RegisterJobSeekerErrorCode>>;

/** Pre-checks on the input alone (nothing read, nothing changed): the stored data, or the first failure. */
export function checkRegistration(input: RegisterJobSeekerInput, today: Temporal.PlainDate): Result<RegistrationData, RegisterJobSeekerErrorCode> {
  // CZ-10: the number is never echoed, not even when it is wrong.
  if (!isValidCpr(input.cpr)) return fail('INVALID_CPR', 'CZ-1: cpr must be 10 digits whose first six are a valid date (DDMMYY)', ['input', 'cpr']);
  const name = input.name.trim();
  if (!name || name.length > MAX_NAME) return fail('INVALID_INPUT', `CZ-1: name must be 1–${MAX_NAME} characters`, ['input', 'name']);
  const outOfRange = historyDateError('unemployedSince', input.unemployedSince, today);
  if (outOfRange) return fail('DATE_OUT_OF_RANGE', outOfRange, ['input', 'unemployedSince']);
  const fundId = input.unemploymentFundId ?? null;
  if (input.targetGroup === 'INSURED_UNEMPLOYED' && !fundId) {
    return fail('UNEMPLOYMENT_FUND_REQUIRED', 'CZ-1: an INSURED_UNEMPLOYED citizen is registered with their a-kasse (unemploymentFundId)', ['input', 'unemploymentFundId']);
  }
  const voluntary = input.voluntarySelfBooking === true;
  if (voluntary && (hasSelfBookingDuty(input.targetGroup) || input.targetGroup === 'SICKNESS_BENEFIT')) {
    return fail('INVALID_INPUT', `TG-2: voluntary self-booking is for groups without the duty; ${input.targetGroup} self-books anyway (TG-1)`, ['input', 'voluntarySelfBooking']);
  }
  const phone = input.phone == null || input.phone.trim() === '' ? null : normalisePhone(input.phone);
  if (phone === undefined) return fail('INVALID_INPUT', 'CZ-1: phone must be a Danish number of 8 digits, optionally with +45', ['input', 'phone']);
  const email = input.email == null || input.email.trim() === '' ? null : normaliseEmail(input.email);
  if (email === undefined) return fail('INVALID_INPUT', 'CZ-1: email is not an e-mail address (name@domain.tld)', ['input', 'email']);
  return ok({ name, targetGroup: input.targetGroup, unemployedSince: input.unemployedSince, unemploymentFundId: fundId, voluntarySelfBooking: voluntary, phone, email });
}

/**
 * CZ-1: the citizen's jobcenter registers a new job seeker and opens the INITIAL registration period. Idempotent by
 * CPR: the same data again returns the citizen unchanged; other data is refused naming the fields that differ; a
 * known, deregistered citizen is re-registered through `reregister` (RG rules). Race-safe: the unique CPR constraint
 * makes a concurrent twin lose, and the loser runs once more to answer like the pre-check.
 */
export async function registerJobSeeker(scope: Scope, input: RegisterJobSeekerInput): R {
  const actor = requireStaff(scope.actor);
  const today = scope.clock.today();
  const checked = checkRegistration(input, today);
  if (!checked.ok) return checked;
  const data = checked.value;
  const race = fail('REGISTERED_WITH_OTHER_DATA' as const, 'CZ-1: the CPR number was registered at the same moment by another request; repeat the request', ['input', 'cpr']);
  const run = () => runInTransaction(
    scope,
    { operation: 'registerJobSeeker', idempotencyKey: input.idempotencyKey, input, constraints: { citizen_cpr_key: race } },
    async (scope) => {
      if (data.unemploymentFundId && !(await scope.db.existsBy(UnemploymentFund, { id: data.unemploymentFundId }))) {
        return fail('UNKNOWN_UNEMPLOYMENT_FUND', `CZ-1: no a-kasse ${data.unemploymentFundId}`, ['input', 'unemploymentFundId']);
      }
      const existing = await scope.db.createQueryBuilder(Citizen, 'c').setLock('pessimistic_write').where('c.cpr = :cpr', { cpr: input.cpr }).getOne();
      if (existing) {
        // Decision: the other jobcenter's data stays hidden; the caller learns only where to go next (CZ-5).
        if (existing.jobcenterId !== actor.jobcenterId) {
          // CZ-10: the answer tells that the CPR number is known — a look-up of that citizen, so it is in the access log as
          // one (the citizen's jobcenter sees who asked), although the change is refused and rolled back.
          scope.audit?.noteRead(existing.id, 'Mutation.registerJobSeeker');
          return fail('REGISTERED_AT_OTHER_JOBCENTER', 'CZ-1/CZ-5: this CPR number belongs to a citizen of another jobcenter; if they moved here, record the move with moveCitizen', ['input', 'cpr']);
        }
        if (!existing.registered) {
          return fail('DEREGISTERED_USE_REREGISTER', `CZ-1: citizen ${existing.id} is known and deregistered; re-register them with reregister so the RG rules apply`, ['input', 'cpr']);
        }
        const differs = differingFields(existing, data);
        if (differs.length > 0) {
          return fail('REGISTERED_WITH_OTHER_DATA',
            `CZ-1: citizen ${existing.id} is already registered with other ${differs.join(', ')}; change them with their operations (changeTargetGroup, changeUnemploymentFund, …)`,
            ['input', differs[0]!]);
        }
        const period = await scope.db.findOne(RegistrationPeriod, { where: { citizenId: existing.id }, order: { registeredFrom: 'DESC' } });
        return ok({ citizen: existing, registrationPeriod: period, alreadyRegistered: true });
      }

      const citizen = scope.db.create(Citizen, {
        cpr: input.cpr, name: data.name, jobcenterId: actor.jobcenterId, unemploymentFundId: data.unemploymentFundId, targetGroup: data.targetGroup,
        voluntarySelfBooking: data.voluntarySelfBooking, exemptFromActiveJobSeeking: false, lessIntensiveEffort: false,
        lessIntensiveOverrideJustification: null, selfBookingRight: 'ALLOWED', registered: true, unemployedSince: data.unemployedSince,
        benefitPeriodStart: null, phone: data.phone, email: data.email, notifySms: false, notifyEmail: false, wageSubsidy: false,
      });
      await scope.db.insert(Citizen, citizen);
      markCitizenChanged(scope.db, citizen.id);
      // Decision: registration as job seeker is what starts the unemployment (tilmelding), so a registration recorded late
      // opens its period on unemployedSince; the contact course and TG-3 then count from the same day.
      const period = scope.db.create(RegistrationPeriod, {
        citizenId: citizen.id, registeredFrom: data.unemployedSince, registeredVia: 'INITIAL', deregisteredFrom: null, deregistrationReason: null,
        systemOutage: false, deregisteredVia: null, deadlineId: null, recoveryReport: false, deregistrationNote: null,
      });
      await scope.db.insert(RegistrationPeriod, period);
      await recordCitizenChange(scope, citizen.id, { kind: 'REGISTERED', effectiveFrom: data.unemployedSince, fromValue: null, toValue: data.targetGroup });
      // EV-1/EV-2: for the a-kasse, if a member (emitEvent carries the fund's id). CZ-10: no CPR in an event.
      await emitEvent(scope, 'REGISTERED', citizen, {
        registrationPeriodId: period.id, targetGroup: data.targetGroup, unemployedSince: data.unemployedSince.toString(),
      });
      return ok({ citizen, registrationPeriod: period, alreadyRegistered: false });
    },
  );
  const first = await run();
  return first === race ? run() : first;
}
