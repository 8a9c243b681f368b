import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAnswers } from './answers.ts';
import { validateFhirR4 } from './fhir-validation.ts';
import { INSTRUMENT_IDS } from './instruments.ts';
import { buildQuestionnaireResponse } from './questionnaire-response.ts';
import { instrument } from './test-fixtures.ts';

const errorsOf = (issues: ReturnType<typeof validateFhirR4>) => issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');

describe('FHIR R4', () => {
  for (const id of INSTRUMENT_IDS) {
    test(`the ${id} Questionnaire validates`, () => {
      assert.deepEqual(errorsOf(validateFhirR4(instrument(id).questionnaire)), []);
    });
  }
  test('a QuestionnaireResponse of AUDIT answers validates and carries each answer', () => {
    const { answers } = parseAnswers(instrument('audit'), { q1: 4, q2: 3, q3: 2, q4: 1, q5: 0, q6: 0, q7: 1, q8: 0, q9: 2, q10: 4 });
    const response = buildQuestionnaireResponse(instrument('audit'), answers, new Date('2026-01-02T03:04:05Z'));
    assert.deepEqual(errorsOf(validateFhirR4(response)), []);
    assert.equal(response.item!.length, 10);
    assert.deepEqual(response.item![9]!.answer, [{ valueCoding: { code: '4', display: 'Yes, during the last year' } }]);
    assert.equal(response.questionnaire, 'urn:rxsafety:questionnaire:audit');
  });
  test('a withdrawal-check response (choice, decimal and boolean answers) validates and holds no identity', () => {
    const { answers } = parseAnswers(instrument('baclofen-withdrawal'), { route: 'intrathecal', 'hours-since-last-dose': 6.5, seizure: true, confusion: 'no' });
    const response = buildQuestionnaireResponse(instrument('baclofen-withdrawal'), answers, new Date());
    assert.deepEqual(errorsOf(validateFhirR4(response)), []);
    assert.equal(response.subject, undefined);
    assert.equal(response.id, undefined);
    assert.deepEqual(response.item!.map((i) => i.answer![0]), [{ valueCoding: { code: 'intrathecal', display: 'Through an implanted pump into the spine (intrathecal baclofen)' } }, { valueDecimal: 6.5 }, { valueBoolean: true }, { valueBoolean: false }]);
  });
  test('the validator does catch an invalid response (this test can fail)', () => {
    const issues = validateFhirR4({ resourceType: 'QuestionnaireResponse', item: [{ answer: [{ valueBoolean: 'yes' }] }] } as never);
    assert.deepEqual(errorsOf(issues).map((i) => i.expression?.[0]), ['QuestionnaireResponse.status', 'QuestionnaireResponse.item[0].linkId', 'QuestionnaireResponse.item[0].answer[0].value[x]']);
  });
});
