import { scoreOf, isYes, type Answers } from './answers.ts';
import type { ChecklistRules, SumWithCutoffRules, ZoneRules } from './rules-schema.ts';

export type Sex = 'female' | 'male';

export interface ScoredOutcome {
  score: number;
  band: string;
  action: 'contact-prescriber' | 'information';
  message: string;
  sources: string[];
  /** Why the band differs from the score alone (the AUDIT step-up rule). */
  notes: { text: string; sources: string[] }[];
}

const sum = (answers: Answers, linkIds: readonly string[]) => linkIds.reduce((total, l) => total + scoreOf(answers, l), 0);

/** AUDIT-C: the sum of items 1–3, positive at the sex's cut-off or above (Bush 1998). */
export function scoreAuditC(rules: SumWithCutoffRules, answers: Answers, sex: Sex): ScoredOutcome {
  const score = sum(answers, ['q1', 'q2', 'q3']);
  const result = score >= rules.cutoffs[sex] ? rules.results.positive : rules.results.negative;
  return { score, band: result.band, action: result.action, message: result.message, sources: [...result.sources, ...rules.cutoffs.sources], notes: [] };
}

/** The WHO step-up rule: dependence items 4–6 at 2 or more, or harm items 9–10 at 4. */
export function auditStepsUp(rules: ZoneRules, answers: Answers): boolean {
  const { anyAtLeast, anyEquals } = rules.stepUp;
  return (
    anyAtLeast.items.some((l) => scoreOf(answers, l) >= anyAtLeast.score) ||
    anyEquals.items.some((l) => scoreOf(answers, l) === anyEquals.score)
  );
}

/** AUDIT: total 0–40 → WHO zone, moved up one zone (never past the last) by the step-up rule. */
export function scoreAudit(rules: ZoneRules, answers: Answers): ScoredOutcome & { zoneTitle: string } {
  const score = sum(answers, Array.from({ length: 10 }, (_, i) => `q${i + 1}`));
  const byScore = rules.zones.findIndex((z) => score >= z.min && score <= z.max);
  if (byScore < 0) throw new Error(`AUDIT score ${score} falls in no zone: the zones in audit.yaml must cover 0–${rules.maxScore}`);
  const stepUp = auditStepsUp(rules, answers);
  const zone = rules.zones[Math.min(byScore + (stepUp ? 1 : 0), rules.zones.length - 1)]!;
  return {
    score,
    band: zone.band,
    zoneTitle: zone.title,
    action: zone.action,
    message: zone.message,
    sources: zone.sources,
    notes: stepUp && byScore < rules.zones.length - 1 ? [{ text: rules.stepUp.message, sources: rules.stepUp.sources }] : [],
  };
}

export interface ChecklistOutcome {
  action: 'contact-prescriber' | 'information';
  /** The signs answered yes. There is deliberately no score: the checklist is not a validated scale. */
  signs: string[];
  message: string;
  sources: string[];
  notes: { text: string; sources: string[] }[];
}

export function assessMisuseChecklist(rules: ChecklistRules, answers: Answers): ChecklistOutcome {
  const signs = Object.keys(rules.items).filter((linkId) => isYes(answers, linkId));
  const result = signs.length > 0 ? rules.results.anySign : rules.results.noSign;
  const notes = [];
  if (signs.includes('mixing')) notes.push({ text: rules.results.mixing.message, sources: rules.results.mixing.sources });
  if (signs.includes('withdrawal-when-late')) {
    notes.push({ text: rules.results.withdrawalWhenLate.message, sources: rules.results.withdrawalWhenLate.sources });
  }
  return { action: result.action, signs, message: result.message, sources: [...result.sources, ...signs.flatMap((s) => rules.items[s]!)], notes };
}
