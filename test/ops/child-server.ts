import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export const PROJECT_DIR = resolve(import.meta.dirname, '../..');

export interface ChildServer {
  child: ChildProcess;
  url: string;
  port: number;
  /** Every stdout line (JSON log lines) so far. */
  lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until a log line with this `msg` appears. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Runs a script of this project the way an operator does (`node --import tsx …`), output captured. */
export function runNode(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PROJECT_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RXSAFETY_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * `npm start` as a child process on an ephemeral port (PORT=0): resolves once it logs the URL it
 * listens on, or rejects with its stderr if it exits first.
 */
export async function startChildServer(env: Record<string, string> = {}, script = 'src/main.ts'): Promise<ChildServer> {
  const child = runNode(script, { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: 'sqlite::memory:', ...env });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const lines: string[] = [];
  const waiters: { msg: string; resolve: (fields: Record<string, unknown>) => void }[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    for (const w of waiters.filter((w) => w.msg === fields.msg)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(fields);
    }
  });
  const waitForLog = (msg: string, timeoutMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolvePromise, reject) => {
      const seen = lines.map((l) => safeParse(l)).find((f) => f?.msg === msg);
      if (seen) return resolvePromise(seen);
      const timer = setTimeout(() => reject(new Error(`no "${msg}" log line within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      waiters.push({ msg, resolve: (f) => (clearTimeout(timer), resolvePromise(f)) });
      void exited.then(({ code }) => reject(new Error(`server exited (${code}) before logging "${msg}": ${stderr}`)));
    });
  const listening = await waitForLog('rxsafety listening');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const url = String(listening.url);
  return { child, url, port: Number(new URL(url).port), lines, exited, waitForLog, stop };
}

function safeParse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A port free on 127.0.0.1 now, for a process that must be told its port before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolvePromise) => probe.once('listening', resolvePromise));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolvePromise) => probe.close(resolvePromise));
  return port;
}

/** Waits until `condition` holds, checking every `everyMs`; fails naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 60_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
