import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Block, GuideDocument, Run, Tone } from './pdf-document.ts';

const require = createRequire(import.meta.url);

/** Roboto (OFL 1.1) as TrueType from the npm registry, embedded in the PDF: nothing is downloaded. */
const FONT_FILES = {
  regular: '@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf',
  bold: '@expo-google-fonts/roboto/500Medium/Roboto_500Medium.ttf',
  italic: '@expo-google-fonts/roboto/400Regular_Italic/Roboto_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/roboto/500Medium_Italic/Roboto_500Medium_Italic.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

/**
 * Fonts are always named by their file path, never by bytes or a registered alias: pdfkit caches an
 * opened font under the name it was asked for, and a table cell restores the font by its path, so
 * any other name had pdfkit parse the font file again for every cell (four times the build time).
 */
let fontPaths: Record<FontName, string> | undefined;
function fontPath(name: FontName): string {
  fontPaths ??= Object.fromEntries(Object.entries(FONT_FILES).map(([face, file]) => [face, require.resolve(file)])) as Record<FontName, string>;
  return fontPaths[name];
}

/** The regular face, for checks that every character the guide prints has a glyph. */
export function guideFontBytes(): Buffer {
  return readFileSync(fontPath('regular'));
}

const size = { body: 10, small: 8, title: 20, heading: 14, table: 8, footer: 7 } as const;
const colour: Record<Tone | 'text', string> = { text: '#000000', meta: '#333333', danger: '#8a0000', warning: '#5c3b00' };
const margin = { top: 50, left: 50, right: 50, bottom: 56 } as const;
const lineGapPt = 2;
const indentPt = 8;
const listLabelPt = 18;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/**
 * Renders the guide as a tagged PDF (PDF/UA-1): every block sits in the structure tree in reading
 * order (H1, H2, P, Table with column headers, L with labels, Link), the footer is marked as a
 * pagination artifact, fonts are embedded, and the title, language and bookmarks are set. A screen
 * reader then reads the guide as the page shows it, rather than guessing from the layout.
 */
export function renderGuidePdf(guide: GuideDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: margin,
    pdfVersion: '1.7',
    // @types/pdfkit 0.17 lags pdfkit 0.20, which has the PDF/UA subset and tagged tables.
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    tagged: true,
    displayTitle: true,
    lang: guide.language,
    bufferPages: true,
    font: fontPath('regular'),
    info: { Title: guide.title, Author: 'rxsafety', Subject: guide.subject, Keywords: guide.keywords, Creator: 'rxsafety', CreationDate: guide.creationDate },
  });
  doc.font(fontPath('regular')).fontSize(size.body).lineGap(lineGapPt);
  describeLinks(doc);

  const bytes = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  guide.blocks.forEach((block, index) => renderBlock(doc, root, block, index));
  root.end();
  addFooters(doc, guide);
  // Open with the bookmarks panel showing.
  (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.PageMode = 'UseOutlines';
  doc.end();
  return bytes;
}

/** `index` is the block's place in the document, which keeps the IDs it gives unique and stable. */
function renderBlock(doc: Doc, parent: Struct, block: Block, index: number): void {
  switch (block.kind) {
    case 'title':
      return textElement(doc, parent, 'H1', [{ text: block.text, bold: true }], { fontSize: size.title, after: 6 });
    case 'heading':
      // Keep a heading with at least three lines of what follows it.
      ensureSpace(doc, size.heading * 1.4 + 12 + 3 * (size.body + lineGapPt) * 1.2);
      doc.y += 12;
      doc.outline.addItem(block.text);
      return textElement(doc, parent, 'H2', [{ text: block.text, bold: true }], { fontSize: size.heading, after: 4 });
    case 'paragraph':
      return textElement(doc, parent, 'P', block.runs, {
        fontSize: block.tone === 'meta' ? 9 : size.body,
        tone: block.tone,
        indent: block.indent ? indentPt : 0,
        before: 3,
        after: block.tone === 'meta' ? 2 : 3,
      });
    case 'table':
      return table(doc, parent, block, `table-${index}`);
    case 'numbered-list':
      return numberedList(doc, parent, block.items);
  }
}

