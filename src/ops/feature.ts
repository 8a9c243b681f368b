import { isReachable } from '../db/database.ts';
import type { Feature } from '../web/context.ts';

/** Liveness, readiness and Prometheus metrics for load balancers, orchestrators and monitoring. */
export const opsFeature: Feature = {
  name: 'ops',
  register(app, { kb, database, metrics }) {
    app.get('/metrics', async (c) =>
      c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
    );
    app.get('/healthz', (c) => c.json({ status: 'ok' }));
    app.get('/readyz', async (c) => {
      const checks = { database: await isReachable(database.db), content: kb.drugs.size > 0 };
      const ready = Object.values(checks).every(Boolean);
      return c.json({ status: ready ? 'ready' : 'not-ready', checks }, ready ? 200 : 503);
    });
  },
};
