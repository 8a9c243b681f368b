import type { Bundle, CodeableConcept, Medication, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** One medication as an EHR sent it: the names to try, best first (RxNorm codes, then displays, then text). */
export interface OrderedMedication {
  requestId?: string;
  candidates: string[];
  /** What to call it in a card when nothing resolves. */
  label: string;
}

/** MedicationRequests of a Bundle (entries of other types are ignored). */
export function medicationRequestsIn(bundle: Bundle | undefined): MedicationRequest[] {
  return (bundle?.entry ?? []).map((e) => e.resource).filter((r): r is MedicationRequest => r?.resourceType === 'MedicationRequest');
}

function conceptCandidates(concept: CodeableConcept | undefined): string[] {
  if (!concept) return [];
  const codes = (concept.coding ?? []).filter((c) => c.system === RXNORM_SYSTEM && c.code).map((c) => c.code!);
  const displays = (concept.coding ?? []).map((c) => c.display).filter((d): d is string => !!d);
  return [...codes, ...(concept.text ? [concept.text] : []), ...displays];
}

/** Reads a MedicationRequest's medication: a coded concept, or a contained Medication it references. */
export function orderedMedication(request: MedicationRequest): OrderedMedication {
  let concept = request.medicationCodeableConcept;
  const ref = request.medicationReference?.reference;
  if (!concept && ref?.startsWith('#')) {
    const contained = (request.contained ?? []).find((r: Resource) => r.resourceType === 'Medication' && r.id === ref.slice(1)) as Medication | undefined;
    concept = contained?.code;
  }
  const candidates = conceptCandidates(concept);
  if (candidates.length === 0 && request.medicationReference?.display) candidates.push(request.medicationReference.display);
  return {
    candidates,
    label: concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? request.medicationReference?.display ?? candidates[0] ?? 'an unnamed medication',
    ...(request.id ? { requestId: request.id } : {}),
  };
}

/** The string the checker should receive: the first candidate that names a known drug, else the label. */
export function bestInput(kb: KnowledgeBase, medication: OrderedMedication): string {
  return medication.candidates.find((c) => kb.resolveDrug(c).ok) ?? medication.label;
}
