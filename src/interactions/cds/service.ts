import { createHash } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { InteractionChecker, InteractionFinding } from '../engine.ts';
import type { Severity } from '../rules-schema.ts';
import { bestInput, medicationRequestsIn, orderedMedication } from './medications.ts';
import { deepFreeze } from '../../lib/deep-freeze.ts';

/** A CDS Hooks 2.0 card (the fields this service sends). */
export interface Card {
  uuid: string;
  summary: string;
  indicator: 'info' | 'warning' | 'critical';
  detail?: string;
  source: { label: string; url?: string; topic?: { system: string; code: string; display: string } };
  overrideReasons?: { code: string; system: string; display: string }[];
  selectionBehavior?: 'at-most-one' | 'any';
}

export const SERVICE_ID = 'rxsafety-interactions';
export const OVERRIDE_SYSTEM = 'https://rxsafety.org/cds/override-reasons';
const SUMMARY_MAX = 139;

export const overrideReasons = [
  { code: 'benefit-outweighs-risk', system: OVERRIDE_SYSTEM, display: 'Benefit outweighs the risk for this patient' },
  { code: 'monitoring-in-place', system: OVERRIDE_SYSTEM, display: 'Monitoring is in place' },
  { code: 'patient-tolerating', system: OVERRIDE_SYSTEM, display: 'Patient already takes both without problems' },
  { code: 'not-applicable', system: OVERRIDE_SYSTEM, display: 'Not applicable to this patient' },
];

const indicatorFor = (severity: Severity): Card['indicator'] =>
  severity === 'contraindicated' ? 'critical' : severity === 'major' || severity === 'moderate' ? 'warning' : 'info';

/** A uuid derived from what the card is about, so the same finding gets the same uuid every time. */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Shaped as an RFC 4122 name-based UUID (version 5 bits, variant 10).
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function clip(text: string): string {
  return text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX - 1).trimEnd()}…`;
}

export interface ServiceInput {
  draftOrders: Bundle;
  /** Order ids the clinician selected (order-select); empty means every draft order. */
  selections: string[];
  /** Active medications, or undefined when neither prefetch nor the FHIR server gave them. */
  active: Bundle | undefined;
  /** Why the active medications are missing, for the info card. */
  activeUnavailableReason?: string;
  /** Absolute base for links (the rule pages). */
  baseUrl: string;
}

/**
 * What the cards depend on, and nothing else: each medication as the checker will name it (drafts,
 * then active ones, in the order sent), the drafts the clinician selected, and why the active list
 * is missing. Two requests with the same case get the same cards, so the route can remember them.
 */
export interface CardCase {
  drafts: string[];
  /** Null when neither prefetch nor the FHIR server gave the active medications. */
  actives: string[] | null;
  subjects: string[];
  activeUnavailableReason?: string;
  baseUrl: string;
}

export function cardCase(kb: KnowledgeBase, input: ServiceInput): CardCase {
  const drafts = medicationRequestsIn(input.draftOrders).map(orderedMedication);
  const subjects = input.selections.length > 0 ? drafts.filter((d) => d.requestId && input.selections.some((s) => s === d.requestId || s.endsWith(`/${d.requestId}`))) : drafts;
  // Each medication's input is worked out once: the cards compare against these strings.
  const inputOf = new Map([...drafts, ...medicationRequestsIn(input.active).map(orderedMedication)].map((m) => [m, bestInput(kb, m)]));
  const inputs = [...inputOf.values()];
  return {
    drafts: inputs.slice(0, drafts.length),
    actives: input.active === undefined ? null : inputs.slice(drafts.length),
    subjects: subjects.map((m) => inputOf.get(m)!),
    ...(input.activeUnavailableReason !== undefined ? { activeUnavailableReason: input.activeUnavailableReason } : {}),
    baseUrl: input.baseUrl,
  };
}

/**
 * The interaction service as a pure function: checks draft against active and draft against draft
 * (never active against active: those were accepted earlier) and turns the findings into cards.
 */
export function interactionCards(kb: KnowledgeBase, checker: InteractionChecker, input: ServiceInput): Card[] {
  return cardsFor(kb, checker, cardCase(kb, input));
}

export function cardsFor(kb: KnowledgeBase, checker: InteractionChecker, input: CardCase): Card[] {
  const cards: Card[] = [];
  if (input.subjects.length === 0) return cards;
  const [subjectInputs, activeInputs, draftInputs] = [new Set(input.subjects), new Set(input.actives), new Set(input.drafts)];
  const result = checker.check([...input.drafts, ...(input.actives ?? [])].slice(0, 50));
  // One pass over what resolved: which drugs the subjects, the active list and the drafts name.
  const [subjectIds, activeIds, draftIds] = [new Set<string>(), new Set<string>(), new Set<string>()];
  const names = new Map<string, string>();
  for (const r of result.resolved) {
    names.set(r.id, r.name);
    if (subjectInputs.has(r.input)) subjectIds.add(r.id);
    if (activeInputs.has(r.input)) activeIds.add(r.id);
    if (draftInputs.has(r.input)) draftIds.add(r.id);
  }
  for (const finding of result.interactions) {
    const [a, b] = finding.drugs;
    const involvesSubject = (subjectIds.has(a) || subjectIds.has(b)) && (draftIds.has(a) || activeIds.has(a)) && (draftIds.has(b) || activeIds.has(b));
    if (involvesSubject) cards.push(interactionCard(kb, finding, names, input.baseUrl));
  }
  for (const dup of result.duplicates) {
    if (!dup.drugs.some((d) => subjectIds.has(d))) continue;
    const what = dup.reason === 'same-ingredient' ? `${names.get(dup.drugs[0]!)} ordered more than once` : `${dup.drugs.map((d) => names.get(d) ?? d).join(' and ')}: two ${kb.classes.get(dup.class!)?.name ?? dup.class}`;
    cards.push({
      uuid: stableUuid(SERVICE_ID, 'duplicate', dup.reason, dup.class ?? '', ...dup.drugs),
      summary: clip(`Possible duplicate therapy: ${what}.`),
      indicator: 'warning',
      detail: `Possible duplicate therapy (${dup.reason === 'same-ingredient' ? 'the same ingredient' : 'two drugs of the same class'}). Check that both are intended.\n\n_rxsafety gives information; it does not replace clinical judgement._`,
      source: { label: 'rxsafety', url: `${input.baseUrl}/interactions` },
      overrideReasons,
    });
  }
  const uncheckedSubjects = result.unresolved.filter((u) => subjectInputs.has(u.input));
  const uncheckedActive = result.unresolved.filter((u) => !uncheckedSubjects.includes(u));
  if (result.unresolved.length > 0) {
    const listed = [...uncheckedSubjects, ...uncheckedActive].map((u) => u.input);
    cards.push({
      uuid: stableUuid(SERVICE_ID, 'unresolved', ...listed),
      summary: clip(`Not checked for interactions: ${listed.join(', ')}`),
      indicator: 'info',
      detail: `rxsafety could not identify ${listed.map((l) => `**${l}**`).join(', ')}, so ${listed.length === 1 ? 'it was' : 'they were'} **not checked**. The absence of other cards does not mean these have no interactions.`,
      source: { label: 'rxsafety', url: `${input.baseUrl}/interactions` },
    });
  }
  if (input.actives === null) {
    cards.push({
      uuid: stableUuid(SERVICE_ID, 'draft-only'),
      summary: 'Checked the draft orders only: the active medication list was not available.',
      indicator: 'info',
      detail: `The patient's active medications could not be read (${input.activeUnavailableReason ?? 'no prefetch and no FHIR server access'}), so the draft orders were checked only against each other. Interactions with current medicines were **not checked**.`,
      source: { label: 'rxsafety', url: `${input.baseUrl}/interactions` },
    });
  }
  return cards;
}

