import { parseArgs } from 'node:util';
import { EXIT, UsageError, cliKnowledge, type Command } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { validationError } from '../errors/catalogue.ts';
import { INSTRUMENT_IDS, loadInstruments, type Instrument } from './instruments.ts';
import { buildQuestionnaireResponse } from './questionnaire-response.ts';
import { checkSubmission, screen, type ScreeningResult } from './screen.ts';

/**
 * `--answers 3,2,1` fills the items in order; `--answer seizure=yes` names one item (repeatable).
 * Both may be combined; a named answer wins.
 */
export function cliAnswers(instrument: Instrument, list: string | undefined, named: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  if (list !== undefined) {
    const values = list.split(',').map((v) => v.trim());
    if (values.length > instrument.items.length) throw new UsageError(`${instrument.id} has ${instrument.items.length} questions; --answers gave ${values.length}`);
    values.forEach((v, i) => {
      if (v !== '') raw[instrument.items[i]!.linkId] = v;
    });
  }
  for (const pair of named) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--answer expects linkId=value, e.g. --answer seizure=yes`);
    raw[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return raw;
}

function formatResult(result: ScreeningResult): string {
  const lines = [`${result.action.toUpperCase()}: ${result.message}`];
  if (result.dispatcher) lines.push('', 'What to tell the 911 dispatcher:', ...result.dispatcher.map((l) => `- ${l}`));
  lines.push('', ...result.resources.map((r) => `${r.name}: ${r.phone} (${r.when})`));
  if (result.score !== undefined) lines.push('', `Score ${result.score} of ${result.maxScore}${result.band ? ` (${result.band})` : ''}.`);
  if (result.redFlags.length > 0) lines.push(`Red flags: ${result.redFlags.join(', ')}.`);
  for (const d of result.details) lines.push(d.text);
  lines.push('', result.validity, 'This check does not replace your prescriber, doctor or pharmacist.', `Sources: ${result.sources.join(', ')}.`);
  return lines.join('\n');
}

export const screenCommand: Command = {
  name: 'screen',
  usage: 'rxsafety screen <audit-c|audit|baclofen-misuse|baclofen-withdrawal> [--answers 3,2,1] [--answer id=value]... [--sex female|male] [--json]',
  summary: 'Run a self-check; answers stay on this computer and are not stored',
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { answers: { type: 'string' }, answer: { type: 'string', multiple: true }, sex: { type: 'string' }, json: { type: 'boolean' }, questions: { type: 'boolean' } },
    });
    const id = positionals[0];
    if (!id) throw new UsageError(`Name a check: ${INSTRUMENT_IDS.join(', ')}, e.g. rxsafety screen audit-c --answers 3,2,1 --sex female`);
    const kb = cliKnowledge();
    const instruments = loadInstruments(loadConfig().CONTENT_DIR, new Set(kb.sources.keys()));
    const instrument = instruments.get(id as (typeof INSTRUMENT_IDS)[number]);
    if (!instrument) throw new UsageError(`No check called "${id}". Known: ${INSTRUMENT_IDS.join(', ')}`);
    if (values.questions || (values.answers === undefined && !values.answer)) {
      io.out([`${instrument.questionnaire.title}`, ...instrument.items.map((item) => {
        const options = item.type === 'boolean' ? 'yes|no' : item.type === 'decimal' ? 'number' : (item.answerOption ?? []).map((o) => `${o.valueCoding!.code}=${o.valueCoding!.display}`).join('; ');
        return `  ${item.linkId}: ${item.text} [${options}]`;
      })].join('\n'));
      return values.questions ? EXIT.ok : EXIT.usage;
    }
    const raw = cliAnswers(instrument, values.answers, values.answer ?? []);
    const submission = checkSubmission(instrument, raw, values.sex);
    if (submission.errors.length > 0) {
      // As on the site: a red flag on an incomplete withdrawal check still answers with 911.
      const partial = instrument.rules.kind === 'triage' ? screen(instrument, submission.answers, undefined, kb.content.crisisLines) : undefined;
      if (partial?.action !== 'emergency') throw validationError(submission.errors);
      io.err(`Some questions were not answered (${submission.errors.map((e) => e.field).join(', ')}), but a red flag was reported.`);
    }
    const result = screen(instrument, submission.answers, submission.sex, kb.content.crisisLines);
    if (values.json) {
      io.out(JSON.stringify(Object.assign({}, result, { questionnaireResponse: buildQuestionnaireResponse(instrument, submission.answers, new Date()) }), null, 2));
    } else {
      io.out(formatResult(result));
    }
    return result.action === 'emergency' || result.action === 'urgent' ? EXIT.found : EXIT.ok;
  },
};

export const screeningCommands: Command[] = [screenCommand];
