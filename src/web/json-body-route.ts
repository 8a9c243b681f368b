import { z, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { fieldErrors, validationError, type FieldError } from '../errors/catalogue.ts';
import type { App, HonoEnv } from './context.ts';

/** `application/json`, or a JSON suffix type such as `application/merge-patch+json`, with any parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** The JSON body schema a route documents. */
type BodySchemaOf<R> = R extends { request: { body: { content: { 'application/json': { schema: infer S extends z.ZodType } } } } } ? S : never;

export interface JsonBodyRoute<R extends RouteConfig> {
  /** The route as documented in /openapi.json: its JSON body and path parameters are what is checked. */
  route: R;
  /** What a client sending another media type is told to send instead. */
  example: string;
}

export interface JsonBodyInput<R extends RouteConfig> {
  body: z.output<BodySchemaOf<R>>;
  params: R extends { request: { params: infer P extends z.ZodType } } ? z.output<P> : Record<string, never>;
}

/**
 * A POST route that takes a JSON body, documented in OpenAPI like any other but checked in one step:
 * the media type, the parse and the schema, synchronously, before the handler.
 *
 * Why not `app.openapi` for these: it checks the same three things as three async middleware (a
 * media-type gate, Hono's validator, zod's `safeParseAsync`), each a promise and a turn of Hono's
 * compose per request. That was about 7–9% of the CPU of each JSON POST endpoint (interaction check,
 * plans, screening), measured in-process with `npm run bench:compare` (docs/PERFORMANCE.md, "One step for
 * JSON bodies"), and the schemas themselves (all synchronous) do not need it.
 *
 * Every failure is a 400 problem: another media type names the field `content-type` and shows
 * `example`; a body that does not parse says so; a schema failure names every bad field, as the app's
 * default hook does for the other routes.
 */
export function jsonBodyRoute<R extends RouteConfig & { method: 'post' }>(
  app: App,
  definition: JsonBodyRoute<R>,
  handler: (c: Context<HonoEnv>, input: JsonBodyInput<R>) => Response | Promise<Response>,
): void {
  const { route, example } = definition;
  // The schemas checked are the ones documented, read from the route, so the two cannot differ.
  const documented = route.request?.body?.content['application/json'];
  const bodySchema = documented && 'schema' in documented ? documented.schema : undefined;
  if (!(bodySchema instanceof z.ZodType)) throw new Error(`${route.path}: a JSON body route must document its body as a zod schema`);
  const paramsSchema = route.request?.params as z.ZodType | undefined;
  app.openAPIRegistry.registerPath(route);
  // OpenAPI writes path parameters as {id}; Hono's router takes :id.
  app.post(route.path.replace(/\{(\w+)\}/g, ':$1'), async (c) => {
    if (!JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')) {
      throw validationError([{ field: 'content-type', message: `send the body as JSON with Content-Type: application/json, e.g. ${example}` }]);
    }
    let json: unknown;
    try {
      // The guard has parsed the body already and hands the value over (src/guard/parse-json-once.ts).
      json = await c.req.json();
    } catch {
      // As Hono's own validator does: the app's error handler turns it into the catalogue's bad-request.
      throw new HTTPException(400, { message: 'Malformed JSON in request body' });
    }
    const errors: FieldError[] = [];
    const params = paramsSchema ? checked(paramsSchema, c.req.param(), errors) : {};
    const body = checked(bodySchema, json, errors);
    if (errors.length > 0) throw validationError(errors);
    return handler(c, { body, params } as JsonBodyInput<R>);
  });
}

/** `value` as `schema` makes it, or undefined with its issues added to `errors` as fields. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, errors: FieldError[]): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...fieldErrors(result.error.issues));
  return undefined as z.output<S>;
}
