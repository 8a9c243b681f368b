/**
 * The positive security model: which routes the app serves and which inputs each one reads. A value
 * the route reads (a search box, a drug list, an answer) is judged leniently, because patients type
 * anything there; a value nobody reads (an unknown route, query key or JSON member, a cookie the app
 * never sets, a made-up header) is judged at a stricter paranoia level: no legitimate client sends
 * attack-shaped text where nothing listens.
 */

/** What one route expects. `any` means the route reads fields we cannot enumerate (a questionnaire's answers). */
export interface RouteExpectation {
  known: boolean;
  query: ReadonlySet<string> | 'any';
  body: BodyExpectation | 'any';
}

/** Known JSON members at any depth, and members whose object accepts any key (`additionalProperties`). */
export interface BodyExpectation {
  members: ReadonlySet<string>;
  openMembers: ReadonlySet<string>;
}

export const unknownRoute: RouteExpectation = { known: false, query: new Set(), body: { members: new Set(), openMembers: new Set() } };
const anyInput: RouteExpectation = { known: true, query: 'any', body: 'any' };

/**
 * Pages are not in the OpenAPI document; these are the fields their forms and links send. A page not
 * listed here is assumed to read any field (lenient), so a new form can never block its users.
 */
const pageInputs: Record<string, readonly string[]> = {
  'GET /': [],
  'GET /search': ['q'],
  'GET /interactions': ['drugs', 'add', 'print'],
  'GET /drugs/:idOrName': [],
  'GET /evidence/:drug/:condition': [],
  'GET /sources': [],
  'GET /sources/:id': [],
  'GET /interactions/rules/:id': [],
  'GET /check': [],
  'GET /subscriptions/confirm': ['token'],
  'GET /subscriptions/unsubscribe': ['token'],
  'GET /healthz': [],
  'GET /readyz': [],
  'GET /metrics': [],
  'GET /cds-services': [],
  'GET /api/v1/openapi.json': [],
  'GET /api/docs': [],
};

/** The subset of OpenAPI 3 this needs. */
interface OpenApiSchema {
  $ref?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
}
interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  expectation: RouteExpectation;
}

export class KnownInputs {
  readonly #routes: CompiledRoute[];

  private constructor(routes: CompiledRoute[]) {
    this.#routes = routes;
  }

  /**
   * From the router's table (every registered route) and the OpenAPI document (query parameters and
   * JSON body members of API operations). Middleware entries (method ALL) are not routes.
   */
  static fromRoutes(routes: readonly { method: string; path: string }[], document: OpenApiDocument): KnownInputs {
    const operations = new Map<string, OpenApiOperation>();
    for (const [path, methods] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(methods)) operations.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, operation);
    }
    const seen = new Set<string>();
    const compiled: CompiledRoute[] = [];
    for (const route of routes) {
      if (route.method === 'ALL' || route.path === '*' || route.path === '/*') continue;
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const operation = operations.get(key);
      const page = pageInputs[key];
      const expectation = operation
        ? fromOperation(operation, document)
        : page
          ? { known: true, query: new Set(page), body: 'any' as const }
          : anyInput;
      compiled.push({ method: route.method, pattern: routePattern(route.path), expectation });
    }
    return new KnownInputs(compiled);
  }

  /** What the route for this request reads; `unknownRoute` when no route serves it (it would 404). */
  expectationFor(method: string, path: string): RouteExpectation {
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const route of this.#routes) if (route.method === wanted && route.pattern.test(path)) return route.expectation;
    return unknownRoute;
  }
}

function fromOperation(operation: OpenApiOperation, document: OpenApiDocument): RouteExpectation {
  const query = new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  const members = new Set<string>();
  const openMembers = new Set<string>();
  for (const content of Object.values(operation.requestBody?.content ?? {})) {
    if (content.schema) collectMembers(content.schema, document, members, openMembers, undefined, 0);
  }
  return { known: true, query, body: { members, openMembers } };
}

function collectMembers(schema: OpenApiSchema, document: OpenApiDocument, members: Set<string>, open: Set<string>, parent: string | undefined, depth: number): void {
  if (depth > 20) return;
  const resolved = schema.$ref ? document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  if (!resolved) return;
  if (resolved.additionalProperties && parent !== undefined) open.add(parent);
  for (const [name, child] of Object.entries(resolved.properties ?? {})) {
    members.add(name);
    collectMembers(child, document, members, open, name, depth + 1);
  }
  if (resolved.items) collectMembers(resolved.items, document, members, open, parent, depth + 1);
  for (const part of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])]) collectMembers(part, document, members, open, parent, depth + 1);
}

/** Hono's route syntax: ":name", ":name{regex}" and "*". */
function routePattern(path: string): RegExp {
  let source = '';
  for (const piece of path.split(/(:\w+(?:\{(?:[^{}]|\{[^}]*\})+\})?|\*)/)) {
    if (piece === '*') source += '.*';
    else if (piece.startsWith(':')) {
      const custom = /\{(.+)\}$/.exec(piece);
      source += custom ? `(?:${custom[1]})` : '[^/]+';
    } else source += piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}/?$`);
}
