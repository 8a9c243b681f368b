import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, cliKnowledge, type Command } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { buildGuidePdf, formatSize } from './guide-cache.ts';

export const guideCommand: Command = {
  name: 'guide',
  usage: 'rxsafety guide <drug> --out guide.pdf',
  summary: 'Write the PDF guide for a drug (built from the same content as its page)',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
    const drugId = positionals[0];
    if (!drugId || positionals.length > 1) throw new UsageError('Name one drug, e.g. rxsafety guide baclofen --out guide.pdf');
    if (!values.out) throw new UsageError('Say where to write the PDF with --out guide.pdf');
    const config = loadConfig();
    const guide = await buildGuidePdf(cliKnowledge(config), drugId, { siteUrl: config.PUBLIC_URL?.replace(/\/+$/, '') });
    writeFileSync(values.out, guide.bytes);
    io.out(`wrote ${values.out} (${formatSize(guide.bytes.length)}, compiled on ${guide.compiledOn})`);
    return EXIT.ok;
  },
};

export const guideCommands: Command[] = [guideCommand];
