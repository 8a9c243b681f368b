import type { Command } from '../cli/command.ts';

/** The plans commands (none yet). */
export const plansCommands: Command[] = [];
