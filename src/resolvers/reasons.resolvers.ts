import { type DocumentNode, buildASTSchema, isObjectType, parse } from 'graphql';
import type { Context } from '../context';
import { reasonsOfMessage } from '../domain/shared/reasons';

type ResolverMap = Record<string, Record<string, unknown>>;

/**
 * Issue 14: `because` of every type implementing `UserError`, from the rule IDs at the start of its message (every
 * user-error message starts with them): one resolver for all `<Name>Error` types, so a new mutation's errors explain
 * themselves without their author writing anything.
 */
export function withUserErrorReasons<T extends object>(typeDefs: string | DocumentNode, resolvers: T): T {
  const schema = buildASTSchema(typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs, { assumeValidSDL: true });
  const out: ResolverMap = { ...(resolvers as unknown as ResolverMap) };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'UserError')) continue;
    out[type.name] = { ...(out[type.name] ?? {}), because: (e: { message: string }, _a: unknown, ctx: Context) => reasonsOfMessage(e.message, ctx.language) };
  }
  return out as unknown as T;
}
