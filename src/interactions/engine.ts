import { validationError } from '../errors/catalogue.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { deepFreeze } from '../lib/deep-freeze.ts';
import type { Drug } from '../knowledge/schema.ts';
import { SEVERITIES, type Evidence, type InteractionRule, type RuleSide, type Severity } from './rules-schema.ts';

export const MAX_DRUGS = 50;
export const MAX_NAME_CHARS = 200;

export type SeverityOrNone = Severity | 'none';

export interface ResolvedInput {
  input: string;
  id: string;
  name: string;
  /** How the input was recognised (id, brand, rxcui, product, misspelling…). */
  matchedBy: string;
  matched: string;
}

export interface UnresolvedInput {
  input: string;
  suggestions: string[];
}

export interface InteractionFinding {
  /** The two drug ids, alphabetical. */
  drugs: [string, string];
  severity: Severity;
  severityBasis: string;
  severityDisagreement?: string;
  summary: string;
  mechanism: string;
  effect: string;
  management: string;
  evidence: Evidence;
  sources: string[];
  ruleId: string;
  /** Why the rule applies: which drug was named in the rule and which matched through a class. */
  why: string;
  /** How each drug met the rule: "drug" when named, otherwise the class id. Same order as `drugs`. */
  matchedThrough: [string, string];
  /** Other rules that also match this pair, less severe or less specific; listed so nothing is hidden. */
  alsoMatched: { ruleId: string; severity: Severity; summary: string }[];
}

export interface DuplicateFinding {
  drugs: string[];
  reason: 'same-ingredient' | 'same-class';
  class?: string;
  /** For same-ingredient: the inputs that named the same drug. */
  inputs?: string[];
}

export interface CheckResult {
  resolved: ResolvedInput[];
  unresolved: UnresolvedInput[];
  interactions: InteractionFinding[];
  duplicates: DuplicateFinding[];
  highestSeverity: SeverityOrNone;
  /** False when any input could not be identified: those inputs were not checked at all. */
  complete: boolean;
  /** What the result means in words, including what was not checked. */
  notice: string;
}

const severityRank = new Map<SeverityOrNone, number>([...SEVERITIES.map((s, i) => [s, SEVERITIES.length - i] as const), ['none', 0]]);

export function compareSeverity(a: SeverityOrNone, b: SeverityOrNone): number {
  return severityRank.get(b)! - severityRank.get(a)!;
}

/** True when `severity` is at or above `threshold` (e.g. major ≥ moderate). */
export function atLeast(severity: SeverityOrNone, threshold: SeverityOrNone): boolean {
  return severityRank.get(severity)! >= severityRank.get(threshold)!;
}

interface IndexEntry {
  rule: InteractionRule;
  /** Which side of the rule the indexed key is (0 or 1). */
  side: 0 | 1;
}

interface RuleMatch {
  rule: InteractionRule;
  /** The side each drug of the pair met. */
  sideA: RuleSide;
  sideB: RuleSide;
}

const sideKey = (side: RuleSide) => ('drug' in side ? `drug:${side.drug}` : `class:${side.class}`);
const drugKeys = (drug: Drug) => [`drug:${drug.id}`, ...drug.classes.map((c) => `class:${c}`)];
const sideMatches = (side: RuleSide, drug: Drug) => ('drug' in side ? side.drug === drug.id : drug.classes.includes(side.class));

/**
 * The interaction checker: resolves names, finds every interacting pair once, and reports duplicate
 * therapy. Content is immutable while the process runs, so every pair that any rule can match is worked
 * out once, at construction, into a table of frozen findings: a check then costs one lookup per pair
 * (1,225 at 50 drugs) instead of rule matching and finding assembly per pair. The table holds only pairs
 * that interact, so it grows with the rules, not with the square of the drug count. Pure: no I/O.
 */
export class InteractionChecker {
  private readonly index = new Map<string, IndexEntry[]>();
  private readonly classSizes = new Map<string, number>();
  /**
   * By the pair's ids, lower id first: the finding's place in `findingsInReportOrder` (most severe
   * first, then by pair), so a check collects numbers and sorts them as numbers.
   */
  private readonly pairTable = new Map<string, Map<string, number>>();
  private readonly findingsInReportOrder: InteractionFinding[] = [];
  /** Each drug's classes that carry a duplicate-therapy risk, by drug id. */
  private readonly riskyClasses = new Map<string, readonly string[]>();
  /**
   * What each input came to, by the input as sent: frozen, so answers share it and write its JSON once
   * (frozenJson). Names stay in this process's memory only, as in the answer caches, and are never
   * logged. Bounded: when full it starts afresh, so unique junk costs what resolving it costs, no more.
   */
  private readonly inputOutcomes = new Map<string, InputOutcome>();

