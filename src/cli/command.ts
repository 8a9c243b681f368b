import { loadConfig, type Config } from '../config/config.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** A CLI command. `args` are what follows the command's own name(s). Returns the exit status. */
export interface Command {
  /** e.g. "drug" or "content lint" (a sub-command is written with a space). */
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number> | number;
}

/** Exit statuses: 0 ok; 1 the check found something (e.g. an interaction at --fail-on); 2 bad input. */
export const EXIT = { ok: 0, found: 1, usage: 2 } as const;

export class UsageError extends Error {}

let cachedKb: KnowledgeBase | undefined;
/** The content, loaded once per process from CONTENT_DIR (default content/). */
export function cliKnowledge(config: Config = loadConfig()): KnowledgeBase {
  return (cachedKb ??= KnowledgeBase.fromDirectory(config.CONTENT_DIR));
}
