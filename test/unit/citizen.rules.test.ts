import { Temporal } from 'temporal-polyfill';
import { effectiveDateError, groupChangeClosesDeadline, historyDateError, isValidCpr, normaliseEmail, normalisePhone } from '../../src/domain/citizen/citizen.rules';

const today = Temporal.PlainDate.from('2026-03-02');
const d = (s: string) => Temporal.PlainDate.from(s);

describe('citizen rules (CZ-1 … CZ-5, IN-1)', () => {
  it('CZ-1: a CPR number is 10 digits whose first six are a valid DDMMYY date; modulus 11 is not required', () => {
    expect(isValidCpr('0103901234')).toBe(true);
    expect(isValidCpr('0101901235')).toBe(true); // fails modulus 11, issued since 2007
    expect(isValidCpr('3101901234')).toBe(true);
    expect(isValidCpr('3201901234')).toBe(false);
    expect(isValidCpr('3004901234')).toBe(true);
    expect(isValidCpr('3104901234')).toBe(false);
    expect(isValidCpr('2902001234')).toBe(true); // 2000 (or 1900: the seventh digit decides; 00 may be 2000)
    expect(isValidCpr('2902011234')).toBe(false);
    expect(isValidCpr('0100901234')).toBe(false);
    expect(isValidCpr('0113901234')).toBe(false);
    expect(isValidCpr('0003901234')).toBe(false);
    expect(isValidCpr('010390123')).toBe(false);
    expect(isValidCpr('010390-1234')).toBe(false);
  });

  it('IN-1: days of history lie in [1950-01-01, today]', () => {
    expect(historyDateError('x', d('1949-12-31'), today)).toBe('IN-1: x 1949-12-31 is before 1950-01-01, the first allowed day (not before 1950-01-01 and not after today)');
    expect(historyDateError('x', d('1950-01-01'), today)).toBeUndefined();
    expect(historyDateError('x', today, today)).toBeUndefined();
    expect(historyDateError('x', d('2026-03-03'), today)).toBe('IN-1: x 2026-03-03 is after 2026-03-02, the last allowed day (not before 1950-01-01 and not after today)');
  });

  it('CZ-2: a change takes effect from today or earlier, not before the previous change', () => {
    const floor = { day: d('2026-02-10'), what: 'the previous change' };
    expect(effectiveDateError('CZ-2', d('2026-03-03'), today, floor)).toMatch(/^IN-1: effectiveFrom 2026-03-03 is after 2026-03-02, the last allowed day/);
    expect(effectiveDateError('CZ-2', today, today, floor)).toBeUndefined();
    expect(effectiveDateError('CZ-2', d('2026-02-10'), today, floor)).toBeUndefined();
    expect(effectiveDateError('CZ-2', d('2026-02-09'), today, floor)).toBe('CZ-2: effectiveFrom 2026-02-09 is before the previous change (2026-02-10)');
  });

  it('CZ-1: contact details are normalised or refused', () => {
    expect(normalisePhone('+45 20 30 40 50')).toBe('20304050');
    expect(normalisePhone('0045 20304050')).toBe('20304050');
    expect(normalisePhone('2030405')).toBeUndefined();
    expect(normaliseEmail(' a.b@Example.DK ')).toBe('a.b@example.dk');
    expect(normaliseEmail('a b@example.dk')).toBeUndefined();
    expect(normaliseEmail('ab@example')).toBeUndefined();
  });

  it('CZ-2/TG-2: a change to a group without the duty closes the deadline unless the citizen volunteers; SICKNESS_BENEFIT keeps it', () => {
    expect(groupChangeClosesDeadline('OTHER', false)).toBe(true);
    expect(groupChangeClosesDeadline('OTHER', true)).toBe(false);
    expect(groupChangeClosesDeadline('SICKNESS_BENEFIT', false)).toBe(false);
    expect(groupChangeClosesDeadline('JOB_READY_CASH_BENEFIT', false)).toBe(false);
  });
});
