import type { Actor } from '../../src/domain/shared/actor';
import { ForbiddenError } from '../../src/domain/shared/errors';
import {
  assertDeregistered, assertDeregistrationNote, assertFundMayReportRecovery, assertJobSeeker, assertRegistered, assertReregistrable,
  assertRightWayBack, assertSicknessDeregisters, assertSlotOnlyOnJobnet, assertTargetNamed, channelOf,
} from '../../src/domain/registration/registration.rules';

/** The registration commands' pre-checks (pure: no dates, no database). */
const citizen: Actor = { kind: 'CITIZEN', citizenId: 'c-1' };
const caseworker: Actor = { kind: 'CASEWORKER', jobcenterId: 'jc-1', userId: 'u-1' };
const fund: Actor = { kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: 'f-1', userId: 'u-2' };

describe('registration pre-checks (pure)', () => {
  it('RG-5/RG-6: the channel is Jobnet for the citizen, the jobcenter for staff, the a-kasse for the fund; anyone else is refused', () => {
    expect(channelOf(citizen, 'RG-5/RG-6')).toBe('JOBNET');
    expect(channelOf(caseworker, 'RG-5/RG-6')).toBe('JOBCENTER');
    expect(channelOf({ kind: 'INTEGRATION', jobcenterId: 'jc-1', clientId: 'x' }, 'RG-5/RG-6')).toBe('JOBCENTER');
    expect(channelOf(fund, 'RG-5/RG-6')).toBe('UNEMPLOYMENT_FUND');
    expect(() => channelOf({ kind: 'STATISTICS', userId: 's' }, 'RG-5/RG-6')).toThrow(ForbiddenError);
    expect(() => channelOf({ kind: 'STATISTICS', userId: 's' }, 'RG-8')).toThrow(/^RG-8: only the citizen, the jobcenter or the citizen's a-kasse may do this$/);
  });

  it('RG-5/RG-6, RG-8: a citizen acts for themselves (own id or none); staff and the a-kasse name the citizen', () => {
    expect(assertTargetNamed({}, citizen, 'RG-8')).toBeUndefined();
    expect(assertTargetNamed({ citizenId: 'c-1' }, citizen, 'RG-8')).toBeUndefined();
    expect(assertTargetNamed({ citizenId: 'c-2' }, citizen, 'RG-5/RG-6')).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^RG-5\/RG-6: /), field: ['input', 'citizenId'] });
    expect(assertTargetNamed({ citizenId: null }, caseworker, 'RG-8')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^RG-8: /) });
    expect(assertTargetNamed({}, fund, 'RG-5/RG-6')).toMatchObject({ code: 'INVALID_INPUT' });
    expect(assertTargetNamed({ citizenId: 'c-2' }, fund, 'RG-5/RG-6')).toBeUndefined();
  });

  it('RG-8: the a-kasse reports recovery for INSURED_UNEMPLOYED members only; the jobcenter and the citizen for anyone', () => {
    expect(assertFundMayReportRecovery('UNEMPLOYMENT_FUND', { targetGroup: 'INSURED_UNEMPLOYED' })).toBeUndefined();
    expect(assertFundMayReportRecovery('UNEMPLOYMENT_FUND', { targetGroup: 'JOB_READY_CASH_BENEFIT' })).toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringMatching(/^RG-8: /) });
    expect(assertFundMayReportRecovery('JOBCENTER', { targetGroup: 'JOB_READY_CASH_BENEFIT' })).toBeUndefined();
    expect(assertFundMayReportRecovery('JOBNET', { targetGroup: 'JOB_READY_CASH_BENEFIT' })).toBeUndefined();
  });

  it('RG-6: a slot comes with the re-registration on Jobnet only (none is fine on every channel)', () => {
    expect(assertSlotOnlyOnJobnet({ slotId: 's-1' }, 'JOBNET')).toBeUndefined();
    expect(assertSlotOnlyOnJobnet({ slotId: 's-1' }, 'JOBCENTER')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^RG-6: /), field: ['input', 'slotId'] });
    expect(assertSlotOnlyOnJobnet({ slotId: 's-1' }, 'UNEMPLOYMENT_FUND')).toMatchObject({ code: 'INVALID_INPUT' });
    expect(assertSlotOnlyOnJobnet({ slotId: null }, 'UNEMPLOYMENT_FUND')).toBeUndefined();
  });

  it('TG-4: a person in a job clarification course is neither re-registered nor deregistered by the jobcenter', () => {
    expect(assertReregistrable({ targetGroup: 'JOB_CLARIFICATION' })).toMatchObject({ code: 'NOT_A_JOB_SEEKER', message: expect.stringMatching(/^TG-4: /) });
    expect(assertReregistrable({ targetGroup: 'INSURED_UNEMPLOYED' })).toBeUndefined();
    expect(assertJobSeeker({ targetGroup: 'JOB_CLARIFICATION' })).toMatchObject({ code: 'NOT_A_JOB_SEEKER', message: expect.stringMatching(/^TG-4: /) });
    expect(assertJobSeeker({ targetGroup: 'JOB_READY_TRANSITION_BENEFIT' })).toBeUndefined();
  });

  it('RG-5/RG-6, RG-8: only a deregistered citizen is re-registered, answered in the operation\'s rule', () => {
    expect(assertDeregistered({ recovery: false }, { registered: false })).toBeUndefined();
    expect(assertDeregistered({ recovery: false }, { registered: true })).toMatchObject({ code: 'ALREADY_REGISTERED', message: expect.stringMatching(/^RG-5\/RG-6: /) });
    expect(assertDeregistered({ recovery: true }, { registered: true })).toMatchObject({ code: 'ALREADY_REGISTERED', message: expect.stringMatching(/^RG-8: /) });
  });

  it('RG-8: after sickness only a recovery report re-registers, and a recovery report only ends a sickness deregistration', () => {
    const sick = { deregistrationReason: 'SICKNESS' as const };
    const employed = { deregistrationReason: 'EMPLOYMENT' as const };
    expect(assertRightWayBack({ recovery: false }, sick)).toMatchObject({ code: 'DEREGISTERED_FOR_SICKNESS', message: expect.stringMatching(/^RG-8: /) });
    expect(assertRightWayBack({ recovery: true }, sick)).toBeUndefined();
    expect(assertRightWayBack({ recovery: false }, employed)).toBeUndefined();
    expect(assertRightWayBack({ recovery: false }, null)).toBeUndefined();
    expect(assertRightWayBack({ recovery: true }, employed)).toMatchObject({ code: 'NOT_DEREGISTERED_FOR_SICKNESS', message: expect.stringMatching(/^RG-8: /) });
    expect(assertRightWayBack({ recovery: true }, null)).toMatchObject({ code: 'NOT_DEREGISTERED_FOR_SICKNESS' });
  });

  it('RG-8/TG-4: sickness deregisters everyone but job clarification and wage subsidy', () => {
    expect(assertSicknessDeregisters({ targetGroup: 'INSURED_UNEMPLOYED', wageSubsidy: false })).toBeUndefined();
    expect(assertSicknessDeregisters({ targetGroup: 'JOB_CLARIFICATION', wageSubsidy: false })).toMatchObject({ code: 'SICKNESS_DOES_NOT_DEREGISTER', message: expect.stringMatching(/^RG-8\/TG-4: /) });
    expect(assertSicknessDeregisters({ targetGroup: 'INSURED_UNEMPLOYED', wageSubsidy: true })).toMatchObject({ code: 'SICKNESS_DOES_NOT_DEREGISTER', message: expect.stringMatching(/^RG-8: .*wage subsidy/) });
  });

  it('CZ-6: another reason needs a note that is not blank; employment needs none', () => {
    expect(assertDeregistrationNote({ reason: 'EMPLOYMENT' })).toBeUndefined();
    expect(assertDeregistrationNote({ reason: 'OTHER', note: 'moved abroad' })).toBeUndefined();
    expect(assertDeregistrationNote({ reason: 'OTHER', note: '   ' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^CZ-6: /), field: ['input', 'note'] });
    expect(assertDeregistrationNote({ reason: 'OTHER', note: null })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('RG-8, CZ-6: only a registered citizen is deregistered, answered in the reason\'s rule', () => {
    expect(assertRegistered('SICKNESS', { registered: true })).toBeUndefined();
    expect(assertRegistered('SICKNESS', { registered: false })).toMatchObject({ code: 'ALREADY_DEREGISTERED', message: expect.stringMatching(/^RG-8: /) });
    expect(assertRegistered('OTHER', { registered: false })).toMatchObject({ code: 'ALREADY_DEREGISTERED', message: expect.stringMatching(/^CZ-6: /) });
  });
});
