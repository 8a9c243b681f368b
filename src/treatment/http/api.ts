import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../errors/catalogue.ts';
import { problemResponses } from '../../knowledge/http/api-schemas.ts';
import { requireAdminToken } from '../../web/admin-token.ts';
import type { App, AppDeps } from '../../web/context.ts';
import { queryRoute } from '../../web/query-route.ts';
import { DEFAULT_RADIUS_MILES, MAX_PAGE_SIZE, MAX_RADIUS_MILES, type FacilityFinder, type FacilityQuery, type FoundFacility, type SearchResult } from '../finder.ts';
import { importFacilities, type ImportSummary } from '../import.ts';
import { detectFormat, importFormats } from '../importers.ts';
import { categories, serviceCatalogue, type Category } from '../service-codes.ts';

const valueIds = (category: Category) => serviceCatalogue[category].map((v) => v.id) as [string, ...string[]];
const filterField = (category: Category) =>
  z
    .enum(valueIds(category), { error: `one of: ${valueIds(category).join(', ')}` })
    .optional()
    .openapi({ description: `Only facilities offering this (${category})` });

/** The search query, shared by the API and the page (the form uses the same names). */
export const FacilityQuerySchema = z.object({
  zip: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'a US ZIP code has 5 digits, e.g. 22902')
    .optional()
    .or(z.literal(''))
    .openapi({ example: '22902' }),
  near: z.string().trim().max(60).optional().openapi({ description: '"lat,lon" in decimal degrees, instead of a ZIP', example: '38.03,-78.48' }),
  radiusMiles: z.coerce
    .number()
    .positive('must be more than 0')
    .max(MAX_RADIUS_MILES, `at most ${MAX_RADIUS_MILES} miles`)
    .optional()
    .openapi({ description: `Miles (default ${DEFAULT_RADIUS_MILES}, at most ${MAX_RADIUS_MILES})` }),
  care: filterField('care'),
  setting: filterField('setting'),
  mat: filterField('mat'),
  payment: filterField('payment'),
  language: filterField('language'),
  age: filterField('age'),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});
export type FacilityQueryInput = z.infer<typeof FacilityQuerySchema>;

export function toFacilityQuery(input: FacilityQueryInput): FacilityQuery {
  return {
    zip: input.zip || undefined,
    near: input.near || undefined,
    radiusMiles: input.radiusMiles,
    filters: Object.fromEntries(categories.filter((c) => input[c]).map((c) => [c, input[c]])),
    page: input.page,
    pageSize: input.pageSize,
  };
}

const ServicesDto = z.object(Object.fromEntries(categories.map((c) => [c, z.array(z.string())])) as Record<Category, z.ZodArray<z.ZodString>>);

const FacilityDto = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.object({ street: z.string(), city: z.string(), state: z.string(), zip: z.string() }),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    location: z.object({ lat: z.number(), lon: z.number() }),
    locationApproximate: z.boolean().openapi({ description: 'True when placed at its ZIP centroid (the source had no coordinates)' }),
    distanceMiles: z.number(),
    services: ServicesDto,
    source: z.string(),
    importedAt: z.string(),
    lastVerified: z.string().nullable(),
  })
  .openapi('Facility');

/** Miles as the API gives them: one decimal. */
const roundedMiles = (miles: number) => Math.round(miles * 10) / 10;

export function facilityToDto(f: FoundFacility) {
  return {
    id: f.id,
    name: f.name,
    address: f.address,
    phone: f.phone,
    website: f.website,
    location: f.location,
    locationApproximate: f.locationFromZip,
    distanceMiles: roundedMiles(f.distanceMiles),
    services: f.services,
    source: f.source,
    importedAt: f.importedAt,
    lastVerified: f.lastVerified,
  };
}

