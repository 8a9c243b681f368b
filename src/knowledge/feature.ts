import type { Feature, PublicPage } from '../web/context.ts';
import { registerKnowledgeApi } from './http/api.ts';
import { registerKnowledgePages } from './http/pages.tsx';
import type { KnowledgeBase } from './knowledge-base.ts';
import { lastChangedOn } from './review-status.ts';

/** Drug pages, evidence, search and sources: the site and API over content/. */
export const knowledgeFeature: Feature = {
  name: 'knowledge',
  register(app, deps) {
    registerKnowledgeApi(app, deps);
    registerKnowledgePages(app, deps);
  },
  publicPages: ({ kb }) => knowledgePages(kb),
};

/** The home page, every drug page, every evidence page with studies, and the sources. */
export function knowledgePages(kb: KnowledgeBase): PublicPage[] {
  const drugs = [...kb.drugs.values()].map((drug) => ({
    path: `/drugs/${drug.id}`,
    lastModified: lastChangedOn(drug.review),
  }));
  const evidence = [...new Set(kb.studies.map((study) => `/evidence/${study.drug}/${study.condition}`))].map((path) => ({ path }));
  const sources = [...kb.sources.keys()].map((id) => ({ path: `/sources/${id}` }));
  return [{ path: '/' }, ...drugs, ...evidence, { path: '/sources' }, ...sources];
}
