import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics, one registry per server (tests start several servers in one process).
 * Labels are route patterns and rule ids, never raw paths or user input, so cardinality stays small.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'rxsafety_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'rxsafety_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly guardBlocks = new Counter({
    name: 'rxsafety_guard_blocks_total',
    help: 'Requests the guard blocked (or would block, in monitor mode), by rule',
    labelNames: ['rule', 'mode'] as const,
    registers: [this.registry],
  });
  readonly importRuns = new Counter({
    name: 'rxsafety_facility_import_runs_total',
    help: 'Facility imports by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly importedRows = new Counter({
    name: 'rxsafety_facility_import_rows_total',
    help: 'Facility rows imported, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
