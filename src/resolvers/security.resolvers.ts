import type { Resolvers } from './__generated__/types';

export const securityResolvers: Resolvers = {
  Query: {
    accessLog: (_p, { citizenId, first, after }, ctx) =>
      ctx.services.accessLog.accessLog(ctx.scope, citizenId, first ?? 50, after ?? null),
  },
  AccessLogEntry: {
    jobcenter: (e, _a, ctx) => (e.jobcenterId ? ctx.loaders.jobcenter.load(e.jobcenterId) : null),
    unemploymentFund: (e, _a, ctx) => (e.unemploymentFundId ? ctx.loaders.unemploymentFund.load(e.unemploymentFundId) : null),
  },
};
