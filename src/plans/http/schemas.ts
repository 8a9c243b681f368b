import { z } from '@hono/zod-openapi';
import { validationError } from '../../errors/catalogue.ts';
import type { PlanRequest } from '../plan.ts';
import type { PlanKind } from '../planner.ts';

/**
 * Plan input as JSON (numbers) or as a query string (text: downloads and the no-JS page).
 * Limits here catch nonsense (negative, zero, text); clinical limits (80 mg a day, kidneys) are the
 * domain's, answered 422 with sources.
 */
const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);

/** An optional number: JSON numbers as they are; query-string text converted, blank fields absent. */
function optionalNumber(fromText: boolean, refine: (n: z.ZodNumber) => z.ZodNumber) {
  return fromText ? z.preprocess(blankIsAbsent, refine(z.coerce.number()).optional()) : refine(z.number()).optional();
}

function planFields(fromText: boolean) {
  const date = z.iso.date('a date as YYYY-MM-DD').optional();
  return {
    drug: z.string().trim().min(1).max(100).default('baclofen').openapi({ example: 'baclofen' }),
    route: z.enum(['oral', 'intrathecal'], { error: 'route must be "oral" or "intrathecal"' }).default('oral'),
    dosesPerDay: optionalNumber(fromText, (n) => n.int('a whole number').min(3, 'at least 3').max(4, 'at most 4')),
    startDate: (fromText ? z.preprocess(blankIsAbsent, date) : date).openapi({ example: '2026-12-01' }),
    stepDays: optionalNumber(fromText, (n) => n.int('a whole number of days').min(1, 'at least 1').max(60, 'at most 60')),
    egfr: optionalNumber(fromText, (n) => n.min(0, 'cannot be negative').max(250, 'at most 250 mL/min')),
    crcl: optionalNumber(fromText, (n) => n.min(0, 'cannot be negative').max(250, 'at most 250 mL/min')),
    dialysis: (fromText ? z.preprocess((v) => v === 'true' || v === 'on' || v === '1', z.boolean()) : z.boolean()).optional(),
    age: optionalNumber(fromText, (n) => n.int('whole years').min(0, 'cannot be negative').max(130, 'at most 130')),
  };
}

const dailyMg = (fromText: boolean) =>
  (fromText ? z.coerce.number({ error: 'a number of mg a day' }) : z.number({ error: 'a number of mg a day' }))
    .positive('must be more than 0')
    .max(10_000, 'not a daily dose in mg');

// The dose is optional in the schema so that a pump user who leaves it out still gets the intrathecal
// safety answer; for oral plans the domain answers a missing dose with a 400 naming the field.
const optionalDailyMg = (fromText: boolean) => (fromText ? z.preprocess(blankIsAbsent, dailyMg(true).optional()) : dailyMg(false).optional());

const titration = (fromText: boolean) =>
  z.object(Object.assign(planFields(fromText), { targetDailyMg: optionalDailyMg(fromText).openapi({ example: 60 }) }));
const taper = (fromText: boolean) =>
  z.object(
    Object.assign(planFields(fromText), {
      currentDailyMg: optionalDailyMg(fromText).openapi({ example: 60 }),
      durationWeeks: optionalNumber(fromText, (n) => n.min(0, 'cannot be negative').max(5200, 'at most 5200 weeks')),
    }),
  );

export const TitrationBody = titration(false).openapi('TitrationRequest');
export const TaperBody = taper(false).openapi('TaperRequest');
export const TitrationQuery = titration(true);
export const TaperQuery = taper(true);

const TabletCountDto = z.object({ strengthMg: z.number(), count: z.number() });
const WarningDto = z.object({ code: z.string(), message: z.string(), sources: z.array(z.string()) });

export const PlanDto = z
  .object({
    drug: z.string(),
    kind: z.enum(['titration', 'taper']),
    route: z.literal('oral'),
    form: z.enum(['tablets', 'oral-solution']),
    schedule: z.array(
      z.object({
        startDay: z.number(),
        endDay: z.number(),
        startDate: z.string(),
        endDate: z.string(),
        doseMg: z.number(),
        timesPerDay: z.number(),
        dailyMg: z.number(),
        tablets: z.array(TabletCountDto).openapi({ description: 'Tablets for one dose' }),
        solutionMl: z.number().optional().openapi({ description: 'Oral solution for one dose, in mL' }),
      }),
    ),
    totalDays: z.number(),
    dispense: z.object({ tablets: z.array(TabletCountDto), solutionMl: z.number().optional(), solutionMgPerMl: z.number().optional() }),
    kidney: z.object({ mlPerMin: z.number(), reductionFraction: z.number(), ceilingDailyMg: z.number() }).optional(),
    withdrawalSigns: z.array(z.object({ id: z.string(), name: z.string(), action: z.enum(['prescriber', 'emergency']), whatToDo: z.string() })),
    warnings: z.array(WarningDto),
    sources: z.array(z.string()),
    disclaimer: z.string(),
  })
  .openapi('Plan');

export const querySchemas = { titration: TitrationQuery, taper: TaperQuery } as const;

/** Parses a query string for a plan; a failure is the same 400 naming each field as the JSON API. */
export function parsePlanQuery(kind: PlanKind, query: Record<string, string>): PlanRequest {
  const parsed = querySchemas[kind].safeParse(query);
  if (!parsed.success) {
    throw validationError(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(query)', message: i.message })));
  }
  return parsed.data;
}
