import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problemResponses } from '../../knowledge/http/api-schemas.ts';
import { AnswerCache } from '../../web/answer-cache.ts';
import { answerJson } from '../../web/frozen-json.ts';
import type { App } from '../../web/context.ts';
import { jsonBodyRoute } from '../../web/json-body-route.ts';
import type { InteractionChecker } from '../engine.ts';
import { parseDrugList } from '../input-list.ts';
import { CheckRequest, CheckResultDto } from './api-schemas.ts';

const responses = {
  200: { description: 'Every interacting pair once, most severe first, with duplicates and what was not checked', content: { 'application/json': { schema: CheckResultDto } } },
  ...problemResponses,
};

const postCheck = createRoute({
  method: 'post',
  path: '/api/v1/interactions/check',
  tags: ['Interactions'],
  summary: 'Check 1 to 50 drugs (names, brand names or RxCUIs) for interactions and duplicate therapy',
  request: { body: { required: true, content: { 'application/json': { schema: CheckRequest } } } },
  responses,
});

const getCheck = createRoute({
  method: 'get',
  path: '/api/v1/interactions',
  tags: ['Interactions'],
  summary: 'The same check as POST /api/v1/interactions/check, with ?drugs=a,b or repeated drugs=',
  request: {
    query: z.object({
      drugs: z.union([z.string(), z.array(z.string())]).openapi({ example: 'baclofen,tramadol', description: 'Comma-separated, or repeated' }),
    }),
  },
  responses,
});

export function registerInteractionsApi(app: App, checker: InteractionChecker): void {
  // The answer depends only on the list as sent (the checker is pure over fixed content).
  const answers = new AnswerCache({ maxBytes: 16 * 2 ** 20 });
  const answer = (c: Context, drugs: string[]) => answers.json(c, JSON.stringify(drugs), () => checker.check(drugs), answerJson) as never;
  jsonBodyRoute(app, { route: postCheck, example: '{"drugs":["baclofen","tramadol"]}' }, (c, { body }) => answer(c, body.drugs));
  app.openapi(getCheck, (c) => answer(c, parseDrugList(c.req.queries('drugs'))));
}
