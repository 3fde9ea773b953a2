import { Temporal } from 'temporal-polyfill';
import type { ValueTransformer } from 'typeorm';

/** `date` ↔ Temporal.PlainDate. The pg driver is set to return dates as 'YYYY-MM-DD' strings (data-source.ts). */
export const plainDate: ValueTransformer = {
  to: (v: Temporal.PlainDate | null | undefined) => (v == null ? v : v.toString()),
  from: (v: string | null) => (v == null ? null : Temporal.PlainDate.from(v)),
};

/** `timestamptz` ↔ Temporal.Instant. */
export const instant: ValueTransformer = {
  to: (v: Temporal.Instant | null | undefined) => (v == null ? v : new Date(v.epochMilliseconds)),
  from: (v: Date | string | null) =>
    v == null ? null : Temporal.Instant.fromEpochMilliseconds(v instanceof Date ? v.getTime() : new Date(v).getTime()),
};
