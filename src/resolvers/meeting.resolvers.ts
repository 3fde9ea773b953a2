import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

export const meetingResolvers: Resolvers = {
  Query: {
    meeting: (_p, { id }, ctx) => ctx.services.citizens.meeting(ctx.scope, ctx.loaders, id),
  },
  Mutation: {
    callInMeeting: (_p, { input }, ctx) =>
      mutate({ meeting: null, replacedMeeting: null, closedDeadline: null }, () => ctx.services.meetings.callInMeeting(ctx.scope, input)),
    cancelMeeting: (_p, { input }, ctx) =>
      mutate({ meeting: null, deadline: null }, () => ctx.services.meetings.cancelMeeting(ctx.scope, input)),
    registerMeetingHeld: (_p, { input }, ctx) =>
      mutate({ meeting: null, closedDeadline: null }, () => ctx.services.meetings.registerMeetingHeld(ctx.scope, input)),
    registerNoShow: (_p, { input }, ctx) =>
      mutate({ meeting: null, newDeadline: null, calledInMeeting: null }, () =>
        ctx.services.meetings.registerNoShow(ctx.scope, {
          ...input,
          followUp: input.followUp ?? 'NEW_DEADLINE',
          callIn: input.callIn ? { ...input.callIn, type: input.callIn.type ?? 'JOB_INTERVIEW', form: input.callIn.form ?? 'IN_PERSON' } : null,
        })),
    registerWalkInInterview: (_p, { input }, ctx) =>
      mutate({ meeting: null, closedDeadline: null, reregistered: false }, () =>
        ctx.services.meetings.registerWalkInInterview(ctx.scope, { ...input, form: input.form ?? 'IN_PERSON' })),
    registerJointInterviewOptOut: (_p, { input }, ctx) =>
      mutate({ meeting: null }, () => ctx.services.meetings.registerJointInterviewOptOut(ctx.scope, input)),
    recordUnemploymentFundParticipation: (_p, { input }, ctx) =>
      mutate({ meeting: null }, () => ctx.services.meetings.recordUnemploymentFundParticipation(ctx.scope, input)),
    requestUnemploymentFundParticipation: (_p, { input }, ctx) =>
      mutate({ meeting: null }, () => ctx.services.meetings.requestUnemploymentFundParticipation(ctx.scope, { ...input, withdraw: input.withdraw ?? false })),
  },
  Meeting: {
    citizen: async (m, _a, ctx) => (await ctx.loaders.citizen.load(m.citizenId))!,
    slot: (m, _a, ctx) => (m.slotId ? ctx.loaders.slot.load(m.slotId) : null),
    deadline: (m, _a, ctx) => (m.deadlineId ? ctx.loaders.deadline.load(m.deadlineId) : null),
    // JI-4: the jobcenter and the member's a-kasse read the a-kasse's part (the meeting itself is scoped by its citizen).
    jointInterview: (m) => (m.type === 'JOINT_INTERVIEW' ? m : null),
    history: (m, _a, ctx) => ctx.loaders.meetingHistory.load(m.id),
  },
  JointInterviewDetails: {
    optOutRegisteredBy: (m) => m.fundOptOutRegisteredBy,
    optOutRegisteredAt: (m) => m.fundOptOutRegisteredAt,
    fundParticipationRequestedBy: (m) => m.fundRequestedBy,
    fundParticipationRequestRecordedBy: (m) => m.fundRequestRecordedBy,
    fundParticipationRequestRecordedAt: (m) => m.fundRequestRecordedAt,
  },
};
