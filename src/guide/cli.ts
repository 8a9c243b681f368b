import type { Command } from '../cli/command.ts';

/** The guide commands (none yet). */
export const guideCommands: Command[] = [];
