import { formatCitation, sourceLink } from '../knowledge/http/components.tsx';
import { verdictLabel } from '../knowledge/myth-verdicts.ts';
import type { Claim, ClaimTable, Study } from '../knowledge/schema.ts';
import type { GuideContent } from './guide-content.ts';

/**
 * The guide as a list of blocks in reading order, each with the meaning a screen reader needs
 * (title, heading, paragraph, table with header cells, numbered list). Pure: render-pdf.ts turns it
 * into a tagged PDF, and tests can read it without one.
 */
export interface GuideDocument {
  title: string;
  subject: string;
  keywords: string;
  /** BCP 47 tag of the whole document. */
  language: string;
  creationDate: Date;
  footer(page: number, pages: number): string;
  blocks: Block[];
}

/** A stretch of text with one look; `link` makes it a link (tagged as such). */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Reference numbers and other small print. */
  small?: boolean;
  link?: string;
}

export type Tone = 'meta' | 'danger' | 'warning';

export type Block =
  | { kind: 'title'; text: string }
  /** A section heading; each also becomes a bookmark. */
  | { kind: 'heading'; id: string; text: string }
  /** `indent` sets emphasised claims apart from the text around them. */
  | { kind: 'paragraph'; runs: Run[]; tone?: Tone; indent?: boolean }
  /** `widths` in points, '*' sharing what is left; a cell is plain text. */
  | { kind: 'table'; caption: string; columns: string[]; rows: string[][]; widths?: (number | '*')[] }
  | { kind: 'numbered-list'; items: Run[][] };

const emphasisLabel = { danger: 'Danger: ', warning: 'Caution: ' } as const;

/**
 * Lays the guide out: plain text in reading order (no images of text), emphasis said in words as
 * well as shown, every claim followed by its reference numbers.
 */
export function guideDocument(guide: GuideContent, options: { siteUrl?: string } = {}): GuideDocument {
  const refs = (sourceIds: readonly string[]): Run => ({ text: ` [${sourceIds.map(guide.refNumber).join(', ')}]`, small: true });
  const blocks: Block[] = [];
  const heading = (id: string, text: string) => blocks.push({ kind: 'heading', id, text });

  const claim = (c: Claim) => {
    const tone = c.emphasis;
    const indent = c.emphasis !== undefined;
    if (c.myth) {
      blocks.push({
        kind: 'paragraph',
        tone,
        indent,
        runs: [{ text: 'Often published: ', bold: true }, { text: `“${c.myth.published}” ` }, { text: `${verdictLabel[c.myth.verdict]}.`, bold: true }],
      });
    }
    const confidence = c.confidence && c.confidence !== 'high' ? ` (evidence ${c.confidence === 'medium' ? 'partly verified' : 'not verified'})` : '';
    blocks.push({
      kind: 'paragraph',
      tone,
      indent,
      runs: [...(c.emphasis ? [{ text: emphasisLabel[c.emphasis], bold: true }] : []), { text: `${c.text}${confidence}` }, refs(c.sources)],
    });
    if (c.table) blocks.push(claimTable(c.table));
  };

  blocks.push({ kind: 'title', text: guide.title });
  blocks.push({ kind: 'paragraph', tone: 'meta', runs: [{ text: guide.reviewStatement }] });
  // An unreviewed record's statement already gives the compiled-on date.
  if (guide.drug.review.status === 'reviewed') blocks.push({ kind: 'paragraph', tone: 'meta', runs: [{ text: `Compiled on ${guide.compiledOn}.` }] });
  blocks.push({
    kind: 'paragraph',
    tone: 'meta',
    runs: [{ text: 'This guide is information, not medical advice. It does not replace your prescriber or pharmacist: do not start, stop or change a dose without them.' }],
  });

  heading('key-safety', 'Key safety points');
  guide.keySafety.forEach(claim);

  for (const section of guide.sections) {
    heading(section.id, section.title);
    section.claims.forEach(claim);
    if (section.studies.length > 0) blocks.push(studyTable(section.studies, refs));
  }

  heading('find-treatment', 'Where to find treatment');
  const line = guide.treatmentLine;
  if (line) {
    blocks.push({
      kind: 'paragraph',
      runs: [{ text: `${line.name}: ${line.phone}`, bold: true }, { text: `${line.tty ? ` (TTY ${line.tty})` : ''}. ${line.text}` }, refs(line.sources)],
    });
  }
  const treatmentUrl = options.siteUrl ? `${options.siteUrl}/treatment` : undefined;
  blocks.push({
    kind: 'paragraph',
    runs: treatmentUrl
      ? [{ text: 'Search for treatment near you on rxsafety: ' }, { text: treatmentUrl, link: treatmentUrl }]
      : [{ text: 'Search for treatment near you on the rxsafety "Find treatment" page (/treatment).' }],
  });

  heading('crisis-numbers', 'Crisis numbers');
  for (const crisis of guide.crisisLines) {
    blocks.push({ kind: 'paragraph', runs: [{ text: `${crisis.name}: ${crisis.phone}`, bold: true }, { text: ` — ${crisis.when}` }, refs(crisis.sources)] });
  }

  heading('references', 'References');
  blocks.push({
    kind: 'numbered-list',
    items: guide.references.map((source) => {
      const link = sourceLink(source);
      return [{ text: formatCitation(source), small: true }, ...(link ? [{ text: ' ', small: true }, { text: link, link, small: true }] : [])];
    }),
  });

  return {
    title: guide.title,
    subject: `${guide.drug.name}: key safety points, dosing, withdrawal, interactions, misuse, evidence and help lines, with references`,
    keywords: [guide.drug.name, ...guide.drug.brandNames, 'safety guide'].join(', '),
    language: 'en-US',
    creationDate: new Date(`${guide.compiledOn}T00:00:00Z`),
    footer: (page, pages) => `${guide.title} · compiled ${guide.compiledOn} · page ${page} of ${pages} · Emergency: 911 · Not medical advice`,
    blocks,
  };
}

function claimTable(table: ClaimTable): Block {
  return { kind: 'table', caption: table.caption, columns: [...table.columns], rows: table.rows.map((row) => [...row]) };
}

function studyTable(studies: readonly Study[], refs: (ids: readonly string[]) => Run): Block {
  return {
    kind: 'table',
    caption: 'Studies of baclofen for alcohol use disorder',
    columns: ['Study', 'Design and size', 'Dose and duration', 'Outcome and effect', 'Result', 'Limitations'],
    widths: [70, 70, 70, '*', 58, '*'],
    rows: studies.map((s) => [
      `${s.title}${refs(s.sources).text}`,
      `${s.design}${s.n ? `, n=${s.n}` : ''}${s.nNote ? ` (${s.nNote})` : ''}`,
      `${s.dose}; ${s.duration}`,
      `${s.outcome}: ${s.effectSize}`,
      s.result,
      s.limitations,
    ]),
  };
}
