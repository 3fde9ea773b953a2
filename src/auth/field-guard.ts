import {
  type DocumentNode, type GraphQLField, type GraphQLFieldResolver, type GraphQLInputType, type GraphQLResolveInfo,
  type OperationDefinitionNode, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType,
  buildASTSchema, defaultFieldResolver, getNamedType, isObjectType, isAbstractType, parse,
} from 'graphql';
import type { Context } from '../context';
import { BadInputError, ForbiddenError } from '../domain/shared/errors';
import { MAX_TEXT, checkInput, isUuid, notAnIdMessage, nulMessage, textTooLongMessage } from '../resolvers/helpers';
import { checkEdge, needsEdge } from './input-edge';
import { ACTORS_RULE, type Policy, ROOT_POLICIES, citation, enforcePolicy, fundMayReadField, mayReadCitizenRecord } from './policy';
import { ResponseTooLargeError } from './query-limits';
import { PAGE_MAX } from './query-cost';

type Resolver = GraphQLFieldResolver<unknown, Context>;
type ResolverMap = Record<string, Record<string, unknown>>;
type Owner = { id: string; jobcenterId: string; unemploymentFundId: string | null };

/** Types whose objects hold a citizen's data but are not disclosures to log (the access log itself). */
const NOT_LOGGED_AS_READ = new Set(['AccessLogEntry']);

/**
 * Wraps every resolver of the schema (including default ones) with the checks that must hold for every
 * field, so that a field added later is covered without its author remembering them:
 *
 * 0. Who may call: every root field runs only for the callers its policy in ROOT_POLICIES (src/auth/policy.ts)
 *    allows — UNAUTHENTICATED for an anonymous caller of a non-public field, FORBIDDEN for any other refused caller,
 *    before its arguments are looked at. A root field without a policy fails here, at the server's start.
 * 1. Arguments: every `ID` must be a UUID, every `String` at most MAX_TEXT characters and free of NUL
 *    (PostgreSQL rejects NUL; without this a hostile value would surface as an internal error). The `input` of a
 *    mutation with userErrors is checked by checkInput (src/resolvers/helpers.ts) and answered with the mutation's
 *    own `INVALID_INPUT` user error. Every such refusal begins with the operation's rule (its policy's `rule`), or the
 *    operation where RULES.md has none, and names the field (docs/security.md, "Which rule an input refusal cites").
 * 2. Data minimisation: an a-kasse reads only the fields FUND_READABLE_FIELDS allows (FORBIDDEN otherwise).
 * 3. Every object a field returns that belongs to a citizen (a `Citizen`, or anything with `citizenId`) is
 *    checked against the actor with mayReadCitizenRecord — nested fields and list items too. A hidden item is left
 *    out of a list, a hidden nullable value reads null, and a hidden non-null value is FORBIDDEN.
 * 4. Every citizen whose data passes is noted for the access log (written once at the end of the request).
 * 5. A page size `first` below 1 is BAD_USER_INPUT naming `first` and its limits (checkPageSize); a
 *    malformed Date/DateTime literal of the query text is BAD_USER_INPUT with its argument path (input-edge.ts).
 */
export function guardResolvers<T extends object>(
  typeDefs: string | DocumentNode, given: T, policies: Readonly<Record<string, Policy>> = ROOT_POLICIES,
): T {
  const schema = buildASTSchema(typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs, { assumeValidSDL: true });
  // The map is walked by name (its values are functions or { subscribe } objects); the result has the given type.
  const resolvers = given as unknown as ResolverMap;
  const out: ResolverMap = { ...resolvers };
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t).map((t) => t!.name));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const given = (resolvers[type.name] ?? {}) as Record<string, unknown>;
    const wrapped: Record<string, unknown> = { ...given };
    for (const field of Object.values(type.getFields())) {
      const original = given[field.name];
      if (original !== undefined && typeof original !== 'function') continue; // e.g. { subscribe } objects
      const policy = roots.has(type.name) ? policies[`${type.name}.${field.name}`] : undefined;
      if (roots.has(type.name) && !policy) throw new Error(`${type.name}.${field.name} has no access policy: add it to ROOT_POLICIES (src/auth/policy.ts)`);
      wrapped[field.name] = guardField(type, field, (original as Resolver | undefined) ?? defaultFieldResolver, policy);
    }
    out[type.name] = wrapped;
  }
  return out as unknown as T;
}

