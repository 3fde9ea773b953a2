import DataLoader from 'dataloader';
import type { Context } from '../context';

type ResolverMap = Record<string, Record<string, unknown>>;
type Resolve = (source: unknown, args: unknown, ctx: Context, info: unknown) => unknown;

/**
 * Forgets everything a request's DataLoaders have cached (issue 11 item 3), walking nested loader groups
 * (`loaders.lifecycle`). The loaders batch reads across a request; their cache must never outlive a write.
 */
export function clearLoaders(loaders: object): void {
  for (const v of Object.values(loaders)) {
    if (v instanceof DataLoader) v.clearAll();
    else if (v && typeof v === 'object') clearLoaders(v);
  }
}

/**
 * Every field resolved after a write reads the state after that write (issue 11 item 3): wraps each Mutation
 * field so that, once its resolver has finished (written and committed, or failed), the request's DataLoaders
 * are cleared before its payload's fields resolve. GraphQL runs mutation fields one after another, each with
 * its payload, so a later field (or its payload) never sees what an earlier field's payload cached before the
 * later write. The one place for every mutation, present and future; queries are not touched (no per-field cost).
 */
export function freshReadsAfterWrites<T extends object>(given: T): T {
  // Walked by name; the result has the given type (each mutation resolver keeps its signature).
  const resolvers = given as unknown as ResolverMap;
  const mutation = resolvers.Mutation;
  if (!mutation) return given;
  const wrapped: Record<string, unknown> = {};
  for (const [name, resolve] of Object.entries(mutation)) {
    wrapped[name] = typeof resolve !== 'function' ? resolve : async (source: unknown, args: unknown, ctx: Context, info: unknown) => {
      try {
        return await (resolve as Resolve)(source, args, ctx, info);
      } finally {
        clearLoaders(ctx.loaders);
      }
    };
  }
  return { ...resolvers, Mutation: wrapped } as unknown as T;
}
