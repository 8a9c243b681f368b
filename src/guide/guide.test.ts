import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/main.ts';
import { writeFixtureContent } from '../knowledge/fixture-content.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { skipUnlessAvailable } from '../testing/environment.ts';
import { NO_POPPLER, flat, hasPoppler, pdfText } from '../testing/poppler.ts';
import { startTestServer } from '../testing/test-server.ts';
import { GuideCache, buildGuidePdf, formatSize, guideCacheFor } from './guide-cache.ts';
import { guideContent } from './guide-content.ts';

test('the baclofen guide has the key safety points first, every crisis number and matching references', async (t) => {
  if (skipUnlessAvailable(t, hasPoppler, NO_POPPLER)) return;
  const kb = KnowledgeBase.fromDirectory('content');
  if (skipUnlessAvailable(t, kb.drugs.get('baclofen')?.depth === 'monograph', 'content/drugs/baclofen.yaml is not there yet')) return;
  const content = guideContent(kb, 'baclofen');
  const guide = await buildGuidePdf(kb, 'baclofen');
  assert.equal(guide.bytes.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(guide.bytes);

  assert.ok(text.startsWith('Baclofen: a safety guide'), 'the title comes first');
  assert.ok(content.keySafety.length >= 3, 'key safety points were selected from the record');
  assert.ok(content.keySafety.some((c) => c.id.startsWith('withdrawal')) && content.keySafety.some((c) => c.id.startsWith('emergency')));
  const keyStart = text.indexOf('Key safety points');
  for (const claim of content.keySafety) {
    const at = text.indexOf(flat(claim.text));
    assert.ok(at > keyStart, `key safety point "${claim.id}" is in the guide`);
  }
  assert.ok(keyStart < text.indexOf(' Dosing '), 'key safety points come before dosing');
  for (const line of kb.content.crisisLines) assert.ok(text.includes(flat(line.phone)), `crisis number ${line.phone} (${line.name})`);
  for (const study of kb.studiesFor({ drug: 'baclofen', condition: 'alcohol-use-disorder' }).slice(0, 3)) {
    assert.ok(text.includes(flat(study.title)), `study ${study.id} is in the table`);
  }

  const references = text.slice(text.lastIndexOf('References'));
  assert.ok(content.references.length > 5);
  content.references.forEach((source, i) => {
    assert.ok(references.includes(`${i + 1}. ${flat(source.authors)}. ${flat(source.title)}`), `reference ${i + 1} is ${source.id}`);
  });
  const cited = new Set([...text.matchAll(/\[(\d+(?:, \d+)*)\]/g)].flatMap((m) => m[1]!.split(', ').map(Number)));
  assert.deepEqual([...cited].sort((a, b) => a - b), content.references.map((_, i) => i + 1), 'every reference is cited and every citation has a reference');
});

test('the guide is cached per content version: a changed claim makes a new guide', async (t) => {
  if (skipUnlessAvailable(t, hasPoppler, NO_POPPLER)) return;
  const drug = (claim: string) =>
    [
      'id: testdrug',
      'name: Testdrug',
      'depth: monograph',
      'summary: "A drug used only in tests."',
      'review: { status: unreviewed, compiledOn: 2026-01-01 }',
      'sections:',
      '  - id: withdrawal',
      '    title: Stopping',
      '    claims:',
      `      - { id: w1, text: "${claim}", sources: [label-a], emphasis: danger }`,
      '',
    ].join('\n');
  const before = KnowledgeBase.fromDirectory(writeFixtureContent({ 'drugs/testdrug.yaml': drug('Stopping suddenly is dangerous in tests.') }));
  const after = KnowledgeBase.fromDirectory(writeFixtureContent({ 'drugs/testdrug.yaml': drug('Stopping suddenly is very dangerous in tests.') }));
  assert.notEqual(before.version, after.version);

  const cache = new GuideCache();
  const first = await cache.get(before, 'testdrug');
  assert.equal(await cache.get(before, 'testdrug'), first, 'unchanged content is served from the cache');
  assert.equal(cache.builtCount, 1);
  const second = await cache.get(after, 'testdrug');
  assert.equal(cache.builtCount, 2);
  assert.match(pdfText(first.bytes), /Danger: Stopping suddenly is dangerous in tests\. \[1\]/);
  assert.match(pdfText(second.bytes), /Stopping suddenly is very dangerous in tests\./);
  assert.match(pdfText(second.bytes), /Emergency: 911/, 'the crisis lines come from the content');
  await assert.rejects(cache.get(after, 'nosuchdrug'), /no guide for "nosuchdrug"/);
});

test('GET /guides/baclofen.pdf serves the PDF with a dated filename; the page links it with its size', async (t) => {
  const kb = KnowledgeBase.fromDirectory('content');
  if (skipUnlessAvailable(t, kb.drugs.has('baclofen'), 'content/drugs/baclofen.yaml is not there yet')) return;
  const server = await startTestServer();
  t.after(() => server.close());

  const pdf = await server.get('/guides/baclofen.pdf');
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const compiledOn = kb.drugs.get('baclofen')!.review.compiledOn;
  assert.equal(pdf.headers.get('content-disposition'), `attachment; filename="rxsafety-baclofen-guide-${compiledOn}.pdf"`);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const etag = pdf.headers.get('etag')!;
  assert.equal((await server.get('/guides/baclofen.pdf', { headers: { 'if-none-match': etag } })).status, 304);

  const page = await (await server.get('/guides/baclofen')).text();
  assert.match(page, /href="\/guides\/baclofen\.pdf"/);
  assert.match(page, new RegExp(`PDF, ${Math.round(bytes.length / 1024)} KB`));
  assert.match(page, /The PDF is tagged for screen readers/, 'a screen reader user learns the PDF will work for them');
  assert.match(page, /<input id="sign-up-consent" name="consent" type="checkbox" value="yes" required=""/, 'the consent box is not ticked');

  assert.equal((await server.get('/guides/tramadol.pdf')).status, 404, 'concise records have no guide');
  assert.equal((await server.get('/guides/nothing')).status, 404);
});

test('the home page and the drug page link the guide with its size once it is built, and without a size until then', async (t) => {
  const kb = KnowledgeBase.fromDirectory('content');
  if (skipUnlessAvailable(t, kb.drugs.get('baclofen')?.depth === 'monograph', 'content/drugs/baclofen.yaml is not there yet')) return;
  // Two servers, so each page is surely the first to ask (a build can finish between two requests).
  const server = await startTestServer();
  const other = await startTestServer();
  t.after(() => Promise.all([server.close(), other.close()]));
  const homeLink = (html: string) => /<a href="\/guides\/baclofen">(The free [^<]*)<\/a>/.exec(html)?.[1];
  const drugLink = (html: string) => /<a class="button" href="\/guides\/baclofen\.pdf">([^<]*)<\/a>/.exec(html)?.[1]?.replace(/\s+/g, ' ').trim();

  // Nothing has built the guide yet: the links say PDF without a size (the first page starts the build).
  assert.equal(homeLink(await (await server.get('/')).text()), 'The free baclofen guide (PDF, no email needed)');
  assert.equal(drugLink(await (await other.get('/drugs/baclofen')).text()), 'Download the free Baclofen guide (PDF)');

  const guide = await guideCacheFor(server.deps).get(server.deps.kb, 'baclofen');
  assert.equal(guideCacheFor(server.deps).builtCount, 1, 'the pages and the download share one build');
  const size = formatSize(guide.bytes.length);
  assert.match(size, /^\d+ KB$|^\d+\.\d MB$/);
  // Both pages were rendered (and cached) before the size was known: the cache must not keep the old text.
  assert.equal(homeLink(await (await server.get('/')).text()), `The free baclofen guide (PDF, ${size}, no email needed)`);
  await guideCacheFor(other.deps).get(other.deps.kb, 'baclofen');
  assert.equal(drugLink(await (await other.get('/drugs/baclofen')).text()), `Download the free Baclofen guide (PDF, ${size})`);
  const pdf = await server.get('/guides/baclofen.pdf');
  assert.equal(Number(pdf.headers.get('content-length')), guide.bytes.length, 'the size shown is the size downloaded');
  await pdf.arrayBuffer();
  // A concise record has no guide, so no link and no build.
  assert.doesNotMatch(await (await server.get('/drugs/tramadol')).text(), /guides\/tramadol/);
});

test('rxsafety guide baclofen --out writes the PDF', async (t) => {
  if (skipUnlessAvailable(t, existsSync('content/drugs/baclofen.yaml'), 'content/drugs/baclofen.yaml is not there yet')) return;
  const out = join(mkdtempSync(join(tmpdir(), 'rxsafety-guide-cli-')), 'guide.pdf');
  const lines: string[] = [];
  assert.equal(await runCli(['guide', 'baclofen', '--out', out], { out: (l) => lines.push(l), err: (l) => lines.push(l) }), 0);
  assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
  assert.match(lines.join('\n'), /wrote .*guide\.pdf \(\d+ KB, compiled on \d{4}-\d{2}-\d{2}\)/);
  assert.equal(await runCli(['guide', 'baclofen'], { out: () => {}, err: () => {} }), 2, '--out is required');
});
