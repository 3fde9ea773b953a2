import { Temporal } from 'temporal-polyfill';
import { type Result, fail, ok } from '../../shared/result';
import { dateWindowError } from '../../shared/date-windows';
import { cmpDate } from '../../shared/dates';
import type { RegistrationData } from '../citizen.rules';
import { historyDateError } from '../citizen.rules';
import { type RegisterJobSeekerInput, checkRegistration } from '../commands/register-job-seeker';
import { TargetGroup } from '../../../generated/enums';

/** The columns of a caseload file (docs/citizens.md, "Bulk import"); the first five are required in the header. */
export const REQUIRED_COLUMNS = ['cpr', 'name', 'targetGroup', 'unemployedSince', 'jobcenter'] as const;
export const OPTIONAL_COLUMNS = [
  'unemploymentFund', 'phone', 'email', 'benefitPeriodStart', 'voluntarySelfBooking', 'targetGroupHistory', 'deadlineBookBy', 'deadlineAvailableFrom',
] as const;

/** IN-1 Decision: a target-group history of a spell of unemployment has at most this many entries. */
export const MAX_HISTORY_ENTRIES = 20;

const TARGET_GROUPS: readonly string[] = Object.values(TargetGroup);
const isTargetGroup = (s: string): s is TargetGroup => TARGET_GROUPS.includes(s);

/** One refused row: its line in the file, the operation's error code, the column at fault and the message (never the CPR). */
export interface RowError {
  line: number;
  code: string;
  field: string | null;
  message: string;
}

/** A row that passed every check of CZ-1 (and CZ-3 for benefitPeriodStart): what to store, and for which jobcenter. */
export interface ImportRow {
  line: number;
  cpr: string;
  jobcenterId: string;
  /** The citizen as the row leaves them (the current target group). */
  data: RegistrationData;
  /** What registration writes: `data` with the first group of the history (CZ-1); `data` itself without one. */
  registration: RegistrationData;
  benefitPeriodStart: Temporal.PlainDate | null;
  /** CZ-2: the groups of this spell, oldest first (the first on unemployedSince, the last the current); null: no column value. */
  history: TargetGroupEntry[] | null;
  /** The active deadline (DL-1): bookBy, and the day it was available from if the file says. */
  deadline: { bookBy: Temporal.PlainDate; availableFrom: Temporal.PlainDate | null } | null;
  /** A fixed id for a new citizen: the demo seed's only (never a column of a file). */
  id: string | null;
}

export interface TargetGroupEntry {
  group: TargetGroup;
  from: Temporal.PlainDate;
}

export interface Lookups {
  jobcenterByCode: ReadonlyMap<string, string>;
  fundByCode: ReadonlyMap<string, string>;
}

function dateOf(v: string): Temporal.PlainDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  try {
    return Temporal.PlainDate.from(v, { overflow: 'reject' });
  } catch {
    return undefined;
  }
}

/**
 * CZ-9: one row of a caseload file checked with the same checks as registerJobSeeker (CZ-1: checkRegistration) and
 * setBenefitPeriodStart (CZ-3, IN-1), after turning the file's codes into ids. Errors name the column (`field`).
 */
