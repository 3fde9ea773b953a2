import { Temporal } from 'temporal-polyfill';
import { Citizen, Deadline, type Jobcenter, Meeting } from '../../src/entities';
import { createLoaders } from '../../src/loaders';
import { conversionState } from '../../src/loaders/citizen-rows.loaders';
import { startTestApp, type TestApp } from '../support/harness';

/**
 * Issue 16 (3), lazy conversion: rows read through the request loaders (the citizen-rows union, rows by id) do not
 * convert their date and timestamptz columns to Temporal values until a reader asks for one; the entity API (class,
 * own enumerable properties, values, assignment, TypeORM's save) is what `em.find` gives.
 */
describe('lazy Temporal conversion of loaded rows (issue 16.3)', () => {
  let t: TestApp;
  let jc: Jobcenter;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T09:00:00+01:00' });
    jc = await t.fx.jobcenter();
    await t.fx.slot(jc, '2026-03-04', '10:00');
  });
  afterAll(() => t.close());

  const converted = (o: object, prop: string) => conversionState(o, prop);

  it('SL-2: a deadline and meetings read by the loaders keep createdAt, statusChangedAt and the dates unconverted until read; then they equal em.find\'s', async () => {
    const c = await t.fx.citizen(jc, { unemployedSince: Temporal.PlainDate.from('2025-11-03') });
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    await t.fx.meeting(c, '2026-03-20', '09:00', { status: 'PLANNED' });
    const loaders = createLoaders(t.ds);
    const [d] = await loaders.deadlinesByCitizen.load(c.id);
    const [m] = await loaders.meetingsByCitizen.load(c.id);
    const citizen = await loaders.citizen.load(c.id);
    for (const p of ['createdAt', 'statusChangedAt', 'availableFrom', 'bookBy', 'latestInterviewDate']) expect([p, converted(d!, p)]).toEqual([p, 'not yet']);
    for (const p of ['startsAt', 'endsAt', 'localDay']) expect([p, converted(m!, p)]).toEqual([p, 'not yet']);
    expect(converted(citizen!, 'unemployedSince')).toBe('not yet');
    // Not Temporal columns: plain values at once.
    expect([converted(d!, 'status'), converted(d!, 'id')]).toEqual(['converted', 'converted']);

    // Read: converted once and kept; the values are the ones TypeORM's own hydration gives.
    expect(d!.bookBy).toBeInstanceOf(Temporal.PlainDate);
    expect(converted(d!, 'bookBy')).toBe('converted');
    expect(d!.bookBy).toBe(d!.bookBy); // once: the same object on every later read
    expect(converted(d!, 'createdAt')).toBe('not yet');
    const viaFind = await t.ds.manager.findOneByOrFail(Deadline, { id: d!.id });
    expect(d).toBeInstanceOf(Deadline);
    expect(Object.keys(d!)).toEqual(Object.keys(viaFind));
    expect({ ...d }).toEqual({ ...viaFind });
    expect(d!.createdAt.equals(viaFind.createdAt)).toBe(true);
    expect(m).toEqual(await t.ds.manager.findOneByOrFail(Meeting, { id: m!.id }));
    expect(citizen).toEqual(await t.ds.manager.findOneByOrFail(Citizen, { id: c.id }));
    expect(JSON.stringify(citizen)).toBe(JSON.stringify(await t.ds.manager.findOneByOrFail(Citizen, { id: c.id })));

    // Assigning before reading replaces the unconverted value; TypeORM saves what was assigned.
    const [d2] = await createLoaders(t.ds).deadlinesByCitizen.load(c.id);
    d2!.bookBy = Temporal.PlainDate.from('2026-03-12');
    d2!.latestInterviewDate = Temporal.PlainDate.from('2026-03-19'); // the schema's check: bookBy + 7
    expect(converted(d2!, 'bookBy')).toBe('converted');
    await t.ds.manager.save(d2!);
    expect((await t.ds.manager.findOneByOrFail(Deadline, { id: d!.id })).bookBy.toString()).toBe('2026-03-12');
  });
});
