import type { Command } from '../cli/command.ts';

/** The treatment commands (none yet). */
export const treatmentCommands: Command[] = [];