function guardField(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, resolve: Resolver, policy: Policy | undefined): Resolver {
  const isMutationRoot = parent.name === 'Mutation';
  const returns = getNamedType(field.type);
  const returnsObjects = isObjectType(returns) || isAbstractType(returns);
  const nonNull = field.type instanceof GraphQLNonNull;
  const hasArgs = field.args.length > 0;
  const typeName = parent.name;
  const fieldName = field.name;

  const edge = hasArgs && needsEdge(field);
  const pageMax = PAGE_MAX[`${typeName}.${fieldName}`];
  const emptyPayload = isMutationRoot ? mutationEmptyPayload(field) : undefined;
  // How this field's input refusals begin: the root operation's rule (or its name), a nested field's rule.
  const cite = policy ? citation(`${typeName}.${fieldName}`, policy) : citeNested(`${typeName}.${fieldName}`);

  return (source, args, ctx, info) => {
    // The result bound: every field value counts as it is built, so no request can build an answer beyond it.
    const bound = ctx.resultBound;
    if (bound && --bound.left < 0) throw new ResponseTooLargeError(bound.max);
    const decided = policy && enforcePolicy(policy, `${typeName}.${fieldName}`, ctx, args as Record<string, unknown>);
    return decided ? decided.then(() => run(source, args, ctx, info)) : run(source, args, ctx, info);
  };

  function run(source: unknown, args: unknown, ctx: Context, info: GraphQLResolveInfo): unknown {
    if (ctx.actor.kind === 'UNEMPLOYMENT_FUND' && !fundMayReadField(typeName, fieldName)) {
      // CZ-10 for the CPR number; the actors table (data minimisation) for the rest.
      const rule = typeName === 'Citizen' && fieldName === 'cpr' ? 'CZ-10' : ACTORS_RULE;
      throw new ForbiddenError(`${rule}: ${typeName}.${fieldName} is not available to an a-kasse (data minimisation)`);
    }
    if (edge) {
      // Text normalised once and IN-1 date windows (src/auth/input-edge.ts); a mutation's input answers with its
      // INVALID_INPUT user error, anything else with BAD_USER_INPUT naming the argument.
      const bad = checkEdge(field, `${typeName}.${fieldName}`, args as Record<string, unknown>, () => ctx.clock.today(), cite);
      if (bad && !bad.literal && emptyPayload && bad.path[0] === 'input') return { ...emptyPayload, userErrors: [{ code: 'INVALID_INPUT', message: bad.message, field: bad.path }] };
      if (bad) throw new BadInputError(bad.message, bad.path.join('.'));
    }
    if (pageMax !== undefined) checkPageSize((args as { first?: unknown }).first, pageMax, `${typeName}.${fieldName}`, cite);
    // A mutation with userErrors answers a bad id, overlong text or NUL in its input with its INVALID_INPUT user error.
    const badInput = emptyPayload && checkInput((args as { input?: unknown }).input, cite);
    if (badInput) return { ...emptyPayload, userErrors: [badInput] };
    if (hasArgs) {
      for (const arg of field.args) checkValue(arg.type, (args as Record<string, unknown>)[arg.name], [arg.name], !!emptyPayload, false, cite);
    }
    const result = resolve(source, args, ctx, info);
    if (!returnsObjects) return result;
    const concrete = isObjectType(returns) ? returns.name : undefined;
    return then(result, (value) => filterValue(value, concrete, nonNull, ctx, info));
  }
}

/**
 * What a mutation's payload holds besides its userErrors when the input is refused before the resolver: null for
 * nullable fields, [] for lists, false for flags (test/unit/date-windows.test.ts checks every payload fits).
 */
function mutationEmptyPayload(field: GraphQLField<unknown, unknown>): Record<string, unknown> | undefined {
  const payload = getNamedType(field.type);
  if (!isObjectType(payload) || !payload.getFields().userErrors) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of Object.values(payload.getFields())) {
    if (f.name === 'userErrors') continue;
    const t = f.type instanceof GraphQLNonNull ? f.type.ofType : undefined;
    out[f.name] = !t ? null : t instanceof GraphQLList ? [] : t instanceof GraphQLScalarType && t.name === 'Boolean' ? false : undefined;
  }
  return out;
}

