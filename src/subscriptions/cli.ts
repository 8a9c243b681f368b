import type { Command } from '../cli/command.ts';

/** The subscriptions commands (none yet). */
export const subscriptionsCommands: Command[] = [];
