import type { App, Feature } from './context.ts';
import { Layout } from './layout.tsx';

const openApiConfig = {
  openapi: '3.1.0',
  info: {
    title: 'rxsafety API',
    version: '1',
    description:
      'Cited medicine-safety knowledge, interaction checks, dose plans, screening and treatment search. ' +
      'Errors are RFC 9457 problem+json. Information only: it does not replace a prescriber.',
    license: { name: 'MIT (code); CC BY 4.0 (content)' },
  },
};

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; example?: unknown } }[];
  requestBody?: unknown;
}

/** The OpenAPI 3.1 document and a readable page built from it, served locally (no third-party viewer). */
export const apiDocsFeature: Feature = {
  name: 'api-docs',
  register(app: App, { kb }) {
    let cached: ReturnType<App['getOpenAPI31Document']> | undefined;
    const document = () => (cached ??= app.getOpenAPI31Document(openApiConfig));
    app.get('/api/v1/openapi.json', (c) => c.json(document()));
    app.get('/api/docs', (c) => {
      const paths = Object.entries(document().paths ?? {}) as [string, Record<string, Operation>][];
      return c.html(
        `<!doctype html>${(
          <Layout title="API documentation" crisisLines={kb.content.crisisLines}>
            <h1>rxsafety API</h1>
            <p>
              JSON over HTTP. The machine-readable description is the <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>.
              Errors are <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code> and a message a
              person can act on.
            </p>
            {paths.map(([path, ops]) =>
              Object.entries(ops).map(([method, op]) => (
                <section aria-labelledby={`op-${method}-${path}`}>
                  <h2 id={`op-${method}-${path}`}>
                    <code>
                      {method.toUpperCase()} {path}
                    </code>
                  </h2>
                  {op.summary ? <p>{op.summary}</p> : null}
                  {op.parameters && op.parameters.length > 0 ? (
                    <ul>
                      {op.parameters.map((p) => (
                        <li>
                          <code>{p.name}</code> ({p.in}
                          {p.required ? ', required' : ''}){p.schema?.example !== undefined ? `, e.g. ${String(p.schema.example)}` : ''}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {op.requestBody ? <p class="muted">Takes a JSON body; see the OpenAPI document for its schema.</p> : null}
                </section>
              )),
            )}
          </Layout>
        )}`,
      );
    });
  },
};
