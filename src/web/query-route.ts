import { z, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { validationError, type FieldError } from '../errors/catalogue.ts';
import type { App, HonoEnv } from './context.ts';
import { checked } from './json-body-route.ts';

/** The query schema a route documents. */
type QuerySchemaOf<R> = R extends { request: { query: infer Q extends z.ZodType } } ? Q : never;

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
export function queryRoute<R extends RouteConfig & { method: 'get' }>(
  app: App,
  route: R,
  handler: (c: Context<HonoEnv>, input: { query: z.output<QuerySchemaOf<R>> }) => Response | Promise<Response>,
): void {
  // The schema checked is the one documented, read from the route, so the two cannot differ.
  const querySchema = route.request?.query;
  if (!(querySchema instanceof z.ZodType)) throw new Error(`${route.path}: a query route must document its query as a zod schema`);
  app.openAPIRegistry.registerPath(route);
  app.get(route.path, (c) => {
    const given: Record<string, string | string[]> = {};
    for (const [name, values] of Object.entries(c.req.queries())) given[name] = values.length === 1 ? values[0]! : values;
    const errors: FieldError[] = [];
    const query = checked(querySchema, given, errors) as z.output<QuerySchemaOf<R>>;
    if (errors.length > 0) throw validationError(errors);
    return handler(c, { query });
  });
}
