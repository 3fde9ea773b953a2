import { type DocumentNode, print } from 'graphql';
import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Jobcenter } from '../../src/entities';
import { BookSlotBecauseForExplanations, MyObligationsBecauseForExplanations, CitizenContactCourseForExplanations, CitizenOverviewForExplanations, CitizenSanctionAssessmentsForExplanations, DeadlineBecauseForExplanations } from '../support/operations';


const NOW = '2026-03-02T09:00:00+01:00';

describe('issue 14.1: every status explains itself (DL-7, DL-13, SL-3) through GraphQL', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let url: string;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    url = await t.listen();
  });

  /** Over HTTP, as the citizen's frontend asks: the dev actor header and the browser's Accept-Language. */
  async function post(actor: string, query: DocumentNode, variables: Record<string, unknown>, acceptLanguage?: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-actor': actor, ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) },
      body: JSON.stringify({ query: print(query), variables }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it('DL-7: an open deadline says why in Danish for Accept-Language da and in English otherwise', async () => {
    const c = await t.fx.citizen(jc);
    const d = await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    const da = await post(`citizen:${c.id}`, DeadlineBecauseForExplanations, { id: d.id }, 'da-DK,da;q=0.9,en;q=0.8');
    expect(da.deadline).toEqual({ status: 'OPEN', because: [{ ruleId: 'DL-7', source: 'RULES.md', text: 'Fristen er åben: book en jobsamtale senest 2026-03-10.' }] });
    const en = await post(`citizen:${c.id}`, DeadlineBecauseForExplanations, { id: d.id }, 'en-GB');
    expect(en.deadline.because).toEqual([{ ruleId: 'DL-7', source: 'RULES.md', text: 'The deadline is open: book a job interview by 2026-03-10.' }]);
    const none = await post(`caseworker:${jc.id}`, DeadlineBecauseForExplanations, { id: d.id });
    expect(none.deadline.because[0].text).toBe('The deadline is open: book a job interview by 2026-03-10.');
  });

  it('DL-7: a deadline reads OPEN on its bookBy and EXPIRED the day after, each with its reason', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const d = await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    t.clock.set('2026-03-10T23:00:00+01:00');
    expect((await t.as.citizen(c.id).run(DeadlineBecauseForExplanations, { id: d.id })).deadline.because.map((r: { text: string }) => r.text))
      .toEqual(['The deadline is open: book a job interview by 2026-03-10.']);
    t.clock.set('2026-03-11T08:00:00+01:00');
    const expired = await post(`citizen:${c.id}`, DeadlineBecauseForExplanations, { id: d.id }, 'da');
    expect(expired.deadline).toEqual({ status: 'EXPIRED', because: [
      { ruleId: 'DL-7', source: 'RULES.md', text: 'Fristen er udløbet: der blev ikke booket en samtale senest 2026-03-10.' }] });
  });

  it('DL-13: bookBy inside a counted holiday: open on the holiday\'s last day, naming the day the consequences start', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const d = await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    await t.fx.holiday(c, '2026-03-09', '2026-03-13', '2026-02-20');
    t.clock.set('2026-03-13T12:00:00+01:00');
    const r = (await t.as.citizen(c.id).run(DeadlineBecauseForExplanations, { id: d.id })).deadline;
    expect(r.status).toBe('OPEN');
    expect(r.because).toEqual([
      { ruleId: 'DL-7', source: 'RULES.md', text: 'The deadline is open: book a job interview by 2026-03-10.' },
      { ruleId: 'DL-13', source: '003 2.15', text: 'The deadline falls in a holiday or education period: its consequences start only on 2026-03-14.' },
    ]);
  });

  it('SA-1/CitizenSanctionAssessmentsForExplanations-2: a sanction assessment says why: the days count from bookBy until contact, then how many would be deducted', async () => {
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
    await t.fx.deadline(c, '2026-03-01', '2026-03-10');
    t.clock.set('2026-03-11T08:00:00+01:00');
    await t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from('2026-03-11'), clock: t.clock });
    const open = (await t.as.caseworker(jc.id).run(CitizenSanctionAssessmentsForExplanations, { id: c.id })).citizen.sanctionAssessments;
    expect(open).toEqual([{ status: 'OPEN', deductedDays: null, because: [
      { ruleId: 'SA-1', source: '003 2.5', text: 'You missed the deadline: the jobcenter assesses whether you still meet the conditions for benefit.' },
      { ruleId: 'SA-2', source: '003 2.5', text: 'Until you book or contact the jobcenter, the days count from 2026-03-10.' },
    ] }]);
    t.clock.set('2026-03-12T08:00:00+01:00');
    const slot = await t.fx.slot(jc, '2026-03-13', '09:00');
    expect((await t.as.citizen(c.id).run(BookSlotBecauseForExplanations, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
    const booked = await post(`caseworker:${jc.id}`, CitizenSanctionAssessmentsForExplanations, { id: c.id }, 'da');
    expect(booked.citizen.sanctionAssessments[0].deductedDays).toBe(2);
    expect(booked.citizen.sanctionAssessments[0].because[1]).toEqual(
      { ruleId: 'SA-2', source: '003 2.5', text: 'Uden rimelig grund fratrækkes 2 dagsats(er): dagene fra 2026-03-10 til 2026-03-12.' });
  });

  it('RG-4/RG-7/RG-1: immediate booking and registration say why — nothing on bookBy, RG-4 (+RG-7) and RG-1 the day after', async () => {
    const other = await t.fx.citizen(jc, { targetGroup: 'JOB_READY_CASH_BENEFIT' });
    const insured = await t.fx.citizen(jc, { targetGroup: 'INSURED_UNEMPLOYED' });
    await t.fx.deadline(other, '2026-03-01', '2026-03-10');
    await t.fx.deadline(insured, '2026-03-01', '2026-03-10');
    t.clock.set('2026-03-10T12:00:00+01:00');
    const onBookBy = (await t.as.caseworker(jc.id).run(CitizenOverviewForExplanations, { id: other.id })).citizen;
    expect(onBookBy).toMatchObject({ immediateBookingRequired: false, immediateBookingRequiredBecause: [] });
    t.clock.set('2026-03-11T08:00:00+01:00');
    const after = (await t.as.caseworker(jc.id).run(CitizenOverviewForExplanations, { id: other.id })).citizen;
    expect(after.immediateBookingRequired).toBe(true);
    expect(after.immediateBookingRequiredBecause).toEqual([
      { ruleId: 'RG-4', source: '003 2.5, 2.7', text: 'Your deadline expired without a booking: you must book an interview at once when you next log in.' },
      { ruleId: 'RG-7', source: '003 2.15', text: 'Other groups are not deregistered for a missed deadline but must book at once.' },
    ]);
    const obligations = await post(`citizen:${other.id}`, MyObligationsBecauseForExplanations, {}, 'da');
    expect(obligations.myObligations.immediateBookingRequiredBecause[0]).toEqual(
      { ruleId: 'RG-4', text: 'Din frist er udløbet uden booking: du skal straksbooke en samtale, næste gang du logger på.' });
    const dereg = (await t.as.caseworker(jc.id).run(CitizenOverviewForExplanations, { id: insured.id })).citizen.registration;
    expect(dereg).toMatchObject({ registered: false, pendingDeregistration: true });
    expect(dereg.because[0]).toEqual({ ruleId: 'RG-1', text: 'The deadline 2026-03-10 was missed: you are deregistered as job seeker from 2026-03-11.' });
  });

  it('SL-3: a refused bookSlot (the slot was taken first) says why, in the caller\'s language, and changes nothing', async () => {
    const [a, b] = [await t.fx.citizen(jc), await t.fx.citizen(jc)];
    await t.fx.deadline(a, '2026-03-01', '2026-03-10');
    await t.fx.deadline(b, '2026-03-01', '2026-03-10');
    const slot = await t.fx.slot(jc, '2026-03-11', '10:00');
    expect((await t.as.citizen(a.id).run(BookSlotBecauseForExplanations, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
    const before = await t.fx.snapshot();
    const da = await post(`citizen:${b.id}`, BookSlotBecauseForExplanations, { input: { slotId: slot.id } }, 'da');
    expect(da.bookSlot).toEqual({ meeting: null, userErrors: [{
      code: 'SLOT_TAKEN', message: expect.stringMatching(/^SL-3: /), field: ['input', 'slotId'],
      because: [{ ruleId: 'SL-3', source: 'RULES.md', text: 'Tiden er netop booket af en anden; vælg en anden tid.' }],
    }] });
    const en = await t.as.citizen(b.id).run(BookSlotBecauseForExplanations, { input: { slotId: slot.id } });
    expect(en.bookSlot.userErrors[0].because).toEqual([{ ruleId: 'SL-3', source: 'RULES.md', text: 'The slot was just booked by someone else; choose another slot.' }]);
    expect(await t.fx.snapshot()).toEqual(before);
  });
});

describe('issue 14.1: a contact-course requirement explains itself (CC-1, CC-7) through GraphQL', () => {
  const t = withApp({ now: NOW });

  it('CC-7: 4 interviews still needed — DUE with 60 days left, at risk the day after (59 days, fewer than 15 per interview)', async () => {
    const jc = await t.fx.jobcenter();
    const c = await t.fx.citizen(jc, { targetGroup: 'JOB_CLARIFICATION', unemployedSince: Temporal.PlainDate.from('2025-11-01') });
    const fourInterviews = async () => ((await t.as.caseworker(jc.id).run(CitizenContactCourseForExplanations, { id: c.id })).citizen.contactCourse.requirements as { required: number; [k: string]: unknown }[])
      .find((r) => r.required === 4)!;
    const due = await fourInterviews();
    expect(due).toMatchObject({ status: 'DUE', atRisk: false, daysLeft: 60, windowTo: '2026-05-01' });
    expect(due.because).toEqual([
      { ruleId: 'CC-1', source: '003 1.1', text: 'In the first 6 months of unemployment you must have at least 4 individual job interviews.' },
      { ruleId: 'CC-7', source: '003 1.1', text: 'The requirement is still reachable: 0 of 4 interviews held, the last day is 2026-05-01.' },
    ]);
    t.clock.set('2026-03-03T09:00:00+01:00');
    try {
      const atRisk = await fourInterviews();
      expect(atRisk).toMatchObject({ status: 'DUE', atRisk: true, daysLeft: 59 });
      expect((atRisk.because as { ruleId: string }[]).at(-1)).toEqual(
        { ruleId: 'CC-7', source: '003 1.1', text: 'The requirement is at risk: 4 interview(s) missing and only 59 days left until 2026-05-01.' });
    } finally {
      t.clock.set(NOW);
    }
  });
});
