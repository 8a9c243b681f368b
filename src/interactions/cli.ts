import { parseArgs } from 'node:util';
import { EXIT, UsageError, cliKnowledge, type Command } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { atLeast, InteractionChecker, type CheckResult } from './engine.ts';
import { parseDrugList } from './input-list.ts';
import { loadInteractionRules } from './load-rules.ts';
import { SEVERITIES, type Severity } from './rules-schema.ts';

function formatText(result: CheckResult): string {
  const names = new Map(result.resolved.map((r) => [r.id, r.name]));
  const lines: string[] = [];
  for (const u of result.unresolved) {
    lines.push(`NOT CHECKED: "${u.input}"${u.suggestions.length ? ` (did you mean ${u.suggestions.join(', ')}?)` : ''}`);
  }
  for (const r of result.resolved) if (r.matchedBy === 'misspelling') lines.push(`(read "${r.input}" as ${r.name})`);
  for (const i of result.interactions) {
    lines.push('', `${i.severity.toUpperCase()}: ${i.drugs.map((d) => names.get(d) ?? d).join(' + ')}  [rule ${i.ruleId}]`);
    lines.push(`  What to do: ${i.management}`, `  ${i.summary}`, `  Severity: ${i.severityBasis}`, `  Sources: ${i.sources.join(', ')}`);
  }
  for (const d of result.duplicates) {
    lines.push('', d.reason === 'same-ingredient' ? `DUPLICATE: ${(d.inputs ?? []).join(', ')} are the same medicine` : `DUPLICATE CLASS (${d.class}): ${d.drugs.join(', ')}`);
  }
  lines.push('', result.notice);
  return lines.join('\n').trim();
}

export const checkCommand: Command = {
  name: 'check',
  usage: 'rxsafety check <drug> <drug>... [--json] [--fail-on major]',
  summary: 'Check drugs for interactions; exit 1 when one at or above --fail-on is found, 2 for bad input or a drug not recognised',
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, 'fail-on': { type: 'string', default: 'major' } },
      allowPositionals: true,
    });
    const failOn = values['fail-on'] as Severity;
    if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
    const drugs = parseDrugList(positionals);
    if (drugs.length === 0) throw new UsageError('Name at least one drug, e.g. rxsafety check baclofen tramadol alcohol');
    const config = loadConfig();
    const kb = cliKnowledge(config);
    const result = new InteractionChecker(kb, loadInteractionRules(config.CONTENT_DIR, kb)).check(drugs);
    io.out(values.json ? JSON.stringify(result, null, 2) : formatText(result));
    if (atLeast(result.highestSeverity, failOn)) return EXIT.found;
    // An input that was not checked is never a pass: a script must not read it as "no interactions".
    if (result.unresolved.length > 0) return EXIT.usage;
    return EXIT.ok;
  },
};

/** The interactions commands. */
export const interactionsCommands: Command[] = [checkCommand];
