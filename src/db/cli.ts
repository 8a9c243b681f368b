import type { Command } from '../cli/command.ts';

/** The db commands (none yet). */
export const dbCommands: Command[] = [];
