import type { Resolvers } from './__generated__/types';

export const deadlinePreviewResolvers: Resolvers = {
  Query: {
    // Issue 14 (2): null when the citizen is not one of the caller's jobcenter (as Query.citizen).
    previewDeadline: async (_p, { citizenId, bookBy }, ctx) => {
      const r = await ctx.services.deadlinePreview.previewDeadline(ctx.scope, citizenId, bookBy);
      if (!r.ok) return null;
      const { refusals, ...preview } = r.value;
      return { ...preview, userErrors: refusals.map((e) => ({ code: e.code, message: e.message, field: e.field ?? null })) };
    },
  },
};
