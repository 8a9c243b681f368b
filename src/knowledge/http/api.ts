import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../errors/catalogue.ts';
import type { App, AppDeps } from '../../web/context.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import { describeReview } from '../review-status.ts';
import type { Drug } from '../schema.ts';
import { DrugDto, DrugSummaryDto, SearchResultDto, SourceDto, StudyDto, problemResponses } from './api-schemas.ts';
import { AnswerCache } from '../../web/answer-cache.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...problemResponses,
});

const listDrugs = createRoute({
  method: 'get',
  path: '/api/v1/drugs',
  tags: ['Knowledge'],
  summary: 'List every drug rxsafety has a record for',
  responses: json(z.object({ drugs: z.array(DrugSummaryDto) }), 'The drugs'),
});

const getDrug = createRoute({
  method: 'get',
  path: '/api/v1/drugs/{idOrName}',
  tags: ['Knowledge'],
  summary: 'One drug by id, name, brand name, synonym or RxCUI (any case; near misspellings tolerated)',
  request: { params: z.object({ idOrName: z.string().min(1).max(200).openapi({ example: 'Lioresal' }) }) },
  responses: json(DrugDto, 'The drug record with every section and claim'),
});

const search = createRoute({
  method: 'get',
  path: '/api/v1/search',
  tags: ['Knowledge'],
  summary: 'Search drugs, monograph sections, studies and sources',
  request: {
    query: z.object({
      q: z.string().trim().min(1, 'type something to search for').max(200, 'at most 200 characters').openapi({ example: 'baclofen withdrawal' }),
      limit: z.coerce.number().int().min(1).max(50).default(20).optional(),
    }),
  },
  responses: json(z.object({ results: z.array(SearchResultDto) }), 'Results, best first'),
});

const getSource = createRoute({
  method: 'get',
  path: '/api/v1/sources/{id}',
  tags: ['Knowledge'],
  summary: 'One bibliographic source',
  request: { params: z.object({ id: z.string().min(1).max(120) }) },
  responses: json(SourceDto, 'The source'),
});

const listStudies = createRoute({
  method: 'get',
  path: '/api/v1/studies',
  tags: ['Knowledge'],
  summary: 'Studies, filtered by drug and condition',
  request: {
    query: z.object({
      drug: z.string().max(120).optional().openapi({ example: 'baclofen' }),
      condition: z.string().max(120).optional().openapi({ example: 'alcohol-use-disorder' }),
    }),
  },
  responses: json(z.object({ studies: z.array(StudyDto) }), 'The matching studies'),
});

export function drugNotFound(kb: KnowledgeBase, input: string): AppError {
  const resolution = kb.resolveDrug(input);
  const suggestions = resolution.ok ? [] : resolution.suggestions;
  return new AppError(
    'drug-not-found',
    suggestions.length > 0
      ? `No drug called "${input}". Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`
      : `No drug called "${input}". Check the spelling, or search for it.`,
    { suggestions },
  );
}

export function drugToDto(drug: Drug, matchedBy: string) {
  return {
    id: drug.id,
    name: drug.name,
    depth: drug.depth,
    url: `/drugs/${drug.id}`,
    brandNames: drug.brandNames,
    synonyms: drug.synonyms,
    rxcui: drug.codes?.rxcui?.value ?? null,
    atc: drug.codes?.atc.map((a) => a.value) ?? [],
    codes: drug.codes ?? null,
    classes: drug.classes,
    summary: drug.summary,
    review: Object.assign({}, drug.review, describeReview(drug.review)),
    matchedBy,
    sections: drug.sections,
  };
}

/** The read-only knowledge API: drugs, search, sources, studies. */
export function registerKnowledgeApi(app: App, { kb }: AppDeps): void {
  app.openapi(listDrugs, (c) =>
    c.json({
      drugs: [...kb.drugs.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((d) => ({ id: d.id, name: d.name, brandNames: d.brandNames, classes: d.classes })),
    }, 200),
  );

  // A drug record is ~100 kB of JSON that never changes while the server runs: serialised once per
  // drug and way of matching (45 drugs, a few ways each, fit the bound), not per request.
  const drugAnswers = new AnswerCache({ maxBytes: 32 * 2 ** 20 });
  app.openapi(getDrug, (c) => {
    const { idOrName } = c.req.valid('param');
    const resolution = kb.resolveDrug(idOrName);
    if (!resolution.ok) throw drugNotFound(kb, idOrName);
    // The body is the DrugDto, already serialised; the cast tells the typed router so.
    return drugAnswers.json(c, `${resolution.drug.id}:${resolution.matchedBy}`, () => drugToDto(resolution.drug, resolution.matchedBy)) as never;
  });

  // The same query gets the same answer while the content is unchanged, and a few queries ("baclofen",
  // "baclofen alcohol") make most of the traffic. The index remembers its recent results, but writing
  // their JSON took 30 µs of a 164 µs request (profile), so repeated answers are kept as JSON bytes.
  const searchAnswers = new AnswerCache({ maxBytes: 8 * 2 ** 20 });
  app.openapi(search, (c) => {
    const { q, limit } = c.req.valid('query');
    const max = limit ?? 20;
    // The body is the search answer, already serialised; the cast tells the typed router so.
    return searchAnswers.json(c, `${max} ${q}`, () => ({ results: kb.search(q, max) })) as never;
  });

  app.openapi(getSource, (c) => {
    const source = kb.sources.get(c.req.valid('param').id);
    if (!source) throw new AppError('not-found', `No source with id "${c.req.valid('param').id}".`);
    return c.json(source, 200);
  });

  app.openapi(listStudies, (c) => {
    const { drug, condition } = c.req.valid('query');
    let drugId = drug;
    if (drug) {
      const resolution = kb.resolveDrug(drug);
      if (!resolution.ok) throw drugNotFound(kb, drug);
      drugId = resolution.drug.id;
    }
    if (condition && !kb.conditions.has(condition)) {
      throw new AppError('not-found', `No condition "${condition}". Known conditions: ${[...kb.conditions.keys()].join(', ')}.`);
    }
    return c.json({ studies: kb.studiesFor({ drug: drugId, condition }) }, 200);
  });
}
