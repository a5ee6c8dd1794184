// The operations this server offers: routes for the FhirRouter and entries for the CapabilityStatement.
import type { FhirRouteHandler, HttpMethod } from '@medplum/fhir-router';
import type { OperationDefinition } from '@medplum/fhirtypes';
import { careBurdenHandler, careBurdenOperation } from './care-burden.ts';
import { expandHandler, expandOperation } from './expand.ts';
import { lookupHandler, lookupOperation } from './lookup.ts';
import { targetSelectionHandler, targetSelectionOperation } from './target-selection.ts';
import { validateHandler, validateOperation } from './validate.ts';

export interface OperationRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: FhirRouteHandler;
  readonly definition: OperationDefinition;
}

export const OPERATION_ROUTES: readonly OperationRoute[] = [
  { method: 'GET', path: 'ValueSet/$expand', handler: expandHandler, definition: expandOperation },
  { method: 'POST', path: 'ValueSet/$expand', handler: expandHandler, definition: expandOperation },
  { method: 'GET', path: 'ValueSet/:id/$expand', handler: expandHandler, definition: expandOperation },
  { method: 'GET', path: 'CodeSystem/$lookup', handler: lookupHandler, definition: lookupOperation },
  { method: 'POST', path: 'CodeSystem/$lookup', handler: lookupHandler, definition: lookupOperation },
  { method: 'POST', path: ':resourceType/$validate', handler: validateHandler, definition: validateOperation },
  { method: 'POST', path: ':resourceType/:id/$validate', handler: validateHandler, definition: validateOperation },
  { method: 'GET', path: 'Patient/:id/$care-burden', handler: careBurdenHandler, definition: careBurdenOperation },
  { method: 'POST', path: 'Patient/:id/$care-burden', handler: careBurdenHandler, definition: careBurdenOperation },
  {
    method: 'POST',
    path: 'Group/$target-selection',
    handler: targetSelectionHandler,
    definition: targetSelectionOperation,
  },
];
