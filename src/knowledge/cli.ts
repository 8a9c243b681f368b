import { parseArgs } from 'node:util';
import { EXIT, UsageError, cliKnowledge, type Command } from '../cli/command.ts';
import { drugToDto } from './http/api.ts';
import { lintContent } from './lint.ts';
import { describeReview } from './review-status.ts';

export const drugCommand: Command = {
  name: 'drug',
  usage: 'rxsafety drug <name> [--json]',
  summary: 'Show a drug record (name, brand, synonym or RxCUI; misspellings tolerated)',
  run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
    const name = positionals.join(' ').trim();
    if (!name) throw new UsageError('Name a drug, e.g. rxsafety drug baclofen');
    const kb = cliKnowledge();
    const resolution = kb.resolveDrug(name);
    if (!resolution.ok) {
      io.err(
        resolution.suggestions.length > 0
          ? `No drug called "${name}". Did you mean: ${resolution.suggestions.join(', ')}?`
          : `No drug called "${name}". Try "rxsafety search ${name}".`,
      );
      return EXIT.found;
    }
    const drug = resolution.drug;
    if (values.json) {
      io.out(JSON.stringify(drugToDto(drug, resolution.matchedBy), null, 2));
      return EXIT.ok;
    }
    const sources = kb.citedSources(drug);
    const number = new Map(sources.map((s, i) => [s.id, i + 1]));
    const lines = [
      `${drug.name}${drug.brandNames.length ? ` (${drug.brandNames.join(', ')})` : ''}`,
      resolution.matchedBy === 'misspelling' ? `(showing ${drug.name} for "${name}")` : '',
      drug.summary,
      describeReview(drug.review).statement,
      'Information only: it does not replace your prescriber or pharmacist.',
    ].filter(Boolean);
    for (const section of drug.sections) {
      lines.push('', section.title.toUpperCase());
      for (const claim of section.claims) {
        lines.push(`- ${claim.text} ${claim.sources.map((s) => `[${number.get(s)}]`).join('')}`);
      }
    }
    lines.push('', 'REFERENCES');
    sources.forEach((s, i) => lines.push(`[${i + 1}] ${s.authors}. ${s.title}. ${s.publisher}, ${s.year}.`));
    io.out(lines.join('\n'));
    return EXIT.ok;
  },
};

export const searchCommand: Command = {
  name: 'search',
  usage: 'rxsafety search <text> [--json]',
  summary: 'Search drugs, sections, studies and sources',
  run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
    const q = positionals.join(' ').trim();
    if (!q) throw new UsageError('Give something to search for, e.g. rxsafety search baclofen withdrawal');
    const results = cliKnowledge().search(q);
    if (values.json) io.out(JSON.stringify({ results }, null, 2));
    else if (results.length === 0) io.out(`Nothing found for "${q}".`);
    else io.out(results.map((r) => `${r.title}  [${r.type}]  ${r.url}\n  ${r.snippet}`).join('\n'));
    return EXIT.ok;
  },
};

export const contentLintCommand: Command = {
  name: 'content lint',
  usage: 'rxsafety content lint [--dir content]',
  summary: 'Validate all content and flag overdue or missing reviews',
  run(args, io) {
    const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
    const findings = lintContent(values.dir ?? 'content');
    for (const f of findings) (f.level === 'error' ? io.err : io.out)(`${f.level}: ${f.file}: ${f.message}`);
    const errors = findings.filter((f) => f.level === 'error').length;
    io.out(errors === 0 ? `content ok (${findings.length} note${findings.length === 1 ? '' : 's'})` : `${errors} error(s)`);
    return errors === 0 ? EXIT.ok : EXIT.found;
  },
};
