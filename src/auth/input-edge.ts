import {
  type GraphQLField, type GraphQLInputType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType, getNamedType,
  isInputObjectType, isScalarType,
} from 'graphql';
import type { Temporal } from 'temporal-polyfill';
import { PERIOD_INPUTS, dateWindowError, dayKindOf, periodLengthError } from '../domain/shared/date-windows';
import { InvalidLiteral } from '../resolvers/scalars';

/**
 * The edge every argument passes once, before any resolver (called by the field guard for every field with
 * arguments), so what is stored, echoed and logged is the same text and no date outside its window reaches code:
 *
 * - Text (every `String` argument, nested input fields and list items too) is normalised once: a lone UTF-16
 *   surrogate becomes U+FFFD (what PostgreSQL's UTF-8 would store anyway) and the text is put in Unicode NFC,
 *   in place, so the resolver, the database and the payload all see the same string.
 * - Bidirectional control characters (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates) are
 *   refused in text. Decision: refused rather than stripped — a caseworker's note or reason that reads
 *   differently from what was typed must not be stored silently altered; the caller gets a clear error instead.
 *   (The marks U+200E/U+200F, which cannot reorder text around them, stay allowed for right-to-left text.)
 * - IN-1: every `Date`/`DateTime` must lie in the window of its kind (src/domain/shared/date-windows.ts) as of
 *   today, and bounded periods (a holiday) must not be longer than allowed.
 */

export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as it is kept: lone surrogates replaced by U+FFFD, then NFC. */
export function normaliseText(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
}

export interface EdgeError {
  message: string;
  /** The argument path, e.g. ['input', 'bookBy'] or ['from']. */
  path: string[];
  /** A Date/DateTime literal of the query text that does not parse: always BAD_USER_INPUT, as in a variable. */
  literal?: boolean;
}

/** Whether any argument of the field can hold text or a date (only those fields are walked). */
export function needsEdge(field: GraphQLField<unknown, unknown>): boolean {
  const seen = new Set<string>();
  const walk = (t: GraphQLInputType): boolean => {
    const n = getNamedType(t);
    if (isScalarType(n)) return n.name === 'String' || n.name === 'Date' || n.name === 'DateTime';
    if (!isInputObjectType(n) || seen.has(n.name)) return false;
    seen.add(n.name);
    return Object.values(n.getFields()).some((f) => walk(f.type));
  };
  return field.args.some((a) => walk(a.type));
}

/**
 * Normalises the text of `args` in place and checks text and dates; the first fault found, or null. `today` is
 * asked only when a date is given.
 * `root` is e.g. "Query.jointInterviewOptOuts" (argument positions are named `Query.field(arg)`).
 */
export function checkEdge(field: GraphQLField<unknown, unknown>, root: string, args: Record<string, unknown>, today: () => Temporal.PlainDate, cite = `${root}: `): EdgeError | null {
  let day: Temporal.PlainDate | undefined;
  const once = () => (day ??= today());
  for (const a of field.args) {
    if (!(a.name in args)) continue;
    const e = walkValue(a.type, args, a.name, `${root}(${a.name})`, [a.name], once, cite);
    if (e) return e;
  }
  return null;
}

/** Checks (and normalises) `holder[key]`, of type `type`, at `position` in the schema and `path` in the arguments. */
function walkValue(type: GraphQLInputType, holder: Record<string, unknown> | unknown[], key: string | number, position: string, path: string[], today: () => Temporal.PlainDate, cite: string): EdgeError | null {
  const value = (holder as Record<string | number, unknown>)[key];
  if (value === null || value === undefined) return null;
  if (type instanceof GraphQLNonNull) return walkValue(type.ofType, holder, key, position, path, today, cite);
  if (type instanceof GraphQLList) {
    if (!Array.isArray(value)) return walkValue(type.ofType, holder, key, position, path, today, cite);
    for (let i = 0; i < value.length; i++) {
      const e = walkValue(type.ofType, value, i, position, [...path, String(i)], today, cite);
      if (e) return e;
    }
    return null;
  }
  if (type instanceof GraphQLInputObjectType) {
    const obj = value as Record<string, unknown>;
    const fields = type.getFields();
    for (const k of Object.keys(obj)) {
      const f = fields[k];
      if (!f) continue;
      const e = walkValue(f.type, obj, k, `${type.name}.${k}`, [...path, k], today, cite);
      if (e) return e;
    }
    const period = PERIOD_INPUTS[type.name];
    if (period && obj[period.from] && obj[period.to]) {
      const msg = periodLengthError(period.from, obj[period.from] as Temporal.PlainDate, period.to, obj[period.to] as Temporal.PlainDate, period.maxDays);
      if (msg) return { message: msg, path: [...path, period.to] };
    }
    return null;
  }
  if (!(type instanceof GraphQLScalarType)) return null;
  const field = path[path.length - 1]!;
  if (type.name === 'String' && typeof value === 'string') {
    const text = normaliseText(value);
    if (text !== value) (holder as Record<string | number, unknown>)[key] = text;
    if (BIDI_CONTROLS.test(text)) {
      return { message: `${cite}${field} must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069): they make text display differently from what is stored`, path };
    }
    return null;
  }
  if (type.name === 'Date' || type.name === 'DateTime') {
    if (value instanceof InvalidLiteral) {
      // IN-1 first, as every date refusal (the scalar's message carries it; graphql-js's for a variable is reordered in
      // src/server.ts maskError).
      return { message: `IN-1: Argument "${path[0]}" got invalid value at "${path.join('.')}"; ${value.error.message.replace(/^IN-1: /, '')}`, path, literal: true };
    }
    const msg = dateWindowError(dayKindOf(position), field, value as Temporal.PlainDate | Temporal.Instant, today());
    return msg ? { message: msg, path } : null;
  }
  return null;
}
