import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Content } from '../knowledge/load.ts';
import { buildGuidePdf } from './guide-cache.ts';

/** Builds one guide off the main thread (about a second of CPU) and posts the bytes back. */
const { content, drugId, siteUrl } = workerData as { content: Content; drugId: string; siteUrl?: string };
const guide = await buildGuidePdf(new KnowledgeBase(content), drugId, { siteUrl });
parentPort!.postMessage(Object.assign({}, guide, { bytes: guide.bytes }), [guide.bytes.buffer as ArrayBuffer]);
