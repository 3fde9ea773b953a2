import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { type HolidayPeriod } from '../../src/domain/deadline/holiday.rules';
import { deadlineReasons, effectiveDeadlineStatus } from '../../src/domain/deadline/deadline.rules';
import { REASONS, languageOf, reason, reasonsOfMessage } from '../../src/domain/shared/reasons';

const d = (s: string) => Temporal.PlainDate.from(s);
const JANUARY: HolidayPeriod[] = [{ startDate: d('2027-01-18'), endDate: d('2027-01-29'), notifiedOn: d('2026-12-21') }];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === '__generated__' ? [] : sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('issue 14: every status and refusal explains itself (pure, fixed dates)', () => {
  it('IN-2/every rule ID a message starts with has an entry in the reason table (scan of src)', () => {
    // A message literal: a quote or backtick directly followed by rule IDs (joined by / or ,) and a colon.
    const head = /['"`]((?:[A-Z]{2}-\d+)(?:\s*[/,]\s*[A-Z]{2}-\d+)*)(?:\s*\([^)]*\))?:/g;
    const used = new Set<string>();
    for (const file of sourceFiles(path.resolve(__dirname, '../../src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(head)) for (const id of m[1]!.match(/\b[A-Z]{2}-\d+\b/g)!) used.add(id);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((id) => !REASONS[id]).sort()).toEqual([]);
  });

  it('IN-2/every entry has a source and a sentence in both languages, and every placeholder is named', () => {
    for (const [id, e] of Object.entries(REASONS)) {
      expect(id).toMatch(/^[A-Z]{2}-\d+$/);
      expect(e.source.length).toBeGreaterThan(0);
      for (const s of [e, ...Object.values(e.variants ?? {})]) {
        expect(s.da.length).toBeGreaterThan(5);
        expect(s.en.length).toBeGreaterThan(5);
        expect(s.da.match(/\{\w+\}/g) ?? []).toEqual(s.en.match(/\{\w+\}/g) ?? []);
      }
    }
  });

  it('SL-3: a refusal\'s reasons are the rule IDs before the colon, in order, without repeats', () => {
    expect(reasonsOfMessage('SL-3: the slot was just taken', 'en')).toEqual([
      { ruleId: 'SL-3', source: 'RULES.md', text: 'The slot was just booked by someone else; choose another slot.' }]);
    expect(reasonsOfMessage('DL-5/EX-1: the citizen is exempted (DL-5 again)', 'da').map((r) => r.ruleId)).toEqual(['DL-5', 'EX-1']);
    expect(reasonsOfMessage('no rule here', 'en')).toEqual([]);
  });

  it('DL-7: Accept-Language da (any region, by weight) → Danish; anything else or none → English', () => {
    expect(languageOf('da')).toBe('da');
    expect(languageOf('da-DK,da;q=0.9,en;q=0.8')).toBe('da');
    expect(languageOf('en;q=0.5, da;q=0.9')).toBe('da');
    expect(languageOf('en-GB,da;q=0.8')).toBe('en');
    expect(languageOf('dan')).toBe('en');
    expect(languageOf('da;q=0')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
    expect(reason('DL-7', 'da', 'OPEN', { bookBy: '2026-03-10' }).text).toBe('Fristen er åben: book en jobsamtale senest 2026-03-10.');
  });

  it('DL-7/DL-13: an open deadline whose bookBy is in a counted holiday names the day its consequences start; the day before the holiday it does not', () => {
    const inHoliday = { bookBy: d('2027-01-22'), closeReason: null };
    const status = effectiveDeadlineStatus({ ...inHoliday, status: 'OPEN' }, d('2027-01-29'), { holidays: JANUARY });
    expect(status).toBe('OPEN');
    expect(deadlineReasons(inHoliday, status, 'en', { holidays: JANUARY }).map((r) => [r.ruleId, r.text])).toEqual([
      ['DL-7', 'The deadline is open: book a job interview by 2027-01-22.'],
      ['DL-13', 'The deadline falls in a holiday or education period: its consequences start only on 2027-01-30.'],
    ]);
    expect(deadlineReasons({ bookBy: d('2027-01-17'), closeReason: null }, 'OPEN', 'en', { holidays: JANUARY }).map((r) => r.ruleId)).toEqual(['DL-7']);
  });

  it('DL-7/DL-4/LP-1/LP-2: CLOSED names its close reason\'s rule; LAPSED names LP-1 or LP-2 by the group', () => {
    const closed = deadlineReasons({ bookBy: d('2026-03-10'), closeReason: 'SUPERSEDED' }, 'CLOSED', 'da', {});
    expect(closed.map((r) => r.ruleId)).toEqual(['DL-7', 'DL-4']);
    expect(closed[0]!.text).toBe('Fristen er lukket administrativt (SUPERSEDED).');
    expect(deadlineReasons({ bookBy: d('2026-01-10'), closeReason: null }, 'LAPSED', 'en', { targetGroup: 'INSURED_UNEMPLOYED' }).map((r) => r.ruleId)).toEqual(['DL-7', 'LP-1']);
    expect(deadlineReasons({ bookBy: d('2026-01-10'), closeReason: null }, 'LAPSED', 'en', { targetGroup: 'JOB_READY_CASH_BENEFIT' }).map((r) => [r.ruleId, r.source])).toEqual([['DL-7', 'RULES.md'], ['LP-2', '003 2.9.1']]);
  });
});
