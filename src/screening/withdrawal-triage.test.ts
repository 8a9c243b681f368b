import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAnswers } from './answers.ts';
import { runScreening, screen } from './screen.ts';
import { crisisLines, instrument, withdrawalRules } from './test-fixtures.ts';
import { triageWithdrawal } from './withdrawal-triage.ts';

const check = instrument('baclofen-withdrawal');
const SIGNS = check.items.filter((i) => i.type === 'boolean').map((i) => i.linkId);
const allNo = Object.fromEntries(SIGNS.map((l) => [l, false]));
const run = (raw: Record<string, unknown>) => runScreening(check, { route: 'oral', ...allNo, ...raw }, undefined, crisisLines);

describe('withdrawal and overdose check: red flags', () => {
  for (const flag of ['seizure', 'unresponsive', 'trouble-breathing']) {
    for (const route of ['oral', 'intrathecal']) {
      test(`${flag} alone (${route}) → emergency: call 911 with what to tell the dispatcher`, () => {
        const result = run({ route, [flag]: true });
        assert.equal(result.action, 'emergency');
        assert.deepEqual(result.redFlags, [flag]);
        assert.equal(result.resources[0]!.phone, '911');
        assert.ok(result.dispatcher && result.dispatcher.length > 0);
        assert.match(result.message, /Call 911 now/);
      });
    }
  }
  for (const mind of ['confusion', 'hallucinations']) {
    test(`high fever with ${mind} → emergency for oral users`, () => {
      const result = run({ 'high-fever': true, [mind]: true });
      assert.equal(result.action, 'emergency');
      assert.deepEqual(new Set(result.redFlags), new Set(['high-fever', mind]));
    });
  }
  test('for oral users, high fever, confusion or rigidity alone is urgent, not emergency', () => {
    for (const sign of ['high-fever', 'confusion', 'severe-rigidity', 'hallucinations']) {
      assert.equal(run({ [sign]: true }).action, 'urgent', sign);
    }
  });
  for (const sign of ['high-fever', 'confusion', 'severe-rigidity']) {
    test(`intrathecal-only red flag: ${sign} alone with a pump → emergency`, () => {
      const result = run({ route: 'intrathecal', [sign]: true });
      assert.equal(result.action, 'emergency');
      assert.deepEqual(result.redFlags, [sign]);
      assert.ok(result.dispatcher!.some((line) => /intrathecal/.test(line)));
      assert.ok(result.details.some((d) => /tablets alone are unreliable/.test(d.text)));
    });
  }
  test('a suspected overdose with a red flag adds Poison Help after 911', () => {
    const result = run({ unresponsive: true, 'took-more-than-prescribed': true });
    assert.equal(result.action, 'emergency');
    assert.deepEqual(result.resources.map((r) => r.id), ['emergency-911', 'poison-help']);
    assert.ok(result.dispatcher!.some((line) => /more baclofen than prescribed/.test(line)));
  });
  test('with the route unanswered, the intrathecal red flags apply (the stricter reading)', () => {
    const { answers } = parseAnswers(check, { 'severe-rigidity': true });
    assert.equal(triageWithdrawal(withdrawalRules, answers).action, 'emergency');
  });
});

describe('withdrawal and overdose check: other signs', () => {
  test('each other sign alone → urgent: contact the prescriber now, do not stop or restart on your own', () => {
    for (const sign of ['agitation', 'anxiety', 'insomnia', 'itching-without-rash', 'spasticity-return', 'pump-alarm']) {
      const result = run({ [sign]: true });
      assert.equal(result.action, 'urgent', sign);
      assert.match(result.message, /Contact the prescriber now/);
      assert.match(result.message, /Do not stop or restart/);
      assert.match(result.message, /emergency department/);
    }
  });
  test('took more than prescribed, no red flag → urgent, Poison Help first', () => {
    const result = run({ 'took-more-than-prescribed': true });
    assert.equal(result.action, 'urgent');
    assert.equal(result.resources[0]!.id, 'poison-help');
  });
  test('no sign → information; it says it is not a validated scale', () => {
    const result = run({});
    assert.equal(result.action, 'information');
    assert.match(result.validity, /not a validated scale/);
    assert.equal(result.score, undefined);
  });
  test('hours since the last dose must be a number from 0; the item is named', () => {
    assert.throws(() => run({ 'hours-since-last-dose': -3 }), /answers\.hours-since-last-dose/);
    assert.throws(() => run({ seizure: 'maybe' }), /answers\.seizure/);
    assert.throws(() => runScreening(check, { route: 'oral' }, undefined, crisisLines), /answers\.seizure: missing/);
  });
});

describe('no rule can turn a red flag into a milder action (properties)', () => {
  const answerSet = fc.record({
    route: fc.constantFrom('oral', 'intrathecal'),
    hours: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
    yes: fc.subarray(SIGNS),
  });
  const toRaw = ({ route, hours, yes }: { route: string; hours?: number; yes: string[] }) => ({
    route,
    ...(hours === undefined ? {} : { 'hours-since-last-dose': hours }),
    ...Object.fromEntries(SIGNS.map((l) => [l, yes.includes(l)])),
  });
  const RED = ['seizure', 'unresponsive', 'trouble-breathing'];

  test('a red flag combined with any other answers is always emergency', () => {
    fc.assert(
      fc.property(answerSet, fc.constantFrom(...RED), (set, red) => {
        const result = runScreening(check, { ...toRaw(set), [red]: true }, undefined, crisisLines);
        return result.action === 'emergency' && result.redFlags.includes(red) && result.resources[0]!.phone === '911';
      }),
      { numRuns: 500 },
    );
  });
  test('answering one more sign yes never lowers the action', () => {
    const rank = { information: 0, 'contact-prescriber': 1, urgent: 2, emergency: 3 } as const;
    fc.assert(
      fc.property(answerSet, fc.constantFrom(...SIGNS), (set, extra) => {
        const before = runScreening(check, toRaw(set), undefined, crisisLines);
        const after = runScreening(check, { ...toRaw(set), [extra]: true }, undefined, crisisLines);
        return rank[after.action] >= rank[before.action];
      }),
      { numRuns: 500 },
    );
  });
  test('emergency exactly when a red-flag rule matches', () => {
    fc.assert(
      fc.property(answerSet, (set) => {
        const result = runScreening(check, toRaw(set), undefined, crisisLines);
        const y = (l: string) => set.yes.includes(l);
        const expected =
          RED.some(y) ||
          (y('high-fever') && (y('confusion') || y('hallucinations'))) ||
          (set.route === 'intrathecal' && (y('high-fever') || y('confusion') || y('severe-rigidity')));
        return (result.action === 'emergency') === expected;
      }),
      { numRuns: 1000 },
    );
  });
  test('partial answers with a red flag still give emergency (screen accepts what was answered)', () => {
    const { answers } = parseAnswers(check, { unresponsive: 'yes' });
    assert.equal(screen(check, answers, undefined, crisisLines).action, 'emergency');
  });
});