interface TextStyle {
  fontSize: number;
  tone?: Tone;
  indent?: number;
  before?: number;
  after?: number;
}

/** One structure element (H1, H2, P, LBody…) holding runs of text; linked runs become Link children. */
function textElement(doc: Doc, parent: Struct, type: string, runs: readonly Run[], style: TextStyle, at?: { x: number; width: number }): void {
  doc.y += style.before ?? 0;
  const x = at?.x ?? margin.left + (style.indent ?? 0);
  const width = at?.width ?? doc.page.width - margin.right - x;
  const element = doc.struct(type);
  parent.add(element);
  runs.forEach((run, i) => {
    const draw = () => {
      doc
        .font(fontPath(fontFor(run)))
        .fontSize(run.small ? size.small : style.fontSize)
        .fillColor(colour[style.tone ?? 'text']);
      const options: PDFKit.Mixins.TextOptions = { width, continued: i < runs.length - 1, link: run.link ?? null, underline: run.link !== undefined };
      // The first run places the paragraph; the rest continue it.
      if (i === 0) doc.text(run.text, x, doc.y, options);
      else doc.text(run.text, options);
    };
    // No Alt on the Link: it would replace the link's visible text (the address) for a screen reader.
    element.add(run.link ? doc.struct('Link', {}, draw) : draw);
  });
  element.end();
  doc.x = margin.left;
  doc.y += style.after ?? 0;
}

/**
 * PDF/UA wants each link annotation to describe itself (its Contents); pdfkit leaves it empty for
 * links made from text, so this document's link() fills it in with where the link goes.
 */
function describeLinks(doc: Doc): void {
  const link = doc.link.bind(doc);
  doc.link = (x, y, w, h, url, options) =>
    // A String object, which pdfkit writes as a PDF string (a plain string would become a name).
    link(x, y, w, h, url, Object.assign({ Contents: new String(`Link to ${String(url)}`) }, options));
}

function fontFor(run: Run): FontName {
  if (run.bold) return run.italic ? 'boldItalic' : 'bold';
  return run.italic ? 'italic' : 'regular';
}

const cellPad = { x: 3, y: 2 } as const;
const gridColour = '#8c8c8c';

/**
 * Table › TR › TH/TD, drawn row by row. Column headers carry Scope=Column and an ID that each data
 * cell names, so a screen reader announces the header with each cell. When the table runs onto a
 * new page the header row is drawn again for sighted readers, as an artifact, so it is read once.
 * The grid lines are artifacts too. (pdfkit's own table can do neither.)
 */
