import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import { formatCitation, sourceLink } from '../knowledge/http/components.tsx';
import { verdictLabel } from '../knowledge/myth-verdicts.ts';
import type { Claim, ClaimTable, Study } from '../knowledge/schema.ts';
import type { GuideContent } from './guide-content.ts';

/** A heading the renderer turns into a PDF bookmark. */
export interface GuideHeading {
  id: string;
  title: string;
}

export interface GuideDocument {
  definition: TDocumentDefinitions;
  headings: GuideHeading[];
}

const emphasisLabel = { danger: 'Danger: ', warning: 'Caution: ' } as const;

/**
 * Lays the guide out as a pdfmake document: plain text in reading order (no images of text),
 * emphasis said in words as well as shown, every claim followed by its reference numbers.
 */
export function guideDocument(guide: GuideContent, options: { siteUrl?: string } = {}): GuideDocument {
  const headings: GuideHeading[] = [];
  const heading = (id: string, title: string): Content => {
    headings.push({ id, title });
    return { text: title, style: 'h2', id, headlineLevel: 1 };
  };
  const refs = (sourceIds: readonly string[]) => ` [${sourceIds.map(guide.refNumber).join(', ')}]`;

  const claim = (c: Claim): Content => {
    const parts: Content[] = [];
    if (c.myth) {
      parts.push({ text: [{ text: 'Often published: ', bold: true }, `“${c.myth.published}” `, { text: `${verdictLabel[c.myth.verdict]}.`, bold: true }] });
    }
    parts.push({
      text: [
        c.emphasis ? { text: emphasisLabel[c.emphasis], bold: true } : '',
        c.text,
        c.confidence && c.confidence !== 'high' ? ` (evidence ${c.confidence === 'medium' ? 'partly verified' : 'not verified'})` : '',
        { text: refs(c.sources), style: 'refs' },
      ],
    });
    if (c.table) parts.push(claimTable(c.table));
    return { stack: parts, style: c.emphasis ?? 'claim', margin: [c.emphasis ? 8 : 0, 3, 0, 3] };
  };

  const content: Content[] = [
    { text: guide.title, style: 'h1' },
    { text: guide.reviewStatement, style: 'meta' },
    // An unreviewed record's statement already gives the compiled-on date.
    guide.drug.review.status === 'reviewed' ? { text: `Compiled on ${guide.compiledOn}.`, style: 'meta' } : '',
    {
      text: 'This guide is information, not medical advice. It does not replace your prescriber or pharmacist: do not start, stop or change a dose without them.',
      style: 'meta',
      margin: [0, 0, 0, 8],
    },
    heading('key-safety', 'Key safety points'),
    ...guide.keySafety.map(claim),
  ];

  for (const section of guide.sections) {
    content.push(heading(section.id, section.title), ...section.claims.map(claim));
    if (section.studies.length > 0) content.push(studyTable(section.studies, refs));
  }

  const treatmentUrl = options.siteUrl ? `${options.siteUrl}/treatment` : undefined;
  content.push(heading('find-treatment', 'Where to find treatment'));
  if (guide.treatmentLine) {
    const line = guide.treatmentLine;
    content.push({
      text: [{ text: `${line.name}: ${line.phone}`, bold: true }, line.tty ? ` (TTY ${line.tty})` : '', `. ${line.text}`, { text: refs(line.sources), style: 'refs' }],
      margin: [0, 3, 0, 3],
    });
  }
  content.push({
    text: treatmentUrl
      ? ['Search for treatment near you on rxsafety: ', { text: treatmentUrl, link: treatmentUrl, decoration: 'underline' }]
      : 'Search for treatment near you on the rxsafety "Find treatment" page (/treatment).',
    margin: [0, 3, 0, 3],
  });

  content.push(heading('crisis-numbers', 'Crisis numbers'));
  for (const line of guide.crisisLines) {
    content.push({
      text: [{ text: `${line.name}: ${line.phone}`, bold: true }, ` — ${line.when}`, { text: refs(line.sources), style: 'refs' }],
      margin: [0, 3, 0, 3],
    });
  }

  content.push(heading('references', 'References'));
  content.push({
    ol: guide.references.map((source) => {
      const link = sourceLink(source);
      return { text: [formatCitation(source), link ? ` ${link}` : ''], link };
    }),
    style: 'small',
  });

  return {
    headings,
    definition: {
      info: {
        title: guide.title,
        author: 'rxsafety',
        subject: `${guide.drug.name}: key safety points, dosing, withdrawal, interactions, misuse, evidence and help lines, with references`,
        keywords: [guide.drug.name, ...guide.drug.brandNames, 'safety guide'].join(', '),
        creationDate: new Date(`${guide.compiledOn}T00:00:00Z`),
      },
      language: 'en-US',
      displayTitle: true,
      tagged: true,
      pageSize: 'LETTER',
      pageMargins: [50, 50, 50, 56],
      footer: (page: number, pages: number) => ({
        text: `${guide.title} · compiled ${guide.compiledOn} · page ${page} of ${pages} · Emergency: 911 · Not medical advice`,
        style: 'footer',
        margin: [50, 20, 50, 0],
      }),
      content,
      defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
      styles: {
        h1: { fontSize: 20, bold: true, margin: [0, 0, 0, 6] },
        h2: { fontSize: 14, bold: true, margin: [0, 12, 0, 4] },
        meta: { fontSize: 9, color: '#333333' },
        refs: { fontSize: 8, color: '#333333' },
        small: { fontSize: 8 },
        footer: { fontSize: 7, color: '#333333' },
        claim: {},
        danger: { color: '#8a0000' },
        warning: { color: '#5c3b00' },
        tableHeader: { bold: true, fontSize: 8 },
        tableCell: { fontSize: 8 },
      },
    } as TDocumentDefinitions,
  };
}

function claimTable(table: ClaimTable): Content {
  return {
    stack: [
      { text: table.caption, italics: true, margin: [0, 4, 0, 2] },
      {
        table: {
          headerRows: 1,
          body: [
            table.columns.map((c): TableCell => ({ text: c, style: 'tableHeader' })),
            ...table.rows.map((row) => row.map((cell): TableCell => ({ text: cell, style: 'tableCell' }))),
          ],
        },
        layout: 'lightHorizontalLines',
      },
    ],
  };
}

function studyTable(studies: readonly Study[], refs: (ids: readonly string[]) => string): Content {
  const header = ['Study', 'Design and size', 'Dose and duration', 'Outcome and effect', 'Result', 'Limitations'];
  return {
    stack: [
      { text: 'Studies of baclofen for alcohol use disorder', italics: true, margin: [0, 6, 0, 2] },
      {
        table: {
          headerRows: 1,
          widths: [70, 70, 70, '*', 45, '*'],
          body: [
            header.map((h): TableCell => ({ text: h, style: 'tableHeader' })),
            ...studies.map((s): TableCell[] => [
              { text: [s.title, { text: refs(s.sources), style: 'refs' }], style: 'tableCell' },
              { text: `${s.design}${s.n ? `, n=${s.n}` : ''}${s.nNote ? ` (${s.nNote})` : ''}`, style: 'tableCell' },
              { text: `${s.dose}; ${s.duration}`, style: 'tableCell' },
              { text: `${s.outcome}: ${s.effectSize}`, style: 'tableCell' },
              { text: s.result, style: 'tableCell' },
              { text: s.limitations, style: 'tableCell' },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
    ],
  };
}
