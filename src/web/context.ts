import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config/config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

/** What every feature gets from the composition root (src/main.ts). */
export interface AppDeps {
  config: Config;
  kb: KnowledgeBase;
  database: DatabaseHandle;
  logger: Logger;
  metrics: Metrics;
}

/** Per-request values set by middleware. */
export interface HonoEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    /** The client's address (X-Forwarded-For only from a trusted proxy; see client-address.ts). */
    clientAddress: string;
  };
}

export type App = OpenAPIHono<HonoEnv>;

/** A page a person may land on from a search engine: listed in /sitemap.xml. */
export interface PublicPage {
  path: string;
  /** The day its content last changed (YYYY-MM-DD), where the content records it. */
  lastModified?: string;
}

/**
 * A feature plugs its routes into the app. Features live in their own folders (src/interactions/…)
 * and are listed once in src/web/features.ts.
 */
export interface Feature {
  name: string;
  register(app: App, deps: AppDeps): void | Promise<void>;
  /** Its pages worth finding from a search (never API routes, answers or anything personal). */
  publicPages?(deps: AppDeps): readonly PublicPage[];
  /** Called on shutdown (close pools, timers). */
  close?(): void | Promise<void>;
}
