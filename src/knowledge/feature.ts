import type { Feature } from '../web/context.ts';
import { registerKnowledgeApi } from './http/api.ts';
import { registerKnowledgePages } from './http/pages.tsx';

/** Drug pages, evidence, search and sources: the site and API over content/. */
export const knowledgeFeature: Feature = {
  name: 'knowledge',
  register(app, deps) {
    registerKnowledgeApi(app, deps);
    registerKnowledgePages(app, deps);
  },
};