function table(doc: Doc, parent: Struct, block: Extract<Block, { kind: 'table' }>, id: string): void {
  textElement(doc, parent, 'P', [{ text: block.caption, italic: true }], { fontSize: size.body, before: 4, after: 2 });
  const widths = columnWidths(block.widths ?? block.columns.map(() => '*'), doc.page.width - margin.left - margin.right);
  const headerIds = block.columns.map((_, i) => `${id}-h${i}`);
  const element = doc.struct('Table');
  parent.add(element);

  const cellOptions = (i: number) => ({ width: widths[i]! - 2 * cellPad.x, lineGap: lineGapPt });
  const rowHeight = (cells: readonly string[], font: FontName) => {
    doc.font(fontPath(font)).fontSize(size.table);
    return Math.max(0, ...cells.map((text, i) => doc.heightOfString(text, cellOptions(i)))) + 2 * cellPad.y;
  };
  /** Draws one row of the given height at doc.y; `tag` wraps each cell's drawing in its structure (or an artifact). */
  const drawRow = (cells: readonly string[], font: FontName, height: number, tag: (i: number, draw: () => void) => void) => {
    const top = doc.y;
    let x = margin.left;
    cells.forEach((text, i) => {
      const left = x;
      tag(i, () => doc.font(fontPath(font)).fontSize(size.table).fillColor(colour.text).text(text, left + cellPad.x, top + cellPad.y, cellOptions(i)));
      x += widths[i]!;
    });
    doc.markContent('Artifact', { type: 'Layout' });
    x = margin.left;
    for (const width of widths) {
      doc.rect(x, top, width, height).lineWidth(0.5).strokeColor(gridColour).stroke();
      x += width;
    }
    doc.endMarkedContent();
    doc.x = margin.left;
    doc.y = top + height;
  };
  const artifact = (_: number, draw: () => void) => {
    doc.markContent('Artifact', { type: 'Pagination' });
    draw();
    doc.endMarkedContent();
  };

  const headerRow = doc.struct('TR');
  element.add(headerRow);
  // Each row is measured once: laying out its text is most of a table's cost.
  const headerHeight = rowHeight(block.columns, 'bold');
  const heights = block.rows.map((cells) => rowHeight(cells, 'regular'));
  ensureSpace(doc, headerHeight + (heights[0] ?? 0));
  drawRow(block.columns, 'bold', headerHeight, (i, draw) => {
    headerRow.add(withEntries(doc.struct('TH', {}, draw), { ID: new String(headerIds[i]), A: { O: 'Table', Scope: 'Column' } }));
  });
  headerRow.end();

  // A row taller than a whole page would spill; the guide's rows are a fraction of one.
  block.rows.forEach((cells, r) => {
    if (doc.y + heights[r]! > doc.page.height - margin.bottom) {
      doc.addPage();
      drawRow(block.columns, 'bold', headerHeight, artifact);
    }
    const row = doc.struct('TR');
    element.add(row);
    drawRow(cells, 'regular', heights[r]!, (i, draw) => {
      row.add(withEntries(doc.struct('TD', {}, draw), { A: { O: 'Table', Headers: [new String(headerIds[i])] } }));
    });
    row.end();
  });
  element.end();
  doc.y += 4;
}

/**
 * Sets entries of a structure element's dictionary (an ID, table attributes), which pdfkit's types
 * do not expose. Strings that must be PDF strings are String objects (plain ones become names).
 */
function withEntries(element: Struct, entries: Record<string, unknown>): Struct {
  Object.assign((element as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data, entries);
  return element;
}

/** Column widths in points: fixed ones as given, '*' columns sharing what is left equally. */
export function columnWidths(widths: readonly (number | '*')[], totalPt: number): number[] {
  const fixed = widths.reduce<number>((sum, w) => sum + (w === '*' ? 0 : w), 0);
  const stars = widths.filter((w) => w === '*').length;
  return widths.map((w) => (w === '*' ? (totalPt - fixed) / stars : w));
}

/** L › LI › (Lbl, LBody): the number and the entry are tagged apart, as an HTML <ol> would be. */
function numberedList(doc: Doc, parent: Struct, items: readonly Run[][]): void {
  // Numbered, so a screen reader can say "list of 58 items" and each item's number.
  const list = withEntries(doc.struct('L'), { A: { O: 'List', ListNumbering: 'Decimal' } });
  parent.add(list);
  const x = margin.left;
  const width = doc.page.width - margin.left - margin.right;
  items.forEach((runs, i) => {
    ensureSpace(doc, 2 * (size.small + lineGapPt) * 1.2);
    const item = doc.struct('LI');
    list.add(item);
    const top = doc.y;
    item.add(
      doc.struct('Lbl', {}, () => {
        doc.font(fontPath('regular')).fontSize(size.small).fillColor(colour.text).text(`${i + 1}.`, x, top, { width: listLabelPt, lineBreak: false });
      }),
    );
    doc.y = top;
    textElement(doc, item, 'LBody', runs, { fontSize: size.small, after: 2 }, { x: x + listLabelPt, width: width - listLabelPt });
    item.end();
  });
  list.end();
}

function ensureSpace(doc: Doc, heightPt: number): void {
  if (doc.y + heightPt > doc.page.height - margin.bottom) doc.addPage();
}

/** Page footers are pagination artifacts: shown and printed, skipped by screen readers. */
function addFooters(doc: Doc, guide: GuideDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font(fontPath('regular'))
      .fontSize(size.footer)
      .fillColor(colour.meta)
      .text(guide.footer(i + 1, range.count), margin.left, doc.page.height - margin.bottom + 20, { width: doc.page.width - margin.left - margin.right, lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