export function parseImportRow(
  line: number, rec: Record<string, string | undefined>, lookups: Lookups, today: Temporal.PlainDate, id: string | null = null,
): Result<ImportRow, string> & { field?: string[] } {
  const v = (k: string) => (rec[k] ?? '').trim();
  const jobcenterId = lookups.jobcenterByCode.get(v('jobcenter'));
  if (!jobcenterId) return fail('UNKNOWN_JOBCENTER', `CZ-9: no jobcenter with code '${v('jobcenter').slice(0, 20)}' (kommunekode)`, ['jobcenter']);
  const targetGroup = v('targetGroup');
  if (!isTargetGroup(targetGroup)) return fail('INVALID_INPUT', `CZ-1: targetGroup must be one of ${TARGET_GROUPS.join(', ')}`, ['targetGroup']);
  const unemployedSince = dateOf(v('unemployedSince'));
  if (!unemployedSince) return fail('INVALID_INPUT', 'CZ-1: unemployedSince must be a date YYYY-MM-DD', ['unemployedSince']);
  let unemploymentFundId: string | null = null;
  if (v('unemploymentFund')) {
    unemploymentFundId = lookups.fundByCode.get(v('unemploymentFund')) ?? null;
    if (!unemploymentFundId) return fail('UNKNOWN_UNEMPLOYMENT_FUND', `CZ-1: no a-kasse with code '${v('unemploymentFund').slice(0, 20)}'`, ['unemploymentFund']);
  }
  const voluntary = v('voluntarySelfBooking').toLowerCase();
  if (!['', 'true', 'false'].includes(voluntary)) return fail('INVALID_INPUT', 'TG-2: voluntarySelfBooking must be true, false or empty', ['voluntarySelfBooking']);
  const input: RegisterJobSeekerInput = {
    cpr: v('cpr'), name: v('name'), targetGroup, unemployedSince, unemploymentFundId,
    voluntarySelfBooking: voluntary === 'true', phone: v('phone') || null, email: v('email') || null,
  };
  const checked = checkRegistration(input, today);
  if (!checked.ok) return fail(checked.code, checked.message, checked.field?.slice(1).map((f) => (f === 'unemploymentFundId' ? 'unemploymentFund' : f)));
  let benefitPeriodStart: Temporal.PlainDate | null = null;
  if (v('benefitPeriodStart')) {
    const d = dateOf(v('benefitPeriodStart'));
    if (!d) return fail('INVALID_INPUT', 'CZ-3: benefitPeriodStart must be a date YYYY-MM-DD', ['benefitPeriodStart']);
    const outOfRange = historyDateError('benefitPeriodStart', d, today);
    if (outOfRange) return fail('DATE_OUT_OF_RANGE', outOfRange, ['benefitPeriodStart']);
    if (!unemploymentFundId) return fail('NOT_A_MEMBER', 'CZ-3: the benefit period is reported for a member of an a-kasse; the row has none', ['benefitPeriodStart']);
    benefitPeriodStart = d;
  }
  let history: TargetGroupEntry[] | null = null;
  let registration = checked.value;
  if (v('targetGroupHistory')) {
    const h = parseTargetGroupHistory(v('targetGroupHistory'), checked.value, today);
    if (!h.ok) return fail(h.code, h.message, ['targetGroupHistory']);
    history = h.value;
    // CZ-1: the citizen is registered with the first group; TG-2's voluntary offer belongs to the last one.
    if (history.length > 1) registration = { ...checked.value, targetGroup: history[0]!.group, voluntarySelfBooking: false };
  }
  const deadline = parseDeadline(v('deadlineBookBy'), v('deadlineAvailableFrom'), today);
  if (!deadline.ok) return fail(deadline.code, deadline.message, deadline.field);
  return ok({ line, cpr: input.cpr, jobcenterId, data: checked.value, registration, benefitPeriodStart, history, deadline: deadline.value, id });
}

/**
 * CZ-2 (CZ-9 column `targetGroupHistory`): `GROUP@YYYY-MM-DD;GROUP@YYYY-MM-DD;…`, oldest first — the group the citizen
 * was registered with on `unemployedSince`, then each change from its day; the last is `targetGroup`. Checked here as
 * far as the row alone tells (format, IN-1, order, the a-kasse an INSURED_UNEMPLOYED entry needs); each change is then
 * made by changeTargetGroup's own transaction function, which checks it again against the stored citizen.
 */
