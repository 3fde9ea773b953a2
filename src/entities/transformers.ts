import type { Temporal } from 'temporal-polyfill';
import type { ValueTransformer } from 'typeorm';
import { internDate, internInstant } from '../domain/shared/temporal-values';

/** `date` ↔ Temporal.PlainDate. The pg driver is set to return dates as 'YYYY-MM-DD' strings (data-source.ts). */
export const plainDate: ValueTransformer = {
  to: (v: Temporal.PlainDate | null | undefined) => (v == null ? v : v.toString()),
  from: (v: string | null) => (v == null ? null : internDate(v)),
};

/** `timestamptz` ↔ Temporal.Instant (from a Date of the pg driver, or the ISO text of row_to_json). */
export const instant: ValueTransformer = {
  to: (v: Temporal.Instant | null | undefined) => (v == null ? v : new Date(v.epochMilliseconds)),
  from: (v: Date | string | null) => {
    if (v == null) return null;
    const ms = v instanceof Date ? v.getTime() : Date.parse(v);
    if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${String(v)}`);
    return internInstant(ms);
  },
};
