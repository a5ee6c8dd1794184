// The operations this server offers: routes for the FhirRouter and entries for the CapabilityStatement,
// and the background job runners that some of them submit work to.
import type { FhirRouteHandler, HttpMethod } from '@medplum/fhir-router';
import type { OperationDefinition } from '@medplum/fhirtypes';
import { EXPORT_JOB_KIND, exportRunner } from '../../bulk-export/runner.ts';
import type { Database } from '../../store/database/database.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import type { SearchParamRegistry } from '../../store/search/params.ts';
import { careBurdenHandler, careBurdenOperation } from './care-burden.ts';
import { expandHandler, expandOperation } from './expand.ts';
import { exportHandler, exportOperation, groupExportOperation, patientExportOperation } from './export.ts';
import { extractHandler, extractOperation } from './extract.ts';
import { lookupHandler, lookupOperation } from './lookup.ts';
import type { TargetServices } from './services.ts';
import {
  SELECTION_JOB_KIND,
  selectionRunner,
  targetSelectionHandler,
  targetSelectionOperation,
} from './target-selection.ts';
import { validateHandler, validateOperation } from './validate.ts';
import { worklistHandler, worklistOperation } from './worklist.ts';

export interface OperationRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: FhirRouteHandler;
  readonly definition: OperationDefinition;
}

export function operationRoutes(services: TargetServices): OperationRoute[] {
  const systemExport = exportHandler(services, 'system');
  const patientExport = exportHandler(services, 'patient');
  const groupExport = exportHandler(services, 'group');
  const careBurden = careBurdenHandler(services);
  return [
    { method: 'GET', path: 'ValueSet/$expand', handler: expandHandler, definition: expandOperation },
    { method: 'POST', path: 'ValueSet/$expand', handler: expandHandler, definition: expandOperation },
    { method: 'GET', path: 'ValueSet/:id/$expand', handler: expandHandler, definition: expandOperation },
    { method: 'GET', path: 'CodeSystem/$lookup', handler: lookupHandler, definition: lookupOperation },
    { method: 'POST', path: 'CodeSystem/$lookup', handler: lookupHandler, definition: lookupOperation },
    { method: 'POST', path: ':resourceType/$validate', handler: validateHandler, definition: validateOperation },
    { method: 'POST', path: ':resourceType/:id/$validate', handler: validateHandler, definition: validateOperation },
    { method: 'GET', path: '$export', handler: systemExport, definition: exportOperation },
    { method: 'POST', path: '$export', handler: systemExport, definition: exportOperation },
    { method: 'GET', path: 'Patient/$export', handler: patientExport, definition: patientExportOperation },
    { method: 'POST', path: 'Patient/$export', handler: patientExport, definition: patientExportOperation },
    { method: 'GET', path: 'Group/:id/$export', handler: groupExport, definition: groupExportOperation },
    { method: 'POST', path: 'Group/:id/$export', handler: groupExport, definition: groupExportOperation },
    { method: 'GET', path: 'Patient/:id/$care-burden', handler: careBurden, definition: careBurdenOperation },
    { method: 'POST', path: 'Patient/:id/$care-burden', handler: careBurden, definition: careBurdenOperation },
    {
      method: 'POST',
      path: 'Group/$target-selection',
      handler: targetSelectionHandler(services),
      definition: targetSelectionOperation,
    },
    // POST only: extraction at instance level writes, and SDC defines no GET form (the response is a body).
    { method: 'POST', path: 'QuestionnaireResponse/$extract', handler: extractHandler, definition: extractOperation },
    {
      method: 'POST',
      path: 'QuestionnaireResponse/:id/$extract',
      handler: extractHandler,
      definition: extractOperation,
    },
    { method: 'GET', path: 'Group/$worklist', handler: worklistHandler(), definition: worklistOperation },
    { method: 'POST', path: 'Group/$worklist', handler: worklistHandler(), definition: worklistOperation },
    { method: 'GET', path: 'Group/:id/$worklist', handler: worklistHandler(), definition: worklistOperation },
    { method: 'POST', path: 'Group/:id/$worklist', handler: worklistHandler(), definition: worklistOperation },
  ];
}

/** What job runners need from the store; given once at start, since any process may run or answer a job. */
export interface JobStoreAccess {
  readonly db: Database;
  readonly registry: SearchParamRegistry;
  readonly repo: PostgresRepository;
}

/** Registers the runners of the operations that work asynchronously (call once per JobService). */
export function registerOperationJobs(services: TargetServices, store: JobStoreAccess): void {
  services.jobs.register(
    EXPORT_JOB_KIND,
    exportRunner({
      db: store.db,
      registry: store.registry,
      jobs: services.jobs,
      settleAuditTrail: () => store.repo.settleAuditTrail(),
    }),
  );
  services.jobs.register(SELECTION_JOB_KIND, selectionRunner(store.repo, services));
}
