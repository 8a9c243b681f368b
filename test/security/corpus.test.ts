import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedFile } from '../../src/testing/environment.ts';
import { startTestServer } from '../../src/testing/test-server.ts';
import { rawRequest } from './replay.ts';

/**
 * Replays the OWASP Core Rule Set regression requests against the running server and reports, per
 * category, the share of `block` cases rejected and how many `allow` cases were rejected (`allow` means
 * only "that CRS rule must not fire": a hint, not a promise the request is harmless).
 * Rejected = 403 from the guard, or the HTTP parser refusing the request (400, or hanging up).
 */
interface Case {
  category: string;
  rule_id: number;
  method: string;
  uri: string;
  headers: Record<string, string>;
  data: string | null;
  expect: 'block' | 'allow';
}

const goal = 0.95;
const goalCategories = ['application-attack-sqli', 'application-attack-xss', 'lfi+rfi', 'application-attack-rce'];
// The other families are measured and reported (docs/SECURITY.md); a regression below these fails.
const floors: Record<string, number> = {
  'application-attack-php': 0.75,
  'application-attack-java': 0.65,
  'application-attack-generic': 0.75,
};

describe('CRS regression corpus replay', () => {
  it('rejects attacks per category (printed table)', async (t) => {
    const file = sharedFile('data/security/crs-regression-cases.jsonl');
    if (!file) return t.skip('../shared/data/security/crs-regression-cases.jsonl is absent');
    const cases = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Case);
    const server = await startTestServer({ config: { RATE_LIMIT_PER_MINUTE: 100_000 } });
    t.after(() => server.close());

    const stats = new Map<string, { block: number; rejected: number; allow: number; allowRejected: number }>();
    const tally = (key: string) => stats.get(key) ?? (stats.set(key, { block: 0, rejected: 0, allow: 0, allowRejected: 0 }), stats.get(key)!);
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const status = await rawRequest(server.port, c.method, c.uri, c.headers, c.data);
        assert.ok(status < 500, `server error ${status} on ${c.category} ${c.rule_id}`);
        const rejected = status === 403 || status === 400 || status === 0;
        for (const key of [c.category, ...(/lfi|rfi/.test(c.category) ? ['lfi+rfi'] : [])]) {
          const s = tally(key);
          if (c.expect === 'block') (s.block++, rejected && s.rejected++);
          else (s.allow++, rejected && s.allowRejected++);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const rows = [...stats].sort(([a], [b]) => a.localeCompare(b));
    console.log('\ncategory                         block rejected   share   allow rejected');
    for (const [category, s] of rows) {
      console.log(`${category.padEnd(32)} ${String(s.rejected).padStart(5)}/${String(s.block).padEnd(5)} ${((100 * s.rejected) / s.block).toFixed(1).padStart(6)}%   ${s.allowRejected}/${s.allow}`);
    }
    for (const [category, floor] of Object.entries(floors)) {
      const s = stats.get(category)!;
      assert.ok(s.rejected / s.block >= floor, `${category}: ${s.rejected}/${s.block} fell below the measured floor ${floor}`);
    }
    for (const category of goalCategories) {
      const s = stats.get(category)!;
      assert.ok(s.rejected / s.block >= goal, `goal: ≥95% of ${category} attacks rejected, got ${s.rejected}/${s.block} (${((100 * s.rejected) / s.block).toFixed(1)}%)`);
    }
  });
});
