import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { Temporal } from 'temporal-polyfill';
import { formatZoned } from './datetime-format';
import { SCALAR_YEARS } from '../domain/shared/date-windows';
import { isoDate } from '../domain/shared/temporal-values';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
// ISO 8601 date-time with seconds optional, fraction optional, and a mandatory offset or Z.
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** IN-1: every Date/DateTime refusal begins with the rule (graphql-js puts "Variable … at "input.bookBy"; " before it: maskError moves it first). */
function bad(scalar: string, value: unknown, expected: string): GraphQLError {
  const shown = typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : String(typeof value);
  return new GraphQLError(`IN-1: ${scalar} cannot represent ${shown}: expected ${expected}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** IN-1: no Date or DateTime outside SCALAR_YEARS gets past parsing (the operations' own windows are narrower). */
function assertYear(scalar: string, value: string): void {
  const year = Number(value.slice(0, 4));
  if (year < SCALAR_YEARS.min || year > SCALAR_YEARS.max) throw bad(scalar, value, `a year from ${SCALAR_YEARS.min} to ${SCALAR_YEARS.max}`);
}

export function parseDate(value: unknown): Temporal.PlainDate {
  if (typeof value !== 'string' || !DATE_RE.test(value)) throw bad('Date', value, 'an ISO date YYYY-MM-DD, e.g. "2026-12-01"');
  assertYear('Date', value);
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    throw bad('Date', value, 'a real calendar day (e.g. 29 February only in leap years)');
  }
}

export function parseDateTime(value: unknown): Temporal.Instant {
  if (typeof value !== 'string' || !DATETIME_RE.test(value)) {
    throw bad('DateTime', value, 'ISO 8601 with an offset, e.g. "2026-12-01T09:00:00+01:00" or "2026-12-01T08:00:00Z"');
  }
  assertYear('DateTime', value);
  try {
    // Validates the calendar fields too (no 2026-02-30T…).
    Temporal.PlainDateTime.from(value.replace(/(Z|[+-]\d{2}:\d{2})$/i, ''), { overflow: 'reject' });
    return Temporal.Instant.from(value);
  } catch {
    throw bad('DateTime', value, 'a real date and time with an offset');
  }
}

function literal(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw new GraphQLError(`IN-1: ${scalar} must be given as a string`, { extensions: { code: 'BAD_USER_INPUT' } });
  return ast.value;
}

/**
 * A Date or DateTime written in the query text that does not parse. graphql-js would refuse it while validating the
 * document, without saying which argument held it; instead it is carried to the field guard, which answers
 * BAD_USER_INPUT with the argument's path (src/auth/input-edge.ts), as for the same value given in a variable.
 */
export class InvalidLiteral {
  constructor(readonly error: GraphQLError) {}
}

function parseLiteralWith<T>(parse: (v: unknown) => T, ast: ValueNode, scalar: string): T {
  try {
    return parse(literal(ast, scalar));
  } catch (err) {
    if (err instanceof GraphQLError) return new InvalidLiteral(err) as unknown as T;
    throw err;
  }
}

export const DateScalar = new GraphQLScalarType<Temporal.PlainDate, string>({
  name: 'Date',
  description: 'ISO 8601 calendar day YYYY-MM-DD (Europe/Copenhagen).',
  serialize: (v) => (v instanceof Temporal.PlainDate ? isoDate(v) : parseDate(v).toString()),
  parseValue: parseDate,
  parseLiteral: (ast) => parseLiteralWith(parseDate, ast, 'Date'),
});

export const DateTimeScalar = new GraphQLScalarType<Temporal.Instant, string>({
  name: 'DateTime',
  description: 'ISO 8601 instant with offset; served in Europe/Copenhagen local time with its offset.',
  serialize: (v) => {
    const i = v instanceof Temporal.Instant ? v : parseDateTime(v);
    // Same text as i.toZonedDateTimeISO('Europe/Copenhagen').toString({ timeZoneName: 'never', fractionalSecondDigits: 0 }), faster.
    return formatZoned(i);
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseLiteralWith(parseDateTime, ast, 'DateTime'),
});
