import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { contentIssuesOf, writeFixtureContent } from './fixture-content.ts';
import { loadContent } from './load.ts';

const issuesOf = (files: Record<string, string>) => contentIssuesOf(files, loadContent);

describe('content loading', () => {
  test('a valid content folder loads', () => {
    const dir = writeFixtureContent();
    const content = loadContent(dir);
    assert.equal(content.drugs[0]?.id, 'testdrug');
    assert.equal(content.studies.length, 1);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a claim with no source names the file and field', () => {
    const issues = issuesOf({
      'drugs/testdrug.yaml':
        'id: testdrug\nname: Testdrug\ndepth: concise\nsummary: "A drug used in tests."\nreview: { status: unreviewed, compiledOn: 2026-01-01 }\nsections:\n  - id: overview\n    title: Overview\n    claims:\n      - { id: c1, text: "Testdrug makes people sleepy.", sources: [] }\n',
    });
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.file, join('drugs', 'testdrug.yaml'));
    assert.equal(issues[0]!.field, 'sections.0.claims.0.sources');
    assert.match(issues[0]!.message, /at least one source/);
  });

  test('a claim citing an unknown source is rejected', () => {
    const issues = issuesOf({
      'drugs/testdrug.yaml':
        'id: testdrug\nname: Testdrug\ndepth: concise\nsummary: "A drug used in tests."\nreview: { status: unreviewed, compiledOn: 2026-01-01 }\nsections:\n  - id: overview\n    title: Overview\n    claims:\n      - { id: c1, text: "Testdrug makes people sleepy.", sources: [nowhere-2020] }\n',
    });
    assert.deepEqual(
      issues.map((i) => [i.field, i.message]),
      [['sections.0.claims.0.sources.0', 'unknown source "nowhere-2020" (expected a file content/sources/nowhere-2020.yaml)']],
    );
  });

  test('broken YAML, wrong types and unknown fields are each reported', () => {
    const issues = issuesOf({
      'sources/broken.yaml': 'id: broken\ntitle: [unclosed\n',
      'sources/label-a.yaml': 'id: label-a\nkind: blog\ntitle: "Label A"\nauthors: "Maker"\nyear: 2020\npublisher: "DailyMed"\ncolour: red\n',
    });
    const byField = new Map(issues.map((i) => [`${i.file}:${i.field}`, i.message]));
    assert.match(byField.get(join('sources', 'broken.yaml') + ':') ?? '', /not valid YAML/);
    assert.match(byField.get(join('sources', 'label-a.yaml') + ':kind') ?? '', /label.*trial/);
    assert.match(byField.get(join('sources', 'label-a.yaml') + ':year') ?? '', /expected string/);
    assert.match(byField.get(join('sources', 'label-a.yaml') + ':') ?? '', /unknown field\(s\) colour/);
  });

  test('a review cannot name a reviewer unless it is marked reviewed, and a reviewed record needs one', () => {
    const claimsAndSections =
      'sections:\n  - id: overview\n    title: Overview\n    claims:\n      - { id: c1, text: "Testdrug makes people sleepy.", sources: [label-a] }\n';
    const head = 'id: testdrug\nname: Testdrug\ndepth: concise\nsummary: "A drug used in tests."\n';
    const fake = issuesOf({
      'drugs/testdrug.yaml': `${head}review: { status: unreviewed, compiledOn: 2026-01-01, reviewer: { name: "Dr Nobody", credentials: MD } }\n${claimsAndSections}`,
    });
    assert.ok(fake.some((i) => i.field === 'review' && /reviewer/.test(i.message)), JSON.stringify(fake));
    const missing = issuesOf({ 'drugs/testdrug.yaml': `${head}review: { status: reviewed, compiledOn: 2026-01-01 }\n${claimsAndSections}` });
    assert.ok(missing.some((i) => i.field.startsWith('review.')), JSON.stringify(missing));
  });

  test('cross-file references: unknown class, study drug, section study, duplicate claim ids', () => {
    const issues = issuesOf({
      'drugs/testdrug.yaml': [
        'id: testdrug',
        'name: Testdrug',
        'depth: monograph',
        'classes: [opioid]',
        'summary: "A drug used only in tests."',
        'review: { status: unreviewed, compiledOn: 2026-01-01 }',
        'sections:',
        '  - id: overview',
        '    title: Overview',
        '    studies: [no-such-study]',
        '    claims:',
        '      - { id: c1, text: "Testdrug makes people sleepy.", sources: [label-a] }',
        '      - { id: c1, text: "Testdrug makes people dizzy.", sources: [label-a] }',
        '',
      ].join('\n'),
      'studies/study-one.yaml':
        'id: study-one\ntitle: "One"\ndrug: otherdrug\ncondition: alcohol-use-disorder\ndesign: "RCT"\npopulation: "Adults"\ndose: "10 mg"\nduration: "1 week"\noutcome: "Abstinence"\neffectSize: "none"\nresult: negative\nlimitations: "Small"\nsources: [label-a]\n',
    });
    const messages = issues.map((i) => `${i.field}: ${i.message}`);
    assert.ok(messages.some((m) => m.startsWith('classes.0: unknown class "opioid"')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('sections.0.studies.0: unknown study')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('duplicate claim id "c1"')), messages.join('\n'));
    assert.ok(messages.some((m) => m === 'drug: unknown drug "otherdrug"'), messages.join('\n'));
  });

  test('a file whose id differs from its name is rejected', () => {
    const issues = issuesOf({
      'sources/label-b.yaml': 'id: label-c\nkind: label\ntitle: "Label C"\nauthors: "Maker"\nyear: "2020"\npublisher: "DailyMed"\n',
    });
    assert.ok(issues.some((i) => i.file === join('sources', 'label-b.yaml') && i.field === 'id'));
  });
});
