import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../errors/catalogue.ts';
import { compareSeverity, InteractionChecker, MAX_REMEMBERED_INPUTS, type CheckResult } from './engine.ts';
import type { RuleSide } from './rules-schema.ts';
import { realChecker, realContent } from './test-support.ts';

const checker = realChecker();
const pairOf = (result: CheckResult, a: string, b: string) =>
  result.interactions.find((i) => i.drugs.join() === [a, b].sort().join());

describe('interaction engine: baclofen pairs from the fact sheet', () => {
  const expected: [string, string, string][] = [
    // input, expected severity, expected rule (the most specific most severe one)
    ['alcohol', 'major', 'baclofen-alcohol'],
    ['tramadol', 'major', 'baclofen-tramadol'],
    ['oxycodone', 'major', 'baclofen-opioids'],
    ['hydrocodone', 'major', 'baclofen-opioids'],
    ['morphine', 'major', 'baclofen-opioids'],
    ['codeine', 'major', 'baclofen-opioids'],
    ['fentanyl', 'major', 'baclofen-opioids'],
    ['methadone', 'major', 'baclofen-opioids'],
    ['buprenorphine', 'major', 'baclofen-opioids'],
    ['diazepam', 'major', 'baclofen-cns-depressants'],
    ['alprazolam', 'major', 'baclofen-cns-depressants'],
    ['lorazepam', 'major', 'baclofen-cns-depressants'],
    ['clonazepam', 'major', 'baclofen-cns-depressants'],
    ['zolpidem', 'major', 'baclofen-cns-depressants'],
    ['phenobarbital', 'major', 'baclofen-cns-depressants'],
    ['gabapentin', 'major', 'baclofen-gabapentinoids'],
    ['pregabalin', 'major', 'baclofen-gabapentinoids'],
    ['diphenhydramine', 'major', 'baclofen-cns-depressants'],
    ['tizanidine', 'major', 'baclofen-cns-depressants'],
    ['cyclobenzaprine', 'major', 'baclofen-cns-depressants'],
    ['carisoprodol', 'major', 'baclofen-cns-depressants'],
    ['quetiapine', 'major', 'baclofen-cns-depressants'],
    ['phenelzine', 'moderate', 'baclofen-maois'],
    ['lisinopril', 'moderate', 'baclofen-antihypertensives'],
    ['amlodipine', 'moderate', 'baclofen-antihypertensives'],
    ['levodopa-carbidopa', 'moderate', 'baclofen-levodopa'],
    ['lithium', 'moderate', 'baclofen-lithium'],
    ['ibuprofen', 'moderate', 'baclofen-kidney-impairing-drugs'],
  ];
  for (const [other, severity, ruleId] of expected) {
    test(`baclofen + ${other}: ${severity} (${ruleId})`, () => {
      const result = checker.check(['baclofen', other]);
      const id = result.resolved[1]!.id;
      const found = pairOf(result, 'baclofen', id);
      assert.ok(found, `no interaction found for baclofen + ${other}`);
      assert.equal(found.severity, severity);
      assert.equal(found.ruleId, ruleId);
      assert.ok(found.sources.length > 0);
      assert.equal(result.highestSeverity, severity);
    });
  }

  test('tricyclics: the hypotonia rule is reported, behind the more severe sedation rule', () => {
    const found = pairOf(checker.check(['baclofen', 'amitriptyline']), 'baclofen', 'amitriptyline')!;
    assert.equal(found.severity, 'major');
    assert.ok(found.alsoMatched.some((m) => m.ruleId === 'baclofen-tricyclic-antidepressants' && m.severity === 'moderate'));
  });

  test('tramadol carries its seizure-threshold effect and the source disagreement', () => {
    const found = pairOf(checker.check(['Lioresal', 'tramadol']), 'baclofen', 'tramadol')!;
    assert.match(found.effect, /seizure/i);
    assert.ok(found.severityDisagreement);
    assert.ok(found.sources.includes('drugs-com-baclofen-tramadol'));
  });

  test('the answer explains class matches', () => {
    const found = pairOf(checker.check(['baclofen', 'oxycodone']), 'baclofen', 'oxycodone')!;
    assert.deepEqual(found.matchedThrough, ['drug', 'opioid']);
    assert.match(found.why, /Oxycodone \(as one of the Opioids\)/);
  });
});

describe('interaction engine: substance-use pairs', () => {
  const pairs: [string, string, string][] = [
    ['oxycodone', 'alprazolam', 'opioids-benzodiazepines'],
    ['morphine', 'gabapentin', 'opioids-gabapentinoids'],
    ['fentanyl', 'alcohol', 'opioids-alcohol'],
    ['lorazepam', 'alcohol', 'benzodiazepines-alcohol'],
    ['tramadol', 'phenelzine', 'tramadol-maois'],
    ['sertraline', 'phenelzine', 'sertraline-maois'],
    ['nortriptyline', 'phenelzine', 'tricyclic-antidepressants-maois'],
    ['methadone', 'sodium oxybate', 'opioids-cns-depressants'],
  ];
  for (const [a, b, ruleId] of pairs) {
    test(`${a} + ${b}: ${ruleId}`, () => {
      const result = checker.check([a, b]);
      assert.equal(result.interactions.length, 1);
      assert.equal(result.interactions[0]!.ruleId, ruleId);
      assert.equal(result.interactions[0]!.severity, 'major');
    });
  }
});

