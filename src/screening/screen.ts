import { validationError, type FieldError } from '../errors/catalogue.ts';
import type { CrisisLine } from '../knowledge/schema.ts';
import { parseAnswers, type Answers } from './answers.ts';
import type { Instrument, InstrumentId } from './instruments.ts';
import type { Action } from './rules-schema.ts';
import { assessMisuseChecklist, scoreAudit, scoreAuditC, type Sex } from './scoring.ts';
import { dispatcherScript, triageWithdrawal } from './withdrawal-triage.ts';

/** A help line from content/crisis-lines.yaml, as a screening result lists it. */
export interface HelpResource {
  id: string;
  name: string;
  phone: string;
  text?: string;
  url?: string;
  when: string;
}

export interface CitedText {
  text: string;
  sources: string[];
}

export interface ScreeningResult {
  instrument: InstrumentId;
  title: string;
  validated: boolean;
  validity: string;
  score?: number;
  maxScore?: number;
  band?: string;
  action: Action;
  /** linkIds of the answers that made this an emergency. */
  redFlags: string[];
  message: string;
  /** Explanation after the action, each paragraph cited. */
  details: CitedText[];
  /** What to tell the 911 dispatcher (emergencies only). */
  dispatcher?: string[];
  resources: HelpResource[];
  /** Every source id the result cites, without repeats. */
  sources: string[];
}

export interface Submission {
  answers: Answers;
  sex?: Sex;
  errors: FieldError[];
}

/** Checks the answers (and sex, which AUDIT-C's cut-off needs) without throwing. */
export function checkSubmission(instrument: Instrument, rawAnswers: Readonly<Record<string, unknown>>, sex?: string): Submission {
  const { answers, errors } = parseAnswers(instrument, rawAnswers);
  let parsedSex: Sex | undefined;
  if (sex === 'female' || sex === 'male') parsedSex = sex;
  else if (sex !== undefined && sex !== '') errors.push({ field: 'sex', message: 'expected female or male' });
  if (instrument.rules.kind === 'sum-with-cutoff' && !parsedSex) {
    errors.push({
      field: 'sex',
      message: `required for ${instrument.questionnaire.title ?? instrument.id}: the cut-off is ${instrument.rules.cutoffs.male} for men and ${instrument.rules.cutoffs.female} for women`,
    });
  }
  return { answers, sex: parsedSex, errors };
}

/** Validates then screens; invalid input throws a validation-failed AppError naming each item. */
export function runScreening(instrument: Instrument, rawAnswers: Readonly<Record<string, unknown>>, sex: string | undefined, crisisLines: readonly CrisisLine[]): ScreeningResult {
  const submission = checkSubmission(instrument, rawAnswers, sex);
  if (submission.errors.length > 0) throw validationError(submission.errors);
  return screen(instrument, submission.answers, submission.sex, crisisLines);
}

/**
 * Scores or triages checked answers. Pure: nothing here stores, logs or sends the answers.
 * The withdrawal check accepts partial answers, so a red flag on a half-filled form still reaches 911.
 */
export function screen(instrument: Instrument, answers: Answers, sex: Sex | undefined, crisisLines: readonly CrisisLine[]): ScreeningResult {
  const { rules } = instrument;
  const finish = (outcome: Outcome, sourceLists: string[][]) => resultOf(instrument, outcome, sourceLists);
  const help = (...ids: string[]) => resourcesFor(crisisLines, ids);
  switch (rules.kind) {
    case 'sum-with-cutoff': {
      // checkSubmission makes sex required; the women's cut-off is only a fallback for direct callers.
      const outcome = scoreAuditC(rules, answers, sex ?? 'female');
      return finish({ score: outcome.score, maxScore: rules.maxScore, band: outcome.band, action: outcome.action, redFlags: [], message: outcome.message, details: [], resources: help('samhsa-helpline') }, [outcome.sources, rules.sources]);
    }
    case 'zones': {
      const outcome = scoreAudit(rules, answers);
      return finish(
        { score: outcome.score, maxScore: rules.maxScore, band: outcome.band, action: outcome.action, redFlags: [], message: `${outcome.zoneTitle}. ${outcome.message}`, details: outcome.notes, resources: help('samhsa-helpline') },
        [outcome.sources, rules.sources],
      );
    }
    case 'checklist': {
      const outcome = assessMisuseChecklist(rules, answers);
      return finish({ action: outcome.action, redFlags: [], message: outcome.message, details: outcome.notes, resources: help('samhsa-helpline', 'lifeline-988') }, [outcome.sources, rules.sources]);
    }
    case 'triage': {
      const triage = triageWithdrawal(rules, answers);
      const { messages } = rules;
      if (triage.action === 'emergency') {
        const details = [
          ...(triage.route !== 'oral' ? [messages.emergencyIntrathecal] : []),
          ...(triage.suspectedOverdose ? [messages.overdoseInEmergency] : []),
        ];
        const hours = answers.get('hours-since-last-dose');
        return finish(
          {
            action: 'emergency',
            redFlags: triage.redFlags,
            message: messages.emergency.text,
            details,
            dispatcher: dispatcherScript(rules, triage, hours?.type === 'decimal' ? hours.value : undefined),
            resources: triage.suspectedOverdose ? help('emergency-911', 'poison-help') : help('emergency-911'),
          },
          [messages.emergency.sources, ...details.map((d) => d.sources), rules.redFlags.flatMap((f) => f.sources)],
        );
      }
      if (triage.action === 'urgent') {
        const primary = triage.suspectedOverdose ? messages.overdoseUrgent : messages.urgent;
        const details = triage.suspectedOverdose && triage.warningSigns.length > 0 ? [messages.urgent] : [];
        return finish(
          { action: 'urgent', redFlags: [], message: primary.text, details, resources: triage.suspectedOverdose ? help('poison-help', 'emergency-911') : help('emergency-911') },
          [primary.sources, ...details.map((d) => d.sources), rules.urgentSigns.sources],
        );
      }
      return finish({ action: 'information', redFlags: [], message: messages.information.text, details: [], resources: help('emergency-911', 'poison-help') }, [messages.information.sources]);
    }
  }
}

/** What a screening found; resultOf adds what every result says about its instrument. */
type Outcome = Omit<ScreeningResult, 'instrument' | 'title' | 'validated' | 'validity' | 'sources'>;

function resultOf(instrument: Instrument, outcome: Outcome, sourceLists: string[][]): ScreeningResult {
  const { rules } = instrument;
  return {
    instrument: instrument.id,
    title: instrument.questionnaire.title ?? instrument.id,
    validated: rules.validated,
    validity: rules.validity,
    ...outcome,
    sources: [...new Set(sourceLists.flat())],
  };
}

/** Looks help lines up by id; the numbers live only in content/crisis-lines.yaml. */
export function resourcesFor(lines: readonly CrisisLine[], ids: readonly string[]): HelpResource[] {
  return ids.map((id) => {
    const line = lines.find((l) => l.id === id);
    if (!line) throw new Error(`crisis line "${id}" is missing from content/crisis-lines.yaml`);
    return { id: line.id, name: line.name, phone: line.phone, text: line.text, ...(line.url ? { url: line.url } : {}), when: line.when };
  });
}
