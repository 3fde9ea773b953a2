/**
 * The one UUID pattern (any version, either case) of the API: ids in input, tokens' scope claims, dev actors,
 * cursors, the letter PDF path. PostgreSQL's `uuid` type accepts exactly these 8-4-4-4-12 hex forms.
 */
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const WHOLE_UUID = new RegExp(`^${UUID_PATTERN}$`);

/** Whether `s` is a whole UUID (nothing before or after it). */
export function isUuid(s: string): boolean {
  return WHOLE_UUID.test(s);
}
