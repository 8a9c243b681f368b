import type { Command } from '../cli/command.ts';

/** The screening commands (none yet). */
export const screeningCommands: Command[] = [];
