import type { Resolvers } from './__generated__/types';
import { toPayload } from './helpers';

/** Issue 14 item 6: the citizen's calendar feed (the feed itself is GET /calendar/<token>.ics, src/http/calendar-feed.ts). */
export const calendarResolvers: Resolvers = {
  Mutation: {
    renewCalendarFeedToken: async (_p, _a, ctx) =>
      toPayload(await ctx.services.calendar.renew(ctx.scope), { calendarFeedUrl: null, calendarFeed: null }),
  },
  Citizen: {
    calendarFeed: (c, _a, ctx) => ctx.services.calendar.feedOf(ctx.scope, c.id),
  },
};