describe('interaction engine: negative controls, unknown input, duplicates', () => {
  for (const other of ['acetaminophen', 'amoxicillin', 'loratadine']) {
    test(`baclofen + ${other}: no interaction, highestSeverity none`, () => {
      const result = checker.check(['baclofen', other]);
      assert.equal(result.unresolved.length, 0);
      assert.deepEqual(result.interactions, []);
      assert.equal(result.highestSeverity, 'none');
      assert.equal(result.complete, true);
      assert.match(result.notice, /does not prove the combination is safe/);
    });
  }

  test('an unknown drug is listed as not checked, never as "no interactions"', () => {
    const result = checker.check(['baclofen', 'Zorblax']);
    assert.deepEqual(result.unresolved.map((u) => u.input), ['Zorblax']);
    assert.equal(result.complete, false);
    assert.match(result.notice, /NOT CHECKED: "Zorblax"/);
    assert.doesNotMatch(result.notice, /No interaction was found/);
  });

  test('a misspelling resolves with what it matched; an ambiguous one comes back with suggestions', () => {
    const result = checker.check(['baclofne', 'tramdol']);
    assert.deepEqual(result.resolved.map((r) => [r.id, r.matchedBy]), [['baclofen', 'misspelling'], ['tramadol', 'misspelling']]);
    assert.equal(result.interactions[0]?.ruleId, 'baclofen-tramadol');
    const vague = checker.check(['baclofen', 'oxycodon', 'lorazepan']);
    assert.equal(vague.unresolved.length + vague.resolved.length, 3);
  });

  test('product RxCUIs, product names, brands and any case map to the ingredient', () => {
    const result = checker.check(['197391', 'BACLOFEN 10 MG ORAL TABLET', 'ozobax', 'tramadol']);
    assert.ok(result.resolved.slice(0, 3).every((r) => r.id === 'baclofen'));
    assert.deepEqual(result.duplicates[0], { drugs: ['baclofen'], reason: 'same-ingredient', inputs: ['197391', 'BACLOFEN 10 MG ORAL TABLET', 'ozobax'] });
    assert.equal(result.interactions.length, 1, 'the same ingredient is checked once against the others');
  });

  test('two drugs of a risky class are duplicate therapy', () => {
    const result = checker.check(['oxycodone', 'morphine', 'diazepam', 'lorazepam']);
    const classes = result.duplicates.filter((d) => d.reason === 'same-class').map((d) => [d.class, d.drugs]);
    assert.deepEqual(classes, [['opioid', ['oxycodone', 'morphine']], ['benzodiazepine', ['diazepam', 'lorazepam']]]);
  });

  test('bad input is a validation error naming the field', () => {
    const err = (inputs: unknown[]) => assert.throws(() => checker.check(inputs as string[]), (e: unknown) => e instanceof AppError && e.code === 'validation-failed');
    err([]);
    err(Array.from({ length: 51 }, () => 'baclofen'));
    err(['baclofen', '']);
    err(['baclofen', 42]);
    err(['x'.repeat(201)]);
  });
});

