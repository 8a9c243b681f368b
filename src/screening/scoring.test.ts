import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAnswers } from './answers.ts';
import { runScreening } from './screen.ts';
import { auditCRules, auditRules, crisisLines, instrument, misuseRules } from './test-fixtures.ts';
import { assessMisuseChecklist, scoreAudit, scoreAuditC } from './scoring.ts';
import { AppError } from '../errors/catalogue.ts';

const answersOf = (id: 'audit' | 'audit-c' | 'baclofen-misuse', raw: Record<string, unknown>) => {
  const parsed = parseAnswers(instrument(id), raw);
  assert.deepEqual(parsed.errors, []);
  return parsed.answers;
};
/** AUDIT answers from a list of item scores (q1 first). */
const audit = (...scores: number[]) => answersOf('audit', Object.fromEntries(scores.map((s, i) => [`q${i + 1}`, s])));

describe('AUDIT-C cut-offs by sex (Bush 1998)', () => {
  test('3 is positive for women, negative for men', () => {
    const three = answersOf('audit-c', { q1: 1, q2: 1, q3: 1 });
    assert.equal(scoreAuditC(auditCRules, three, 'female').band, 'positive');
    assert.equal(scoreAuditC(auditCRules, three, 'female').action, 'contact-prescriber');
    assert.equal(scoreAuditC(auditCRules, three, 'male').band, 'negative');
    assert.equal(scoreAuditC(auditCRules, three, 'male').action, 'information');
  });
  test('4 is positive for men and women; 2 is negative for both', () => {
    const four = answersOf('audit-c', { q1: 2, q2: 1, q3: 1 });
    assert.equal(scoreAuditC(auditCRules, four, 'male').band, 'positive');
    assert.equal(scoreAuditC(auditCRules, four, 'female').band, 'positive');
    const two = answersOf('audit-c', { q1: 2, q2: 0, q3: 0 });
    assert.equal(scoreAuditC(auditCRules, two, 'female').band, 'negative');
  });
  test('the score is the sum of the three items, 0 to 12', () => {
    assert.equal(scoreAuditC(auditCRules, answersOf('audit-c', { q1: 4, q2: 4, q3: 4 }), 'male').score, 12);
    assert.equal(scoreAuditC(auditCRules, answersOf('audit-c', { q1: 0, q2: 0, q3: 0 }), 'male').score, 0);
  });
  test('sex is required, and a missing item is named', () => {
    assert.throws(() => runScreening(instrument('audit-c'), { q1: 1, q2: 1, q3: 1 }, undefined, crisisLines), (e: AppError) => e.code === 'validation-failed' && /sex/.test(e.detail));
    assert.throws(() => runScreening(instrument('audit-c'), { q1: 1, q3: 1 }, 'male', crisisLines), (e: AppError) => /answers\.q2/.test(e.detail));
  });
});

