import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { sharedFile } from '../testing/environment.ts';

/**
 * "Never invent a number": every figure in the clinical content must appear in the verified fact
 * sheet. A figure derived by arithmetic from sheet figures is listed here with its derivation.
 */
const DERIVED: Record<string, string> = {
  '49': 'Rigal 2012: 181 started − 132 assessed at 12 months',
  // Vlavonou 2014's "about ⅓, ½, ⅔" dose reductions, written as fractions for the plan builder.
  '0.3333333333': '⅓',
  '0.5': '½',
  '0.6666666667': '⅔',
};

/** Folders of clinical content; sources (bibliographic years, pages) and instruments are not scanned. */
const CLINICAL_DIRS = ['drugs', 'studies', 'interactions', 'plans'];
/** Keys whose values are identifiers or dates, not clinical figures. */
const SKIP_KEYS = new Set(['id', 'sources', 'rxcui', 'value', 'compiledOn', 'reviewedOn', 'nextReviewDue', 'studies', 'ruleId', 'url', 'classes', 'drugs', 'drug', 'condition', 'a', 'b', 'appliesTo']);

function* strings(node: unknown, key = ''): Generator<string> {
  if (SKIP_KEYS.has(key)) return;
  if (typeof node === 'string') yield node;
  else if (typeof node === 'number') yield String(node);
  else if (Array.isArray(node)) for (const item of node) yield* strings(item, key === 'rows' ? 'cell' : key);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) yield* strings(v, k);
}

const numbersIn = (text: string) => text.replace(/(\d),(?=\d{3}\b)/g, '$1').match(/\d+(?:\.\d+)?/g) ?? [];

test('every figure in the clinical content appears in the verified fact sheet', (t) => {
  const md = sharedFile('clinical/baclofen-facts.md');
  const json = sharedFile('clinical/baclofen-facts.json');
  if (!md || !json) {
    t.skip('../shared/clinical/baclofen-facts.* not present: figure check skipped');
    return;
  }
  const sheet = new Set(numbersIn(readFileSync(md, 'utf8') + readFileSync(json, 'utf8')));
  const unsupported: string[] = [];
  for (const dir of CLINICAL_DIRS) {
    const folder = join('content', dir);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.yaml'))) {
      const doc = parse(readFileSync(join(folder, name), 'utf8'));
      for (const text of strings(doc)) {
        for (const n of numbersIn(text)) {
          if (!sheet.has(n) && !DERIVED[n]) unsupported.push(`${dir}/${name}: ${n} in "${text.slice(0, 90)}"`);
        }
      }
    }
  }
  assert.deepEqual(unsupported, [], `figures not found in the fact sheet:\n${unsupported.join('\n')}`);
});

/**
 * "Figures and citations carry over, sentences do not": no run of ten words in a claim may match
 * the fact sheet, except lists of figures (score bands) that cannot be said another way.
 */
const ALLOWED_RUNS = [/^bands 0 none 1-2 low/];
test('claims are written in the project\'s own words, not copied from the fact sheet', async (t) => {
  const md = sharedFile('clinical/baclofen-facts.md');
  const json = sharedFile('clinical/baclofen-facts.json');
  if (!md || !json) {
    t.skip('../shared/clinical/baclofen-facts.* not present: wording check skipped');
    return;
  }
  const { loadContent } = await import('./load.ts');
  const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9%.\- ]+/g, ' ').split(/\s+/).filter(Boolean);
  const facts = JSON.parse(readFileSync(json, 'utf8')) as { claim: string; note: string }[];
  const sheet = words(`${readFileSync(md, 'utf8')} ${facts.map((f) => `${f.claim} ${f.note}`).join(' ')}`);
  const RUN = 10;
  const runs = new Set<string>();
  for (let i = 0; i + RUN <= sheet.length; i++) runs.add(sheet.slice(i, i + RUN).join(' '));
  const copied: string[] = [];
  for (const drug of loadContent('content').drugs) {
    for (const section of drug.sections) {
      for (const claim of section.claims) {
        const w = words(claim.text);
        for (let i = 0; i + RUN <= w.length; i++) {
          const run = w.slice(i, i + RUN).join(' ');
          if (runs.has(run) && !ALLOWED_RUNS.some((re) => re.test(run))) {
            copied.push(`${drug.id}/${claim.id}: "${run}"`);
            break;
          }
        }
      }
    }
  }
  assert.deepEqual(copied, []);
});
