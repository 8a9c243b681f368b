import type { Coding, QuestionnaireItem } from '@medplum/fhirtypes';
import type { FieldError } from '../errors/catalogue.ts';
import type { Instrument } from './instruments.ts';

/** One answer, checked against its questionnaire item. */
export type Answer =
  | { type: 'choice'; coding: Coding; /** the published score, for scored items */ score?: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'decimal'; value: number };

export type Answers = ReadonlyMap<string, Answer>;

export interface ParsedAnswers {
  answers: Answers;
  /** One per bad, missing or unknown item; `field` is `answers.<linkId>`. Values are never echoed. */
  errors: FieldError[];
}

const ORDINAL_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
/** Hours in a year: anything longer is not a "last dose" a withdrawal check can use. */
const MAX_HOURS_SINCE_LAST_DOSE = 8760;
const YES = new Set(['true', 'yes', 'y', '1']);
const NO = new Set(['false', 'no', 'n', '0']);

/**
 * Checks raw answers (JSON values, form fields or CLI strings) against the questionnaire. Pure: the
 * answers live only in the returned value.
 */
export function parseAnswers(instrument: Instrument, raw: Readonly<Record<string, unknown>>): ParsedAnswers {
  const answers = new Map<string, Answer>();
  const errors: FieldError[] = [];
  const known = new Set(instrument.items.map((i) => i.linkId));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) errors.push({ field: `answers.${key.slice(0, 60)}`, message: `not a question of ${instrument.id}` });
  }
  for (const item of instrument.items) {
    const value = raw[item.linkId];
    const field = `answers.${item.linkId}`;
    if (value === undefined || value === null || value === '') {
      if (item.required) errors.push({ field, message: 'missing: answer this question' });
      continue;
    }
    const parsed = parseOne(item, value);
    if (typeof parsed === 'string') errors.push({ field, message: parsed });
    else answers.set(item.linkId, parsed);
  }
  return { answers, errors };
}

function parseOne(item: QuestionnaireItem, value: unknown): Answer | string {
  switch (item.type) {
    case 'choice': {
      const options = (item.answerOption ?? []).filter((o) => o.valueCoding?.code !== undefined);
      const codes = options.map((o) => o.valueCoding!.code!);
      const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : undefined;
      const option = text === undefined ? undefined : options.find((o) => o.valueCoding!.code === text);
      if (!option) return `expected one of ${codes.join(', ')}`;
      const score = option.extension?.find((e) => e.url === ORDINAL_URL)?.valueDecimal;
      return { type: 'choice', coding: option.valueCoding!, ...(score === undefined ? {} : { score }) };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { type: 'boolean', value };
      const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (text !== undefined && YES.has(text)) return { type: 'boolean', value: true };
      if (text !== undefined && NO.has(text)) return { type: 'boolean', value: false };
      return 'expected yes or no (true or false)';
    }
    case 'decimal': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isFinite(number) || number < 0 || number > MAX_HOURS_SINCE_LAST_DOSE) {
        return `expected a number from 0 to ${MAX_HOURS_SINCE_LAST_DOSE}`;
      }
      return { type: 'decimal', value: number };
    }
    default:
      return `item type ${item.type} is not supported`;
  }
}

/** True when a yes/no item was answered yes. */
export function isYes(answers: Answers, linkId: string): boolean {
  const answer = answers.get(linkId);
  return answer?.type === 'boolean' && answer.value;
}

/** The published score of a scored item (0 when unanswered: the WHO skip rules score skipped items 0). */
export function scoreOf(answers: Answers, linkId: string): number {
  const answer = answers.get(linkId);
  return answer?.type === 'choice' ? (answer.score ?? 0) : 0;
}
