import type { Resolvers } from './__generated__/types';

export const sandboxResolvers: Resolvers = {
  Query: {
    sandboxClock: (_p, _a, ctx) => ctx.sandbox.state(ctx.scope),
  },
  Mutation: {
    // Issue 14 (4): not through mutate(): its only argument is an Int the service checks itself.
    advanceSandboxClock: async (_p, { days }, ctx) => {
      const r = await ctx.sandbox.advance(ctx.scope, days);
      if (r.ok) return { ...r.value, userErrors: [] };
      return { sandboxClock: null, days: [], userErrors: [{ code: r.code, message: r.message, field: r.field ?? null }] };
    },
  },
};
