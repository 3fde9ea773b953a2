import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

export const meetingResolvers: Resolvers = {
  Query: {
    meeting: (_p, { id }, ctx) => ctx.services.citizens.meeting(ctx.scope, ctx.loaders, id),
  },
  Mutation: {
    registerNoShow: (_p, { input }, ctx) =>
      mutate(input, { meeting: null, newDeadline: null, calledInMeeting: null }, () =>
        ctx.services.meetings.registerNoShow(ctx.scope, { ...input, followUp: input.followUp ?? 'NEW_DEADLINE' })),
  },
  Meeting: {
    citizen: async (m, _a, ctx) => (await ctx.loaders.citizen.load(m.citizenId))!,
    slot: (m, _a, ctx) => (m.slotId ? ctx.loaders.slot.load(m.slotId) : null),
    deadline: (m, _a, ctx) => (m.deadlineId ? ctx.loaders.deadline.load(m.deadlineId) : null),
    jointInterview: (m) => (m.type === 'JOINT_INTERVIEW' ? m : null),
    history: (m, _a, ctx) => ctx.loaders.meetingHistory.load(m.id),
  },
};
