import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Jobcenter, UnemploymentFund } from '../../src/entities';
import { CitizenContactCourse, SetBenefitPeriodStart, type SetBenefitPeriodStartInput } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('setBenefitPeriodStart (CZ-3, CC-6, IN-1)', () => {
  const t = withApp({ now: NOW });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
    cw = as.caseworker(jc.id);
  });

  const member = () => t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from('2026-02-01') });
  const set = async (input: SetBenefitPeriodStartInput, actor: ReturnType<typeof as.fund> = as.fund(fund.id)) => (await t.as(actor).run(SetBenefitPeriodStart, { input })).setBenefitPeriodStart;
  const counted = async (id: string) => (await t.as(cw).run(CitizenContactCourse, { id })).citizen.contactCourse.countedInterviews.map((m: { id: string }) => m.id).sort();

  it('CZ-3/CC-6: the a-kasse reports the first day of the benefit period and the course recounts from it — an interview that day counts, the day before does not', async () => {
    const c = await member();
    const dayBefore = await t.fx.meeting(c, '2026-01-14', '10:00', { status: 'HELD' });
    const onTheDay = await t.fx.meeting(c, '2026-01-15', '10:00', { status: 'HELD' });
    const after = await t.fx.meeting(c, '2026-02-10', '10:00', { status: 'HELD' });
    expect(await counted(c.id)).toEqual([after.id]);
    const r = await set({ citizenId: c.id, benefitPeriodStart: '2026-01-15' });
    expect(r).toEqual({
      userErrors: [], citizen: { id: c.id, benefitPeriodStart: '2026-01-15' },
      change: { kind: 'BENEFIT_PERIOD_START', effectiveFrom: '2026-01-15', fromValue: null, toValue: '2026-01-15', actor: `unemployment-fund:${fund.id}:ak-1` },
    });
    expect(await counted(c.id)).toEqual([onTheDay.id, after.id].sort());
    expect(await counted(c.id)).not.toContain(dayBefore.id);
    // The jobcenter may correct it; the history keeps both.
    const fix = await set({ citizenId: c.id, benefitPeriodStart: '2026-01-14' }, cw as never);
    expect(fix.change).toMatchObject({ fromValue: '2026-01-15', toValue: '2026-01-14' });
    expect(await counted(c.id)).toEqual([dayBefore.id, onTheDay.id, after.id].sort());
    const log = await t.ds.query(`SELECT access, operation, actor_kind FROM access_log WHERE citizen_id = $1 AND access = 'CHANGE' ORDER BY actor_kind`, [c.id]);
    expect(log).toEqual([
      { access: 'CHANGE', operation: 'Mutation.setBenefitPeriodStart', actor_kind: 'CASEWORKER' },
      { access: 'CHANGE', operation: 'Mutation.setBenefitPeriodStart', actor_kind: 'UNEMPLOYMENT_FUND' },
    ]);
  });

  it('IN-1: the day lies from 1950-01-01 to today; the day before and tomorrow are refused and change nothing; the same day again is UNCHANGED', async () => {
    const c = await member();
    const before = await t.fx.snapshot();
    expect((await set({ citizenId: c.id, benefitPeriodStart: '1949-12-31' })).userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'benefitPeriodStart'], message: 'IN-1: benefitPeriodStart 1949-12-31 is before 1950-01-01, the first allowed day (not before 1950-01-01 and not after today)' }]);
    expect((await set({ citizenId: c.id, benefitPeriodStart: '2026-03-03' })).userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'benefitPeriodStart'], message: 'IN-1: benefitPeriodStart 2026-03-03 is after 2026-03-02, the last allowed day (not before 1950-01-01 and not after today)' }]);
    expect(await t.fx.snapshot()).toEqual(before);
    expect((await set({ citizenId: c.id, benefitPeriodStart: '1950-01-01' })).userErrors).toEqual([]);
    expect((await set({ citizenId: c.id, benefitPeriodStart: '2026-03-02' })).userErrors).toEqual([]);
    expect((await set({ citizenId: c.id, benefitPeriodStart: '2026-03-02' })).userErrors).toEqual([expect.objectContaining({ code: 'UNCHANGED' })]);
  });

  it('CZ-3: another a-kasse\'s member is NOT_FOUND, a non-member is NOT_A_MEMBER, the citizen and statistics are refused', async () => {
    const c = await member();
    const nonMember = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const otherFund = await t.fx.fund();
    const before = await t.fx.snapshot();
    expect((await set({ citizenId: c.id, benefitPeriodStart: '2026-02-01' }, as.fund(otherFund.id))).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'citizenId'] })]);
    expect((await set({ citizenId: nonMember.id, benefitPeriodStart: '2026-02-01' }, cw as never)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_A_MEMBER', message: expect.stringMatching(/^CZ-3: /) })]);
    for (const actor of [as.citizen(c.id), as.statistics()]) {
      expect((await t.as(actor).exec(SetBenefitPeriodStart, { input: { citizenId: c.id, benefitPeriodStart: '2026-02-01' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await t.fx.snapshot()).toEqual(before);
  });
});
