import type { Resolvers } from './__generated__/types';
import { DateScalar, DateTimeScalar } from './scalars';

export const commonResolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    serverInfo: (_p, _a, ctx) => ({ version: process.env.npm_package_version ?? '0.1.0', today: ctx.clock.today(), now: ctx.clock.now() }),
  },
  Mutation: {
    ping: () => true,
  },
};
