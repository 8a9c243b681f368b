import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
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
 * Guides are built on first request and kept per content version: changed content gets a new
 * guide, unchanged content the cached one. Concurrent first requests share one build.
 */
export class GuideCache {
  private readonly builds = new Map<string, Promise<GuidePdf>>();
  builtCount = 0;

  constructor(private readonly options: { siteUrl?: string } = {}) {}

  get(kb: KnowledgeBase, drugId: string): Promise<GuidePdf> {
    const key = `${kb.version}:${drugId}`;
    let build = this.builds.get(key);
    if (!build) {
      this.builtCount++;
      build = buildGuidePdf(kb, drugId, this.options);
      // Only the current content's guides are worth keeping.
      for (const old of this.builds.keys()) if (!old.startsWith(`${kb.version}:`)) this.builds.delete(old);
      this.builds.set(key, build);
      build.catch(() => this.builds.delete(key));
    }
    return build;
  }
}