/**
 * Page sizes: a `first` below 1 asks for no page at all, so it is refused naming the argument and the limits instead
 * of being answered with one item (null: the default). Decision: a `first` above the field's maximum (PAGE_MAX,
 * src/auth/query-cost.ts) keeps its documented answer — the largest page, with hasNextPage (docs/security.md, issue
 * 11.1, test/integration/hostile-limits.test.ts) — since clients may rely on that published contract.
 */
function checkPageSize(first: unknown, max: number, field: string, cite: string): void {
  if (typeof first !== 'number' || first >= 1) return;
  throw new BadInputError(`${cite}first must be between 1 and ${max}${cite === `${field}: ` ? '' : ` on ${field}`} (a page of at least one item; a larger one is answered with at most ${max} and hasNextPage); got ${first}`, 'first');
}

/**
 * The rule a nested field's argument refusals cite (its page size): the rule of the list it pages, as its root field
 * would; any other nested field names itself.
 */
const NESTED_RULES: Readonly<Record<string, string>> = {
  'Citizen.letters': 'CZ-8',
  'Citizen.bookableSlots': 'SL-2',
  'Obligations.bookableSlots': 'SL-2',
  'RegistrationStatus.offeredSlots': 'RG-4',
  'OtherMeetingOffer.bookableSlots': 'MT-6',
  'WebhookSubscription.deliveries': 'EV-2',
};

function citeNested(field: string): string {
  return `${NESTED_RULES[field] ?? field}: `;
}

/**
 * Arguments: ID → UUID, String → length and no NUL; walks input objects and lists with their types. `payloadInput`:
 * the field is a mutation with userErrors, whose `input` checkInput has checked already (text and `…Id` fields).
 */
function checkValue(type: GraphQLInputType, value: unknown, path: string[], payloadInput: boolean, underInputKey: boolean, cite: string): void {
  if (value === null || value === undefined) return;
  if (type instanceof GraphQLNonNull) return checkValue(type.ofType, value, path, payloadInput, underInputKey, cite);
  if (type instanceof GraphQLList) {
    if (Array.isArray(value)) value.forEach((v, i) => checkValue(type.ofType, v, [...path, String(i)], payloadInput, false, cite));
    else checkValue(type.ofType, value, path, payloadInput, underInputKey, cite);
    return;
  }
  if (type instanceof GraphQLInputObjectType) {
    const fields = type.getFields();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const f = fields[k];
      if (f) checkValue(f.type, v, [...path, k], payloadInput, true, cite);
    }
    return;
  }
  if (!(type instanceof GraphQLScalarType) || typeof value !== 'string') return;
  const name = path.join('.');
  const checked = payloadInput && path[0] === 'input';
  if (!checked && value.includes('\u0000')) throw new BadInputError(nulMessage(cite, name), name);
  if (!checked && value.length > MAX_TEXT) throw new BadInputError(textTooLongMessage(cite, name, value.length), name);
  // An `ID` field of a mutation's input not named …Id (checkInput goes by the name), or an ID list item.
  if (type.name === 'ID' && !isUuid(value) && !(checked && underInputKey && /Id$/.test(path[path.length - 1]!))) {
    throw new BadInputError(notAnIdMessage(cite, name), name);
  }
}

function filterValue(value: unknown, concrete: string | undefined, nonNull: boolean, ctx: Context, info: GraphQLResolveInfo): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) {
    if (!value.some(needsCheck)) return value;
    const judge = (items: unknown[]) => {
      const verdicts = items.map((v) => verdict(v, concrete, ctx, info));
      // Synchronous when every owner is known already (the common case: a list under its citizen).
      if (!verdicts.some(isPromise)) return items.filter((_, i) => verdicts[i]);
      return Promise.all(verdicts).then((vs) => items.filter((_, i) => vs[i]));
    };
    return value.some(isPromise) ? Promise.all(value).then(judge) : judge(value);
  }
  if (!needsCheck(value)) return value;
  return then(verdict(value, concrete, ctx, info), (visible) => {
    if (visible) return value;
    // IN-2: what the caller cannot see, no other path shows (a nullable value reads null instead).
    if (nonNull) throw new ForbiddenError(`IN-2: ${info.parentType.name}.${info.fieldName}: not visible to this actor`);
    return null;
  });
}

