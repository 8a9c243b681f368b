import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { contentIssuesOf } from '../knowledge/fixture-content.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { loadInteractionRules } from './load-rules.ts';

const validRule = {
  id: 'testdrug-cns',
  between: '[{ drug: testdrug }, { class: cns-depressant }]',
  severity: 'major',
  severityBasis: '"Not graded by the source; rxsafety rates it major for tests."',
  summary: '"Testdrug with a sedative makes people very sleepy."',
  mechanism: '"Additive sedation."',
  effect: '"Sleepiness."',
  management: '"Avoid the combination."',
  evidence: 'label',
  sources: '[label-a]',
};

function ruleYaml(overrides: Record<string, string | undefined> = {}): string {
  const fields = { ...validRule, ...overrides };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`);
  return `rules:\n${lines.join('\n')}\n`;
}

const issuesOf = (files: Record<string, string>) =>
  contentIssuesOf(files, (dir) => loadInteractionRules(dir, KnowledgeBase.fromDirectory(dir)));

describe('interaction rules schema and loader', () => {
  test('the real rules load against the real content', async () => {
    const { realChecker } = await import('./test-support.ts');
    assert.ok(realChecker().rules.length >= 20);
  });

  test('a valid rule loads', () => {
    assert.deepEqual(issuesOf({ 'interactions/test.yaml': ruleYaml() }), []);
  });

  test('a rule without sources is rejected, naming the file and field', () => {
    const issues = issuesOf({ 'interactions/test.yaml': ruleYaml({ sources: '[]' }) });
    assert.deepEqual(issues.map((i) => [i.file, i.field]), [[join('interactions', 'test.yaml'), 'rules.0.sources']]);
    assert.match(issues[0]!.message, /at least one source/);
  });

  test('unknown drug, class and source are each named', () => {
    const issues = issuesOf({
      'interactions/test.yaml': ruleYaml({ between: '[{ drug: nodrug }, { class: noclass }]', sources: '[label-a, nowhere-2020]' }),
    });
    assert.deepEqual(
      issues.map((i) => [i.field, i.message]),
      [
        ['rules.0.between.0.drug', 'unknown drug "nodrug" (expected a file content/drugs/nodrug.yaml)'],
        ['rules.0.between.1.class', 'unknown class "noclass" (expected one listed in content/classes.yaml)'],
        ['rules.0.sources.1', 'unknown source "nowhere-2020" (expected a file content/sources/nowhere-2020.yaml)'],
      ],
    );
  });

  test('bad severity, bad evidence, a missing severity basis and duplicate ids are rejected', () => {
    const issues = issuesOf({
      'interactions/a.yaml': ruleYaml({ severity: 'deadly', evidence: 'rumour', severityBasis: undefined }),
      'interactions/b.yaml': ruleYaml(),
      'interactions/c.yaml': ruleYaml(),
    });
    const fields = issues.map((i) => `${i.file}:${i.field}`);
    assert.ok(fields.includes(`${join('interactions', 'a.yaml')}:rules.0.severity`), fields.join());
    assert.ok(fields.includes(`${join('interactions', 'a.yaml')}:rules.0.evidence`), fields.join());
    assert.ok(fields.includes(`${join('interactions', 'a.yaml')}:rules.0.severityBasis`), fields.join());
    assert.ok(issues.some((i) => i.file === join('interactions', 'c.yaml') && /duplicate rule id/.test(i.message)), JSON.stringify(issues));
  });

  test('a side naming both a drug and a class is rejected', () => {
    const issues = issuesOf({ 'interactions/test.yaml': ruleYaml({ between: '[{ drug: testdrug, class: cns-depressant }, { class: cns-depressant }]' }) });
    assert.ok(issues.some((i) => i.field.startsWith('rules.0.between.0')), JSON.stringify(issues));
  });
});
