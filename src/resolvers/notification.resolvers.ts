import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

/** CZ-7: notification preferences. */
export const notificationResolvers: Resolvers = {
  Mutation: {
    setNotificationPreferences: (_p, { input }, ctx) =>
      mutate({ citizen: null }, () => ctx.services.notifications.setNotificationPreferences(ctx.scope, input)),
  },
  Citizen: {
    notificationPreferences: (c, _a, ctx) => ctx.services.notifications.preferencesOf(ctx.scope, c),
  },
};
