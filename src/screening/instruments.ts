import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IssueCollector, readYamlFile } from '../knowledge/content-files.ts';
import { InstrumentRules } from './rules-schema.ts';

/** The four instruments, in the order the site lists them. */
export const INSTRUMENT_IDS = ['baclofen-withdrawal', 'baclofen-misuse', 'audit-c', 'audit'] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

/** A questionnaire (FHIR R4, as served) with the scoring or triage rules beside it. */
export interface Instrument {
  id: InstrumentId;
  questionnaire: Questionnaire;
  rules: InstrumentRules;
  /** Answerable items in order (display items excluded). */
  items: QuestionnaireItem[];
}

export type Instruments = ReadonlyMap<InstrumentId, Instrument>;

/**
 * Reads content/questionnaires/<id>.json and <id>.yaml for every instrument and checks that the rules
 * only name items the questionnaire has and sources that exist. Throws ContentError naming each problem.
 */
export function loadInstruments(contentDir: string, knownSourceIds: ReadonlySet<string>): Instruments {
  const dir = join(contentDir, 'questionnaires');
  const issues = new IssueCollector(contentDir);
  const out = new Map<InstrumentId, Instrument>();
  for (const id of INSTRUMENT_IDS) {
    const jsonFile = join(dir, `${id}.json`);
    const yamlFile = join(dir, `${id}.yaml`);
    if (!existsSync(jsonFile)) {
      issues.add(jsonFile, '', 'missing: every instrument needs its FHIR Questionnaire');
      continue;
    }
    let questionnaire: Questionnaire;
    try {
      questionnaire = JSON.parse(readFileSync(jsonFile, 'utf8')) as Questionnaire;
    } catch (error) {
      issues.add(jsonFile, '', `not valid JSON: ${(error as Error).message}`);
      continue;
    }
    if (questionnaire.resourceType !== 'Questionnaire' || questionnaire.id !== id) {
      issues.add(jsonFile, 'id', `expected a Questionnaire with id "${id}"`);
      continue;
    }
    const rules = readYamlFile(yamlFile, InstrumentRules, issues);
    if (!rules) continue;
    if (rules.id !== id) issues.add(yamlFile, 'id', `expected "${id}" (the file name)`);
    const items = (questionnaire.item ?? []).filter((item) => item.type !== 'display');
    const linkIds = new Set(items.map((item) => item.linkId));
    for (const [field, linkId] of referencedLinkIds(rules)) {
      if (!linkIds.has(linkId)) issues.add(yamlFile, field, `unknown item "${linkId}" (not in ${id}.json)`);
    }
    for (const [field, sid] of citedSourceIds(rules)) {
      if (!knownSourceIds.has(sid)) issues.add(yamlFile, field, `unknown source "${sid}" (expected content/sources/${sid}.yaml)`);
    }
    out.set(id, { id, questionnaire, rules, items });
  }
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const base = name.replace(/\.(json|yaml)$/, '');
      if (!(INSTRUMENT_IDS as readonly string[]).includes(base)) issues.add(join(dir, name), '', 'not an instrument rxsafety knows');
    }
  }
  issues.throwIfAny();
  return out;
}

function referencedLinkIds(rules: InstrumentRules): [string, string][] {
  switch (rules.kind) {
    case 'sum-with-cutoff':
      return [];
    case 'zones':
      return [
        ...rules.stepUp.anyAtLeast.items.map((l, i): [string, string] => [`stepUp.anyAtLeast.items.${i}`, l]),
        ...rules.stepUp.anyEquals.items.map((l, i): [string, string] => [`stepUp.anyEquals.items.${i}`, l]),
      ];
    case 'checklist':
      return Object.keys(rules.items).map((l): [string, string] => [`items.${l}`, l]);
    case 'triage':
      return [
        ...Object.keys(rules.labels).map((l): [string, string] => [`labels.${l}`, l]),
        ...rules.redFlags.flatMap((flag, i) =>
          [...flag.allOf, ...flag.anyOf].map((l): [string, string] => [`redFlags.${i}`, l]),
        ),
        ...rules.urgentSigns.linkIds.map((l, i): [string, string] => [`urgentSigns.linkIds.${i}`, l]),
        ['overdose.linkId', rules.overdose.linkId],
      ];
  }
}

/** Every `sources` list anywhere in the rules, with its path. */
function citedSourceIds(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => citedSourceIds(v, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => {
      const field = path ? `${path}.${key}` : key;
      if ((key === 'sources' || path === 'items') && Array.isArray(v)) return v.map((sid, i): [string, string] => [`${field}.${i}`, String(sid)]);
      return citedSourceIds(v, field);
    });
  }
  return [];
}
