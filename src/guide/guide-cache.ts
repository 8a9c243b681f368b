import { Worker } from 'node:worker_threads';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { AppDeps } from '../web/context.ts';
import { guideContent } from './guide-content.ts';
import { guideDocument } from './pdf-document.ts';
import { renderGuidePdf } from './render-pdf.ts';

export interface GuidePdf {
  bytes: Buffer;
  compiledOn: string;
  /** The content version it was built from (also the ETag). */
  contentVersion: string;
}

/** Builds a guide PDF from the knowledge base: the same records the drug page shows. */
export async function buildGuidePdf(kb: KnowledgeBase, drugId: string, options: { siteUrl?: string } = {}): Promise<GuidePdf> {
  const content = guideContent(kb, drugId);
  const bytes = await renderGuidePdf(guideDocument(content, options));
  return { bytes, compiledOn: content.compiledOn, contentVersion: kb.version };
}

/**
 * Builds a guide in a worker thread, so the server keeps answering while pdfkit lays it out. The worker
 * gets the already validated content (no second read of content/), and checks the same version.
 */
export async function buildGuidePdfInWorker(kb: KnowledgeBase, drugId: string, options: { siteUrl?: string } = {}): Promise<GuidePdf> {
  // Selecting the content is cheap and throws the catalogued errors (e.g. no guide for this drug)
  // here, where they keep their type; errors crossing from a worker arrive as plain Errors.
  guideContent(kb, drugId);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./guide-worker-entry.mjs', import.meta.url), {
      workerData: { content: kb.content, drugId, siteUrl: options.siteUrl },
    });
    worker.once('message', (guide: GuidePdf) => resolve(Object.assign({}, guide, { bytes: Buffer.from(guide.bytes) })));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`guide worker stopped with exit code ${code}`));
    });
  });
}

/**
 * Guides are built on first request and kept per content version: changed content gets a new
 * guide, unchanged content the cached one. Concurrent first requests share one build.
 */
export class GuideCache {
  private readonly builds = new Map<string, Promise<GuidePdf>>();
  /** Byte lengths of the finished builds, readable without waiting (pages show them next to links). */
  private readonly sizes = new Map<string, number>();
  builtCount = 0;

  constructor(private readonly options: { siteUrl?: string } = {}) {}

  get(kb: KnowledgeBase, drugId: string): Promise<GuidePdf> {
    const key = `${kb.version}:${drugId}`;
    let build = this.builds.get(key);
    if (!build) {
      this.builtCount++;
      build = buildGuidePdfInWorker(kb, drugId, this.options);
      // Only the current content's guides are worth keeping.
      for (const old of this.builds.keys()) {
        if (old.startsWith(`${kb.version}:`)) continue;
        this.builds.delete(old);
        this.sizes.delete(old);
      }
      this.builds.set(key, build);
      build.then(
        (guide) => {
          // Unless newer content replaced it meanwhile.
          if (this.builds.get(key) === build) this.sizes.set(key, guide.bytes.length);
        },
        () => this.builds.delete(key),
      );
    }
    return build;
  }

  /** The guide's size in bytes when it is built; otherwise undefined (see `warm` to start the build). */
  sizeIfBuilt(kb: KnowledgeBase, drugId: string): number | undefined {
    return this.sizes.get(`${kb.version}:${drugId}`);
  }

  /**
   * Starts building a guide that is neither built nor building, after the current request has been
   * answered (a build is about a second of CPU), and reports a failure instead of throwing it.
   */
  warm(kb: KnowledgeBase, drugId: string, onError: (error: unknown) => void): void {
    if (this.builds.has(`${kb.version}:${drugId}`)) return;
    setImmediate(() => this.get(kb, drugId).catch(onError));
  }
}

const cachesByApp = new WeakMap<AppDeps, GuideCache>();

/** The one guide cache of an app: the guide routes serve from it and other pages read sizes from it. */
export function guideCacheFor(deps: AppDeps): GuideCache {
  let cache = cachesByApp.get(deps);
  if (!cache) cachesByApp.set(deps, (cache = new GuideCache({ siteUrl: deps.config.PUBLIC_URL?.replace(/\/+$/, '') })));
  return cache;
}

/** "636347" → "622 KB": what a person on a metered connection wants to know before downloading. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * The size to show next to a link to a drug's guide, e.g. "622 KB", or undefined until the guide has
 * been built; the first page that asks starts the build, so later pages show the size.
 */
export function guideLinkSize(deps: AppDeps, drugId: string): string | undefined {
  const cache = guideCacheFor(deps);
  const bytes = cache.sizeIfBuilt(deps.kb, drugId);
  if (bytes !== undefined) return formatSize(bytes);
  cache.warm(deps.kb, drugId, (error) => deps.logger.warn('guide: the background build failed', { drug: drugId, error: String((error as Error)?.message ?? error) }));
  return undefined;
}