  constructor(
    private readonly kb: KnowledgeBase,
    readonly rules: readonly InteractionRule[],
  ) {
    for (const drug of kb.drugs.values()) {
      for (const c of drug.classes) this.classSizes.set(c, (this.classSizes.get(c) ?? 0) + 1);
      this.riskyClasses.set(drug.id, drug.classes.filter((c) => kb.classes.get(c)?.duplicateTherapyRisk));
    }
    for (const rule of rules) {
      rule.between.forEach((side, i) => {
        const key = sideKey(side);
        let list = this.index.get(key);
        if (!list) this.index.set(key, (list = []));
        list.push({ rule, side: i as 0 | 1 });
      });
    }
    this.buildPairTable();
  }

  private buildPairTable(): void {
    const drugsMeeting = (side: RuleSide) =>
      'drug' in side ? [this.kb.drugs.get(side.drug)].filter((d) => d !== undefined) : [...this.kb.drugs.values()].filter((d) => d.classes.includes(side.class));
    const candidates = new Map<string, [Drug, Drug]>();
    for (const rule of this.rules) {
      const [left, right] = rule.between.map(drugsMeeting) as [Drug[], Drug[]];
      for (const x of left) {
        for (const y of right) {
          if (x.id === y.id) continue;
          const [a, b] = x.id < y.id ? [x, y] : [y, x];
          candidates.set(`${a.id}\u0000${b.id}`, [a, b]);
        }
      }
    }
    const findings = [...candidates.values()].map(([a, b]) => this.matchPair(a, b)).filter((f) => f !== undefined);
    this.findingsInReportOrder.push(...findings.sort(reportComparator));
    this.findingsInReportOrder.forEach((finding, place) => {
      const [a, b] = finding.drugs;
      let row = this.pairTable.get(a);
      if (!row) this.pairTable.set(a, (row = new Map()));
      row.set(b, place);
    });
  }

  /**
   * Among equally severe rules, the narrowest wins (a named drug, then a small class such as opioids
   * over a broad one such as CNS depressants): its text is most about this pair.
   */
  private breadth(m: RuleMatch): number {
    const size = (side: RuleSide) => ('drug' in side ? 1 : (this.classSizes.get(side.class) ?? 1));
    return size(m.sideA) + size(m.sideB);
  }

  ruleById(id: string): InteractionRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  check(inputs: readonly string[]): CheckResult {
    assertValidInputs(inputs);
    const resolved: ResolvedInput[] = [];
    const unresolved: UnresolvedInput[] = [];
    const inputsByDrug = new Map<string, { drug: Drug; inputs: string[] }>();
    for (const raw of inputs) {
      const outcome = this.outcomeOf(raw);
      if (outcome.drug === undefined) {
        unresolved.push(outcome.unresolved);
        continue;
      }
      const { drug, resolved: entry } = outcome;
      resolved.push(entry);
      const group = inputsByDrug.get(drug.id);
      if (group) group.inputs.push(entry.input);
      else inputsByDrug.set(drug.id, { drug, inputs: [entry.input] });
    }

    const drugs = [...inputsByDrug.values()].map((g) => g.drug);
    const places: number[] = [];
    for (let i = 0; i < drugs.length; i++) {
      for (let j = i + 1; j < drugs.length; j++) {
        const place = this.placeOfPair(drugs[i]!.id, drugs[j]!.id);
        if (place !== undefined) places.push(place);
      }
    }
    const interactions = places.sort((a, b) => a - b).map((place) => this.findingsInReportOrder[place]!);

    const duplicates: DuplicateFinding[] = [];
    for (const { drug, inputs: named } of inputsByDrug.values()) {
      if (named.length > 1) duplicates.push({ drugs: [drug.id], reason: 'same-ingredient', inputs: named });
    }
    for (const [classId, members] of this.membersOfRiskyClasses(drugs)) {
      if (members.length > 1) duplicates.push({ drugs: members, reason: 'same-class', class: classId });
    }

    const highestSeverity = interactions[0]?.severity ?? 'none';
    return {
      resolved,
      unresolved,
      interactions,
      duplicates,
      highestSeverity,
      complete: unresolved.length === 0,
      notice: describeResult(highestSeverity, unresolved, drugs.length),
    };
  }

  /** How many inputs' outcomes are remembered (bounded by MAX_REMEMBERED_INPUTS). */
  get rememberedInputs(): number {
    return this.inputOutcomes.size;
  }

  private placeOfPair(x: string, y: string): number | undefined {
    // Ordered by id so a pair reads the same whatever order the drugs were entered in.
    return x < y ? this.pairTable.get(x)?.get(y) : this.pairTable.get(y)?.get(x);
  }

  private outcomeOf(raw: string): InputOutcome {
    let outcome = this.inputOutcomes.get(raw);
    if (outcome !== undefined) return outcome;
    const input = raw.trim();
    const resolution = this.kb.resolveDrug(input);
    outcome = resolution.ok
      ? { drug: resolution.drug, resolved: deepFreeze({ input, id: resolution.drug.id, name: resolution.drug.name, matchedBy: resolution.matchedBy, matched: resolution.matched }) }
      : { drug: undefined, unresolved: deepFreeze({ input, suggestions: resolution.suggestions }) };
    if (this.inputOutcomes.size >= MAX_REMEMBERED_INPUTS) this.inputOutcomes.clear();
    this.inputOutcomes.set(raw, outcome);
    return outcome;
  }

