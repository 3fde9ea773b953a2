import { checkNotificationChoice, isEmailAddress, normalizeDanishPhone } from '../../src/domain/notification/notification.rules';

describe('notification.rules (CZ-7)', () => {
  it.each([
    ['+4520123456', '+4520123456'], ['20 12 34 56', '+4520123456'], ['0045 20123456', '+4520123456'], ['+45 99-99-99-99', '+4599999999'],
  ])('CZ-7: %s is the Danish number %s', (raw, want) => expect(normalizeDanishPhone(raw)).toBe(want));

  it.each(['+4612345678', '1234567', '123456789', '+4512345678', '+4502345678', '', '+45 2012 345a'])('CZ-7: %j is no Danish number', (raw) => {
    expect(normalizeDanishPhone(raw)).toBeUndefined();
  });

  it('CZ-7: e-mail syntax: one @, a dotted domain, no spaces, at most 254 characters', () => {
    expect(isEmailAddress('a@b.dk')).toBe(true);
    expect(isEmailAddress('mette.holm+jobnet@sub.example.dk')).toBe(true);
    for (const bad of ['a@b', '@b.dk', 'a b@c.dk', 'a@@b.dk', 'a@b..dk', `${'x'.repeat(245)}@example.dk`]) expect(isEmailAddress(bad)).toBe(false);
  });

  it('CZ-7: a chosen channel needs its address and an address needs its channel', () => {
    expect(checkNotificationChoice({ sms: false, email: false })).toEqual({ ok: true, value: { sms: false, email: false, phone: null, emailAddress: null } });
    expect(checkNotificationChoice({ sms: true, email: false, phone: ' ' })).toMatchObject({ ok: false, field: ['input', 'phone'] });
    expect(checkNotificationChoice({ sms: false, email: false, emailAddress: 'a@b.dk' })).toMatchObject({ ok: false, field: ['input', 'emailAddress'] });
    expect(checkNotificationChoice({ sms: true, email: true, phone: '20123456', emailAddress: ' a@b.dk ' }))
      .toEqual({ ok: true, value: { sms: true, email: true, phone: '+4520123456', emailAddress: 'a@b.dk' } });
  });
});
