import { ContentError } from './content-files.ts';
import { loadContent } from './load.ts';
import { describeReview } from './review-status.ts';

export interface LintFinding {
  level: 'error' | 'warning' | 'info';
  file: string;
  message: string;
}

/**
 * Everything `rxsafety content lint` reports: schema and reference errors (the same checks as
 * start-up), reviews that are overdue, and records not yet reviewed by a clinician.
 */
export function lintContent(contentDir: string, today = new Date().toISOString().slice(0, 10)): LintFinding[] {
  let content;
  try {
    content = loadContent(contentDir);
  } catch (error) {
    if (error instanceof ContentError) {
      return error.issues.map((i) => ({ level: 'error', file: i.file, message: `${i.field || '(file)'}: ${i.message}` }));
    }
    throw error;
  }
  const findings: LintFinding[] = [];
  for (const drug of content.drugs) {
    const file = `drugs/${drug.id}.yaml`;
    const state = describeReview(drug.review, today);
    if (state.overdue) findings.push({ level: 'warning', file, message: `review overdue: ${state.statement}` });
    else if (drug.review.status === 'unreviewed') findings.push({ level: 'info', file, message: 'not yet reviewed by a clinician' });
  }
  return findings;
}