function isPromise(v: unknown): v is Promise<unknown> {
  return !!v && typeof (v as { then?: unknown }).then === 'function';
}

function needsCheck(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  if (isPromise(v)) return true;
  return isCitizenLike(v) || typeof (v as { citizenId?: unknown }).citizenId === 'string';
}

function isCitizenLike(v: object): boolean {
  return v.constructor?.name === 'Citizen';
}

/** Citizens already seen in full during this request, by id (so a meeting's owner is known without a load). */
const ownersSeen = new WeakMap<Context, Map<string, Owner>>();

function knownOwners(ctx: Context): Map<string, Owner> {
  let m = ownersSeen.get(ctx);
  if (!m) ownersSeen.set(ctx, (m = new Map()));
  return m;
}

/** Whether the actor may see this object; notes the citizen for the access log when it may. */
function verdict(v: unknown, concrete: string | undefined, ctx: Context, info: GraphQLResolveInfo): boolean | Promise<boolean> {
  if (!v || typeof v !== 'object') return true;
  const typeName = concrete ?? (v.constructor?.name && v.constructor.name !== 'Object' ? v.constructor.name : 'Unknown');
  // CZ-4: an event written for this a-kasse stays its own after the membership moved on (the feed delivers by it).
  if (typeName === 'UnemploymentFundEvent' && ctx.actor.kind === 'UNEMPLOYMENT_FUND'
    && (v as { unemploymentFundId?: unknown }).unemploymentFundId === ctx.actor.unemploymentFundId) {
    ctx.audit.noteRead((v as { citizenId: string }).citizenId, rootOperation(info));
    return true;
  }
  const owners = knownOwners(ctx);
  let owner: Owner | null | undefined | Promise<Owner | null>;
  if (typeName === 'Citizen' || isCitizenLike(v)) {
    const c = v as Partial<Owner> & { id?: string };
    if (typeof c.id !== 'string') return false;
    if (typeof c.jobcenterId === 'string' && c.unemploymentFundId !== undefined) {
      owner = c as Owner;
      owners.set(c.id, owner);
    } else {
      owner = owners.get(c.id) ?? (ctx.loaders.citizen.load(c.id) as Promise<Owner | null>);
    }
  } else {
    const citizenId = (v as { citizenId?: unknown }).citizenId;
    if (typeof citizenId !== 'string') return true;
    owner = owners.get(citizenId) ?? (ctx.loaders.citizen.load(citizenId) as Promise<Owner | null>);
  }
  return then(owner, (o) => {
    if (!o) return false;
    owners.set(o.id, o);
    if (!mayReadCitizenRecord(ctx.actor, typeName, v as { type?: unknown }, o)) return false;
    if (!NOT_LOGGED_AS_READ.has(typeName)) ctx.audit.noteRead(o.id, rootOperation(info));
    return true;
  });
}

const rootNames = new WeakMap<OperationDefinitionNode, Map<string, string>>();

/** `Query.citizen`, `Mutation.issueDeadline`: the root field (not its alias) the value is read under. */
function rootOperation(info: GraphQLResolveInfo): string {
  let p = info.path;
  while (p.prev) p = p.prev;
  const key = String(p.key);
  let names = rootNames.get(info.operation);
  if (!names) {
    names = new Map();
    for (const s of info.operation.selectionSet.selections) {
      if (s.kind === 'Field') names.set(s.alias?.value ?? s.name.value, s.name.value);
    }
    rootNames.set(info.operation, names);
  }
  const root = info.operation.operation === 'mutation' ? 'Mutation' : info.operation.operation === 'subscription' ? 'Subscription' : 'Query';
  return `${root}.${names.get(key) ?? key}`;
}

function then<T, R>(v: T | Promise<T>, f: (x: T) => R | Promise<R>): R | Promise<R> {
  return isPromise(v) ? (v as Promise<T>).then(f) : f(v as T);
}
