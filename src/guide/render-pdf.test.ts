import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as fontkit from 'fontkit';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { skipUnlessAvailable } from '../testing/environment.ts';
import { pageMarkings } from '../testing/pdf-content.ts';
import { NO_POPPLER, flat, hasPoppler, pdfInfo, pdfOutline, pdfPages, pdfStructure, pdfText, readingText, walk, type StructureElement } from '../testing/poppler.ts';
import { buildGuidePdf } from './guide-cache.ts';
import { guideContent } from './guide-content.ts';
import { guideDocument, type Block, type GuideDocument } from './pdf-document.ts';
import { columnWidths, guideFontBytes, renderGuidePdf } from './render-pdf.ts';

const kb = KnowledgeBase.fromDirectory('content');
const hasMonograph = kb.drugs.get('baclofen')?.depth === 'monograph';
const NO_MONOGRAPH = 'content/drugs/baclofen.yaml is not there yet';

/** What a block says, piece by piece in reading order (a run, a heading, a table cell). */
function blockTexts(block: Block): string[] {
  switch (block.kind) {
    case 'title':
    case 'heading':
      return [block.text];
    case 'paragraph':
      return [block.runs.map((r) => r.text).join('')];
    case 'table':
      return [block.caption, ...block.columns, ...block.rows.flat()];
    case 'numbered-list':
      return block.items.map((runs) => runs.map((r) => r.text).join(''));
  }
}

const byType = (tree: StructureElement[], type: string) => [...walk(tree)].filter((e) => e.type === type);
/**
 * Text compared without white space or hyphens: pdftotext and pdfinfo may drop a line-end hyphen,
 * and the structure's pieces (a run, a link) are joined without the spaces between them.
 */
const squash = (text: string) => text.replace(/[\s-]/g, '');

/** Asserts that every piece is read, in the given order, from the tree. */
function assertReadInOrder(tree: StructureElement[], pieces: readonly string[]): void {
  const read = squash(tree.map(readingText).join(''));
  let at = 0;
  for (const piece of pieces) {
    const found = read.indexOf(squash(piece), at);
    assert.ok(found >= 0, `"${piece.slice(0, 60)}" is read, in order`);
    at = found + squash(piece).length;
  }
}

test('the guide PDF is tagged for screen readers: headings, paragraphs, tables, lists and links in reading order, nothing left untagged', async (t) => {
  if (skipUnlessAvailable(t, hasPoppler, NO_POPPLER)) return;
  if (skipUnlessAvailable(t, hasMonograph, NO_MONOGRAPH)) return;
  const content = guideContent(kb, 'baclofen');
  const layout = guideDocument(content);
  const { bytes } = await buildGuidePdf(kb, 'baclofen');

  const { fields, metadata } = pdfInfo(bytes);
  assert.equal(fields.Tagged, 'yes');
  assert.equal(fields.Title, 'Baclofen: a safety guide');
  assert.match(metadata, /<pdfuaid:part>1<\/pdfuaid:part>/, 'identified as PDF/UA-1');
  const raw = bytes.toString('latin1');
  assert.match(raw, /\/Lang \(en-US\)/, 'the language is set');
  assert.match(raw, /\/DisplayDocTitle true/, 'viewers show the title, not the file name');
  assert.equal(raw.match(/\/Type \/Page\b[^]*?\/Tabs \/S\b/g)?.length, Number(fields.Pages), 'on every page, Tab follows the structure');

  const tree = pdfStructure(bytes);
  assert.equal(tree.length, 1);
  assert.equal(tree[0]!.type, 'Document');
  const [first] = tree[0]!.children;
  assert.deepEqual([first!.type, first!.text], ['H1', content.title], 'the title is the first thing read');

  const headings = layout.blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading').map((b) => b.text);
  assert.deepEqual(byType(tree, 'H2').map((h) => h.text), headings, 'every section heading is an H2, in order');

  const paragraphs = byType(tree, 'P').map((p) => flat(readingText(p)));
  for (const claim of content.keySafety) {
    assert.ok(paragraphs.some((p) => p.includes(flat(claim.text))), `key safety point "${claim.id}" is a tagged paragraph`);
  }

  // Everything the guide says is in the structure tree, in the order of the layout; the footers
  // (on every page) are not, being artifacts.
  assertReadInOrder(tree, layout.blocks.flatMap(blockTexts));
  const treeText = tree.map(readingText).join('');
  const footer = /\S+: a safety guide · compiled \S+ · page \d+ of \d+ · Emergency: 911 · Not medical advice/g;
  assert.equal(pdfText(bytes).match(footer)?.length, Number(fields.Pages), 'each page has its footer');
  assert.doesNotMatch(treeText, /page \d+ of \d+/, 'footers are artifacts');

  // And in the drawing itself: every piece of text is marked content, tagged or an artifact. With
  // the check above, nothing a sighted reader sees is hidden from a screen reader; the structure
  // tree alone would not show text drawn outside it.
  const marks = pageMarkings(bytes);
  assert.equal(marks.length, Number(fields.Pages));
  marks.forEach((page, i) => {
    assert.equal(page.unmarkedText, 0, `page ${i + 1}: no text outside marked content`);
    assert.ok(page.tags.includes('Artifact'), `page ${i + 1}: the footer is an artifact`);
  });

  const tables = byType(tree, 'Table');
  const tableBlocks = layout.blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
  assert.equal(tables.length, tableBlocks.length);
  tables.forEach((table, i) => {
    const [header, ...rows] = table.children;
    assert.deepEqual(header!.children.map((c) => [c.type, c.text, c.attributes.Scope]), tableBlocks[i]!.columns.map((c) => ['TH', c, '/Column']), `table ${i + 1} has column headers`);
    assert.equal(rows.length, tableBlocks[i]!.rows.length);
    for (const row of rows) assert.ok(row.children.every((cell) => cell.type === 'TD' && cell.attributes.Headers), 'each data cell names its header');
  });

  const [list] = byType(tree, 'L');
  assert.ok(list, 'the references are a list');
  assert.equal(list.children.length, content.references.length);
  assert.equal(list.attributes.ListNumbering, '/Decimal');
  list.children.forEach((item, i) => {
    const [label, body] = item.children;
    assert.deepEqual([item.type, label!.type, label!.text, body!.type], ['LI', 'Lbl', `${i + 1}.`, 'LBody']);
    assert.ok(flat(readingText(body!)).startsWith(flat(content.references[i]!.authors)), `reference ${i + 1} is ${content.references[i]!.id}`);
  });
  const links = byType(tree, 'Link').map((l) => l.text);
  const urls = content.references.flatMap((s) => (s.url ? [s.url] : []));
  assert.ok(urls.length > 5);
  for (const url of urls) assert.ok(links.includes(url), `the link to ${url} is tagged`);
  const annotations = raw.match(/\/Subtype \/Link\b/g)?.length ?? 0;
  assert.ok(annotations >= urls.length);
  assert.equal(raw.match(/\/Contents \(Link to [^)]/g)?.length, annotations, 'every link annotation says where it goes');
});

