// What each FHIR operation needs from the access token, checked before its handler runs. The handlers
// read and write through the caller's access-scoped repository, so compartments still apply to every
// resource they touch; this adds what the operation as a whole implies (its results, its side effects).
import { OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirRouteHandler } from '@medplum/fhir-router';
import type { OperationDefinition } from '@medplum/fhirtypes';
import { readOperationInput } from '../platform/operation-input.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { AccessPolicy, forbidden } from './policy.ts';
import type { Interaction } from './scopes.ts';

type Requirement = readonly [resourceType: string, interactions: string];

const CARE_BURDEN_READS: Requirement[] = [
  ['Patient', 'r'],
  ['Encounter', 's'],
  ['Condition', 's'],
  ['Observation', 's'],
];

function requireAll(access: AccessPolicy, requirements: readonly Requirement[]): void {
  for (const [resourceType, interactions] of requirements) {
    for (const interaction of interactions.split('') as Interaction[]) {
      access.assertPermits(resourceType, interaction);
    }
  }
}

/** Practice-level work needs a user/ or system/ grant, and a practice user or the server's administrator. */
function requirePracticeWork(access: AccessPolicy, operation: string, resourceTypes: string[]): void {
  const auth = access.auth;
  if (!auth) {
    return;
  }
  const practiceRole = auth.role === 'gp' || auth.role === 'practice-nurse';
  const administrator = auth.role === 'system' && !auth.organization;
  const granted = resourceTypes.every((type) =>
    ['user', 'system'].some((context) => auth.scopes.contextsFor(type, 'r').has(context as 'user' | 'system')),
  );
  if (!(practiceRole || administrator) || !granted) {
    // Its results are practice-internal working data: not for patients and partners.
    throw new OperationOutcomeError(
      forbidden(`$${operation} is for the practice: it needs a practice user's user/ scopes`),
    );
  }
}

/** Throws 403 unless `access` may run the operation `definition` as `req` asks (400 for input it refuses). */
export function assertOperationAllowed(definition: OperationDefinition, req: FhirRequest, access: AccessPolicy): void {
  const code = definition.code;
  switch (code) {
    case 'validate':
      requireAll(access, [['StructureDefinition', 'r']]);
      return;
    case 'expand':
      requireAll(access, [['ValueSet', 'r']]);
      return;
    case 'lookup':
      requireAll(access, [['CodeSystem', 'r']]);
      return;
    case 'care-burden': {
      requireAll(access, CARE_BURDEN_READS);
      requirePracticeWork(access, code, ['Patient', 'Encounter', 'Condition', 'Observation']);
      const input = readOperationInput(definition, req, { persist: 'boolean', practice: 'string' });
      if (input.persist) {
        requireAll(access, [['Observation', 'cu']]);
      }
      // The cut-offs come from the whole practice's population: only the caller's own practice.
      const own = access.auth?.organization;
      const asked = input.practice?.replace(/^Organization\//, '');
      if (own && asked !== undefined && asked !== own) {
        throw new OperationOutcomeError(
          forbidden(`$care-burden computes within your own practice only (practice=Organization/${own})`),
        );
      }
      return;
    }
    case 'target-selection': {
      requireAll(access, [...CARE_BURDEN_READS, ['Group', 'cu'], ['Observation', 'cu']]);
      requirePracticeWork(access, code, ['Group', 'Observation']);
      const organization = access.auth?.organization;
      const practice = readOperationInput(definition, req, { practice: 'string' }).practice?.replace(
        /^Organization\//,
        '',
      );
      if (organization && practice !== organization) {
        throw new OperationOutcomeError(
          forbidden(`$target-selection may only select your own practice (practice=Organization/${organization})`),
        );
      }
      return;
    }
    case 'worklist':
      // A page of the practice's own selection (the handler checks the Group as a read: another practice's
      // answers 404), with names, conditions, conversations and invitations of its members.
      requireAll(access, [
        ['Group', 'r'],
        ['Patient', 's'],
        ['Observation', 'r'],
        ['Condition', 'r'],
        ['Encounter', 's'],
        ['Task', 's'],
      ]);
      requirePracticeWork(access, code, ['Group', 'Patient', 'Task']);
      return;
    case 'extract':
      // Type level computes from the body only; instance level reads the stored response with the caller's
      // rights (another practice's answers 404) and writes the Observations through them (ceiling included).
      requireAll(access, [['QuestionnaireResponse', 'r']]);
      if (req.params.id) {
        requireAll(access, [['Observation', 'cu']]);
      }
      return;
    case 'export':
      // The export handler checks the exported types; the export job applies the compartment.
      return;
    default:
      throw new OperationOutcomeError(forbidden(`No access rule for operation $${code}`));
  }
}

/** `handler` behind the operation's access check. */
export function guardOperation(definition: OperationDefinition, handler: FhirRouteHandler): FhirRouteHandler {
  return async (...args: Parameters<FhirRouteHandler>) => {
    assertOperationAllowed(definition, args[0], AccessPolicy.from((args[1] as PostgresRepository).access));
    return handler(...args);
  };
}
