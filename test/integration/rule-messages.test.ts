import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';

/**
 * Issue 15 item 10: every user error of the registration and lifecycle operations starts with the rule that applies
 * (RG-5/RG-6 re-registration, RG-8 sickness and recovery, CZ-6 the jobcenter's deregistration, SA-1 assessments),
 * also "not found" and a missing citizenId — and changes nothing.
 */

const ERR = '{ code message field }';
const REREGISTER = `mutation($input: ReregisterInput!) { reregister(input: $input) { userErrors ${ERR} } }`;
const RECOVERY = `mutation($input: ReportRecoveryInput!) { reportRecovery(input: $input) { userErrors ${ERR} } }`;
const SICK = `mutation($input: ReportSicknessInput!) { reportSickness(input: $input) { userErrors ${ERR} } }`;
const DEREGISTER = `mutation($input: DeregisterCitizenInput!) { deregisterCitizen(input: $input) { userErrors ${ERR} } }`;
const WAGE = `mutation($input: SetWageSubsidyInput!) { setWageSubsidy(input: $input) { userErrors ${ERR} } }`;
const DECIDE = `mutation($input: DecideSanctionAssessmentInput!) { decideSanctionAssessment(input: $input) { userErrors ${ERR} } }`;

describe('issue 15 item 10: user errors cite the rule that applies', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  let other: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    other = await t.fx.jobcenter();
  });

  it('RG-5/RG-6/RG-8/CZ-6/SA-1: not found, a missing citizenId and a citizen acting for another cite the operation\'s rule, changing nothing', async () => {
    const c = await t.fx.citizen(jc);
    const foreign = await t.fx.citizen(other);
    const cw = as.caseworker(jc.id);
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await t.fx.snapshot();
    const cases: [ReturnType<typeof as.caseworker>, string, Record<string, unknown>, string, RegExp][] = [
      [cw, REREGISTER, { citizenId: foreign.id }, 'reregister', /^RG-5\/RG-6: no citizen /],
      [cw, REREGISTER, {}, 'reregister', /^RG-5\/RG-6: the jobcenter or the a-kasse acting for a citizen names the citizen/],
      [as.citizen(c.id), REREGISTER, { citizenId: foreign.id }, 'reregister', /^RG-5\/RG-6: a citizen acts for themselves only/],
      [cw, RECOVERY, {}, 'reportRecovery', /^RG-8: the jobcenter or the a-kasse acting/],
      [cw, RECOVERY, { citizenId: c.id }, 'reportRecovery', /^RG-8: the citizen is registered as job seeker/],
      [cw, SICK, { citizenId: foreign.id }, 'reportSickness', /^RG-8: no citizen /],
      [cw, DEREGISTER, { citizenId: missing, reason: 'EMPLOYMENT' }, 'deregisterCitizen', /^CZ-6: no citizen /],
      [cw, WAGE, { citizenId: foreign.id, wageSubsidy: true }, 'setWageSubsidy', /^RG-8: no citizen /],
      [cw, DECIDE, { assessmentId: missing, outcome: 'DEDUCTION' }, 'decideSanctionAssessment', /^SA-1: no sanction assessment /],
    ];
    for (const [actor, doc, input, name, message] of cases) {
      const r = await t.ok(actor, doc, { input });
      expect(r[name].userErrors).toEqual([expect.objectContaining({ message: expect.stringMatching(message) })]);
    }
    expect(await t.fx.snapshot()).toEqual(before);
  });
});
