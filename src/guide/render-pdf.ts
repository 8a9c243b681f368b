import { createRequire } from 'node:module';
import PdfPrinter from 'pdfmake';
import type { TFontDictionary } from 'pdfmake/interfaces.js';
import type { GuideDocument } from './pdf-document.ts';

const require = createRequire(import.meta.url);

let printer: PdfPrinter | undefined;
/** pdfmake's own Roboto (Apache 2.0), shipped inside the npm package: nothing is downloaded. */
function pdfPrinter(): PdfPrinter {
  if (printer) return printer;
  const vfs = require('pdfmake/build/vfs_fonts.js') as Record<string, string>;
  const font = (name: string) => Buffer.from(vfs[name]!, 'base64') as unknown as string;
  const fonts: TFontDictionary = {
    Roboto: {
      normal: font('Roboto-Regular.ttf'),
      bold: font('Roboto-Medium.ttf'),
      italics: font('Roboto-Italic.ttf'),
      bolditalics: font('Roboto-MediumItalic.ttf'),
    },
  };
  return (printer = new PdfPrinter(fonts));
}

/**
 * Renders the guide to PDF bytes. pdfmake 0.2 has no bookmark support, so the outline is added
 * through the PDFKit document underneath: pdfmake reports each heading's page through its
 * pageBreakBefore hook, and the buffered pages let us point a bookmark at each one.
 */
export function renderGuidePdf(doc: GuideDocument): Promise<Buffer> {
  const headingPage = new Map<string, number>();
  const wanted = new Set(doc.headings.map((h) => h.id));
  const definition = Object.assign({}, doc.definition, {
    pageBreakBefore: (node: { id?: string; startPosition?: { pageNumber: number } }) => {
      if (node.id && wanted.has(node.id) && node.startPosition) headingPage.set(node.id, node.startPosition.pageNumber);
      return false;
    },
  });
  const pdf = pdfPrinter().createPdfKitDocument(definition, { bufferPages: true }) as PDFKit.PDFDocument & {
    outline: { addItem(title: string): unknown };
    _root: { data: Record<string, unknown> };
  };
  const range = pdf.bufferedPageRange();
  for (const heading of doc.headings) {
    const page = headingPage.get(heading.id);
    if (page === undefined || page < 1 || page > range.count) continue;
    pdf.switchToPage(range.start + page - 1);
    pdf.outline.addItem(heading.title);
  }
  // Open with the bookmarks panel showing.
  pdf._root.data.PageMode = 'UseOutlines';

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
