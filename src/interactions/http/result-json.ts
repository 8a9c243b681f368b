import { frozenJson } from '../../web/frozen-json.ts';
import type { CheckResult } from '../engine.ts';

/**
 * The JSON text of a check result. Findings are the frozen objects of the checker's pair table,
 * shared by every check that meets the pair, and carry nearly all of an answer's bytes (advice,
 * mechanism, sources: ~1.1 kB each, 22 of them for ten drugs); each is serialised once, the first
 * time any check reports it. Same text as JSON.stringify(result), a property test says.
 */
export function checkResultJson(result: CheckResult): string {
  const members = memberOrder.map((key) => `"${key}":${key === 'interactions' ? `[${result.interactions.map(frozenJson).join(',')}]` : JSON.stringify(result[key])}`);
  return `{${members.join(',')}}`;
}

/** Every member of CheckResult, in the order JSON.stringify writes them (the order the checker builds them). */
const memberOrder = ['resolved', 'unresolved', 'interactions', 'duplicates', 'highestSeverity', 'complete', 'notice'] as const satisfies readonly (keyof CheckResult)[];
// A member added to CheckResult but not to the list above fails to compile here.
const everyMemberListed: Exclude<keyof CheckResult, (typeof memberOrder)[number]> extends never ? true : never = true;
void everyMemberListed;
