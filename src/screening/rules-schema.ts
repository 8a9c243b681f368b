import { z } from 'zod';

/**
 * The shape of the scoring and triage rules beside each FHIR Questionnaire in content/questionnaires/.
 * A red flag has no `action` field on purpose: its action is always emergency (withdrawal-triage.ts).
 */
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case id of letters, digits and dashes');
const sourceIds = z.array(id).min(1, 'at least one source id (every clinical statement must cite a source)');
export const Action = z.enum(['emergency', 'urgent', 'contact-prescriber', 'information']);
export type Action = z.infer<typeof Action>;
/** A scored instrument can never reach emergency or urgent through its score alone. */
const ScoredAction = z.enum(['contact-prescriber', 'information']);

const Cited = z.strictObject({ text: z.string().min(10), sources: sourceIds });
export type Cited = z.infer<typeof Cited>;

const Common = {
  id,
  validated: z.boolean(),
  validity: z.string().min(10),
  licence: z.string().min(5),
  attribution: z.string().min(5),
  sources: sourceIds,
};
/** Every instrument's rules start with these; `.extend` lets an instrument narrow one (validated: false). */
const CommonRules = z.strictObject(Common);

const Band = z.strictObject({ band: id, action: ScoredAction, message: z.string().min(10), sources: sourceIds });

export const SumWithCutoffRules = CommonRules.extend({
  kind: z.literal('sum-with-cutoff'),
  maxScore: z.number().int().positive(),
  cutoffs: z.strictObject({ male: z.number().int().positive(), female: z.number().int().positive(), sources: sourceIds }),
  results: z.strictObject({ positive: Band, negative: Band }),
});

export const ZoneRules = CommonRules.extend({
  kind: z.literal('zones'),
  maxScore: z.number().int().positive(),
  zones: z.array(Band.extend({ min: z.number().int().min(0), max: z.number().int().min(0), title: z.string().min(3) })).min(1),
  stepUp: z.strictObject({
    anyAtLeast: z.strictObject({ items: z.array(z.string()).min(1), score: z.number().int() }),
    anyEquals: z.strictObject({ items: z.array(z.string()).min(1), score: z.number().int() }),
    message: z.string().min(10),
    sources: sourceIds,
  }),
});

export const ChecklistRules = CommonRules.extend({
  kind: z.literal('checklist'),
  validated: z.literal(false),
  items: z.record(z.string(), sourceIds),
  results: z.strictObject({
    anySign: z.strictObject({ action: ScoredAction, message: z.string().min(10), sources: sourceIds }),
    noSign: z.strictObject({ action: ScoredAction, message: z.string().min(10), sources: sourceIds }),
    mixing: z.strictObject({ message: z.string().min(10), sources: sourceIds }),
    withdrawalWhenLate: z.strictObject({ message: z.string().min(10), sources: sourceIds }),
  }),
});

const RedFlag = z.strictObject({
  id,
  /** Every one of these must be yes (empty: no condition). */
  allOf: z.array(z.string()).default([]),
  /** At least one of these must be yes. */
  anyOf: z.array(z.string()).min(1),
  /** Only for these routes (absent: every route). */
  routes: z.array(z.enum(['oral', 'intrathecal'])).optional(),
  sources: sourceIds,
});
export type RedFlagRule = z.infer<typeof RedFlag>;

export const TriageRules = CommonRules.extend({
  kind: z.literal('triage'),
  validated: z.literal(false),
  labels: z.record(z.string(), z.string().min(3)),
  redFlags: z.array(RedFlag).min(1),
  urgentSigns: z.strictObject({ linkIds: z.array(z.string()).min(1), sources: sourceIds }),
  overdose: z.strictObject({ linkId: z.string(), sources: sourceIds }),
  messages: z.strictObject({
    emergency: Cited,
    emergencyIntrathecal: Cited,
    overdoseInEmergency: Cited,
    urgent: Cited,
    overdoseUrgent: Cited,
    information: Cited,
  }),
});
export type TriageRules = z.infer<typeof TriageRules>;

export const InstrumentRules = z.discriminatedUnion('kind', [SumWithCutoffRules, ZoneRules, ChecklistRules, TriageRules]);
export type InstrumentRules = z.infer<typeof InstrumentRules>;
export type SumWithCutoffRules = z.infer<typeof SumWithCutoffRules>;
export type ZoneRules = z.infer<typeof ZoneRules>;
export type ChecklistRules = z.infer<typeof ChecklistRules>;
