// GET /fhir/metadata: the CapabilityStatement, generated from what the server actually does: the
// router's interactions and the search parameters the store indexes.
import { getResourceTypes } from '@medplum/core';
import type { FhirRouter } from '@medplum/fhir-router';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import type { SearchParamRegistry } from '../store/search/params.ts';
import type { OperationRoute } from './operations/index.ts';

type ResourceInteraction = NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'];
const RESOURCE_INTERACTIONS = new Set<string>([
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
]);
const SYSTEM_INTERACTIONS = new Set<string>(['transaction', 'batch', 'search-system', 'history-system']);

/** Bulk Data Access IG: servers offering its operations say so (export.html#capability-statement). */
const BULK_DATA_OPERATIONS = 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/';
const BULK_DATA_CAPABILITY = 'http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data';

/** Parameters every resource type supports besides its own (R4 search.html#all). */
const COMMON_PARAMS: CapabilityStatementRestResourceSearchParam[] = [
  { name: '_id', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id' },
  { name: '_lastUpdated', type: 'date', definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated' },
];

export interface CapabilityOptions {
  readonly router: FhirRouter;
  /** The operations registered on the router. */
  readonly operations: readonly OperationRoute[];
  /** Our profiles' canonical URLs, by the resource type they constrain. */
  readonly supportedProfiles: ReadonlyMap<string, string[]>;
  readonly registry: SearchParamRegistry;
  readonly fhirBaseUrl: string;
  readonly softwareVersion: string;
}

export function buildCapabilityStatement(options: CapabilityOptions): CapabilityStatement {
  const interactions = new Set(options.router.router.routes.map((route) => route.data?.interaction).filter(Boolean));
  // The router serves batch and transaction Bundles on the same route (POST /fhir); transactions are on.
  if (interactions.has('batch')) {
    interactions.add('transaction');
  }
  const resourceInteractions = [...interactions].filter((code) => RESOURCE_INTERACTIONS.has(code as string));
  const resources: CapabilityStatementRestResource[] = getResourceTypes().map((type) => {
    const params = [...options.registry.paramsOf(type)];
    const operations = options.operations.filter(
      (o) => o.definition.resource?.includes(type as never) || String(o.definition.resource) === 'Resource',
    );
    return {
      type,
      ...(options.supportedProfiles.get(type) ? { supportedProfile: options.supportedProfiles.get(type) } : {}),
      ...(operations.length
        ? {
            operation: [...new Map(operations.map((o) => [o.definition.code, o.definition])).values()].map((d) => ({
              name: d.code,
              definition: d.url as string,
            })),
          }
        : {}),
      interaction: resourceInteractions.map((code) => ({ code: code as ResourceInteraction })),
      versioning: 'versioned-update',
      readHistory: true,
      updateCreate: true,
      conditionalCreate: true,
      conditionalRead: 'not-supported',
      conditionalUpdate: true,
      conditionalDelete: 'single',
      referencePolicy: ['literal', 'logical', 'local'],
      searchInclude: params.filter((p) => p.type === 'reference').map((p) => `${type}:${p.code}`),
      searchRevInclude: [],
      searchParam: [
        ...COMMON_PARAMS,
        ...params.map((p) => ({
          name: p.code,
          type: p.type,
          ...(p.definition.url ? { definition: p.definition.url } : {}),
          ...(p.definition.description ? { documentation: p.definition.description } : {}),
        })),
      ],
    };
  });
  // System-level operations ([base]/$export) are listed on rest, not on a resource.
  const systemOperations = [
    ...new Map(
      options.operations.filter((o) => o.definition.system).map((o) => [o.definition.url, o.definition]),
    ).values(),
  ];
  const bulkData = options.operations.some((o) => o.definition.url?.startsWith(BULK_DATA_OPERATIONS));
  return {
    resourceType: 'CapabilityStatement',
    ...(bulkData ? { instantiates: [BULK_DATA_CAPABILITY] } : {}),
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    publisher: 'TARGET-on-FHIR',
    software: { name: 'TARGET-on-FHIR', version: options.softwareVersion },
    implementation: { description: 'TARGET integration server', url: options.fhirBaseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        resource: resources,
        interaction: [...interactions]
          .filter((code) => SYSTEM_INTERACTIONS.has(code as string))
          .map((code) => ({ code: code as 'transaction' | 'batch' | 'search-system' | 'history-system' })),
        searchParam: COMMON_PARAMS,
        ...(systemOperations.length
          ? { operation: systemOperations.map((d) => ({ name: d.code, definition: d.url as string })) }
          : {}),
      },
    ],
  };
}
