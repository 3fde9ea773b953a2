import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError, buildASTSchema, parse } from 'graphql';
import { guardResolvers } from '../../src/auth/field-guard';
import {
  FOREIGN_OBJECT_ANSWERS, ROOT_POLICIES, type CitizenScope, type Policy, type PolicyContext, anyOf, anyone, citizenOf, citizenSelf,
  enforcePolicy, ensureCitizenAccess, ensureFundAccess, ensureJobcenterAccess, fund, fundOf, mayReadCitizenRecord, staff,
  requireCitizenOrStaff, requireCitizenSelf, requirePolicy, requireStaff, requireStaffOrFund, signedIn, staffOf, statisticsReader,
} from '../../src/auth/policy';
import type { Actor } from '../../src/domain/shared/actor';
import { loadTypeDefs } from '../../src/server';

/**
 * The access policy (src/auth/policy.ts) as pure functions: the table covers the schema, each named policy at its
 * boundary (own tenant / another / not that kind of actor), and the per-object answers.
 */
const X = '00000000-0000-4000-8000-00000000000a';
const Y = '00000000-0000-4000-8000-00000000000b';
const Z = '00000000-0000-4000-8000-00000000000c';
const W = '00000000-0000-4000-8000-00000000000d';
const A = '00000000-0000-4000-8000-000000000001';
const B = '00000000-0000-4000-8000-000000000002';
const citizenA: CitizenScope = { id: A, jobcenterId: X, unemploymentFundId: Z };
const citizenB: CitizenScope = { id: B, jobcenterId: Y, unemploymentFundId: null };

const actors = {
  anonymous: { kind: 'ANONYMOUS' },
  citizenA: { kind: 'CITIZEN', citizenId: A },
  citizenB: { kind: 'CITIZEN', citizenId: B },
  caseworkerX: { kind: 'CASEWORKER', jobcenterId: X, userId: 'u' },
  caseworkerY: { kind: 'CASEWORKER', jobcenterId: Y, userId: 'u' },
  integrationX: { kind: 'INTEGRATION', jobcenterId: X, clientId: 'c' },
  fundZ: { kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: Z, userId: 'f' },
  fundW: { kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: W, userId: 'f' },
  statistics: { kind: 'STATISTICS', userId: 's' },
} satisfies Record<string, Actor>;
type Role = keyof typeof actors;
const ROLES = Object.keys(actors) as Role[];

function ctxOf(actor: Actor): PolicyContext {
  const rows = new Map([citizenA, citizenB].map((c) => [c.id, c]));
  return { actor, loaders: { citizen: { load: async (id) => rows.get(id) ?? null } } };
}

/** The roles a policy lets through with these arguments. */
async function allowed(policy: Policy, args: Record<string, unknown> = {}): Promise<Role[]> {
  const out: Role[] = [];
  for (const r of ROLES) if (r !== 'anonymous' && (await policy.allows(ctxOf(actors[r]), args))) out.push(r);
  return out;
}

async function codeOf(f: () => unknown): Promise<string | undefined> {
  try {
    await f();
    return undefined;
  } catch (e) {
    return e instanceof GraphQLError ? String(e.extensions.code) : `thrown ${String(e)}`;
  }
}

