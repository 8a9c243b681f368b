/**
 * Structured JSON logs, one object a line. Callers pass fields, never request bodies: health data
 * (screening answers) and full email addresses must never reach a log line.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogSink = (line: string) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  level: LogLevel = 'info',
  sink: LogSink = (line) => process.stdout.write(`${line}\n`),
  base: Record<string, unknown> = {},
): Logger {
  return new JsonLogger(rank[level], sink, base);
}

/**
 * A class rather than an object of closures: every request makes a child logger for its id, and six
 * closures a child (each named at run time by the TypeScript loader) cost about 4 µs of every request
 * in the bench server's CPU profile; an instance costs one small object.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly minRank: number,
    private readonly sink: LogSink,
    private readonly base: Record<string, unknown>,
  ) {}

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('warn', msg, fields);
  }

  error(msg: string, fields?: Record<string, unknown>): void {
    this.write('error', msg, fields);
  }

  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.minRank, this.sink, Object.assign({}, this.base, fields));
  }

  private write(at: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>): void {
    if (rank[at] < this.minRank) return;
    this.sink(JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...this.base, ...fields }, errorReplacer));
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** "someone@example.org" → "so…@example.org": enough to trace a problem, not enough to identify. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '…';
  return `${email.slice(0, Math.min(2, at))}…${email.slice(at)}`;
}
