import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { selfBookingColour } from '../../src/domain/statistics/statistics.rules';
import type { MeetingOrigin } from '../../src/generated/enums';
import { SelfBookingShareReadForStatistics, SelfBookingShares } from '../support/operations';

describe('statistics: self-booking share per jobcenter and month (ST-1)', () => {
  const t = withApp({ now: '2026-04-02T09:00:00+02:00' });

  /** Held job interviews in March 2026 with the given origins, one citizen each (a duty group unless given). */
  async function interviews(jc: Jobcenter, origins: MeetingOrigin[], over: Partial<Citizen> = {}) {
    const out: Citizen[] = [];
    for (const [i, origin] of origins.entries()) {
      const c = await t.fx.citizen(jc, over);
      await t.fx.meeting(c, `2026-03-${String(2 + (i % 25)).padStart(2, '0')}`, '10:00', { status: 'HELD', origin });
      out.push(c);
    }
    return out;
  }
  const n = (k: number, o: MeetingOrigin): MeetingOrigin[] => Array(k).fill(o);
  async function share(jc: Jobcenter, actor = as.statistics(), y = 2026, m = 3) {
    return (await t.as(actor).run(SelfBookingShareReadForStatistics, { jc: jc.id, y, m })).selfBookingShare;
  }

  it('ST-1: exactly 75 % is YELLOW (3 of 4), not GREEN', async () => {
    const jc = await t.fx.jobcenter();
    await interviews(jc, [...n(3, 'SELF_BOOKED'), 'CALLED_IN']);
    expect(await share(jc)).toMatchObject({ heldJobInterviews: 4, selfBooked: 3, calledIn: 1, sharePercent: 75, colour: 'YELLOW' });
  });

  it('ST-1: exactly 60 % is YELLOW (3 of 5), not RED', async () => {
    const jc = await t.fx.jobcenter();
    await interviews(jc, [...n(3, 'SELF_BOOKED'), ...n(2, 'CALLED_IN')]);
    expect(await share(jc)).toMatchObject({ heldJobInterviews: 5, selfBooked: 3, sharePercent: 60, colour: 'YELLOW' });
  });

  it('ST-1: just above 75 % is GREEN (10 of 13) and just below 60 % is RED (4 of 7)', async () => {
    const green = await t.fx.jobcenter();
    await interviews(green, [...n(10, 'SELF_BOOKED'), ...n(3, 'CALLED_IN')]);
    expect(await share(green)).toMatchObject({ heldJobInterviews: 13, sharePercent: 76.9, colour: 'GREEN' });
    const red = await t.fx.jobcenter();
    await interviews(red, [...n(4, 'SELF_BOOKED'), ...n(3, 'CALLED_IN')]);
    expect(await share(red)).toMatchObject({ heldJobInterviews: 7, sharePercent: 57.1, colour: 'RED' });
  });

  it('ST-1: the colour is decided on exact counts at the thresholds, whatever the size', () => {
    expect(selfBookingColour(75, 100)).toBe('YELLOW');
    expect(selfBookingColour(751, 1000)).toBe('GREEN');
    expect(selfBookingColour(60, 100)).toBe('YELLOW');
    expect(selfBookingColour(599, 1000)).toBe('RED');
    expect(selfBookingColour(0, 0)).toBeNull();
  });

  it('ST-1 Decision: walk-ins count as self-booked; joint interviews, other meetings, other outcomes, other groups and other months do not count', async () => {
    const jc = await t.fx.jobcenter();
    const [c] = await interviews(jc, ['SELF_BOOKED', 'WALK_IN', 'CALLED_IN']);
    // None of these counts:
    await t.fx.meeting(c, '2026-03-10', '10:00', { status: 'HELD', type: 'JOINT_INTERVIEW', origin: 'CALLED_IN' });
    await t.fx.meeting(c, '2026-03-11', '10:00', { status: 'HELD', type: 'FOLLOW_UP', origin: 'CALLED_IN' });
    await t.fx.meeting(c, '2026-03-12', '10:00', { status: 'NO_SHOW', origin: 'SELF_BOOKED' });
    await t.fx.meeting(c, '2026-03-13', '10:00', { status: 'CANCELLED', origin: 'CALLED_IN' });
    await t.fx.meeting(c, '2026-03-26', '10:00', { status: 'PLANNED', origin: 'CALLED_IN' });
    await interviews(jc, ['CALLED_IN', 'CALLED_IN'], { targetGroup: 'SICKNESS_BENEFIT' });
    await interviews(jc, ['CALLED_IN'], { targetGroup: 'OTHER' });
    // Month boundaries in Europe/Copenhagen: 28 Feb 23:30 and 1 Apr 00:15 local are outside March.
    await t.fx.meeting(c, '2026-02-28', '23:30', { status: 'HELD', origin: 'CALLED_IN' });
    await t.fx.meeting(c, '2026-04-01', '00:15', { status: 'HELD', origin: 'CALLED_IN' });
    // 31 March 23:30 local (21:30 UTC) is inside March: months are counted by the local day.
    await t.fx.meeting(c, '2026-03-31', '23:30', { status: 'HELD', origin: 'SELF_BOOKED' });
    expect(await share(jc)).toMatchObject({
      heldJobInterviews: 4, selfBooked: 3, selfBookedOnJobnet: 2, walkIns: 1, calledIn: 1, sharePercent: 75, colour: 'YELLOW',
    });
  });

  it('ST-1: the counts that explain a low share — exempted, revoked (on the interview day) and extra called-in interviews', async () => {
    const jc = await t.fx.jobcenter();
    const [exempted] = await interviews(jc, ['CALLED_IN'], { selfBookingRight: 'EXEMPTED' });
    const [revoked] = await interviews(jc, ['CALLED_IN'], { selfBookingRight: 'REVOKED' });
    await interviews(jc, ['CALLED_IN', 'SELF_BOOKED']);
    // Exempted only after the interview (a decision dated 20 March about an interview on 3 March or earlier): not exempted then.
    const [later] = await interviews(jc, ['CALLED_IN']);
    const decide = (c: Citizen, kind: string, on: string) => t.ds.query(
      `INSERT INTO self_booking_decision (citizen_id, kind, reason, decided_on, decided_by) VALUES ($1, $2, 'test', $3, 'cw')`, [c.id, kind, on]);
    await decide(exempted, 'EXEMPTION', '2026-01-10');
    await decide(revoked, 'REVOCATION', '2026-02-01');
    await decide(later, 'EXEMPTION', '2026-03-20');
    await t.ds.query(`UPDATE citizen SET self_booking_right = 'EXEMPTED' WHERE id = $1`, [later.id]);
    expect(await share(jc)).toMatchObject({
      heldJobInterviews: 5, selfBooked: 1, calledIn: 4, calledInExempted: 1, calledInRevoked: 1, calledInExtra: 2,
      exemptedCitizens: 1, revokedCitizens: 1, sharePercent: 20, colour: 'RED',
    });
  });

  it('ST-1: every jobcenter in one query — a statistics reader gets all, with no share where nothing was held', async () => {
    const quiet = await t.fx.jobcenter({ name: 'Aaa Quiet Jobcenter' });
    const busy = await t.fx.jobcenter();
    await interviews(busy, ['SELF_BOOKED', 'SELF_BOOKED', 'CALLED_IN', 'SELF_BOOKED', 'SELF_BOOKED']);
    const { result, statements } = await t.countQueries(() => t.as.statistics().run(SelfBookingShares, { y: 2026, m: 3 }));
    const rows = result.selfBookingShares as { jobcenter: { id: string }; heldJobInterviews: number; sharePercent: number | null; colour: string | null }[];
    expect(rows.find((r) => r.jobcenter.id === quiet.id)).toMatchObject({ heldJobInterviews: 0, sharePercent: null, colour: null });
    expect(rows.find((r) => r.jobcenter.id === busy.id)).toMatchObject({ heldJobInterviews: 5, sharePercent: 80, colour: 'GREEN' });
    const count = Number((await t.ds.query(`SELECT count(*) AS n FROM jobcenter`))[0].n);
    expect(rows).toHaveLength(count);
    // One aggregate query and one batch for the jobcenters' names, however many jobcenters there are.
    expect(statements).toBeLessThanOrEqual(3);
  });

  it('ST-1: jobcenter staff read their own jobcenter only; citizens, a-kasser and anonymous callers read nothing', async () => {
    const jc = await t.fx.jobcenter();
    const other = await t.fx.jobcenter();
    await interviews(jc, ['SELF_BOOKED']);
    expect(await share(jc, as.caseworker(jc.id))).toMatchObject({ heldJobInterviews: 1, colour: 'GREEN' });
    expect(await share(jc, as.integration(jc.id))).toMatchObject({ heldJobInterviews: 1 });
    const c = await t.fx.citizen(jc);
    const fund = await t.fx.fund();
    for (const actor of [as.caseworker(other.id), as.citizen(c.id), as.fund(fund.id)]) {
      expect((await t.as(actor).exec(SelfBookingShareReadForStatistics, { jc: jc.id, y: 2026, m: 3 })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await t.as.caseworker(jc.id).exec(SelfBookingShares, { y: 2026, m: 3 })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.anonymous().exec(SelfBookingShares, { y: 2026, m: 3 })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ST-1: a month outside 1–12 is rejected as bad input', async () => {
    const jc = await t.fx.jobcenter();
    const r = await t.as.statistics().exec(SelfBookingShareReadForStatistics, { jc: jc.id, y: 2026, m: 13 });
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(r.errors?.[0]?.message).toMatch(/month/);
  });
});
