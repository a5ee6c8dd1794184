// Validation of every resource before it is stored: the base R4 StructureDefinitions with @medplum/core's
// validator (cardinality, types, formats, invariants), plus the codes of required bindings, which that
// validator only collects. Profiles are checked on top of this by the profile layer.

import type { TypedValueWithPath } from '@medplum/core';
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { CodeableConcept, Coding, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { unprocessable } from '../fhir/outcomes.ts';
import type { Expansion, TerminologyIndex } from './terminology.ts';
import { getTerminology } from './terminology.ts';

export function assertValidResource(resource: Resource, terminology: TerminologyIndex = getTerminology()): void {
  const tokens: Record<string, TypedValueWithPath[]> = {};
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource, { collect: { tokens } });
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      throw new OperationOutcomeError(unprocessable(err.outcome.issue));
    }
    throw err;
  }
  const errors = issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  for (const [valueSet, values] of Object.entries(tokens)) {
    const expansion = terminology.expand(valueSet);
    if (!expansion) {
      continue;
    }
    for (const value of values) {
      if (!inExpansion(expansion, value)) {
        errors.push({
          severity: 'error',
          code: 'code-invalid',
          details: { text: `${describe(value)} is not in the required value set ${valueSet.split('|')[0]}` },
          expression: [value.path],
        });
      }
    }
  }
  if (errors.length > 0) {
    throw new OperationOutcomeError(unprocessable(errors));
  }
}

const codesOnly = new WeakMap<ReadonlySet<string>, Set<string>>();

function hasCode(expansion: ReadonlySet<string>, code: string | undefined, system: string | undefined): boolean {
  if (!code) {
    return false;
  }
  if (system) {
    return expansion.has(`${system}|${code}`);
  }
  let codes = codesOnly.get(expansion);
  if (!codes) {
    codes = new Set([...expansion].map((key) => key.slice(key.lastIndexOf('|') + 1)));
    codesOnly.set(expansion, codes);
  }
  return codes.has(code);
}

function inExpansion(expansion: NonNullable<Expansion>, value: TypedValueWithPath): boolean {
  switch (value.type) {
    case 'code':
    case 'string':
    case 'uri':
      return hasCode(expansion, value.value as string, undefined);
    case 'Coding': {
      const coding = value.value as Coding;
      return hasCode(expansion, coding.code, coding.system);
    }
    case 'CodeableConcept': {
      const codings = (value.value as CodeableConcept).coding ?? [];
      // Text-only concepts carry no code to check.
      return codings.length === 0 || codings.some((c) => hasCode(expansion, c.code, c.system));
    }
    default:
      return true;
  }
}

function describe(value: TypedValueWithPath): string {
  if (typeof value.value === 'string') {
    return `Code "${value.value}"`;
  }
  const codings: Coding[] = value.type === 'Coding' ? [value.value] : ((value.value as CodeableConcept).coding ?? []);
  return `Code ${codings.map((c) => `"${c.system ?? ''}|${c.code ?? ''}"`).join(', ')}`;
}
