import { ConfigError } from '../config/config.ts';
import { dbCommands } from '../db/cli.ts';
import { AppError } from '../errors/catalogue.ts';
import { guideCommands } from '../guide/cli.ts';
import { interactionsCommands } from '../interactions/cli.ts';
import { contentLintCommand, drugCommand, searchCommand } from '../knowledge/cli.ts';
import { ContentError } from '../knowledge/content-files.ts';
import { plansCommands } from '../plans/cli.ts';
import { screeningCommands } from '../screening/cli.ts';
import { subscriptionsCommands } from '../subscriptions/cli.ts';
import { treatmentCommands } from '../treatment/cli.ts';
import { EXIT, UsageError, processIo, type CliIo, type Command } from './command.ts';
import { serveCommand } from './serve.ts';

export const commands: readonly Command[] = [
  drugCommand,
  searchCommand,
  contentLintCommand,
  ...interactionsCommands,
  ...plansCommands,
  ...screeningCommands,
  ...treatmentCommands,
  ...guideCommands,
  ...subscriptionsCommands,
  ...dbCommands,
  serveCommand,
];

function help(): string {
  return [
    'rxsafety: cited medicine-safety information and tools. Information only: it does not replace your prescriber.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(58)} ${c.summary}`),
  ].join('\n');
}

/** Finds the command whose name (one or two words) starts the arguments; the longest name wins. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

/** Runs the CLI and returns the exit status; every expected failure is a readable message, never a stack trace. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(help());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`Unknown command "${argv.join(' ')}".\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nUsage: ${found.command.usage}`);
      return EXIT.usage;
    }
    if (error instanceof AppError) {
      io.err(`${error.title}: ${error.detail}`);
      return error.status === 422 ? EXIT.found : EXIT.usage;
    }
    if (error instanceof ConfigError || error instanceof ContentError) {
      io.err(error.message);
      return EXIT.usage;
    }
    // parseArgs reports unknown or malformed options with this code.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}\nUsage: ${found.command.usage}`);
      return EXIT.usage;
    }
    throw error;
  }
}
