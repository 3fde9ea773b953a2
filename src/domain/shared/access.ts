import type { Actor, JobcenterActor } from './actor';
import { canSeeCitizen, citizenOrStaff, citizenSelf, requirePolicy, signedIn, staff, staffOrFund } from '../../auth/policy';

/**
 * The access rules live in one module, src/auth/policy.ts (who may call each operation, one function per kind of
 * object, data minimisation). These are the names domain services used before it, kept as thin aliases of it so
 * the services compile unchanged; new code imports src/auth/policy.ts. Issue 13 item 3: the services outside
 * meeting/, registration/, booking/ and deadline/ call the policy directly; the aliases left are those still used.
 */
export { canSeeCitizen };

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