test('the guide opens with a bookmark for each section, on the page where the section starts', async (t) => {
  if (skipUnlessAvailable(t, hasPoppler, NO_POPPLER)) return;
  if (skipUnlessAvailable(t, hasMonograph, NO_MONOGRAPH)) return;
  const layout = guideDocument(guideContent(kb, 'baclofen'));
  const { bytes } = await buildGuidePdf(kb, 'baclofen');
  const headings = layout.blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading').map((b) => b.text);
  const outline = pdfOutline(bytes);
  assert.deepEqual(outline.map((item) => item.title), headings);
  const pages = pdfPages(bytes).map(flat);
  for (const { title, page } of outline) assert.ok(pages[page - 1]!.includes(flat(title)), `"${title}" starts on page ${page}`);
  assert.match(bytes.toString('latin1'), /\/PageMode \/UseOutlines/, 'the bookmarks panel opens with the document');
});

test('every character the guide prints has a glyph in its embedded font', (t) => {
  if (skipUnlessAvailable(t, hasMonograph, NO_MONOGRAPH)) return;
  const font = fontkit.create(guideFontBytes()) as fontkit.Font;
  assert.equal(font.hasGlyphForCodePoint(0x4e00), false, 'the check can fail: Roboto has no CJK glyphs');
  const layout = guideDocument(guideContent(kb, 'baclofen'), { siteUrl: 'https://rxsafety.example' });
  const text = [
    layout.footer(1, 1),
    ...layout.blocks.flatMap(blockTexts),
  ].join('');
  const missing = [...new Set(text)].filter((ch) => !/\s/.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!));
  assert.deepEqual(missing, [], 'a missing glyph prints as an empty box: a dose or a warning could be misread');
  assert.ok(text.includes('ř') && text.includes('—'), 'the check covers accented names and punctuation');
});

