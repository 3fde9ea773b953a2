import type { Temporal } from 'temporal-polyfill';
import type { SelectQueryBuilder } from 'typeorm';
import { Citizen, Meeting } from '../../entities';
import { ensureCitizenAccess, requirePolicy, staffOrFund } from '../../auth/policy';
import type { Actor } from '../shared/actor';
import { BadInputError } from '../shared/errors';
import { cmpDate } from '../shared/dates';
import type { Scope } from '../shared/scope';
import { decodeCursor, keysetPage } from '../shared/pagination';

/**
 * JI-4: the member as the portal shows them. Keyed `memberId` (not `citizenId`): the view is already limited to the
 * actor's members by the query, and carries only the name.
 */
export interface FundMemberView {
  memberId: string;
  name: string;
}

/** JI-4: a joint interview as the a-kasse portal shows it — the meeting and the member's name, nothing else. */
export interface FundJointInterviewView {
  meeting: Meeting;
  member: FundMemberView;
}

/** JI-4: the longest period one request may span (a year and a day, so any calendar year fits). */
const MAX_RANGE_DAYS = 366;

type PortalActor = Extract<Actor, { kind: 'UNEMPLOYMENT_FUND' | 'CASEWORKER' | 'INTEGRATION' }>;

/**
 * JI-4: the a-kasse portal's view of joint interviews (fælles jobsamtaler) with their opt-outs (JI-2/JI-3) and the
 * a-kasse's participation decisions (JI-5/JI-6). An a-kasse sees its own members only; jobcenter staff, who see
 * the opt-outs too (000 2016-08-23), see the citizens of their own jobcenter. Decision: membership is read as it is
 * now (no membership history is kept), so a former member's interviews are no longer shown to the old a-kasse.
 */
export class FundPortalService {
  private portalActor(scope: Scope): PortalActor {
    // JI-4: joint interviews are for the a-kasse of the member and the jobcenter (policy staffOrFund).
    return requirePolicy<PortalActor>(staffOrFund, scope.actor);
  }

  private scoped(scope: Scope, a: PortalActor): SelectQueryBuilder<Meeting> {
    const qb = scope.db.createQueryBuilder(Meeting, 'm')
      .innerJoinAndMapOne('m.portalCitizen', Citizen, 'c', 'c.id = m.citizen_id')
      .where(`m.type = 'JOINT_INTERVIEW'`);
    if (a.kind === 'UNEMPLOYMENT_FUND') qb.andWhere('c.unemployment_fund_id = :fund', { fund: a.unemploymentFundId });
    else qb.andWhere('c.jobcenter_id = :jc', { jc: a.jobcenterId });
    return qb;
  }

  /** JI-4: joint interviews of the actor's members held or planned on days `from` … `to` (inclusive), by time. */
  async jointInterviews(scope: Scope, args: { from: Temporal.PlainDate; to: Temporal.PlainDate; optedOutOnly: boolean; first: number; after: string | null }) {
    const a = this.portalActor(scope);
    if (cmpDate(args.from, args.to) > 0) throw new BadInputError('JI-4, IN-1: from must not be after to', 'from');
    if (args.from.until(args.to).days > MAX_RANGE_DAYS) throw new BadInputError(`JI-4, IN-1: at most ${MAX_RANGE_DAYS} days between from and to per request`, 'to');
    const limit = Math.max(1, Math.min(args.first, 500));
    const qb = this.scoped(scope, a)
      .andWhere('m.local_day >= :from AND m.local_day <= :to', { from: args.from.toString(), to: args.to.toString() })
      .orderBy('m.starts_at', 'ASC').addOrderBy('m.id', 'ASC').limit(limit + 1);
    if (args.optedOutOnly) qb.andWhere('m.fund_opt_out = true');
    if (args.after) {
      const [startsAt, id] = decodeCursor('Query.jointInterviewOptOuts', args.after);
      qb.andWhere('(m.starts_at, m.id) > (:startsAt, :id)', { startsAt: new Date(startsAt), id });
    }
    const page = keysetPage('Query.jointInterviewOptOuts', (await qb.getMany()).map(toView), limit, (v) => [v.meeting.startsAt.toString(), v.meeting.id]);
    for (const n of page.nodes) noteRead(scope, n.member.memberId, 'Query.jointInterviewOptOuts');
    return page;
  }

  /** JI-4: all joint interviews of one member, by time; null when the citizen is not the actor's member (or citizen). */
  async memberJointInterviews(scope: Scope, citizenId: string): Promise<FundJointInterviewView[] | null> {
    const a = this.portalActor(scope);
    // Another a-kasse's member or another jobcenter's citizen: ABSENT (null), as a citizen that does not exist.
    const c = ensureCitizenAccess(scope, await scope.db.findOneBy(Citizen, { id: citizenId }));
    if (!c) return null;
    noteRead(scope, c.id, 'Query.memberJointInterviews');
    const rows = await this.scoped(scope, a).andWhere('m.citizen_id = :id', { id: citizenId })
      .orderBy('m.starts_at', 'ASC').addOrderBy('m.id', 'ASC').getMany();
    return rows.map(toView);
  }
}

/**
 * Notes the member whose data the portal disclosed for the access log ("every read … of a citizen's personal data
 * is logged"), when the request has one. The portal's views carry no Citizen object for the generic guard to note.
 */
function noteRead(scope: Scope, citizenId: string, operation: string): void {
  scope.audit?.noteRead(citizenId, operation);
}

function toView(m: Meeting): FundJointInterviewView {
  const c = (m as Meeting & { portalCitizen: Citizen }).portalCitizen;
  return { meeting: m, member: { memberId: c.id, name: c.name } };
}
