import type { Resolvers } from './__generated__/types';

export const fundPortalResolvers: Resolvers = {
  Query: {
    jointInterviewOptOuts: (_p, { from, to, optedOutOnly, first, after }, ctx) =>
      ctx.services.fundPortal.jointInterviews(ctx.scope, { from, to, optedOutOnly: optedOutOnly ?? false, first: first ?? 100, after: after ?? null }),
    memberJointInterviews: (_p, { citizenId }, ctx) => ctx.services.fundPortal.memberJointInterviews(ctx.scope, citizenId),
  },
  FundMember: {
    citizenId: (m) => m.memberId,
  },
  FundJointInterview: {
    meetingId: (j) => j.meeting.id,
    member: (j) => j.member,
    jobcenter: async (j, _a, ctx) => (await ctx.loaders.jobcenter.load(j.meeting.jobcenterId))!,
    startsAt: (j) => j.meeting.startsAt,
    endsAt: (j) => j.meeting.endsAt,
    form: (j) => j.meeting.form,
    status: (j) => j.meeting.status,
    sixteenMonth: (j) => j.meeting.sixteenMonth,
    fundOptOut: (j) => j.meeting.fundOptOut,
    optOutRegisteredBy: (j) => j.meeting.fundOptOutRegisteredBy,
    optOutRegisteredAt: (j) => j.meeting.fundOptOutRegisteredAt,
    fundParticipation: (j) => j.meeting.fundParticipation,
    fundParticipationForm: (j) => j.meeting.fundParticipationForm,
    fundParticipationReason: (j) => j.meeting.fundParticipationReason,
    citizenRequestsFundInPerson: (j) => j.meeting.citizenRequestsFundInPerson,
  },
};