test('a table that runs onto more pages repeats its header on each, as an artifact read only once', async (t) => {
  if (skipUnlessAvailable(t, hasPoppler, NO_POPPLER)) return;
  const rows = Array.from({ length: 120 }, (_, i) => [`row ${i + 1}`, `${i + 1} mg`]);
  const layout: GuideDocument = {
    title: 'A long table',
    subject: 'test',
    keywords: 'test',
    language: 'en-US',
    creationDate: new Date('2026-01-01T00:00:00Z'),
    footer: (page, pages) => `page ${page} of ${pages}`,
    blocks: [
      { kind: 'title', text: 'A long table' },
      { kind: 'table', caption: 'Doses', columns: ['Step', 'Dose'], rows },
    ],
  };
  const bytes = await renderGuidePdf(layout);

  const pages = pdfPages(bytes);
  assert.ok(pages.length >= 3, `the table runs over ${pages.length} pages`);
  let next = 1;
  pages.forEach((page, i) => {
    const lines = page.split('\n').map((l) => l.trim()).filter(Boolean);
    const firstRow = lines.findIndex((l) => /^row \d+/.test(l));
    assert.match(lines[firstRow - 1] ?? '', /^Step\s+Dose$/, `page ${i + 1} shows the header above its first row`);
    // No row is lost or repeated across the breaks.
    for (const line of lines.slice(firstRow).filter((l) => l.startsWith('row '))) assert.match(line, new RegExp(`^row ${next++}\\s+${next - 1} mg$`));
  });
  assert.equal(next, rows.length + 1);

  const tree = pdfStructure(bytes);
  assert.deepEqual(byType(tree, 'TH').map((h) => h.text), ['Step', 'Dose'], 'the header is read once');
  assert.equal(byType(tree, 'TR').length, rows.length + 1);
  assert.ok(pageMarkings(bytes).every((page) => page.unmarkedText === 0));
});

test('column widths: fixed columns as given, the rest shared equally', () => {
  assert.deepEqual(columnWidths([70, '*', 30, '*'], 300), [70, 100, 30, 100]);
  assert.deepEqual(columnWidths(['*', '*', '*'], 300), [100, 100, 100]);
});

test('the same content gives the same bytes, since the ETag and the size on the pages come from the content version', async (t) => {
  if (skipUnlessAvailable(t, hasMonograph, NO_MONOGRAPH)) return;
  // Two builds in one process, as two servers behind a load balancer would each make.
  const [first, second] = [await buildGuidePdf(kb, 'baclofen'), await buildGuidePdf(kb, 'baclofen')];
  assert.equal(first.contentVersion, second.contentVersion);
  assert.ok(first.bytes.equals(second.bytes));
});

/** Layouts of any shape: paragraphs that run over pages, long tables, lists, links, accented words. */
const word = fc.stringMatching(/^[A-Za-z0-9éüřŠ.,:;()'’“”—-]{1,14}$/);
const text = (maxWords: number) => fc.array(word, { minLength: 1, maxLength: maxWords }).map((words) => words.join(' '));
const run = fc.record(
  { text: text(120), bold: fc.boolean(), small: fc.boolean(), link: fc.option(fc.constant('https://rxsafety.example/a?b=c'), { nil: undefined }) },
  { requiredKeys: ['text'] },
);
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant('heading' as const), id: fc.constant('h'), text: text(8) }),
  fc.record({ kind: fc.constant('paragraph' as const), runs: fc.array(run, { minLength: 1, maxLength: 4 }), tone: fc.constantFrom(undefined, 'meta', 'danger', 'warning'), indent: fc.boolean() }),
  fc.integer({ min: 1, max: 5 }).chain((columns) =>
    fc.record({
      kind: fc.constant('table' as const),
      caption: text(6),
      columns: fc.array(text(3), { minLength: columns, maxLength: columns }),
      rows: fc.array(fc.array(text(40), { minLength: columns, maxLength: columns }), { maxLength: 30 }),
    }),
  ),
  fc.record({ kind: fc.constant('numbered-list' as const), items: fc.array(fc.array(run, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 25 }) }),
);

test('any layout renders with all its text tagged, in order, and nothing drawn outside marked content (property)', async (t) => {
  if (skipUnlessAvailable(t, hasPoppler, NO_POPPLER)) return;
  await fc.assert(
    fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 10 }), async (blocks) => {
      const layout: GuideDocument = {
        title: 'Property',
        subject: 'test',
        keywords: 'test',
        language: 'en-US',
        creationDate: new Date('2026-01-01T00:00:00Z'),
        footer: (page, pages) => `page ${page} of ${pages}`,
        blocks: [{ kind: 'title', text: 'Property' }, ...blocks],
      };
      const bytes = await renderGuidePdf(layout);
      const tree = pdfStructure(bytes);
      assertReadInOrder(tree, layout.blocks.flatMap(blockTexts));
      assert.ok(pageMarkings(bytes).every((page) => page.unmarkedText === 0), 'no text outside marked content');
      const tables = layout.blocks.filter((b) => b.kind === 'table');
      assert.equal(byType(tree, 'TH').length, tables.reduce((sum, b) => sum + b.columns.length, 0), 'each header is read once');
    }),
    { numRuns: 15 },
  );
});
