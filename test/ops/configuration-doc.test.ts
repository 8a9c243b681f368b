import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { configKeys } from '../../src/config/config.ts';
import { configurationMarkdown, undocumentedKeys } from '../../src/ops/configuration-doc.ts';

test('every configuration variable has a meaning in the table', () => {
  assert.deepEqual(undocumentedKeys(), [], 'add a meaning in src/ops/configuration-doc.ts');
});

test('docs/CONFIGURATION.md is the generated table, listing every variable', () => {
  const file = readFileSync(resolve(import.meta.dirname, '../../docs/CONFIGURATION.md'), 'utf8');
  assert.equal(file, configurationMarkdown(), 'regenerate: node --import tsx src/ops/configuration-doc.ts > docs/CONFIGURATION.md');
  for (const key of configKeys) assert.match(file, new RegExp(`^\\| \`${key}\` \\|`, 'm'));
});
