import type { RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { fieldErrors, validationError, type FieldError } from '../errors/catalogue.ts';
import type { App, HonoEnv } from './context.ts';

/** `application/json`, or a JSON suffix type such as `application/merge-patch+json`, with any parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

type ParamsSchema = z.ZodType<Record<string, string>>;

export interface JsonBodyRoute<Body extends z.ZodType, Params extends ParamsSchema | undefined> {
  /** The route as documented in /openapi.json; its JSON body and path parameters must be `body` and `params`. */
  route: RouteConfig & { method: 'post' };
  body: Body;
  params?: Params;
  /** What a client sending another media type is told to send instead. */
  example: string;
}

export interface JsonBodyInput<Body extends z.ZodType, Params extends ParamsSchema | undefined> {
  body: z.output<Body>;
  params: Params extends ParamsSchema ? z.output<Params> : Record<string, never>;
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
export function jsonBodyRoute<Body extends z.ZodType, Params extends ParamsSchema | undefined = undefined>(
  app: App,
  definition: JsonBodyRoute<Body, Params>,
  handler: (c: Context<HonoEnv>, input: JsonBodyInput<Body, Params>) => Response | Promise<Response>,
): void {
  const { route, body: bodySchema, params: paramsSchema, example } = definition;
  // The document and the check must not drift apart: one schema for both, or the app does not start.
  const documented = route.request?.body?.content['application/json'];
  if (!documented || !('schema' in documented) || documented.schema !== bodySchema || route.request?.params !== paramsSchema) {
    throw new Error(`${route.path}: the documented body and parameters must be the schemas the route checks`);
  }
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
    return handler(c, { body, params } as JsonBodyInput<Body, Params>);
  });
}

/** `value` as `schema` makes it, or undefined with its issues added to `errors` as fields. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, errors: FieldError[]): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...fieldErrors(result.error.issues));
  return undefined as z.output<S>;
}
