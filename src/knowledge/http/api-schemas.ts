import { z } from '@hono/zod-openapi';

/** Response shapes of the knowledge API, shared by the OpenAPI document and the handlers. */
export const DrugSummaryDto = z
  .object({ id: z.string(), name: z.string(), brandNames: z.array(z.string()), classes: z.array(z.string()) })
  .openapi('DrugSummary');

export const ClaimDto = z
  .object({
    id: z.string(),
    text: z.string(),
    sources: z.array(z.string()).openapi({ description: 'Ids of sources; GET /api/v1/sources/{id}' }),
    emphasis: z.enum(['warning', 'danger']).optional(),
    confidence: z.enum(['high', 'medium', 'low']).optional(),
    table: z.object({ caption: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional(),
    myth: z.object({ published: z.string(), verdict: z.string() }).optional(),
  })
  .openapi('Claim');

export const ReviewDto = z
  .object({
    status: z.enum(['unreviewed', 'reviewed']),
    compiledOn: z.string(),
    reviewer: z.object({ name: z.string(), credentials: z.string() }).optional(),
    reviewedOn: z.string().optional(),
    nextReviewDue: z.string().optional(),
    statement: z.string().openapi({ description: 'What the review status means, in words' }),
    overdue: z.boolean(),
  })
  .openapi('Review');

export const CodeDto = z.object({ value: z.string(), verification: z.enum(['verified', 'uncertain']), note: z.string().optional() });

export const DrugDto = z
  .object({
    id: z.string(),
    name: z.string(),
    depth: z.enum(['monograph', 'concise']),
    url: z.string(),
    brandNames: z.array(z.string()),
    synonyms: z.array(z.string()),
    rxcui: z.string().nullable(),
    atc: z.array(z.string()),
    codes: z.object({ rxcui: CodeDto.optional(), atc: z.array(CodeDto), sources: z.array(z.string()) }).nullable(),
    classes: z.array(z.string()),
    summary: z.string(),
    review: ReviewDto,
    matchedBy: z.string().openapi({ description: 'How the name was resolved: id, brand, synonym, rxcui, product, misspelling…' }),
    sections: z.array(z.object({ id: z.string(), title: z.string(), claims: z.array(ClaimDto), studies: z.array(z.string()).optional() })),
  })
  .openapi('Drug');

export const SourceDto = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    authors: z.string(),
    year: z.string(),
    publisher: z.string(),
    pmid: z.string().optional(),
    doi: z.string().optional(),
    url: z.string().optional(),
    citation: z.string().optional(),
    note: z.string().optional(),
  })
  .openapi('Source');

export const StudyDto = z
  .object({
    id: z.string(),
    title: z.string(),
    drug: z.string(),
    condition: z.string(),
    design: z.string(),
    n: z.number().optional(),
    nNote: z.string().optional(),
    population: z.string(),
    dose: z.string(),
    duration: z.string(),
    outcome: z.string(),
    effectSize: z.string(),
    result: z.string(),
    limitations: z.string(),
    sources: z.array(z.string()),
  })
  .openapi('Study');

export const SearchResultDto = z
  .object({
    type: z.enum(['drug', 'section', 'study', 'source']),
    id: z.string(),
    title: z.string(),
    url: z.string(),
    snippet: z.string(),
  })
  .openapi('SearchResult');

export const ProblemDto = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
  })
  .passthrough()
  .openapi('Problem', { description: 'RFC 9457 problem details' });

export const problemResponses = {
  400: { description: 'Invalid input', content: { 'application/problem+json': { schema: ProblemDto } } },
  404: { description: 'Not found', content: { 'application/problem+json': { schema: ProblemDto } } },
} as const;