  /** The finding for a pair (a.id < b.id) from the rule index; run once per pair, at construction. */
  private matchPair(a: Drug, b: Drug): InteractionFinding | undefined {
    const matches = new Map<string, RuleMatch>();
    for (const key of drugKeys(a)) {
      for (const { rule, side } of this.index.get(key) ?? []) {
        const other = rule.between[1 - side]!;
        if (!matches.has(rule.id) && sideMatches(other, b)) matches.set(rule.id, { rule, sideA: rule.between[side], sideB: other });
      }
    }
    if (matches.size === 0) return undefined;
    const ranked = [...matches.values()].sort(
      (m, n) => compareSeverity(m.rule.severity, n.rule.severity) || this.breadth(m) - this.breadth(n) || m.rule.id.localeCompare(n.rule.id),
    );
    const best = ranked[0]!;
    const { rule } = best;
    // Findings are shared by every check, so no caller may change one another request will read.
    return deepFreeze({
      drugs: [a.id, b.id],
      severity: rule.severity,
      severityBasis: rule.severityBasis,
      ...(rule.severityDisagreement ? { severityDisagreement: rule.severityDisagreement } : {}),
      summary: rule.summary,
      mechanism: rule.mechanism,
      effect: rule.effect,
      management: rule.management,
      evidence: rule.evidence,
      sources: [...rule.sources],
      ruleId: rule.id,
      why: this.explain(a, best.sideA, b, best.sideB),
      matchedThrough: [throughOf(best.sideA), throughOf(best.sideB)],
      alsoMatched: ranked.slice(1).map((m) => ({ ruleId: m.rule.id, severity: m.rule.severity, summary: m.rule.summary })),
    });
  }

  private explain(a: Drug, sideA: RuleSide, b: Drug, sideB: RuleSide): string {
    const part = (drug: Drug, side: RuleSide) =>
      'drug' in side ? `${drug.name} (named in the rule)` : `${drug.name} (as one of the ${this.kb.classes.get(side.class)?.name ?? side.class})`;
    return `Matched ${part(a, sideA)} with ${part(b, sideB)}.`;
  }

  private membersOfRiskyClasses(drugs: Drug[]): Map<string, string[]> {
    const members = new Map<string, string[]>();
    for (const drug of drugs) {
      for (const classId of this.riskyClasses.get(drug.id) ?? []) {
        let list = members.get(classId);
        if (!list) members.set(classId, (list = []));
        list.push(drug.id);
      }
    }
    return members;
  }
}

export const MAX_REMEMBERED_INPUTS = 4096;

type InputOutcome = { drug: Drug; resolved: ResolvedInput } | { drug: undefined; unresolved: UnresolvedInput };

const throughOf = (side: RuleSide) => ('drug' in side ? 'drug' : side.class);

const reportComparator = (a: InteractionFinding, b: InteractionFinding) =>
  compareSeverity(a.severity, b.severity) || a.drugs.join().localeCompare(b.drugs.join());

function assertValidInputs(inputs: readonly unknown[]): void {
  if (!Array.isArray(inputs) || inputs.length === 0) throw validationError([{ field: 'drugs', message: 'name at least one drug' }]);
  if (inputs.length > MAX_DRUGS) throw validationError([{ field: 'drugs', message: `at most ${MAX_DRUGS} drugs per check` }]);
  inputs.forEach((value, i) => {
    if (typeof value !== 'string' || value.trim() === '') throw validationError([{ field: `drugs.${i}`, message: 'expected a drug name, brand name or RxCUI' }]);
    if (value.length > MAX_NAME_CHARS) throw validationError([{ field: `drugs.${i}`, message: `at most ${MAX_NAME_CHARS} characters` }]);
  });
}

/** Says what the result means, never letting an unchecked input read as "no interactions". */
export function describeResult(highest: SeverityOrNone, unresolved: readonly UnresolvedInput[], checkedCount: number): string {
  const parts: string[] = [];
  if (unresolved.length > 0) {
    parts.push(
      `NOT CHECKED: ${unresolved.map((u) => `"${u.input}"`).join(', ')} could not be identified, so ${unresolved.length === 1 ? 'its' : 'their'} interactions are unknown. This is not a "no interactions" result.`,
    );
  }
  if (highest === 'none') {
    parts.push(
      checkedCount < 2
        ? 'Fewer than two drugs were identified, so no pair could be checked.'
        : "No interaction was found among the identified drugs in rxsafety's rules. The rules cover a limited set of drugs centred on baclofen: this does not prove the combination is safe.",
    );
  } else {
    parts.push(`Highest severity found: ${highest}.`);
  }
  parts.push('This check does not replace your prescriber or pharmacist.');
  return parts.join(' ');
}
