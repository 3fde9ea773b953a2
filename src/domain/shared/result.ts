/** The one result shape of every domain service operation. */
export type Result<T, C extends string = string> =
  | { ok: true; value: T }
  | { ok: false; code: C; message: string; field?: string[] };

export type Failure<C extends string = string> = Extract<Result<never, C>, { ok: false }>;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends string>(code: C, message: string, field?: string[]): Failure<C> {
  return { ok: false, code, message, ...(field ? { field } : {}) };
}

/** Thrown inside a transaction to roll it back and return the failure as the operation's result. */
export class RollbackWith extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}
