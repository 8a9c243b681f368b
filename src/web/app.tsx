import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { AppError, fieldErrors, validationError } from '../errors/catalogue.ts';
import { toProblem } from '../errors/problem.ts';
import type { App, AppDeps, Feature, HonoEnv } from './context.ts';
import { Layout } from './layout.tsx';
import { problemResponse, wantsProblemJson } from './problem-response.ts';
import { parseTrustedProxies } from './client-address.ts';
import { requestContext } from './request-id.ts';
import { securityHeaders } from './security-headers.ts';
import { registerCrawlerFiles } from './crawler-files.ts';
import { registerStaticAssets } from './static-assets.ts';
import { trailingSlashRedirect } from './trailing-slash.ts';

/**
 * Builds the HTTP application: shared middleware, then each feature's routes, then the error and
 * not-found handlers. No feature knows about another; the composition root passes the dependencies.
 */
export async function createApp(deps: AppDeps, features: readonly Feature[]): Promise<App> {
  const app: App = new OpenAPIHono<HonoEnv>({
    // Schema failures become one 400 problem naming every bad field.
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldErrors(result.error.issues));
    },
  });

  app.use('*', requestContext(deps.logger, deps.metrics, parseTrustedProxies(deps.config.TRUST_PROXY)));
  app.use('*', securityHeaders());
  registerStaticAssets(app);

  for (const feature of features) await feature.register(app, deps);
  registerCrawlerFiles(app, deps, features);

  app.notFound((c) => {
    const redirect = trailingSlashRedirect(c);
    if (redirect) return redirect;
    const error = new AppError('not-found', `Nothing lives at ${c.req.path}. Check the address, or search the site.`);
    if (wantsProblemJson(c)) return problemResponse(c, error);
    return c.html(
      <Layout title="Page not found" crisisLines={deps.kb.content.crisisLines}>
        <h1>Page not found</h1>
        <p>There is no page at this address. Try the <a href="/">home page</a> or search:</p>
        <form action="/search" method="get" role="search">
          <label for="q">Search rxsafety</label> <input id="q" name="q" type="search" /> <button type="submit">Search</button>
        </form>
      </Layout>,
      404,
    );
  });

  app.onError((err, c) => {
    let error: unknown = err;
    if (err instanceof HTTPException) {
      // Hono's own errors (e.g. malformed JSON bodies) carry a status; map them to our catalogue.
      error =
        err.status === 400
          ? new AppError('bad-request', 'The request body could not be read. Send valid JSON with Content-Type: application/json.')
          : err.status === 413
            ? new AppError('payload-too-large', 'The request body is larger than this endpoint accepts.')
            : new AppError(err.status === 404 ? 'not-found' : 'bad-request', err.message || 'The request could not be handled.');
    }
    const problem = toProblem(error, c.req.path);
    if (problem.status >= 500) c.get('logger')?.error('unhandled error', { error: err, path: c.req.path });
    if (wantsProblemJson(c)) return problemResponse(c, error);
    return c.html(
      <Layout title={problem.title} crisisLines={deps.kb.content.crisisLines}>
        <h1>{problem.title}</h1>
        <p>{problem.detail}</p>
        <p>
          <a href="/">Go to the home page</a>
        </p>
      </Layout>,
      problem.status as 400,
    );
  });

  return app;
}
