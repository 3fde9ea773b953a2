import { Temporal } from 'temporal-polyfill';
import { type LetterEvent, composeLetter, danishDate } from '../../src/domain/letter/letter.rules';

const parties = { sender: 'Jobcenter Aarhus', recipientName: 'Søren Ærø', recipientAddress: null };
const ev = (type: LetterEvent['type'], payload: Record<string, unknown>, at = '2026-03-11T05:00:00Z'): LetterEvent =>
  ({ id: 'e1', seq: '7', type, occurredAt: Temporal.Instant.from(at), citizenId: 'c1', payload });
const text = (l: ReturnType<typeof composeLetter>) => l!.paragraphs.map((p) => `${p.heading ?? ''} ${p.text}`).join('\n');

describe('letter.rules (CZ-8)', () => {
  it('CZ-8: the letter date is the day it was sent in Europe/Copenhagen (23:30 UTC on 10 March is 11 March)', () => {
    const l = composeLetter(ev('LETTER_DEADLINE', { bookBy: '2026-03-20', latestInterviewDate: '2026-03-27' }, '2026-03-10T23:30:00Z'), parties);
    expect(l!.date.toString()).toBe('2026-03-11');
    expect(l).toMatchObject({ sender: 'Jobcenter Aarhus', recipientName: 'Søren Ærø', kind: 'DEADLINE', rule: 'TG-6' });
  });

  it('RG-2: the deregistration letter has deregistered, why, from when, re-registration and benefit risk, and no RG-10 mark without one', () => {
    const l = composeLetter(ev('LETTER_DEREGISTRATION', { bookBy: '2026-03-10', deregisteredFrom: '2026-03-11', systemOutage: false }), parties);
    const t = text(l);
    expect(t).toContain('fra og med 11. marts 2026');
    expect(t).toContain('senest 10. marts 2026');
    expect(t).toContain('tilmelde dig igen');
    expect(t).toContain('betydning for din ret til dagpenge');
    expect(t).not.toContain('RG-10');
  });

  it('RG-10: a jobcenter-caused mark on the event appears in the letter with its reason', () => {
    const l = composeLetter(ev('LETTER_DEREGISTRATION', { bookBy: '2026-03-10', deregisteredFrom: '2026-03-11', jobcenterCaused: true, jobcenterCausedReason: 'ingen ledige tider (SL-5)' }), parties);
    expect(text(l)).toContain('RG-10');
    expect(text(l)).toContain('ingen ledige tider (SL-5)');
  });

  it('EX-2: an exemption decision shows the reason code in words, the note, the justification and the complaint guidance', () => {
    const l = composeLetter(ev('LETTER_DECISION', { kind: 'EXEMPTION', reason: 'INTERPRETER: arabisk', justification: 'J', complaintGuidance: 'K' }), parties);
    expect(l).toMatchObject({ kind: 'EXEMPTION_DECISION', rule: 'EX-2' });
    expect(text(l)).toContain('samtalen kræver tolk (the interview needs an interpreter) — arabisk');
    expect(text(l)).toContain('J');
    expect(l!.paragraphs[2]).toEqual({ heading: 'Klagevejledning (how to complain)', text: 'K' });
  });

  it('SA-2: a sanction deduction is a decision letter with standard complaint guidance', () => {
    const l = composeLetter(ev('LETTER_DECISION', { kind: 'SANCTION_DEDUCTION', bookBy: '2026-03-10', contactOn: '2026-03-13', deductedDays: 3 }), parties);
    expect(l).toMatchObject({ kind: 'SANCTION_DECISION', rule: 'SA-2' });
    expect(text(l)).toContain('Ankestyrelsen');
    expect(text(l)).toContain('13. marts 2026');
  });

  it('CZ-8: an event that is no letter kind this version knows gives no document', () => {
    expect(composeLetter(ev('LETTER_DECISION', { kind: 'SOMETHING_ELSE' }), parties)).toBeUndefined();
  });

  it('CZ-8: Danish long dates', () => {
    expect(danishDate('2026-12-01')).toBe('1. december 2026');
  });
});
