import type { QuestionnaireResponse, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import type { Answer, Answers } from './answers.ts';
import type { Instrument } from './instruments.ts';

/**
 * The answers as a FHIR R4 QuestionnaireResponse, for the person to keep or hand to a clinician.
 * It carries no identity (no id, subject or author) and is never stored.
 */
export function buildQuestionnaireResponse(instrument: Instrument, answers: Answers, authored: Date): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: instrument.questionnaire.url,
    status: 'completed',
    authored: authored.toISOString(),
    item: instrument.items
      .filter((item) => answers.has(item.linkId))
      .map((item) => ({
        linkId: item.linkId,
        ...(item.text ? { text: item.text } : {}),
        answer: [toFhirAnswer(answers.get(item.linkId)!)],
      })),
  };
}

function toFhirAnswer(answer: Answer): QuestionnaireResponseItemAnswer {
  switch (answer.type) {
    case 'choice':
      return { valueCoding: answer.coding };
    case 'boolean':
      return { valueBoolean: answer.value };
    case 'decimal':
      return { valueDecimal: answer.value };
  }
}
