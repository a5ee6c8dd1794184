// ValueSet/$expand (R4 valueset-operation-expand.html) for the value sets this server holds: our package's
// and R4 core's, as far as they can be expanded without a terminology server (no filters).
import { allOk, badRequest, notFound, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse } from '@medplum/fhir-router';
import type { OperationDefinition, ValueSet } from '@medplum/fhirtypes';
import { operationInputReader } from '../../platform/operation-input.ts';
import { getServerValidator } from '../../store/validation/validation.ts';

export const expandOperation: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: 'ValueSet-expand',
  url: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
  name: 'expand',
  status: 'active',
  kind: 'operation',
  code: 'expand',
  resource: ['ValueSet'],
  system: false,
  type: true,
  instance: true,
  parameter: [
    { name: 'url', use: 'in', min: 0, max: '1', type: 'uri' },
    { name: 'filter', use: 'in', min: 0, max: '1', type: 'string' },
    { name: 'return', use: 'out', min: 1, max: '1', type: 'ValueSet' },
  ],
};

// Terminology clients send optional parameters of the full R4 definition freely (count, displayLanguage):
// they are left unread, as before, rather than refused.
const readInput = operationInputReader(expandOperation, { url: 'string', filter: 'string' }, { unknown: 'ignore' });

export async function expandHandler(req: FhirRequest): Promise<FhirResponse> {
  const params = readInput(req);
  const terminology = getServerValidator().terminology;
  let url = params.url;
  if (req.params.id) {
    url = [...terminologyValueSets()].find((vs) => vs.id === req.params.id)?.url;
  }
  if (!url) {
    throw new OperationOutcomeError(badRequest('$expand needs a url parameter or a ValueSet id', 'url'));
  }
  const valueSet = terminology.valueSet(url);
  if (!valueSet) {
    throw new OperationOutcomeError(notFound);
  }
  const codes = terminology.expand(url);
  if (!codes) {
    throw new OperationOutcomeError(
      badRequest(`ValueSet ${url} cannot be expanded here (it uses filters or external code systems)`),
    );
  }
  const filter = params.filter?.toLowerCase();
  const contains = [...codes]
    .map((key) => {
      const bar = key.lastIndexOf('|');
      const system = key.slice(0, bar);
      const code = key.slice(bar + 1);
      return { system, code, display: terminology.display(system, code) };
    })
    .filter((c) => !filter || c.code.toLowerCase().includes(filter) || c.display?.toLowerCase().includes(filter));
  const expanded: ValueSet = {
    resourceType: 'ValueSet',
    id: valueSet.id,
    url: valueSet.url,
    version: valueSet.version,
    name: valueSet.name,
    status: valueSet.status,
    expansion: { timestamp: new Date().toISOString(), total: contains.length, contains },
  };
  return [allOk, expanded];
}

function terminologyValueSets(): Iterable<ValueSet> {
  return getServerValidator().terminology.allValueSets();
}
