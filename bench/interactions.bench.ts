/**
 * Interaction checker benchmark, in-process: checks of 2, 10 and 50 drugs. (The HTTP API and the CDS
 * Hooks service under load are measured by bench/run.ts, beside the bare route.)
 * Run alone: node --import tsx bench/interactions.bench.ts   (bench/run.ts imports run()).
 */
import { pathToFileURL } from 'node:url';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { InteractionChecker } from '../src/interactions/engine.ts';
import { loadInteractionRules } from '../src/interactions/load-rules.ts';
import { timeIt, type BenchRow } from './timing.ts';


export async function run(): Promise<BenchRow[]> {
  const kb = KnowledgeBase.fromDirectory('content');
  const checker = new InteractionChecker(kb, loadInteractionRules('content', kb));
  const ids = [...kb.drugs.keys()];
  // Real names, brand names and RxCUIs, cycled to the size wanted (50 repeats some: duplicates are part of the work).
  const names = [...ids, 'Lioresal', 'Xanax', '197391', '10689', 'baclofne'];
  const listOf = (n: number) => Array.from({ length: n }, (_, i) => names[i % names.length]!);
  const rows = [
    await timeIt('interactions: check 2 drugs (in-process)', () => checker.check(['baclofen', 'tramadol']), 20_000),
    await timeIt('interactions: check 10 drugs (in-process)', () => checker.check(listOf(10)), 5_000),
    await timeIt('interactions: check 50 drugs (in-process)', () => checker.check(listOf(50)), 1_000),
  ];

  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
