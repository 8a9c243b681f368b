import { z } from 'zod';

/**
 * The shape of every content file. Cross-references (a claim's sources, a drug's classes, a study's
 * drug) are checked after all files are read, in load.ts, because they span files.
 */
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case id of letters, digits and dashes');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const sourceIds = z.array(id).min(1, 'at least one source id (every clinical statement must cite a source)');

/** `trial`: any study in people (controlled, observational, validation); `laboratory`: cells, receptors or animals. */
export const SourceKind = z.enum(['label', 'trial', 'laboratory', 'review', 'guideline', 'case-report', 'database', 'regulator']);

export const SourceSchema = z.strictObject({
  id,
  kind: SourceKind,
  title: z.string().min(3),
  authors: z.string().min(1),
  year: z.string().min(4),
  publisher: z.string().min(1),
  pmid: z.string().regex(/^\d+$/).optional(),
  doi: z.string().min(4).optional(),
  url: z.url().optional(),
  citation: z.string().optional(),
  note: z.string().optional(),
});
export type Source = z.infer<typeof SourceSchema>;

/** A small table inside a claim (a titration schedule, frequencies). Every cell is text. */
const TableSchema = z.strictObject({
  caption: z.string().min(1),
  columns: z.array(z.string().min(1)).min(2),
  rows: z.array(z.array(z.string())).min(1),
});
export type ClaimTable = z.infer<typeof TableSchema>;

export const MythVerdict = z.enum(['confirmed', 'corrected', 'partly-corrected', 'unverifiable', 'plausible']);

export const ClaimSchema = z.strictObject({
  id,
  text: z.string().min(10),
  sources: sourceIds,
  /** `warning` and `danger` are shown highlighted; `danger` is for things that can kill. */
  emphasis: z.enum(['warning', 'danger']).optional(),
  table: TableSchema.optional(),
  /** For the `myths` section: the claim as commonly published, and the verdict. */
  myth: z.strictObject({ published: z.string().min(5), verdict: MythVerdict }).optional(),
  /** How sure the sources are, when less than certain (from the fact sheet's confidence). */
  confidence: z.enum(['high', 'medium', 'low']).optional(),
});
export type Claim = z.infer<typeof ClaimSchema>;

export const SectionSchema = z.strictObject({
  id,
  title: z.string().min(2),
  claims: z.array(ClaimSchema).min(1),
  /** Study ids whose table this section shows (the evidence section). */
  studies: z.array(id).optional(),
});
export type Section = z.infer<typeof SectionSchema>;

const Verification = z.enum(['verified', 'uncertain']);
const Code = z.strictObject({
  value: z.string().min(1),
  verification: Verification,
  note: z.string().optional(),
});

export const ReviewSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('unreviewed'), compiledOn: isoDate }),
  z.strictObject({
    status: z.literal('reviewed'),
    compiledOn: isoDate,
    reviewer: z.strictObject({ name: z.string().min(3), credentials: z.string().min(2) }),
    reviewedOn: isoDate,
    nextReviewDue: isoDate,
  }),
]);
export type Review = z.infer<typeof ReviewSchema>;

export const DrugSchema = z.strictObject({
  id,
  name: z.string().min(2),
  /** `monograph` is a complete page; `concise` a short record for a drug baclofen's knowledge touches. */
  depth: z.enum(['monograph', 'concise']),
  brandNames: z.array(z.string().min(1)).default([]),
  synonyms: z.array(z.string().min(1)).default([]),
  classes: z.array(id).default([]),
  codes: z
    .strictObject({
      rxcui: Code.optional(),
      atc: z.array(Code).default([]),
      sources: sourceIds,
    })
    .optional(),
  /** Product-level concepts (strength and form) that map to this ingredient. */
  products: z
    .array(z.strictObject({ rxcui: z.string().regex(/^\d+$/), name: z.string().min(3), verification: Verification }))
    .default([]),
  summary: z.string().min(10),
  review: ReviewSchema,
  sections: z.array(SectionSchema).min(1),
});
export type Drug = z.infer<typeof DrugSchema>;

export const StudySchema = z.strictObject({
  id,
  title: z.string().min(3),
  drug: id,
  condition: id,
  design: z.string().min(3),
  n: z.number().int().positive().optional(),
  nNote: z.string().optional(),
  population: z.string().min(3),
  dose: z.string().min(1),
  duration: z.string().min(1),
  outcome: z.string().min(3),
  effectSize: z.string().min(1),
  result: z.enum(['positive', 'negative', 'mixed', 'inconclusive']),
  limitations: z.string().min(3),
  sources: sourceIds,
});
export type Study = z.infer<typeof StudySchema>;

export const DrugClassSchema = z.strictObject({
  id,
  name: z.string().min(2),
  description: z.string().min(5),
  /** Two drugs of a risky class together are reported as duplicate therapy. */
  duplicateTherapyRisk: z.boolean().default(false),
});
export const ClassesFileSchema = z.strictObject({ classes: z.array(DrugClassSchema).min(1) });
export type DrugClass = z.infer<typeof DrugClassSchema>;

export const ConditionSchema = z.strictObject({ id, name: z.string().min(2) });
export const ConditionsFileSchema = z.strictObject({ conditions: z.array(ConditionSchema).min(1) });
export type Condition = z.infer<typeof ConditionSchema>;

export const CrisisLineSchema = z.strictObject({
  id,
  name: z.string().min(2),
  phone: z.string().regex(/^[0-9-]+$/, 'digits and dashes only'),
  sms: z.string().optional(),
  tty: z.string().optional(),
  url: z.url().optional(),
  when: z.string().min(10),
  text: z.string().min(10),
  sources: sourceIds,
});
export const CrisisLinesFileSchema = z.strictObject({ lines: z.array(CrisisLineSchema).min(1) });
export type CrisisLine = z.infer<typeof CrisisLineSchema>;
