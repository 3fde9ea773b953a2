import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { ChangeTargetGroup, ChangeUnemploymentFund, CitizenName, UnemploymentFundEventsForCitizenFundMembership } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('changeUnemploymentFund (CZ-4, EV-2)', () => {
  const t = withApp({ now: NOW });
  let jc: Jobcenter;
  let oldFund: UnemploymentFund;
  let newFund: UnemploymentFund;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    cw = as.caseworker(jc.id);
  });
  beforeEach(async () => {
    oldFund = await t.fx.fund();
    newFund = await t.fx.fund();
  });

  let n = 0;
  /** A valid CPR number (the fixtures' random ones are not DDMMYY dates). */
  const cpr = () => `150685${String(++n).padStart(4, '0')}`;
  const member = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, { unemploymentFundId: oldFund.id, cpr: cpr(), ...over });
  const change = async (input: Record<string, unknown>, actor: ReturnType<typeof as.fund> = cw) => (await t.as(actor).run(ChangeUnemploymentFund, { input })).changeUnemploymentFund;
  const feed = async (fund: UnemploymentFund, after: string | null = null) => {
    const [last] = await t.ds.query(`SELECT id FROM domain_event ORDER BY seq DESC LIMIT 1`);
    if (last) await t.fx.untilFeedMayShow(last.id);
    return (await t.as.fund(fund.id).run(UnemploymentFundEventsForCitizenFundMembership, { after })).unemploymentFundEvents;
  };

  it('CZ-4: a membership change between an event and the old a-kasse\'s next read — it still gets that event and MEMBERSHIP_ENDED, nothing after; the new one gets MEMBERSHIP_STARTED and what follows', async () => {
    const c = await member();
    const start = await feed(oldFund);
    // An event for the old a-kasse, not yet read …
    expect((await t.as(cw).run(ChangeTargetGroup, { input: { citizenId: c.id, targetGroup: 'SICKNESS_BENEFIT' } })).changeTargetGroup.userErrors).toEqual([]);
    // … then the new a-kasse records the member joining (by CPR: it cannot see the citizen yet) …
    const r = await change({ cpr: c.cpr, unemploymentFundId: newFund.id }, as.fund(newFund.id));
    expect(r).toMatchObject({ userErrors: [], citizen: { id: c.id, unemploymentFund: { id: newFund.id } },
      change: { kind: 'UNEMPLOYMENT_FUND', effectiveFrom: '2026-03-02', fromValue: oldFund.id, toValue: newFund.id } });
    // … and an event after the change.
    expect((await t.as(cw).run(ChangeTargetGroup, { input: { citizenId: c.id, targetGroup: 'JOB_READY_CASH_BENEFIT' } })).changeTargetGroup.userErrors).toEqual([]);

    const old = await feed(oldFund, start.pageInfo.endCursor);
    expect(old.nodes.map((e: { type: string }) => e.type)).toEqual(['TARGET_GROUP_CHANGED', 'MEMBERSHIP_ENDED']);
    // It keeps the events written for it, but no longer sees the citizen (CZ-4): citizen is null, citizenId stays.
    expect(old.nodes.every((e: { citizenId: string; citizen: unknown }) => e.citizenId === c.id && e.citizen === null)).toBe(true);
    expect(JSON.parse(old.nodes[1].payload)).toMatchObject({ effectiveFrom: '2026-03-02' });
    expect((await t.as.fund(oldFund.id).run(CitizenName, { id: c.id })).citizen).toBeNull();

    const fresh = await feed(newFund);
    expect(fresh.nodes.map((e: { type: string }) => e.type)).toEqual(['MEMBERSHIP_STARTED', 'TARGET_GROUP_CHANGED']);
    expect(fresh.nodes[0].citizen).toEqual({ id: c.id });
    expect((await t.as.fund(newFund.id).run(CitizenName, { id: c.id })).citizen).toEqual({ id: c.id, name: c.name });
    // No event carries the CPR number.
    const payloads = await t.ds.query(`SELECT payload::text AS p FROM domain_event WHERE citizen_id = $1`, [c.id]);
    expect(payloads.some((row: { p: string }) => row.p.includes(c.cpr))).toBe(false);
  });

  it('CZ-4: the jobcenter records a change from an earlier day, or an end of membership for a non-insured citizen; the history keeps each', async () => {
    const c = await member({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const r = await change({ citizenId: c.id, unemploymentFundId: newFund.id, effectiveFrom: '2026-02-15' });
    expect(r).toMatchObject({ userErrors: [], change: { effectiveFrom: '2026-02-15', fromValue: oldFund.id, toValue: newFund.id } });
    const before = await t.fx.snapshot();
    const early = await change({ citizenId: c.id, unemploymentFundId: oldFund.id, effectiveFrom: '2026-02-14' });
    expect(early.userErrors).toEqual([{ code: 'DATE_OUT_OF_RANGE', field: ['input', 'effectiveFrom'], message: 'CZ-4: effectiveFrom 2026-02-14 is before the previous membership change (2026-02-15)' }]);
    const late = await change({ citizenId: c.id, unemploymentFundId: oldFund.id, effectiveFrom: '2026-03-03' });
    expect(late.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'effectiveFrom'], message: expect.stringMatching(/^IN-1: effectiveFrom 2026-03-03 is after 2026-03-02, the last allowed day/) })]);
    expect(await t.fx.snapshot()).toEqual(before);
    const ended = await change({ citizenId: c.id, unemploymentFundId: null, effectiveFrom: '2026-02-15' });
    expect(ended).toMatchObject({ userErrors: [], citizen: { unemploymentFund: null }, change: { fromValue: newFund.id, toValue: null } });
    const types = await t.ds.query(`SELECT type, unemployment_fund_id AS f FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id]);
    expect(types).toEqual([
      { type: 'MEMBERSHIP_ENDED', f: oldFund.id }, { type: 'MEMBERSHIP_STARTED', f: newFund.id }, { type: 'MEMBERSHIP_ENDED', f: newFund.id },
    ]);
  });

  it('CZ-4: refused — an insured citizen without a-kasse, the same a-kasse, an unknown a-kasse, an a-kasse naming another, by citizenId, a bad CPR, another jobcenter', async () => {
    const c = await member();
    const foreign = await t.fx.citizen(await t.fx.jobcenter(), { unemploymentFundId: oldFund.id, cpr: cpr() });
    const before = await t.fx.snapshot();
    const cases: [Record<string, unknown>, ReturnType<typeof as.fund>, string, string][] = [
      [{ citizenId: c.id, unemploymentFundId: null }, cw, 'UNEMPLOYMENT_FUND_REQUIRED', 'unemploymentFundId'],
      [{ citizenId: c.id, unemploymentFundId: oldFund.id }, cw, 'SAME_UNEMPLOYMENT_FUND', 'unemploymentFundId'],
      [{ citizenId: c.id, unemploymentFundId: '00000000-0000-4000-8000-000000000000' }, cw, 'UNKNOWN_UNEMPLOYMENT_FUND', 'unemploymentFundId'],
      [{ citizenId: c.id, cpr: c.cpr, unemploymentFundId: newFund.id }, cw, 'INVALID_INPUT', 'cpr'],
      [{ citizenId: c.id, unemploymentFundId: newFund.id }, as.fund(newFund.id), 'INVALID_INPUT', 'cpr'],
      [{ cpr: '3102901234', unemploymentFundId: newFund.id }, as.fund(newFund.id), 'INVALID_INPUT', 'cpr'],
      [{ citizenId: foreign.id, unemploymentFundId: newFund.id }, cw, 'NOT_FOUND', 'citizenId'],
      [{ cpr: foreign.cpr, unemploymentFundId: newFund.id }, cw, 'NOT_FOUND', 'cpr'],
    ];
    for (const [input, actor, code, field] of cases) {
      const r = await change(input, actor);
      expect(r.userErrors).toEqual([expect.objectContaining({ code, field: ['input', field] })]);
      expect(r.userErrors[0].message).not.toContain(c.cpr);
    }
    const other = await t.as.fund(newFund.id).exec(ChangeUnemploymentFund, { input: { cpr: c.cpr, unemploymentFundId: oldFund.id } });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const actor of [as.citizen(c.id), as.statistics()]) {
      expect((await t.as(actor).exec(ChangeUnemploymentFund, { input: { citizenId: c.id, unemploymentFundId: newFund.id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await t.fx.snapshot()).toEqual(before);
  });
});
