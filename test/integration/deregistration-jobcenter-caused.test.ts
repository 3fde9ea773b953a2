import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { ExtendDeadline, MeBookableSlotsForDeregistrationJobcenterCaused, PublishSlots, RecordSystemOutage } from '../support/operations';

/**
 * RG-10 (003 2.14, 2.12, 2.12.1): a deregistration the jobcenter caused is marked for the a-kasse's dispensation, with
 * its reason, on the DEREGISTERED event and in the deregistration letter: a recorded outage, or the citizen told there
 * was no free slot (SL-5) with no slot published in their window nor the deadline extended afterwards.
 */

describe('RG-10: deregistrations the jobcenter caused', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let fund: UnemploymentFund;
  beforeAll(async () => {
    fund = await t.fx.fund();
  });

  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });
  const payloads = async (c: Citizen) => {
    const rows: { type: string; payload: any }[] = await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id]);
    return { event: rows.find((e) => e.type === 'DEREGISTERED')?.payload, letter: rows.find((e) => e.type === 'LETTER_DEREGISTRATION')?.payload };
  };

  /** A registered INSURED_UNEMPLOYED member at a jobcenter of its own (no slots), deadline bookBy 10 March, told on 5 March. */
  async function toldNoSlots() {
    const jc: Jobcenter = await t.fx.jobcenter();
    day('2026-03-02');
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const deadline = await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    day('2026-03-05');
    expect((await t.as.citizen(c.id).run(MeBookableSlotsForDeregistrationJobcenterCaused)).me.bookableSlots.noSlotsAvailable).toBe(true);
    return { c, jc, deadline };
  }
  const publish = (jc: Jobcenter, at: string) =>
    t.as.caseworker(jc.id).run(PublishSlots, { input: { jobcenterId: jc.id, slots: [{ startsAt: `${at}:00+01:00`, endsAt: `${at.slice(0, 11)}23:30:00+01:00` }] } });

  it('RG-10: told "no free slot" and nothing remedied → the DEREGISTERED event and the letter carry the mark with reason NO_FREE_SLOT', async () => {
    const { c } = await toldNoSlots();
    day('2026-03-11');
    await run('2026-03-11');
    const { event, letter } = await payloads(c);
    expect(event).toMatchObject({ jobcenterCaused: true, jobcenterCauses: ['NO_FREE_SLOT'], systemOutage: false });
    expect(letter).toMatchObject({ jobcenterCaused: true, jobcenterCauses: ['NO_FREE_SLOT'] });
    expect(letter.text).toContain('the deregistration is therefore caused by the jobcenter');
  });

  it('RG-10: a slot published after the message in the citizen\'s window remedies it — no mark; one after the latest interview date does not', async () => {
    const remedied = await toldNoSlots();
    day('2026-03-06');
    expect((await publish(remedied.jc, '2026-03-17T23:00')).publishSlots.userErrors).toEqual([]); // the latest interview date (10 + 7)
    const late = await toldNoSlots();
    day('2026-03-06');
    expect((await publish(late.jc, '2026-03-18T23:00')).publishSlots.userErrors).toEqual([]);
    day('2026-03-11');
    await run('2026-03-11');
    expect((await payloads(remedied.c)).event).toMatchObject({ jobcenterCaused: false, jobcenterCauses: [] });
    expect((await payloads(remedied.c)).letter.text).not.toContain('caused by the jobcenter');
    expect((await payloads(late.c)).event).toMatchObject({ jobcenterCaused: true, jobcenterCauses: ['NO_FREE_SLOT'] });
  });

  it('RG-10: a deadline extended after the message remedies it — no mark at the deregistration after the new bookBy', async () => {
    const { c, jc, deadline } = await toldNoSlots();
    day('2026-03-06');
    const r = await t.as.caseworker(jc.id).run(ExtendDeadline, { input: { deadlineId: deadline.id, bookBy: '2026-03-13', reason: 'No free slots' } });
    expect(r.extendDeadline.userErrors).toEqual([]);
    day('2026-03-14');
    await run('2026-03-14');
    expect((await payloads(c)).event).toMatchObject({ deregisteredFrom: '2026-03-14', jobcenterCaused: false, jobcenterCauses: [] });
  });

  it('RG-10: never told — no mark; a recorded outage on the last day to book marks it SYSTEM_OUTAGE (both reasons when both apply)', async () => {
    const jc = await t.fx.jobcenter();
    day('2026-03-02');
    const quiet = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    await t.fx.deadline(quiet, '2026-03-02', '2026-03-10');
    const { c: both, jc: jc2 } = await toldNoSlots();
    day('2026-03-10', '20:00');
    for (const j of [jc, jc2]) {
      const o = await t.as.caseworker(j.id).run(RecordSystemOutage, { input: { startsAt: '2026-03-10T12:00:00+01:00', endsAt: '2026-03-10T14:00:00+01:00', description: 'Jobnet down' } });
      expect(o.recordSystemOutage.userErrors).toEqual([]);
    }
    const never = await t.fx.citizen(await t.fx.jobcenter(), { unemploymentFundId: fund.id });
    await t.fx.deadline(never, '2026-03-02', '2026-03-10');
    day('2026-03-11');
    await run('2026-03-11');
    expect((await payloads(never)).event).toMatchObject({ jobcenterCaused: false, jobcenterCauses: [] });
    expect((await payloads(quiet)).event).toMatchObject({ jobcenterCaused: true, jobcenterCauses: ['SYSTEM_OUTAGE'] });
    expect((await payloads(both)).event).toMatchObject({ jobcenterCaused: true, jobcenterCauses: ['SYSTEM_OUTAGE', 'NO_FREE_SLOT'] });
    expect((await payloads(both)).letter).toMatchObject({ jobcenterCauses: ['SYSTEM_OUTAGE', 'NO_FREE_SLOT'] });
  });

  it('RG-10: "no free slot" counts when told by the end of the last day to book in Copenhagen (23:59 yes, 00:00 the next day no); after a holiday (DL-13) until the end of the first day after it', async () => {
    const told = async (c: Citizen, at: string) =>
      t.ds.query(`INSERT INTO citizen_message (citizen_id, at, kind, text) VALUES ($1, $2, 'NO_SLOTS_AVAILABLE', 'SL-5: no free slot')`, [c.id, at]);
    day('2026-02-20');
    const citizens: Citizen[] = [];
    for (let i = 0; i < 3; i++) citizens.push(await t.fx.citizen(await t.fx.jobcenter(), { unemploymentFundId: fund.id }));
    // DL-13: a counted holiday (notified 14 days or more before it) around bookBy: the last day to book is 13 March.
    await t.fx.holiday(citizens[2]!, '2026-03-09', '2026-03-12', '2026-02-20');
    day('2026-03-02');
    for (const c of citizens) await t.fx.deadline(c, '2026-03-02', '2026-03-10');
    await told(citizens[0]!, '2026-03-10T23:59:00+01:00'); // 22:59 UTC on the last day
    await told(citizens[1]!, '2026-03-11T00:00:00+01:00'); // still 10 March in UTC, but the day after in Copenhagen
    await told(citizens[2]!, '2026-03-13T23:30:00+01:00'); // the first day after the holiday
    day('2026-03-11');
    await run('2026-03-11');
    expect((await payloads(citizens[0]!)).event).toMatchObject({ deregisteredFrom: '2026-03-11', jobcenterCaused: true, jobcenterCauses: ['NO_FREE_SLOT'] });
    expect((await payloads(citizens[1]!)).event).toMatchObject({ deregisteredFrom: '2026-03-11', jobcenterCaused: false, jobcenterCauses: [] });
    expect((await payloads(citizens[2]!)).event).toBeUndefined();
    for (const d of ['2026-03-12', '2026-03-13', '2026-03-14']) {
      day(d);
      await run(d);
    }
    const { event, letter } = await payloads(citizens[2]!);
    expect(event).toMatchObject({ bookBy: '2026-03-10', deregisteredFrom: '2026-03-14', jobcenterCaused: true, jobcenterCauses: ['NO_FREE_SLOT'] });
    expect(letter.text).toContain('2026-03-13');
  });
});
