import { createRoute, z } from '@hono/zod-openapi';
import { AppError, validationError } from '../../errors/catalogue.ts';
import { problemResponses } from '../../knowledge/http/api-schemas.ts';
import type { App, AppDeps } from '../../web/context.ts';
import { jsonBodyRoute } from '../../web/json-body-route.ts';
import { INSTRUMENT_IDS, type Instrument, type InstrumentId, type Instruments } from '../instruments.ts';
import { buildQuestionnaireResponse } from '../questionnaire-response.ts';
import { checkSubmission, screen } from '../screen.ts';

/** Screening answers are health data: no response that carries them may be cached anywhere. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

const ResourceDto = z.object({ id: z.string(), name: z.string(), phone: z.string(), text: z.string().optional(), url: z.string().optional(), when: z.string() });
const ResultDto = z
  .object({
    instrument: z.enum(INSTRUMENT_IDS),
    title: z.string(),
    validated: z.boolean(),
    validity: z.string(),
    score: z.number().optional(),
    maxScore: z.number().optional(),
    band: z.string().optional(),
    action: z.enum(['emergency', 'urgent', 'contact-prescriber', 'information']),
    redFlags: z.array(z.string()).openapi({ description: 'linkIds of the answers that made this an emergency' }),
    message: z.string(),
    details: z.array(z.object({ text: z.string(), sources: z.array(z.string()) })),
    dispatcher: z.array(z.string()).optional().openapi({ description: 'What to tell the 911 dispatcher (emergencies only)' }),
    resources: z.array(ResourceDto),
    sources: z.array(z.string()),
    questionnaireResponse: z.record(z.string(), z.unknown()).openapi({ description: 'FHIR R4 QuestionnaireResponse of the answers (not stored)' }),
  })
  .openapi('ScreeningResult');

const idParam = z.object({ id: z.string().min(1).max(60).openapi({ example: 'audit-c' }) });

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/screenings',
  tags: ['Screening'],
  summary: 'The screening instruments',
  responses: {
    200: {
      description: 'Instruments, with links to their FHIR Questionnaire and page',
      content: {
        'application/json': {
          schema: z.object({
            screenings: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), validated: z.boolean(), licence: z.string(), questionnaire: z.string(), page: z.string() })),
          }),
        },
      },
    },
  },
});

const questionnaireRoute = createRoute({
  method: 'get',
  path: '/fhir/Questionnaire/{id}',
  tags: ['Screening'],
  summary: 'One instrument as a FHIR R4 Questionnaire',
  request: { params: idParam },
  responses: {
    200: { description: 'FHIR R4 Questionnaire', content: { 'application/fhir+json': { schema: z.record(z.string(), z.unknown()) } } },
    ...problemResponses,
  },
});

const AnswerValue = z.union([z.number(), z.string().max(40), z.boolean()]);
const ScreeningBody = z.object({
  answers: z.record(z.string().max(60), AnswerValue).openapi({ example: { q1: 3, q2: 2, q3: 1 } }),
  sex: z.enum(['female', 'male']).optional().openapi({ description: 'Needed by AUDIT-C, whose cut-off differs by sex' }),
});
const screenRoute = createRoute({
  method: 'post',
  path: '/api/v1/screenings/{id}',
  tags: ['Screening'],
  summary: 'Score or triage answers. Nothing is stored or logged.',
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: ScreeningBody,
        },
      },
    },
  },
  responses: {
    200: { description: 'The action first, then the explanation, help lines and a QuestionnaireResponse', content: { 'application/json': { schema: ResultDto } } },
    ...problemResponses,
  },
});

export function instrumentOr404(instruments: Instruments, id: string): Instrument {
  const instrument = instruments.get(id as InstrumentId);
  if (!instrument) throw new AppError('not-found', `No screening called "${id}". Known: ${INSTRUMENT_IDS.join(', ')}.`);
  return instrument;
}

export function registerScreeningApi(app: App, { kb }: AppDeps, instruments: Instruments): void {
  app.openapi(listRoute, (c) =>
    c.json(
      {
        screenings: INSTRUMENT_IDS.map((id) => {
          const { questionnaire, rules } = instruments.get(id)!;
          return {
            id,
            title: questionnaire.title ?? id,
            description: questionnaire.description ?? '',
            validated: rules.validated,
            licence: rules.licence,
            questionnaire: `/fhir/Questionnaire/${id}`,
            page: `/check/${id}`,
          };
        }),
      },
      200,
    ),
  );

  // FHIR's own media type is not JSON to the typed handler, so the route is documented and served apart.
  app.openAPIRegistry.registerPath(questionnaireRoute);
  app.get('/fhir/Questionnaire/:id', (c) => {
    const instrument = instrumentOr404(instruments, c.req.param('id'));
    return c.newResponse(JSON.stringify(instrument.questionnaire), 200, { 'content-type': 'application/fhir+json; charset=utf-8' });
  });

  jsonBodyRoute(app, { route: screenRoute, example: '{"answers":{"q1":3,"q2":2,"q3":1},"sex":"female"}' }, (c, { body, params }) => {
    const instrument = instrumentOr404(instruments, params.id);
    const { answers: raw, sex } = body;
    const submission = checkSubmission(instrument, raw, sex);
    if (submission.errors.length > 0) throw validationError(submission.errors);
    const result = screen(instrument, submission.answers, submission.sex, kb.content.crisisLines);
    const questionnaireResponse = buildQuestionnaireResponse(instrument, submission.answers, new Date());
    return c.json(Object.assign({}, result, { questionnaireResponse: questionnaireResponse as unknown as Record<string, unknown> }), 200, NO_STORE);
  });
}
