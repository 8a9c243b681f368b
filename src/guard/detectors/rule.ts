import type { Category, Finding } from '../findings.ts';

/** A pattern over decoded, lower-cased text that adds anomaly points when it matches. */
export interface PatternRule {
  id: string;
  category: Category;
  score: number;
  pattern: RegExp;
}

export function applyRules(rules: readonly PatternRule[], text: string, out: Finding[]): void {
  for (const rule of rules) {
    if (rule.pattern.test(text)) out.push({ rule: rule.id, category: rule.category, score: rule.score });
  }
}

/** Builds an alternation from a word list once, at module load. */
export function words(list: string): string {
  return list.trim().split(/\s+/).join('|');
}
