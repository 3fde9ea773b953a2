import { Temporal } from 'temporal-polyfill';
import { In } from 'typeorm';
import { withApp } from '../support/app';
import { at } from '../support/fixtures';
import {
  type Citizen, CitizenMessage, Deadline, Holiday, type Jobcenter, Meeting, RegistrationPeriod, SelfBookingDecision,
} from '../../src/entities';
import { byIdLoader, createCitizenRowLoaders } from '../../src/loaders/citizen-rows.loaders';
import { ACTIVE_DEADLINE_STATUSES } from '../../src/domain/shared/enums';
import { CitizensForSqlBatching, MyObligationsForSqlBatching, SlotsForSqlBatching } from '../support/operations';

/**
 * No N+1 anywhere (issue 7): the number of SQL statements of the citizen's obligations and of the caseworker's
 * list is counted at the driver (every statement, BEGIN and COMMIT included) and must not grow with the length
 * of the citizen's history or of the list. The figures themselves (≤ 5, ≤ 4) are the targets.
 */

describe('SQL batching: statements per operation do not grow with history or list length', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    // Free slots inside every deadline window below, so no SL-5 "no slots" message is written during a read.
    for (const d of ['2026-03-04', '2026-03-05', '2026-03-06']) await t.fx.slot(jc, d, '10:00');
  });

  /** A citizen with an open deadline, a planned interview, a registration period and `held` held interviews. */
  async function citizenWithHistory(j: Jobcenter, held: number): Promise<Citizen> {
    const c = await t.fx.citizen(j, { unemployedSince: Temporal.PlainDate.from('2025-01-06') });
    await t.ds.manager.insert(RegistrationPeriod, { citizenId: c.id, registeredFrom: c.unemployedSince!, registeredVia: 'INITIAL' } as never);
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    for (let i = 0; i < held; i++) {
      const day = Temporal.PlainDate.from('2025-02-03').add({ days: 9 * i }).toString();
      await t.fx.meeting(c, day, '10:00', { status: 'HELD', outcomeRegisteredAt: at(day, '11:00') });
    }
    await t.fx.meeting(c, '2026-03-20', '09:00', { status: 'PLANNED', type: 'JOINT_INTERVIEW' });
    return c;
  }

  async function obligationStatements(c: Citizen) {
    const { result, statements } = await t.countQueries(() => t.as.citizen(c.id).exec(MyObligationsForSqlBatching));
    expect(result.errors).toBeUndefined();
    return { statements, data: result.data!.myObligations };
  }

  it('obligations: the same number of statements with 1 and with 30 held interviews, and at most 5', async () => {
    const short = await citizenWithHistory(jc, 1);
    const long = await citizenWithHistory(jc, 30);
    const a = await obligationStatements(short);
    const b = await obligationStatements(long);
    expect(a.data.contactCourse.interviewsHeld).toBe(1);
    expect(b.data.contactCourse.interviewsHeld).toBe(30);
    expect(b.data.bookableSlots.slots.length).toBeGreaterThan(0);
    expect(b.statements).toBe(a.statements);
    expect(a.statements).toBeLessThanOrEqual(5);
  });

  it('RG-4 obligations: a citizen whose deadline expired (immediate booking) also reads in at most 5 statements', async () => {
    // A group that stays registered after a missed deadline (RG-7), so the read shows the immediate-booking offer.
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemployedSince: Temporal.PlainDate.from('2025-12-01') });
    await t.ds.manager.insert(RegistrationPeriod, { citizenId: c.id, registeredFrom: c.unemployedSince!, registeredVia: 'INITIAL' } as never);
    await t.fx.deadline(c, '2026-02-10', '2026-02-27');
    const r = await obligationStatements(c);
    expect(r.data.immediateBookingRequired).toBe(true);
    expect(r.data.bookableSlots).toMatchObject({ immediateBooking: true, windowFrom: '2026-03-02' });
    expect(r.data.bookableSlots.slots.length).toBeGreaterThan(0);
    expect(r.statements).toBeLessThanOrEqual(5);
  });

  it('SL-5 obligations: a citizen who finds no slot reads in at most 5 statements, the inbox message included', async () => {
    // A jobcenter without slots: the read writes the SL-5 message (one INSERT … ON CONFLICT, no transaction).
    const c = await citizenWithHistory(await t.fx.jobcenter(), 3);
    const first = await obligationStatements(c);
    expect(first.data.bookableSlots).toMatchObject({ slots: [], noSlotsAvailable: true });
    expect(first.statements).toBeLessThanOrEqual(5);
    const again = await obligationStatements(c);
    expect(again.statements).toBe(first.statements);
    expect(await t.ds.query(`SELECT kind FROM citizen_message WHERE citizen_id = $1`, [c.id])).toEqual([{ kind: 'NO_SLOTS_AVAILABLE' }]);
  });

  it('SL-2 slots: a citizen lists their jobcenter\'s free slots in 2 statements (the policy\'s citizen row is the service\'s)', async () => {
    const c = await t.fx.citizen(jc);
    const { result, statements } = await t.countQueries(() => t.as.citizen(c.id).exec(SlotsForSqlBatching, { jobcenterId: jc.id }));
    expect(result.errors).toBeUndefined();
    expect(result.data!.slots.nodes.length).toBeGreaterThan(0);
    // One for the citizen's own row (the field guard's policy, through the request's loader), one for the page.
    expect(statements).toBe(2);
  });

  it('caseworker list: the same number of statements for 5 and for 50 citizens, and at most 4', async () => {
    const small = await t.fx.jobcenter();
    const large = await t.fx.jobcenter();
    for (let i = 0; i < 5; i++) await citizenWithHistory(small, 3);
    for (let i = 0; i < 50; i++) await citizenWithHistory(large, 3);
    const count = async (j: Jobcenter, expected: number) => {
      const { result, statements } = await t.countQueries(() => t.as.caseworker(j.id).exec(CitizensForSqlBatching, { jobcenterId: j.id, first: 50 }));
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.citizens.nodes;
      expect(nodes).toHaveLength(expected);
      expect(nodes.every((n: any) => n.activeDeadline?.status === 'OPEN' && n.contactCourse.nextPlannedInterview)).toBe(true);
      return statements;
    };
    const five = await count(small, 5);
    const fifty = await count(large, 50);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(4);
  });

  it('one statement for all of a citizen\'s row kinds asked for in the same tick, for many citizens', async () => {
    const cs = [await citizenWithHistory(jc, 2), await citizenWithHistory(jc, 4), await citizenWithHistory(jc, 0)];
    const l = createCitizenRowLoaders(t.ds);
    const { statements } = await t.countQueries(() => Promise.all(cs.flatMap((c) => [
      l.activeDeadline.load(c.id), l.deadlinesByCitizen.load(c.id), l.meetingsByCitizen.load(c.id), l.plannedMeetingsByCitizen.load(c.id),
      l.registrationPeriodsByCitizen.load(c.id), l.holidaysByCitizen.load(c.id), l.decisionsByCitizen.load(c.id), l.messagesByCitizen.load(c.id),
    ])));
    expect(statements).toBe(1);
  });

  it('the batched loaders return exactly what TypeORM\'s find returns (entities, transformers, order)', async () => {
    const c = await citizenWithHistory(jc, 5);
    const other = await citizenWithHistory(jc, 2);
    await t.fx.meeting(c, '2026-02-02', '10:00', { status: 'CANCELLED', cancelReason: 'ill', fundOptOut: false });
    await t.fx.holiday(c, '2026-04-01', '2026-04-05', '2026-03-01');
    await t.ds.manager.insert(SelfBookingDecision, {
      citizenId: c.id, kind: 'EXEMPTION', reason: 'LANGUAGE_BARRIER', justification: null, complaintGuidance: null, formalDecision: false,
      decidedOn: Temporal.PlainDate.from('2026-02-01'), decidedBy: 'caseworker:x',
    } as never);
    await t.ds.manager.insert(CitizenMessage, { citizenId: c.id, at: at('2026-02-10', '12:34'), kind: 'NO_SLOTS_AVAILABLE', text: 'x' } as never);
    const ids = [c.id, other.id];
    const em = t.ds.manager;
    const l = createCitizenRowLoaders(t.ds);
    const json = (v: unknown) => JSON.stringify(v);
    const group = <T extends { citizenId: string }>(rows: T[]) => ids.map((id) => rows.filter((r) => r.citizenId === id));

    const expected = {
      activeDeadline: [] as unknown[],
      deadlines: group(await em.find(Deadline, { where: { citizenId: In(ids) }, order: { createdAt: 'DESC', id: 'DESC' } })),
      meetings: group(await em.find(Meeting, { where: { citizenId: In(ids) }, order: { startsAt: 'DESC', id: 'DESC' } })),
      planned: group(await em.find(Meeting, { where: { citizenId: In(ids), status: 'PLANNED' }, order: { startsAt: 'ASC', id: 'ASC' } })),
      periods: group(await em.find(RegistrationPeriod, { where: { citizenId: In(ids) }, order: { registeredFrom: 'ASC', id: 'ASC' } })),
      holidays: group(await em.find(Holiday, { where: { citizenId: In(ids) }, order: { startDate: 'ASC', id: 'ASC' } })),
      decisions: group(await em.find(SelfBookingDecision, { where: { citizenId: In(ids) }, order: { id: 'ASC' } })),
      messages: group(await em.find(CitizenMessage, { where: { citizenId: In(ids) }, order: { at: 'DESC', id: 'ASC' } })),
    };
    const active = await em.find(Deadline, { where: { citizenId: In(ids), status: In([...ACTIVE_DEADLINE_STATUSES]) } });
    expected.activeDeadline = ids.map((id) => active.find((d) => d.citizenId === id) ?? null);

    const got = {
      activeDeadline: await l.activeDeadline.loadMany(ids),
      deadlines: await l.deadlinesByCitizen.loadMany(ids),
      meetings: await l.meetingsByCitizen.loadMany(ids),
      planned: await l.plannedMeetingsByCitizen.loadMany(ids),
      periods: await l.registrationPeriodsByCitizen.loadMany(ids),
      holidays: await l.holidaysByCitizen.loadMany(ids),
      decisions: await l.decisionsByCitizen.loadMany(ids),
      messages: await l.messagesByCitizen.loadMany(ids),
    };
    for (const k of Object.keys(expected) as (keyof typeof expected)[]) expect([k, json(got[k])]).toEqual([k, json(expected[k])]);
    // Same classes and Temporal values, not look-alikes.
    const m = (got.meetings[0] as Meeting[])[0]!;
    expect(m).toBeInstanceOf(Meeting);
    expect(m.startsAt.constructor.name).toBe('Instant');
    expect(m.localDay.constructor.name).toBe('PlainDate');
    expect((got.meetings[0] as Meeting[]).length).toBe(7);

    // By id (the citizen, its deadline, meetings and a slot), as em.findBy returns them; unknown ids give null.
    const missing = '00000000-0000-4000-8000-000000000000';
    const meetingIds = (got.meetings[0] as Meeting[]).map((x) => x.id);
    expect(json(await byIdLoader(t.ds, Meeting).loadMany([...meetingIds, missing])))
      .toEqual(json([...meetingIds.map((id) => expected.meetings[0]!.find((x) => x.id === id)), null]));
    const { Citizen: CitizenEntity, Slot } = await import('../../src/entities');
    expect(json(await byIdLoader(t.ds, CitizenEntity).load(c.id))).toEqual(json(await em.findOneBy(CitizenEntity, { id: c.id })));
    const slot = (await em.find(Slot, { take: 1 }))[0]!;
    expect(json(await byIdLoader(t.ds, Slot).load(slot.id))).toEqual(json(slot));
    const d = (expected.deadlines[0] as Deadline[])[0]!;
    expect(json(await byIdLoader(t.ds, Deadline).load(d.id))).toEqual(json(d));
  });
});