const searchFacilities = createRoute({
  method: 'get',
  path: '/api/v1/facilities',
  tags: ['Treatment'],
  summary: 'Treatment facilities near a US ZIP code or "lat,lon", nearest first, filtered by the care a person needs',
  request: { query: FacilityQuerySchema },
  responses: {
    200: {
      description: 'One page of facilities within the radius',
      content: {
        'application/json': {
          schema: z.object({
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
            radiusMiles: z.number(),
            origin: z.object({ lat: z.number(), lon: z.number(), label: z.string() }),
            facilities: z.array(FacilityDto),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const ImportSummaryDto = z.object({
  source: z.string(),
  format: z.enum(importFormats),
  read: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  rejectedRows: z.array(z.object({ row: z.number().int(), line: z.number().int().optional(), reason: z.string() })),
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/v1/admin/import/facilities',
  tags: ['Treatment'],
  summary: 'Import a facility file (Authorization: Bearer ADMIN_TOKEN)',
  description:
    'The body is the file itself: the FindTreatment.gov locator API response (application/json), the official bulk export or a plain CSV (text/csv). One transaction: a failure leaves the previous data.',
  request: {
    query: z.object({
      format: z.enum(importFormats).optional().openapi({ description: 'Detected from the content when absent' }),
      source: z.string().trim().min(1).max(200).optional().openapi({ description: 'A name for where the data came from, kept on every row' }),
    }),
  },
  responses: { 200: { description: 'What the import did', content: { 'application/json': { schema: ImportSummaryDto } } }, ...problemResponses },
});

/**
 * Each facility's JSON as `facilityToDto` writes it, in the two parts around its distance, written once
 * per record the finder keeps. Keyed by the record's `services` object: every search's copy of a kept
 * record shares it, and every new read of the record (after an import) makes a new one, so a part is
 * never used for a record it was not written from. Writing 20 facilities' JSON, and the answer, was
 * about a quarter of a search's CPU (measured by removal; docs/PERFORMANCE.md).
 */
const facilityJsonParts = new WeakMap<object, { head: string; tail: string }>();

function facilityJson(facility: FoundFacility): string {
  let parts = facilityJsonParts.get(facility.services);
  if (!parts) {
    // The DTO's JSON cut around its distance. A key's quotes are never escaped and a value's always
    // are, so these markers can only be the keys themselves.
    const text = JSON.stringify(facilityToDto(facility));
    parts = { head: text.slice(0, text.indexOf(',"distanceMiles":')), tail: text.slice(text.indexOf(',"services":')) };
    facilityJsonParts.set(facility.services, parts);
  }
  return `${parts.head},"distanceMiles":${JSON.stringify(roundedMiles(facility.distanceMiles))}${parts.tail}`;
}

/** The search answer's JSON: the same text as JSON.stringify of the answer with `facilityToDto` (tested). */
export function searchAnswerJson(result: SearchResult): string {
  const head = JSON.stringify({ total: result.total, page: result.page, pageSize: result.pageSize, radiusMiles: result.radiusMiles, origin: result.origin });
  return `${head.slice(0, -1)},"facilities":[${result.facilities.map(facilityJson).join(',')}]}`;
}

export function registerTreatmentApi(app: App, { config, metrics, logger }: AppDeps, finder: FacilityFinder): void {
  queryRoute(app, searchFacilities, async (c, { query }) => {
    const result = await finder.search(toFacilityQuery(query));
    return c.body(searchAnswerJson(result), 200, { 'content-type': 'application/json' });
  });

  // Authentication runs before anything reads the body, so a caller without the token learns nothing.
  app.use('/api/v1/admin/import/facilities', async (c, next) => {
    requireAdminToken(config.ADMIN_TOKEN, c.req.header('authorization'));
    await next();
  });

  app.openapi(importRoute, async (c) => {
    const { format, source } = c.req.valid('query');
    const body = Buffer.from(await c.req.arrayBuffer());
    if (body.length === 0) throw new AppError('bad-request', 'The body is empty: send the file itself as the request body.');
    const chosen = format ?? detectFormat(body.subarray(0, 4096).toString('utf8'));
    let summary: ImportSummary;
    try {
      summary = await importFacilities(finder.repository, body, { format: chosen, source: source ?? `api:${chosen}` });
    } catch (error) {
      metrics.importRuns.inc({ outcome: 'failed' });
      throw error;
    }
    metrics.importRuns.inc({ outcome: 'ok' });
    for (const result of ['inserted', 'updated', 'unchanged', 'rejected'] as const) metrics.importedRows.inc({ result }, summary[result]);
    logger.info('facilities imported', { format: chosen, read: summary.read, inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected });
    await finder.rebuild();
    return c.json(Object.assign({}, summary, { rejectedRows: summary.rejectedRows.slice(0, 200) }), 200);
  });
}
