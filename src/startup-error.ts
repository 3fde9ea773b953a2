import { inspect } from 'node:util';

/**
 * A start-up failure whose cause we know, with what to do about it (docs/operations.md).
 * Thrown by the start-up checks (config, embedded database); anything else thrown is described by
 * `describeStartupFailure` all the same.
 */
export class StartupError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Hints for the errors a start can meet from the operating system, PostgreSQL (SQLSTATE) and node-postgres. */
const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address: is PostgreSQL running there, and are DATABASE_URL\'s host and port right?',
  ENOTFOUND: 'the host name does not resolve: check DATABASE_URL\'s host',
  EAI_AGAIN: 'the host name could not be resolved now (DNS): check DATABASE_URL\'s host and the network',
  ETIMEDOUT: 'the connection timed out: check DATABASE_URL\'s host, port and firewall',
  EHOSTUNREACH: 'the host is unreachable: check DATABASE_URL\'s host and the network',
  EADDRINUSE: 'the port is taken by another process: stop that process or choose another PORT',
  EADDRNOTAVAIL: 'this machine has no such address: check HOST',
  EACCES: 'permission denied: a port below 1024 needs privileges (choose another PORT), or check the file\'s permissions (DATA_DIR)',
  ENOSPC: 'the disk is full: free space where DATA_DIR (or PostgreSQL\'s data) lives',
  '28P01': 'PostgreSQL refused the user or password in DATABASE_URL',
  '28000': 'PostgreSQL refused this user or client address (pg_hba.conf): check DATABASE_URL\'s user',
  '3D000': 'the database named in DATABASE_URL does not exist: create it (CREATE DATABASE …) or fix the name',
  '42501': 'the DATABASE_URL user lacks a privilege the migrations need (e.g. CREATE on the schema)',
  '53300': 'PostgreSQL has no connection slot left: lower DB_POOL_SIZE or raise max_connections',
};

const GENERIC_HINT = 'see docs/configuration.md and docs/operations.md; LOG_LEVEL=debug logs more of the start';
const MAX_LENGTH = 1000;

/**
 * One clear line for whatever a failed start threw — an Error (with its `cause` chain and an AggregateError's
 * inner errors, whose own message is often empty), a string, an object, `undefined` — followed by a hint. Never
 * prints a password from a connection URL, never more than one line.
 */
export function describeStartupFailure(err: unknown, what = 'selvbook API failed to start'): string {
  const parts: string[] = [];
  let hint: string | undefined;
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): void => {
    if (depth > 5 || seen.has(e)) return;
    seen.add(e);
    if (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      const text = e.message.trim();
      if (text) parts.push(typeof code === 'string' && !text.includes(code) ? `${text} [${code}]` : text);
      else if (typeof code === 'string') parts.push(`${e.name} [${code}]`);
      hint ??= e instanceof StartupError ? e.hint : typeof code === 'string' ? HINTS[code] : undefined;
      if (e instanceof AggregateError) for (const inner of e.errors) visit(inner, depth + 1);
      if (e.cause !== undefined) visit(e.cause, depth + 1);
      if (!text && typeof code !== 'string' && !(e instanceof AggregateError) && e.cause === undefined) parts.push(`${e.name} without a message`);
    } else if (typeof e === 'string') {
      if (e.trim()) parts.push(e.trim());
    } else if (e === undefined || e === null) {
      parts.push(`a failure without any description (${String(e)} was thrown)`);
    } else {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') hint ??= HINTS[code];
      parts.push(inspect(e, { depth: 2, breakLength: Infinity, compact: true }));
    }
  };
  visit(err, 0);
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  const cause = oneLine(unique.join(': ') || 'an unknown failure');
  return `${what}: ${cause} (hint: ${hint ?? GENERIC_HINT})`;
}

function oneLine(s: string): string {
  const flat = s
    .replace(/(\w+:\/\/[^:/@\s]+):[^@\s]+@/g, '$1:***@') // user:password@ in a connection URL
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH)}…` : flat;
}

/** For the entry points' catch: prints the one line on stderr and exits 1. */
export function exitOnStartupFailure(err: unknown, what?: string): never {
  process.stderr.write(`${describeStartupFailure(err, what)}\n`);
  process.exit(1);
}