export function parseTargetGroupHistory(text: string, data: RegistrationData, today: Temporal.PlainDate): Result<TargetGroupEntry[], string> {
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > MAX_HISTORY_ENTRIES) {
    return fail('INVALID_INPUT', `CZ-2: targetGroupHistory has 1–${MAX_HISTORY_ENTRIES} entries GROUP@YYYY-MM-DD separated by ';'`);
  }
  const out: TargetGroupEntry[] = [];
  for (const [i, p] of parts.entries()) {
    const m = /^([A-Z_]+)@(.*)$/.exec(p);
    const from = m ? dateOf(m[2]!) : undefined;
    if (!m || !TARGET_GROUPS.includes(m[1]!) || !from) {
      return fail('INVALID_INPUT', `CZ-2: targetGroupHistory entry ${i + 1} must be GROUP@YYYY-MM-DD with GROUP one of ${TARGET_GROUPS.join(', ')}`);
    }
    const group = m[1] as TargetGroup;
    const outside = historyDateError(`targetGroupHistory entry ${i + 1}`, from, today);
    if (outside) return fail('DATE_OUT_OF_RANGE', outside);
    const prev = out[i - 1];
    if (!prev && cmpDate(from, data.unemployedSince) !== 0) {
      return fail('INVALID_INPUT', `CZ-2: targetGroupHistory starts with the group registered on unemployedSince (${data.unemployedSince}); entry 1 is from ${from}`);
    }
    if (prev && cmpDate(from, prev.from) < 0) return fail('DATE_OUT_OF_RANGE', `CZ-2: targetGroupHistory entry ${i + 1} (${from}) is before the previous change (${prev.from})`);
    if (prev && prev.group === group) return fail('SAME_TARGET_GROUP', `CZ-2: targetGroupHistory entry ${i + 1} repeats ${group}; an entry is a change of group`);
    if (group === 'INSURED_UNEMPLOYED' && !data.unemploymentFundId) {
      return fail('UNEMPLOYMENT_FUND_REQUIRED', `CZ-1/CZ-2: targetGroupHistory entry ${i + 1} is INSURED_UNEMPLOYED, which needs the a-kasse (unemploymentFund)`);
    }
    out.push({ group, from });
  }
  if (out[out.length - 1]!.group !== data.targetGroup) {
    return fail('INVALID_INPUT', `CZ-2: targetGroupHistory ends with ${out[out.length - 1]!.group}, not the row's targetGroup ${data.targetGroup}`);
  }
  return ok(out);
}

/**
 * DL-1 (CZ-9 columns `deadlineBookBy`, `deadlineAvailableFrom`): the active deadline's days, each in IN-1's planning
 * window. The rest of issueDeadline's checks (DL-2 with the citizen's holidays, DL-4, DL-5) run against the stored
 * citizen when the row is applied.
 */
export function parseDeadline(bookByText: string, availableFromText: string, today: Temporal.PlainDate):
  Result<ImportRow['deadline'], string> & { field?: string[] } {
  if (!bookByText) {
    return availableFromText ? fail('INVALID_INPUT', 'DL-1: deadlineAvailableFrom needs deadlineBookBy', ['deadlineAvailableFrom']) : ok(null);
  }
  const bookBy = dateOf(bookByText);
  if (!bookBy) return fail('INVALID_INPUT', 'DL-1: deadlineBookBy must be a date YYYY-MM-DD', ['deadlineBookBy']);
  const outside = dateWindowError('PLANNING', 'deadlineBookBy', bookBy, today);
  if (outside) return fail('DATE_OUT_OF_RANGE', outside, ['deadlineBookBy']);
  if (!availableFromText) return ok({ bookBy, availableFrom: null });
  const availableFrom = dateOf(availableFromText);
  if (!availableFrom) return fail('INVALID_INPUT', 'DL-1: deadlineAvailableFrom must be a date YYYY-MM-DD', ['deadlineAvailableFrom']);
  const before = dateWindowError('PLANNING', 'deadlineAvailableFrom', availableFrom, today);
  if (before) return fail('DATE_OUT_OF_RANGE', before, ['deadlineAvailableFrom']);
  return ok({ bookBy, availableFrom });
}
