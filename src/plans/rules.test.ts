import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ContentError } from '../knowledge/content-files.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { loadPlanRules } from './rules.ts';

const kb = KnowledgeBase.fromDirectory('content');

test('the baclofen plan rules load, and every rule cites known sources', () => {
  const rules = loadPlanRules('content', kb).get('baclofen');
  assert.ok(rules);
  for (const [name, rule] of Object.entries(rules.rules)) {
    assert.ok(rule.sources.length > 0, name);
    for (const sid of rule.sources) assert.ok(kb.sources.has(sid), `${name}: ${sid}`);
  }
  assert.equal(rules.rules.maximum.maxDailyMg, 80);
  assert.match(rules.rules.taperSteps.text, /rxsafety's choice/);
});

test('a rule citing an unknown source stops loading, naming the file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plans-'));
  try {
    cpSync('content/plans', join(dir, 'plans'), { recursive: true });
    const file = join(dir, 'plans', 'baclofen.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('sources: [beers-2023]', 'sources: [no-such-source]'));
    assert.throws(
      () => loadPlanRules(dir, kb),
      (error: unknown) => error instanceof ContentError && /plans\/baclofen\.yaml: rules\.beers\.sources\.0: unknown source "no-such-source"/.test(error.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
