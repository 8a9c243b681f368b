import type { Command } from '../cli/command.ts';

/** The interactions commands (none yet). */
export const interactionsCommands: Command[] = [];
