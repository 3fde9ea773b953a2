import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { ContactDetailsOnePlace1700013300000 } from '../../src/db/migrations/1700013300000-contact-details-one-place';
import { CitizenContactDetailsForNotificationPreferences, CitizenNotificationPreferences, IssueDeadlineForLifecycleBooking, SetNotificationPreferences, type SetNotificationPreferencesInput } from '../support/operations';

/** CZ-7: the citizen's choice of SMS and/or e-mail notices; DL-11 notices and reminders follow it when they are sent. */
const START = '2026-03-02';

describe('CZ-7: setNotificationPreferences', () => {
  const t = withApp({ now: `${START}T09:00:00+01:00`, resetClock: true });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });
  const set = async (c: Citizen, input: SetNotificationPreferencesInput) => (await t.as.citizen(c.id).run(SetNotificationPreferences, { input })).setNotificationPreferences;
  const notices = (c: Citizen) => t.ds.query(
    `SELECT type, payload->>'kind' AS kind, payload->>'to' AS to, payload->>'remindOn' AS "remindOn" FROM domain_event
      WHERE citizen_id = $1 AND type IN ('NOTIFICATION_SMS', 'NOTIFICATION_EMAIL') ORDER BY seq`, [c.id]) as Promise<{ type: string; kind: string; to: string | null; remindOn: string | null }[]>;

  it('CZ-7: the citizen chooses SMS with a Danish number (normalised to +45…) and e-mail; the citizen and the jobcenter read it', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const r = await set(c, { sms: true, phone: '20 12 34 56', email: true, emailAddress: ' mette.holm@example.dk ' });
    expect(r.userErrors).toEqual([]);
    expect(r.citizen.notificationPreferences).toEqual({ sms: true, email: true, phone: '+4520123456', emailAddress: 'mette.holm@example.dk', changedAt: '2026-03-02T09:00:00+01:00' });
    const byJobcenter = (await t.as.caseworker(jc.id).run(CitizenNotificationPreferences, { id: c.id })).citizen.notificationPreferences;
    expect(byJobcenter).toMatchObject({ sms: true, phone: '+4520123456', history: [{ actor: `citizen:${c.id}`, sms: true, email: true }] });
    // Not the a-kasse (data minimisation), not another jobcenter.
    expect((await t.as.fund(fund.id).exec(CitizenNotificationPreferences, { id: c.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await t.fx.jobcenter();
    expect((await t.as.caseworker(other.id).run(CitizenNotificationPreferences, { id: c.id })).citizen).toBeNull();
    // The jobcenter's read is access-logged.
    const log: unknown[] = await t.ds.query(`SELECT 1 FROM access_log WHERE citizen_id = $1 AND jobcenter_id = $2 AND operation = 'Query.citizen'`, [c.id, jc.id]);
    expect(log.length).toBeGreaterThan(0);
  });

  it('CZ-7, CZ-1: contact details in one place — the chosen number and address are the Citizen\'s phone and email, notices go there, and the migration merged the two copies', async () => {
    const c = await t.fx.citizen(jc, { phone: '30303030', email: 'registreret@example.dk' });
    const before = (await t.as.caseworker(jc.id).run(CitizenContactDetailsForNotificationPreferences, { id: c.id })).citizen;
    expect(before).toEqual({ phone: '30303030', email: 'registreret@example.dk', notificationPreferences: { sms: false, email: false, phone: null, emailAddress: null } });
    await set(c, { sms: true, phone: '+45 20 12 34 56', email: false });
    const after = (await t.as.caseworker(jc.id).run(CitizenContactDetailsForNotificationPreferences, { id: c.id })).citizen;
    // The one number: the citizen's own, newer choice; the e-mail channel is off, so the registered address stays, unused.
    expect(after).toEqual({ phone: '20123456', email: 'registreret@example.dk', notificationPreferences: { sms: true, email: false, phone: '+4520123456', emailAddress: null } });
    await t.as.caseworker(jc.id).run(IssueDeadlineForLifecycleBooking, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
    expect(await notices(c)).toEqual([{ type: 'NOTIFICATION_SMS', kind: 'DEADLINE_ISSUED', to: '+4520123456', remindOn: null }]);
    // A database from before: the registration's number on the citizen, another one in the newest choice — the migration makes the choice the one.
    await t.ds.query(`UPDATE citizen SET phone = '30303030' WHERE id = $1`, [c.id]);
    const q = t.ds.createQueryRunner();
    try {
      await new ContactDetailsOnePlace1700013300000().up(q);
    } finally {
      await q.release();
    }
    expect((await t.as.caseworker(jc.id).run(CitizenContactDetailsForNotificationPreferences, { id: c.id })).citizen.phone).toBe('20123456');
  });

  it('CZ-7: the citizen only: a caseworker is FORBIDDEN', async () => {
    await t.fx.citizen(jc);
    const r = await t.as.caseworker(jc.id).exec(SetNotificationPreferences, { input: { sms: false, email: false } });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it.each([
    ['SMS without phone', { sms: true, email: false }, 'phone', /^CZ-7: SMS notices need a phone number/],
    ['e-mail without address', { sms: false, email: true }, 'emailAddress', /^CZ-7: e-mail notices need an e-mail address/],
    ['a Swedish number', { sms: true, email: false, phone: '+46 70 123 45 67' }, 'phone', /^CZ-7: phone must be a Danish number/],
    ['7 digits', { sms: true, email: false, phone: '2012345' }, 'phone', /^CZ-7: phone must be a Danish number/],
    ['9 digits', { sms: true, email: false, phone: '201234567' }, 'phone', /^CZ-7: phone must be a Danish number/],
    ['a number starting with 0', { sms: true, email: false, phone: '+45 01 23 45 67' }, 'phone', /^CZ-7: phone must be a Danish number/],
    ['a phone without SMS', { sms: false, email: false, phone: '+4520123456' }, 'phone', /^CZ-7: a phone number is kept only for SMS/],
    ['an address without a domain', { sms: false, email: true, emailAddress: 'mette@' }, 'emailAddress', /^CZ-7: emailAddress is not an e-mail address/],
    ['an address with a space', { sms: false, email: true, emailAddress: 'mette holm@example.dk' }, 'emailAddress', /^CZ-7: emailAddress is not an e-mail address/],
    ['an address over 254 characters', { sms: false, email: true, emailAddress: `${'a'.repeat(250)}@x.dk` }, 'emailAddress', /^CZ-7: emailAddress is not an e-mail address/],
    ['an address without e-mail', { sms: false, email: false, emailAddress: 'a@b.dk' }, 'emailAddress', /^CZ-7: an e-mail address is kept only for e-mail/],
  ] as const)('CZ-7: refuses %s with INVALID_INPUT on its field, changing nothing', async (_label, input, field, message) => {
    const c = await t.fx.citizen(jc);
    const r = await set(c, input);
    expect(r.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', field], message: expect.stringMatching(message) }]);
    expect(r.citizen).toBeNull();
    const seen = (await t.as.citizen(c.id).run(CitizenNotificationPreferences, { id: c.id })).citizen.notificationPreferences;
    expect(seen).toEqual({ sms: false, email: false, phone: null, emailAddress: null, changedAt: null, history: [] });
  });

  it('CZ-7/DL-11: a change between issue and reminder: the notice at issue went by SMS, the reminders follow the choice on the day they are sent', async () => {
    const c = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    await set(c, { sms: true, email: false, phone: '+4520123456' });
    const issued = await t.as.caseworker(jc.id).run(IssueDeadlineForLifecycleBooking, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    expect(issued.issueDeadline.userErrors).toEqual([]);
    expect(await notices(c)).toEqual([{ type: 'NOTIFICATION_SMS', kind: 'DEADLINE_ISSUED', to: '+4520123456', remindOn: null }]);

    // The day before the first reminder (3 days before bookBy): e-mail only.
    day('2026-03-06', '18:00');
    expect((await set(c, { sms: false, email: true, emailAddress: 'ny@example.dk' })).userErrors).toEqual([]);
    day('2026-03-07', '02:00');
    await run('2026-03-07');
    // On the day of bookBy, before the run: SMS again, to a new number.
    day('2026-03-10', '01:00');
    expect((await set(c, { sms: true, email: false, phone: '+45 31 31 31 31' })).userErrors).toEqual([]);
    day('2026-03-10', '02:00');
    await run('2026-03-10');
    expect(await notices(c)).toEqual([
      { type: 'NOTIFICATION_SMS', kind: 'DEADLINE_ISSUED', to: '+4520123456', remindOn: null },
      { type: 'NOTIFICATION_EMAIL', kind: 'DEADLINE_REMINDER', to: 'ny@example.dk', remindOn: '2026-03-07' },
      { type: 'NOTIFICATION_SMS', kind: 'DEADLINE_REMINDER', to: '+4531313131', remindOn: '2026-03-10' },
    ]);
    const history = (await t.as.citizen(c.id).run(CitizenNotificationPreferences, { id: c.id })).citizen.notificationPreferences.history;
    expect(history.map((h: { at: string; sms: boolean; email: boolean }) => [h.at, h.sms, h.email])).toEqual([
      ['2026-03-10T01:00:00+01:00', true, false], ['2026-03-06T18:00:00+01:00', false, true], ['2026-03-02T09:00:00+01:00', true, false],
    ]);
  });

  it('CZ-7/DL-11: a citizen who turns notices off on the reminder day before the run gets no reminder', async () => {
    const c = await t.fx.citizen(jc);
    await set(c, { sms: true, email: false, phone: '+4520123456' });
    await t.as.caseworker(jc.id).run(IssueDeadlineForLifecycleBooking, { input: { citizenId: c.id, bookBy: '2026-03-10' } });
    day('2026-03-07', '01:00');
    await set(c, { sms: false, email: false });
    await run('2026-03-07');
    expect((await notices(c)).map((n) => n.kind)).toEqual(['DEADLINE_ISSUED']);
  });
});