describe('interaction engine: properties', () => {
  const known = [...new Set(['baclofen', 'alcohol', 'tramadol', 'oxycodone', 'diazepam', 'gabapentin', 'phenelzine', 'sertraline', 'lithium', 'lisinopril', 'acetaminophen', 'loratadine', 'Lioresal', '197391', 'Xanax', 'sodium oxybate', 'amitriptyline'])];
  const names = fc.oneof(fc.constantFrom(...known), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''));

  test('each pair appears once, sorted by severity; unresolved inputs are never a silent "none"', () => {
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 12 }), (inputs) => {
        const result = checker.check(inputs);
        const keys = result.interactions.map((i) => i.drugs.join('+'));
        assert.equal(new Set(keys).size, keys.length, 'a pair appears twice');
        for (const i of result.interactions) assert.ok(i.drugs[0] < i.drugs[1], 'a pair of one drug with itself, or unordered');
        for (let k = 1; k < result.interactions.length; k++) {
          assert.ok(compareSeverity(result.interactions[k - 1]!.severity, result.interactions[k]!.severity) <= 0, 'not sorted by severity');
        }
        assert.equal(result.resolved.length + result.unresolved.length, inputs.length);
        assert.equal(result.highestSeverity, result.interactions[0]?.severity ?? 'none');
        if (result.unresolved.length > 0) {
          assert.equal(result.complete, false);
          for (const u of result.unresolved) assert.ok(result.notice.includes(`"${u.input}"`));
        }
        // Order does not change the answer.
        const reversed = checker.check([...inputs].reverse());
        assert.deepEqual(new Set(reversed.interactions.map((i) => `${i.drugs.join('+')}:${i.ruleId}`)), new Set(result.interactions.map((i) => `${i.drugs.join('+')}:${i.ruleId}`)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('interaction engine: the precomputed pair table', () => {
  const { kb, rules } = realContent();
  const allIds = [...kb.drugs.keys()];
  const meets = (side: RuleSide, id: string) => ('drug' in side ? side.drug === id : kb.drugs.get(id)!.classes.includes(side.class));
  /** Every rule that matches a pair, read straight from the rules with no index or table. */
  const rulesFor = (a: string, b: string) =>
    rules.filter((r) => (meets(r.between[0], a) && meets(r.between[1], b)) || (meets(r.between[0], b) && meets(r.between[1], a)));

  test('every pair of every drug gets exactly the rules a plain scan of the rules finds, the most severe first', () => {
    const result = checker.check(allIds);
    const found = new Map(result.interactions.map((f) => [f.drugs.join('+'), f]));
    let interacting = 0;
    for (let i = 0; i < allIds.length; i++) {
      for (let j = i + 1; j < allIds.length; j++) {
        const [a, b] = [allIds[i]!, allIds[j]!].sort() as [string, string];
        const expected = rulesFor(a, b);
        const finding = found.get(`${a}+${b}`);
        if (expected.length === 0) {
          assert.equal(finding, undefined, `${a}+${b}: no rule matches, yet a finding was reported`);
          continue;
        }
        interacting++;
        assert.ok(finding, `${a}+${b}: ${expected.map((r) => r.id).join(', ')} match but nothing was reported`);
        assert.deepEqual(new Set([finding.ruleId, ...finding.alsoMatched.map((m) => m.ruleId)]), new Set(expected.map((r) => r.id)), `${a}+${b}`);
        const worst = expected.map((r) => r.severity).sort(compareSeverity)[0];
        assert.equal(finding.severity, worst, `${a}+${b}`);
      }
    }
    assert.ok(interacting > 100, `only ${interacting} interacting pairs: the content did not load as expected`);
    assert.equal(result.interactions.length, interacting);
  });

  test('a finding is the same whether checked alone or among 50 drugs, and no caller can change it for the next request', () => {
    const alone = checker.check(['baclofen', 'tramadol']).interactions[0]!;
    const among = pairOf(checker.check(allIds.concat(allIds).slice(0, 50)), 'baclofen', 'tramadol')!;
    assert.deepEqual(among, alone);
    assert.throws(() => {
      (alone as { severity: string }).severity = 'minor';
    }, TypeError);
    assert.throws(() => alone.sources.push('made-up'), TypeError);
    assert.equal(checker.check(['tramadol', 'baclofen']).interactions[0]!.severity, 'major');
    // The rule's own source list is not frozen by sharing it with findings.
    assert.ok(!Object.isFrozen(rules.find((r) => r.id === alone.ruleId)!.sources));
  });
});

describe('interaction engine: remembered inputs', () => {
  const { kb, rules } = realContent();
  const names = fc.oneof(fc.constantFrom(...kb.drugs.keys(), 'Lioresal', ' baclofen ', 'BACLOFEN', '197391', 'baclophen', 'Xanax'), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''));

  test('property: a checker that remembers inputs answers exactly as a new one does', () => {
    const used = new InteractionChecker(kb, rules);
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 20 }), (list) => {
        assert.deepEqual(used.check(list), new InteractionChecker(kb, rules).check(list));
      }),
      { numRuns: 150 },
    );
  });

  test('what an input came to is shared between answers, and no caller can change it', () => {
    const fresh = new InteractionChecker(kb, rules);
    const first = fresh.check([' Lioresal ', 'Zorblax']);
    const second = fresh.check(['Zorblax', ' Lioresal ']);
    assert.equal(second.resolved[0], first.resolved[0]);
    assert.deepEqual(first.resolved[0], { input: 'Lioresal', id: 'baclofen', name: first.resolved[0]!.name, matchedBy: 'brand', matched: 'Lioresal' });
    assert.throws(() => {
      (first.resolved[0] as { id: string }).id = 'tramadol';
    }, TypeError);
    assert.throws(() => first.unresolved[0]!.suggestions.push('baclofen'), TypeError);
    assert.equal(fresh.check(['Lioresal']).resolved[0]!.id, 'baclofen');
  });

  test('the memory of inputs is bounded, and answers stay right when it starts afresh', () => {
    const fresh = new InteractionChecker(kb, rules);
    for (let batch = 0; batch < (MAX_REMEMBERED_INPUTS * 1.5) / 50; batch++) {
      fresh.check(Array.from({ length: 50 }, (_, i) => `unknown drug ${batch}-${i}`));
      assert.ok(fresh.rememberedInputs <= MAX_REMEMBERED_INPUTS, `${fresh.rememberedInputs} inputs remembered`);
    }
    assert.equal(fresh.check(['baclofen', 'tramadol']).highestSeverity, 'major');
  });
});
