import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The real server (src/main.ts) or a command (scripts/*.ts) as a child process, run in-process by
 * `node --import tsx` (so its PID is the program's own, e.g. to kill -9 it), without DATABASE_URL unless given.
 */
export interface Run {
  proc: ChildProcess;
  out: string[];
  err: string[];
  exited: Promise<number | null>;
}

const root = path.resolve(__dirname, '../..');

export function runProgram(env: Record<string, string | undefined>, args: string[] = ['src/main.ts']): Run {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.DATABASE_URL;
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    // A variable given as undefined is left out (to test a default).
    env: Object.fromEntries(Object.entries({ ...base, HOST: '127.0.0.1', SEED_DEMO: 'false', AUTH_MODE: 'dev', NODE_ENV: 'development', LOG_LEVEL: 'info', TRANSITIONS_SCHEDULE: 'off', ...env })
      .filter((e): e is [string, string] => e[1] !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  proc.stdout!.on('data', (b: Buffer) => out.push(...b.toString().split('\n').filter(Boolean)));
  proc.stderr!.on('data', (b: Buffer) => err.push(...b.toString().split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, out, err, exited };
}

/** Waits for the "selvbook API ready" log line. */
export async function untilReady(r: Run): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (r.out.some((l) => l.includes('selvbook API ready'))) return;
    if (r.proc.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`server did not start:\n${[...r.out, ...r.err].join('\n')}`);
}

/** What a program printed that is not one of pino's JSON log lines (a failed start's one line goes to stderr). */
export function plainLines(r: Run): string[] {
  return [...r.out, ...r.err].filter((l) => !l.startsWith('{'));
}

/** pino's JSON log lines. */
export function logLines(r: Run): Record<string, unknown>[] {
  return r.out.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