describe('AUDIT zones (WHO 2001)', () => {
  // Items 7, 8 and 1–3 only, so the step-up rule never fires in these boundary cases.
  const total = (n: number) => {
    const scores = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const i of [0, 1, 2, 6, 7, 0, 1, 2, 6, 7, 0, 1, 2, 6, 7, 0, 1, 2, 6, 7]) {
      if (scores.reduce((a, b) => a + b, 0) >= n) break;
      scores[i]! += 1;
    }
    return audit(...scores);
  };
  for (const [score, band] of [[0, 'zone-1'], [7, 'zone-1'], [8, 'zone-2'], [15, 'zone-2'], [16, 'zone-3'], [19, 'zone-3'], [20, 'zone-4']] as const) {
    test(`${score} is ${band}`, () => {
      const outcome = scoreAudit(auditRules, total(score));
      assert.equal(outcome.score, score);
      assert.equal(outcome.band, band);
    });
  }
  test('40 is zone IV; zone I is information, the others contact-prescriber', () => {
    assert.equal(scoreAudit(auditRules, audit(4, 4, 4, 4, 4, 4, 4, 4, 4, 4)).band, 'zone-4');
    assert.equal(scoreAudit(auditRules, total(7)).action, 'information');
    assert.equal(scoreAudit(auditRules, total(8)).action, 'contact-prescriber');
  });
  test('step-up: any of items 4–6 at 2 moves one zone up', () => {
    for (const item of [4, 5, 6]) {
      const scores = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
      scores[item - 1] = 2;
      const outcome = scoreAudit(auditRules, audit(...scores));
      assert.equal(outcome.score, 2);
      assert.equal(outcome.band, 'zone-2', `item ${item}`);
      assert.equal(outcome.notes.length, 1);
    }
  });
  test('step-up: item 9 or 10 at 4 moves one zone up; at 2 it does not', () => {
    assert.equal(scoreAudit(auditRules, audit(0, 0, 0, 0, 0, 0, 0, 0, 4, 0)).band, 'zone-2');
    assert.equal(scoreAudit(auditRules, audit(0, 0, 0, 0, 0, 0, 0, 0, 0, 4)).band, 'zone-2');
    assert.equal(scoreAudit(auditRules, audit(0, 0, 0, 0, 0, 0, 0, 0, 2, 2)).band, 'zone-1');
    assert.equal(scoreAudit(auditRules, audit(0, 0, 0, 1, 1, 1, 0, 0, 0, 0)).band, 'zone-1');
  });
  test('step-up at 16–19 gives zone IV, and zone IV stays zone IV', () => {
    assert.equal(scoreAudit(auditRules, audit(4, 4, 4, 2, 0, 0, 2, 0, 0, 0)).band, 'zone-4');
    assert.equal(scoreAudit(auditRules, audit(4, 4, 4, 4, 4, 0, 0, 0, 0, 0)).band, 'zone-4');
  });
  test('items 9 and 10 accept only their published scores 0, 2 and 4', () => {
    const parsed = parseAnswers(instrument('audit'), { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 1, q10: 5 });
    assert.deepEqual(parsed.errors.map((e) => e.field), ['answers.q9', 'answers.q10']);
  });
  test('a step-up never lowers the zone (property)', () => {
    const item = fc.integer({ min: 0, max: 4 });
    const harm = fc.constantFrom(0, 2, 4);
    fc.assert(
      fc.property(fc.tuple(item, item, item, item, item, item, item, item, harm, harm), (scores) => {
        const outcome = scoreAudit(auditRules, audit(...scores));
        const byScore = auditRules.zones.findIndex((z) => outcome.score >= z.min && outcome.score <= z.max);
        const band = auditRules.zones.findIndex((z) => z.band === outcome.band);
        return band === byScore || band === byScore + 1;
      }),
    );
  });
});

describe('baclofen misuse checklist', () => {
  test('never gives a score, for any answers (property)', () => {
    const linkIds = Object.keys(misuseRules.items);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: linkIds.length, maxLength: linkIds.length }), (values) => {
        const raw = Object.fromEntries(linkIds.map((l, i) => [l, values[i]]));
        const result = runScreening(instrument('baclofen-misuse'), raw, undefined, crisisLines);
        return !('score' in result) && !('band' in result) && result.validated === false;
      }),
    );
  });
  test('any sign → contact the prescriber, with the SAMHSA helpline', () => {
    const raw = Object.fromEntries(Object.keys(misuseRules.items).map((l) => [l, l === 'for-euphoria']));
    const result = runScreening(instrument('baclofen-misuse'), raw, undefined, crisisLines);
    assert.equal(result.action, 'contact-prescriber');
    assert.ok(result.resources.some((r) => r.id === 'samhsa-helpline'));
    assert.match(result.validity, /not a validated scale/);
  });
  test('no sign → information; mixing adds the sedation warning', () => {
    const none = Object.fromEntries(Object.keys(misuseRules.items).map((l) => [l, false]));
    assert.equal(assessMisuseChecklist(misuseRules, answersOf('baclofen-misuse', none)).action, 'information');
    const mixing = assessMisuseChecklist(misuseRules, answersOf('baclofen-misuse', { ...none, mixing: true }));
    assert.equal(mixing.notes.length, 1);
    assert.match(mixing.notes[0]!.text, /breathing/);
  });
});
