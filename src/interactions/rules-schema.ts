import { z } from 'zod';

/**
 * The shape of content/interactions/*.yaml. A file holds a list of rules; each rule names two sides,
 * each a drug id or a class id. Cross-references (drugs, classes, sources) are checked in load-rules.ts
 * against the KnowledgeBase because they span files.
 */
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case id of letters, digits and dashes');

export const SEVERITIES = ['contraindicated', 'major', 'moderate', 'minor'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const Evidence = z.enum(['label', 'guideline', 'study', 'case-report', 'theoretical']);
export type Evidence = z.infer<typeof Evidence>;

export const RuleSide = z.union([
  z.strictObject({ drug: id }),
  z.strictObject({ class: id }),
]);
export type RuleSide = z.infer<typeof RuleSide>;

export const InteractionRuleSchema = z.strictObject({
  id,
  between: z.tuple([RuleSide, RuleSide]),
  severity: Severity,
  /**
   * Where the severity comes from. Most sources describe an interaction without grading it; the rule
   * then says that rxsafety chose the grade and why, so nobody mistakes it for a source's grade.
   */
  severityBasis: z.string().min(20, 'say who graded the severity (a source, or rxsafety and why)'),
  /** When sources grade or word the risk differently, say how: never pick one silently. */
  severityDisagreement: z.string().min(10).optional(),
  summary: z.string().min(10).max(300),
  mechanism: z.string().min(5),
  effect: z.string().min(5),
  management: z.string().min(10),
  evidence: Evidence,
  sources: z.array(id).min(1, 'at least one source id (every clinical statement must cite a source)'),
});
export type InteractionRule = z.infer<typeof InteractionRuleSchema>;

export const InteractionRulesFileSchema = z.strictObject({
  rules: z.array(InteractionRuleSchema).min(1),
});
