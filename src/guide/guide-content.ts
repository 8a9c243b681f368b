import { AppError } from '../errors/catalogue.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { describeReview } from '../knowledge/review-status.ts';
import type { Claim, CrisisLine, Drug, Source, Study } from '../knowledge/schema.ts';

/** Sections of the drug record the guide reprints, in the guide's order (missing ones are skipped). */
export const GUIDE_SECTIONS = ['dosing', 'withdrawal', 'interactions', 'misuse', 'evidence', 'myths'] as const;

/**
 * Where the key safety points come from: existing claims, picked by section and emphasis, so the
 * guide never carries clinical wording of its own. Order: do not stop suddenly, dangerous
 * combinations, warning signs and whom to call.
 */
export const KEY_SAFETY_PICKS: readonly { section: string; emphasis: readonly Claim['emphasis'][] }[] = [
  { section: 'withdrawal', emphasis: ['danger', 'warning'] },
  { section: 'interactions', emphasis: ['danger'] },
  { section: 'emergency', emphasis: ['danger', 'warning'] },
];

/** The condition whose study table the evidence section shows. */
export const EVIDENCE_CONDITION = 'alcohol-use-disorder';
const TREATMENT_LINE_ID = 'samhsa-helpline';

export interface GuideSection {
  id: string;
  title: string;
  claims: Claim[];
  studies: Study[];
}

export interface GuideContent {
  drug: Drug;
  title: string;
  reviewStatement: string;
  compiledOn: string;
  keySafety: Claim[];
  sections: GuideSection[];
  treatmentLine: CrisisLine | undefined;
  crisisLines: readonly CrisisLine[];
  /** Every source the guide cites, numbered in order of first citation. */
  references: Source[];
  refNumber(sourceId: string): number;
}

/** Selects and orders what the guide shows from the knowledge base. Pure: no I/O. */
export function guideContent(kb: KnowledgeBase, drugId: string): GuideContent {
  const drug = kb.drugs.get(drugId);
  if (!drug || drug.depth !== 'monograph') {
    throw new AppError('not-found', `There is no guide for "${drugId}". Guides exist for: ${guideDrugIds(kb).join(', ') || 'none yet'}.`);
  }
  const section = (id: string) => drug.sections.find((s) => s.id === id);

  const keySafety = KEY_SAFETY_PICKS.flatMap((pick) =>
    (section(pick.section)?.claims ?? []).filter((c) => c.emphasis !== undefined && pick.emphasis.includes(c.emphasis)),
  );

  const sections: GuideSection[] = GUIDE_SECTIONS.flatMap((id) => {
    const found = section(id);
    if (!found) return [];
    const studies = id === 'evidence' ? kb.studiesFor({ drug: drug.id, condition: EVIDENCE_CONDITION }) : [];
    return [{ id, title: found.title, claims: found.claims, studies }];
  });

  const treatmentLine = kb.content.crisisLines.find((l) => l.id === TREATMENT_LINE_ID);

  // Only what the guide cites, numbered in the order a reader meets it.
  const citations = [
    ...keySafety.flatMap((c) => c.sources),
    ...sections.flatMap((s) => [...s.claims.flatMap((c) => c.sources), ...s.studies.flatMap((st) => st.sources)]),
    ...kb.content.crisisLines.flatMap((l) => l.sources),
  ];
  const order = [...new Set(citations)];
  const references = order.map((id) => kb.sources.get(id)).filter((s): s is Source => s !== undefined);
  const numbers = new Map(references.map((s, i) => [s.id, i + 1]));

  return {
    drug,
    title: `${drug.name}: a safety guide`,
    reviewStatement: describeReview(drug.review).statement,
    compiledOn: drug.review.compiledOn,
    keySafety,
    sections,
    treatmentLine,
    crisisLines: kb.content.crisisLines,
    references,
    refNumber: (id) => numbers.get(id) ?? 0,
  };
}

/** Drugs with a full monograph get a guide. */
export function guideDrugIds(kb: KnowledgeBase): string[] {
  return [...kb.drugs.values()].filter((d) => d.depth === 'monograph').map((d) => d.id);
}
