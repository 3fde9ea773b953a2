import type { Actor, JobcenterActor } from './actor';
import {
  ROOT_POLICIES, canSeeCitizen, canSeeJobcenterSettings, citizenOrStaff, citizenSelf, fundMayReadField, mayReadCitizenRecord,
  requirePolicy, signedIn, staff, staffOrFund, FUND_READABLE_FIELDS,
} from '../../auth/policy';

/**
 * The access rules live in one module, src/auth/policy.ts (who may call each operation, one function per kind of
 * object, data minimisation). These are the names domain services used before it, kept as thin aliases of it so
 * the services compile unchanged; new code imports src/auth/policy.ts.
 */
export { canSeeCitizen, canSeeJobcenterSettings, fundMayReadField, FUND_READABLE_FIELDS };

/** Alias of mayReadCitizenRecord (src/auth/policy.ts). */
export const canSeeRecord = mayReadCitizenRecord;

/** Alias: any signed-in actor (policy `signedIn`). */
export function requireAuthenticated(actor: Actor): void {
  requirePolicy(signedIn, actor);
}

/** Alias: policy `staff` — caseworkers and case-management integrations. */
export function requireJobcenterActor(actor: Actor): JobcenterActor {
  return requirePolicy(staff, actor);
}

/** Alias: policy `citizenSelf`. */
export function requireCitizenActor(actor: Actor): Extract<Actor, { kind: 'CITIZEN' }> {
  return requirePolicy(citizenSelf, actor);
}

/** Alias: policy `staffOrFund` — jobcenter staff, or the citizen's a-kasse (JI-2, JI-5, RG-6). */
export function requireJobcenterOrFundActor(actor: Actor): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'UNEMPLOYMENT_FUND' }> {
  return requirePolicy(staffOrFund, actor);
}

/** Alias: policy `citizenOrStaff`. */
export function requireJobcenterOrCitizenActor(actor: Actor): Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'CITIZEN' }> {
  return requirePolicy(citizenOrStaff, actor);
}

/** The root fields an anonymous caller may use (derived from ROOT_POLICIES). */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set(Object.keys(ROOT_POLICIES).filter((k) => ROOT_POLICIES[k]!.anonymous));
