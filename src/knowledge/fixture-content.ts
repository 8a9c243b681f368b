import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentError, type ContentIssue } from './content-files.ts';

/**
 * Writes a small valid content folder for tests; `files` overrides or adds files by relative path
 * (a string is written as is, so a test can write broken YAML).
 */
export function writeFixtureContent(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-content-'));
  const base: Record<string, string> = {
    'classes.yaml': 'classes:\n  - { id: cns-depressant, name: "CNS depressants", description: "Slow the brain" }\n',
    'conditions.yaml': 'conditions:\n  - { id: alcohol-use-disorder, name: "Alcohol use disorder" }\n',
    'crisis-lines.yaml':
      'lines:\n  - { id: e911, name: "Emergency", phone: "911", when: "Not breathing or a seizure", text: "Call for emergencies", sources: [label-a] }\n',
    'sources/label-a.yaml': 'id: label-a\nkind: label\ntitle: "Label A"\nauthors: "Maker"\nyear: "2020"\npublisher: "DailyMed"\n',
    'drugs/testdrug.yaml': [
      'id: testdrug',
      'name: Testdrug',
      'depth: monograph',
      'brandNames: [Testbrand]',
      'classes: [cns-depressant]',
      'summary: "A drug used only in tests."',
      'review: { status: unreviewed, compiledOn: 2026-01-01 }',
      'sections:',
      '  - id: overview',
      '    title: Overview',
      '    studies: [study-one]',
      '    claims:',
      '      - { id: c1, text: "Testdrug makes people sleepy.", sources: [label-a] }',
      '',
    ].join('\n'),
    'studies/study-one.yaml': [
      'id: study-one',
      'title: "One 2020"',
      'drug: testdrug',
      'condition: alcohol-use-disorder',
      'design: "Randomised controlled trial"',
      'n: 40',
      'population: "Adults"',
      'dose: "10 mg"',
      'duration: "12 weeks"',
      'outcome: "Abstinence"',
      'effectSize: "50% vs 25%"',
      'result: positive',
      'limitations: "Small"',
      'sources: [label-a]',
      '',
    ].join('\n'),
  };
  for (const [path, text] of Object.entries(Object.assign({}, base, files))) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

/**
 * Writes a fixture folder, runs `load` on it and returns the ContentError's issues (none when it
 * loads); anything other than a ContentError is rethrown. The folder is removed afterwards.
 */
export function contentIssuesOf(files: Record<string, string>, load: (dir: string) => unknown): ContentIssue[] {
  const dir = writeFixtureContent(files);
  try {
    load(dir);
    return [];
  } catch (error) {
    if (error instanceof ContentError) return error.issues;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
