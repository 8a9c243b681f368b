import { guardFeature } from '../guard/feature.ts';
import { guideFeature } from '../guide/feature.ts';
import { interactionsFeature } from '../interactions/feature.ts';
import { knowledgeFeature } from '../knowledge/feature.ts';
import { opsFeature } from '../ops/feature.ts';
import { plansFeature } from '../plans/feature.ts';
import { screeningFeature } from '../screening/feature.ts';
import { subscriptionsFeature } from '../subscriptions/feature.ts';
import { treatmentFeature } from '../treatment/feature.ts';
import type { Feature } from './context.ts';
import { apiDocsFeature } from './api-docs.tsx';

/**
 * Every feature, in the order it is mounted. The guard comes first: it inspects every request
 * before any route sees it.
 */
export const features: readonly Feature[] = [
  guardFeature,
  opsFeature,
  knowledgeFeature,
  interactionsFeature,
  plansFeature,
  screeningFeature,
  treatmentFeature,
  guideFeature,
  subscriptionsFeature,
  apiDocsFeature,
];
