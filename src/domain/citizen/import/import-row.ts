import { Temporal } from 'temporal-polyfill';
import { type Result, fail, ok } from '../../shared/result';
import type { RegistrationData } from '../citizen.rules';
import { historyDateError } from '../citizen.rules';
import { type RegisterJobSeekerInput, checkRegistration } from '../commands/register-job-seeker';
import { TargetGroup } from '../../../generated/enums';

/** The columns of a caseload file (docs/citizens.md, "Bulk import"); the first five are required in the header. */
export const REQUIRED_COLUMNS = ['cpr', 'name', 'targetGroup', 'unemployedSince', 'jobcenter'] as const;
export const OPTIONAL_COLUMNS = ['unemploymentFund', 'phone', 'email', 'benefitPeriodStart', 'voluntarySelfBooking'] as const;

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
  data: RegistrationData;
  benefitPeriodStart: Temporal.PlainDate | null;
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
export function parseImportRow(line: number, rec: Record<string, string | undefined>, lookups: Lookups, today: Temporal.PlainDate): Result<ImportRow, string> & { field?: string[] } {
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
  return ok({ line, cpr: input.cpr, jobcenterId, data: checked.value, benefitPeriodStart });
}
