import type { RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { validationError, type FieldError } from '../errors/catalogue.ts';
import type { App, HonoEnv } from './context.ts';
import { checked } from './json-body-route.ts';

type QuerySchema = z.ZodType<Record<string, unknown>>;

export interface QueryRoute<Query extends QuerySchema> {
  /** The route as documented in /openapi.json; its query must be `query`. */
  route: RouteConfig & { method: 'get' };
  query: Query;
}

/**
 * A GET route whose query string is checked against a schema, documented in OpenAPI like any other
 * but checked in one synchronous step before the handler: the counterpart of `jsonBodyRoute`.
 *
 * Why not `app.openapi` for these: its query validator is an async middleware (Hono's validator and
 * zod's `safeParseAsync`) for a schema that is synchronous. Facility search took 0.955–0.98 of the CPU
 * per request this way (two runs of `npm run bench:compare`, docs/PERFORMANCE.md).
 *
 * The query reaches the schema as Hono's validator hands it over: a name given once is a string, a name
 * given more than once is the list of its values (which a schema for one value refuses). A failure is a
 * 400 problem naming every bad parameter, as the app's default hook does for the other routes.
 */
export function queryRoute<Query extends QuerySchema>(
  app: App,
  definition: QueryRoute<Query>,
  handler: (c: Context<HonoEnv>, input: { query: z.output<Query> }) => Response | Promise<Response>,
): void {
  const { route, query: querySchema } = definition;
  // The document and the check must not drift apart: one schema for both, or the app does not start.
  if ((route.request?.query as unknown) !== querySchema) throw new Error(`${route.path}: the documented query must be the schema the route checks`);
  app.openAPIRegistry.registerPath(route);
  app.get(route.path, (c) => {
    const given: Record<string, string | string[]> = {};
    for (const [name, values] of Object.entries(c.req.queries())) given[name] = values.length === 1 ? values[0]! : values;
    const errors: FieldError[] = [];
    const query = checked(querySchema, given, errors);
    if (errors.length > 0) throw validationError(errors);
    return handler(c, { query });
  });
}