/**
 * A finding's card never changes while the server runs (findings are the checker's frozen pair-table
 * objects, drug names and sources are content), so each is built once per base URL: the markdown,
 * the hashed uuid and the clipped summary were most of a CDS request's own work. Base URLs come from
 * PUBLIC_URL or, without it, the request's Host, so only a few are kept.
 */
const cardsByBaseUrl = new Map<string, WeakMap<InteractionFinding, Card>>();
const MAX_BASE_URLS = 8;

function interactionCard(kb: KnowledgeBase, finding: InteractionFinding, names: ReadonlyMap<string, string>, baseUrl: string): Card {
  let cards = cardsByBaseUrl.get(baseUrl);
  const known = cards?.get(finding);
  if (known) return known;
  const pair = finding.drugs.map((d) => names.get(d) ?? d).join(' + ');
  const card: Card = deepFreeze({
    uuid: stableUuid(SERVICE_ID, finding.ruleId, ...finding.drugs),
    summary: clip(`${finding.severity[0]!.toUpperCase()}${finding.severity.slice(1)} interaction: ${pair}. ${finding.summary}`),
    indicator: indicatorFor(finding.severity),
    detail: findingMarkdown(kb, finding, pair),
    source: { label: 'rxsafety', url: `${baseUrl}/interactions/rules/${finding.ruleId}` },
    overrideReasons,
  });
  if (!Object.isFrozen(finding)) return card;
  if (!cards) {
    if (cardsByBaseUrl.size >= MAX_BASE_URLS) cardsByBaseUrl.clear();
    cardsByBaseUrl.set(baseUrl, (cards = new WeakMap()));
  }
  cards.set(finding, card);
  return card;
}

function findingMarkdown(kb: KnowledgeBase, f: InteractionFinding, pair: string): string {
  const refs = f.sources.map((id) => kb.sources.get(id)).filter((s) => s !== undefined).map((s) => `- ${s.authors}. ${s.title}. ${s.publisher}, ${s.year}.`);
  return [
    `**${pair}: ${f.severity}**`,
    '',
    `**What to do:** ${f.management}`,
    '',
    f.summary,
    '',
    `Effect: ${f.effect}`,
    '',
    `Severity: ${f.severityBasis}${f.severityDisagreement ? ` Sources differ: ${f.severityDisagreement}` : ''}`,
    '',
    'Sources:',
    ...refs,
    '',
    '_rxsafety gives information; it does not replace clinical judgement._',
  ].join('\n');
}
