import type { Resolvers } from './__generated__/types';

export const organisationResolvers: Resolvers = {
  Query: {
    jobcenter: (_p, { id }, ctx) => ctx.services.citizens.jobcenter(ctx.scope, ctx.loaders, id),
    jobcenters: (_p, _a, ctx) => ctx.services.citizens.jobcenters(ctx.scope),
    unemploymentFund: (_p, { id }, ctx) => ctx.loaders.unemploymentFund.load(id),
  },
};
