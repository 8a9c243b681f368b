import type { Dosage, MedicationRequest } from '@medplum/fhirtypes';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { doseAmountText, timesPerDayText } from './dose-text.ts';
import type { Plan } from './plan.ts';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ORAL_ROUTE = { coding: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }] };

/**
 * The plan as a FHIR R4 MedicationRequest: a `draft` `proposal` (not an order) whose dosage
 * instructions are the plan's steps in sequence, for a prescriber's system to review.
 */
export function planToMedicationRequest(plan: Plan, kb: KnowledgeBase): MedicationRequest {
  const rxcui = kb.drugs.get(plan.drug)?.codes?.rxcui;
  const form = plan.form === 'tablets' ? 'oral tablets (5, 10, 20 mg)' : `oral solution ${plan.dispense.solutionMgPerMl ?? 1} mg/mL`;
  const dosageInstruction: Dosage[] = plan.schedule
    .filter((step) => step.dailyMg > 0)
    .map((step, i) => ({
      sequence: i + 1,
      text: `Days ${step.startDay}-${step.endDay} (${step.startDate} to ${step.endDate}): ${step.doseMg} mg ${timesPerDayText(step.timesPerDay)} (${doseAmountText(plan, step)}); ${step.dailyMg} mg a day.`,
      timing: { repeat: { boundsPeriod: { start: step.startDate, end: step.endDate }, frequency: step.timesPerDay, period: 1, periodUnit: 'd' } },
      route: ORAL_ROUTE,
      doseAndRate: [{ doseQuantity: { value: step.doseMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    }));
  const last = plan.schedule.at(-1)!;
  if (plan.kind === 'taper' && last.dailyMg === 0) {
    dosageInstruction.push({ sequence: dosageInstruction.length + 1, text: `Day ${last.startDay} (${last.startDate}): stop; no more doses.` });
  }
  const dispense =
    plan.dispense.tablets.map((t) => `${t.count} × ${t.strengthMg} mg tablets`).join(', ') +
    (plan.dispense.solutionMl ? `${plan.dispense.solutionMl} mL of ${plan.dispense.solutionMgPerMl} mg/mL oral solution` : '');
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'proposal',
    medicationCodeableConcept: {
      text: `${plan.drug} ${form}`,
      ...(rxcui?.verification === 'verified' ? { coding: [{ system: RXNORM, code: rxcui.value, display: plan.drug }] } : {}),
    },
    subject: { display: 'Patient (to be completed by the prescriber)' },
    authoredOn: plan.schedule[0]!.startDate,
    dosageInstruction,
    note: [
      { text: plan.disclaimer },
      { text: `Quantity for the whole plan: ${dispense}.` },
      ...plan.warnings.map((w) => ({ text: `${w.message} [sources: ${w.sources.join(', ')}]` })),
    ],
  };
}
