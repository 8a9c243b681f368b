import assert from 'node:assert/strict';
import { AppError } from '../errors/catalogue.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { loadPlanRules } from './rules.ts';

/** The real content, loaded once per test file. */
export const kb = KnowledgeBase.fromDirectory('content');
export const allRules = loadPlanRules('content', kb);
export const rules = allRules.get('baclofen')!;
export const oral = { drug: 'baclofen', route: 'oral' as const };

/** Runs `fn`, expecting a 422 plan refusal; returns it. */
export function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.status, 422);
    return error;
  }
  assert.fail('expected a refusal, got a plan');
}
