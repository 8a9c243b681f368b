import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ProblemDto } from '../../knowledge/http/api-schemas.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { App } from '../../web/context.ts';
import { jsonBodyRoute } from '../../web/json-body-route.ts';
import { planToMedicationRequest } from '../fhir.ts';
import { planToIcs } from '../ical.ts';
import type { Plan, PlanRequest } from '../plan.ts';
import { buildPlan, type PlanKind } from '../planner.ts';
import type { PlanRules } from '../rules.ts';
import { planJson } from './plan-json.ts';
import { PlanDto, TaperBody, TitrationBody, parsePlanQuery } from './schemas.ts';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemDto } } });

const planRoute = <Body extends typeof TitrationBody | typeof TaperBody>(kind: PlanKind, body: Body, summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/v1/plans/${kind}`,
    tags: ['Dose plans'],
    summary,
    description:
      'A draft to agree with the prescriber; it does not replace them. A refusal is 422 problem+json with `code: "unprocessable"`, a machine `planCode` (above-label-maximum, renal-avoid, intrathecal-not-supported, abrupt-stop, step-too-short, below-first-step, drug-not-supported), the reason in `detail` and the `sources` behind it.',
    request: { body: { content: { 'application/json': { schema: body } }, required: true } },
    responses: {
      200: { description: 'The plan', content: { 'application/json': { schema: PlanDto } } },
      400: problem('Invalid input: `errors` names each field'),
      422: problem('Refused: see `planCode`, `detail` and `sources`'),
    },
  });

/** POST JSON plans, and GET downloads (iCalendar, FHIR) that take the same fields as a query string. */
export function registerPlansApi(app: App, kb: KnowledgeBase, allRules: ReadonlyMap<string, PlanRules>): void {
  const plan = (kind: PlanKind, request: PlanRequest): Plan => buildPlan(kind, request, allRules, kb);

  // planJson writes the parts every plan shares (withdrawal signs, rule warnings) once; the cast tells
  // the typed router the body is the PlanDto.
  const json = (c: Context, answer: Plan) => c.body(planJson(answer), 200, { 'content-type': 'application/json' }) as never;
  const example = (fields: string) => `{"drug":"baclofen","route":"oral",${fields}}`;
  jsonBodyRoute(
    app,
    { route: planRoute('titration', TitrationBody, 'A titration plan that follows the label, adjusted for the kidneys'), example: example('"targetDailyMg":60') },
    (c, { body }) => json(c, plan('titration', body)),
  );
  jsonBodyRoute(
    app,
    { route: planRoute('taper', TaperBody, 'A taper plan that never stops abruptly and ends at zero'), example: example('"currentDailyMg":60') },
    (c, { body }) => json(c, plan('taper', body)),
  );

  for (const kind of ['titration', 'taper'] as const) {
    const fromQuery = (c: Context) => plan(kind, parsePlanQuery(kind, c.req.query()));
    app.get(`/api/v1/plans/${kind}.ics`, (c) =>
      c.body(planToIcs(fromQuery(c)), 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="baclofen-${kind}-plan.ics"`,
        'cache-control': 'no-store',
      }),
    );
    app.get(`/api/v1/plans/${kind}.fhir.json`, (c) =>
      c.body(JSON.stringify(planToMedicationRequest(fromQuery(c), kb), null, 2), 200, {
        'content-type': 'application/fhir+json; charset=utf-8',
        'content-disposition': `attachment; filename="baclofen-${kind}-medication-request.json"`,
        'cache-control': 'no-store',
      }),
    );
  }
}