describe('access policy (src/auth/policy.ts)', () => {
  const schema = buildASTSchema(parse(loadTypeDefs()), { assumeValidSDL: true });
  const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
    .flatMap((t) => (t ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : []));

  it('Actors and access: every root field of the schema has exactly one policy, and no policy names a field that is gone', () => {
    const missing = rootFields.filter((k) => !ROOT_POLICIES[k]);
    const stale = Object.keys(ROOT_POLICIES).filter((k) => !rootFields.includes(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('Actors and access: the field guard refuses to start with a root field that has no policy', () => {
    const sdl = 'type Query { known: Int  unknown: Int }';
    expect(() => guardResolvers(sdl, {}, { 'Query.known': staff })).toThrow(/Query\.unknown has no access policy/);
    expect(() => guardResolvers(sdl, {}, { 'Query.known': staff, 'Query.unknown': staff })).not.toThrow();
  });

  it('Actors and access: only serverInfo and ping are public; every other field answers an anonymous caller UNAUTHENTICATED', async () => {
    expect(Object.keys(ROOT_POLICIES).filter((k) => ROOT_POLICIES[k]!.anonymous).sort()).toEqual(['Mutation.ping', 'Query.serverInfo']);
    expect(await codeOf(() => enforcePolicy(ROOT_POLICIES['Query.citizen']!, 'Query.citizen', ctxOf(actors.anonymous), {}))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => enforcePolicy(ROOT_POLICIES['Query.serverInfo']!, 'Query.serverInfo', ctxOf(actors.anonymous), {}))).toBeUndefined();
  });

  it('Actors and access: staff, citizenSelf, fund and statisticsReader let through their kind of actor only', async () => {
    expect(await allowed(staff)).toEqual(['caseworkerX', 'caseworkerY', 'integrationX']);
    expect(await allowed(citizenSelf)).toEqual(['citizenA', 'citizenB']);
    expect(await allowed(fund)).toEqual(['fundZ', 'fundW']);
    expect(await allowed(statisticsReader)).toEqual(['statistics']);
    expect(await allowed(anyOf(citizenSelf, staff))).toEqual(['citizenA', 'citizenB', 'caseworkerX', 'caseworkerY', 'integrationX']);
  });

  it('Actors and access: staffOf(jobcenterId) — own jobcenter yes, another jobcenter no, at any depth of the arguments', async () => {
    expect(await allowed(staffOf('jobcenterId'), { jobcenterId: X })).toEqual(['caseworkerX', 'integrationX']);
    expect(await allowed(staffOf('jobcenterId'), { jobcenterId: Y })).toEqual(['caseworkerY']);
    expect(await allowed(staffOf('input.jobcenterId'), { input: { jobcenterId: X } })).toEqual(['caseworkerX', 'integrationX']);
    expect(await allowed(staffOf('input.jobcenterId'), { input: {} })).toEqual([]);
  });

  it('IN-2: a scope argument that is no ID is left to the input check (its BAD_USER_INPUT / INVALID_INPUT names the field), for staff only', async () => {
    expect(await allowed(staffOf('input.jobcenterId'), { input: { jobcenterId: 'not-a-uuid' } })).toEqual(['caseworkerX', 'caseworkerY', 'integrationX']);
    expect(await allowed(fundOf('input.unemploymentFundId'), { input: { unemploymentFundId: 'x' } })).toEqual(['fundZ', 'fundW']);
  });

  it('SL-2: citizenOf(filter.jobcenterId) — a citizen sees the slots of their own jobcenter only (from their own row)', async () => {
    expect(await allowed(citizenOf('filter.jobcenterId'), { filter: { jobcenterId: X } })).toEqual(['citizenA']);
    expect(await allowed(citizenOf('filter.jobcenterId'), { filter: { jobcenterId: Y } })).toEqual(['citizenB']);
    expect(await allowed(ROOT_POLICIES['Query.slots']!, { filter: { jobcenterId: X } })).toEqual(['citizenA', 'caseworkerX', 'integrationX']);
  });

  it('CZ-4: fundOf(input.unemploymentFundId) — an a-kasse records only members who join it (not another a-kasse, not none)', async () => {
    const p = ROOT_POLICIES['Mutation.changeUnemploymentFund']!;
    expect(await allowed(p, { input: { unemploymentFundId: Z } })).toEqual(['caseworkerX', 'caseworkerY', 'integrationX', 'fundZ']);
    expect(await allowed(p, { input: { unemploymentFundId: null } })).toEqual(['caseworkerX', 'caseworkerY', 'integrationX']);
  });

  it('ST-1: one jobcenter\'s share for statistics readers and that jobcenter\'s staff; all shares for statistics readers only', async () => {
    expect(await allowed(ROOT_POLICIES['Query.selfBookingShare']!, { jobcenterId: X })).toEqual(['caseworkerX', 'integrationX', 'statistics']);
    expect(await allowed(ROOT_POLICIES['Query.selfBookingShares']!, {})).toEqual(['statistics']);
  });

  it('Actors and access: a refusal is FORBIDDEN naming the rule (where one says who may), the operation and who may call it', async () => {
    const p = ROOT_POLICIES['Query.citizens']!;
    await expect(Promise.resolve().then(() => enforcePolicy(p, 'Query.citizens', ctxOf(actors.caseworkerY), { jobcenterId: X })))
      .rejects.toMatchObject({ message: 'Query.citizens: only staff of the jobcenter in jobcenterId may do this', extensions: { code: 'FORBIDDEN' } });
    await expect(Promise.resolve().then(() => enforcePolicy(ROOT_POLICIES['Query.slots']!, 'Query.slots', ctxOf(actors.citizenB), { filter: { jobcenterId: X } })))
      .rejects.toMatchObject({ message: expect.stringMatching(/^SL-2: Query\.slots: only staff of the jobcenter in filter\.jobcenterId, or a citizen of the jobcenter in filter\.jobcenterId may do this$/), extensions: { code: 'FORBIDDEN' } });
    expect(await codeOf(() => enforcePolicy(ROOT_POLICIES['Query.slots']!, 'Query.slots', ctxOf(actors.citizenA), { filter: { jobcenterId: X } }))).toBeUndefined();
  });

  it('issue 15 item 10: every policy that can refuse a signed-in caller cites a rule, except where RULES.md has none', () => {
    const unruled = Object.entries(ROOT_POLICIES).filter(([, p]) => !p.rule && p !== anyone && p !== signedIn).map(([field]) => field).sort();
    // Query.citizens: the actors table (no rule ID); accessLog: GDPR art. 15; the sandbox clock: a test facility.
    expect(unruled).toEqual(['Mutation.advanceSandboxClock', 'Query.accessLog', 'Query.citizens', 'Query.sandboxClock']);
  });

  it('IN-2: another tenant\'s citizen is ABSENT (ensureCitizenAccess answers as for a row that does not exist)', () => {
    const seesA = ROLES.filter((r) => ensureCitizenAccess({ actor: actors[r] }, citizenA) === citizenA);
    expect(seesA).toEqual(['citizenA', 'caseworkerX', 'integrationX', 'fundZ']);
    expect(ensureCitizenAccess({ actor: actors.caseworkerX }, null)).toBeNull();
    // A citizen without an a-kasse is no a-kasse's member.
    expect(ROLES.filter((r) => ensureCitizenAccess({ actor: actors[r] }, citizenB))).toEqual(['citizenB', 'caseworkerY']);
  });

  it('JI-4: an a-kasse sees of its member\'s meetings only the joint interviews; other records of theirs only where minimisation lists them', () => {
    expect(mayReadCitizenRecord(actors.fundZ, 'Meeting', { type: 'JOINT_INTERVIEW' }, citizenA)).toBe(true);
    expect(mayReadCitizenRecord(actors.fundZ, 'Meeting', { type: 'JOB_INTERVIEW' }, citizenA)).toBe(false);
    expect(mayReadCitizenRecord(actors.fundZ, 'Deadline', {}, citizenA)).toBe(false);
    expect(mayReadCitizenRecord(actors.caseworkerX, 'Deadline', {}, citizenA)).toBe(true);
    expect(mayReadCitizenRecord(actors.caseworkerY, 'Deadline', {}, citizenA)).toBe(false);
  });

  it('Actors and access: a jobcenter or an a-kasse named as the scope of a call is FORBIDDEN to anyone else (they are public)', async () => {
    expect(await codeOf(() => ensureJobcenterAccess({ actor: actors.caseworkerX }, X))).toBeUndefined();
    expect(await codeOf(() => ensureJobcenterAccess({ actor: actors.caseworkerY }, X))).toBe('FORBIDDEN');
    expect(await codeOf(() => ensureJobcenterAccess({ actor: actors.citizenA }, X))).toBe('FORBIDDEN');
    expect(await codeOf(() => ensureFundAccess({ actor: actors.fundZ }, Z))).toBeUndefined();
    expect(await codeOf(() => ensureFundAccess({ actor: actors.fundW }, Z))).toBe('FORBIDDEN');
    expect(await codeOf(() => ensureFundAccess({ actor: actors.anonymous }, Z))).toBe('UNAUTHENTICATED');
  });

  it('Actors and access: docs/security.md states the one answer of every kind of foreign object the policy names', () => {
    const doc = readFileSync(join(__dirname, '../../docs/security.md'), 'utf8');
    for (const [kind, answer] of Object.entries(FOREIGN_OBJECT_ANSWERS)) {
      expect(doc).toContain(`| ${kind} | ${answer} |`);
    }
  });

  it('Actors and access: the typed helpers of src/auth/policy.ts answer as their policies (same kinds, same codes)', async () => {
    const kinds = async (f: (a: Actor) => unknown) => {
      const out: Role[] = [];
      for (const r of ROLES) if ((await codeOf(() => f(actors[r]))) === undefined) out.push(r);
      return out;
    };
    expect(await kinds(requireStaff)).toEqual(await allowed(staff));
    expect(await kinds(requireCitizenSelf)).toEqual(await allowed(citizenSelf));
    expect(await kinds(requireStaffOrFund)).toEqual(await allowed(anyOf(staff, fund)));
    expect(await kinds(requireCitizenOrStaff)).toEqual(await allowed(anyOf(citizenSelf, staff)));
    expect(await codeOf(() => requireStaff(actors.anonymous))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => requireStaff(actors.fundZ))).toBe('FORBIDDEN');
  });

  it('Actors and access: a service\'s own refusal cites its policy\'s rule, else the actors table of RULES.md ("Actors and access")', () => {
    expect(() => requireStaff(actors.fundZ)).toThrow(/^Actors and access: only a caseworker or integration of a jobcenter may do this$/);
    expect(() => requirePolicy(ROOT_POLICIES['Query.selfBookingShares']!, actors.caseworkerX)).toThrow(/^ST-1: only a statistics reader may do this$/);
    expect(() => ensureJobcenterAccess({ actor: actors.caseworkerY }, X)).toThrow(/^Actors and access: only staff of that jobcenter may do this$/);
    expect(() => ensureFundAccess({ actor: actors.fundW }, Z)).toThrow(/^Actors and access: an a-kasse acts only for itself$/);
  });
});
