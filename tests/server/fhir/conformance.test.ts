// The TARGET package as a FHIR client sees it: its conformance resources are searchable by canonical url,
// its terminology answers ValueSet/$expand and CodeSystem/$lookup, $validate runs the write validation
// without writing, and the CapabilityStatement names every profile (R4 valueset-operation-expand.html,
// codesystem-operation-lookup.html, resource-operation-validate.html, capabilitystatement.html).
import type { CapabilityStatementRestResource, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import {
  CodeSystems,
  Extensions,
  OperationDefinitions,
  Profiles,
  TargetPositiveHealthDimensionCodeSystem,
  TargetPositiveHealthQuestionnaire,
  ValueSets,
} from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import { brokenCases } from '../../profiles/fixtures.ts';
import { definitions, describeIssues, errors, example, profiledExamples } from '../../profiles/support.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { storedVersionCount } from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

/** The package definition with this canonical url. */
function definition(url: string) {
  const found = definitions.find((d) => d.url === url);
  if (!found) {
    throw new Error(`No package definition ${url}`);
  }
  return found;
}

const conformanceResources: [resourceType: string, name: string, url: string][] = [
  ...Object.entries({ ...Profiles, ...Extensions }).map(([name, url]) => ['StructureDefinition', name, url]),
  ...Object.entries(ValueSets).map(([name, url]) => ['ValueSet', name, url]),
  ...Object.entries(CodeSystems).map(([name, url]) => ['CodeSystem', name, url]),
  ...Object.entries(OperationDefinitions).map(([name, url]) => ['OperationDefinition', name, url]),
] as [string, string, string][];

const dimensionSystem = TargetPositiveHealthDimensionCodeSystem.url;

function parameter(body: { parameter?: { name: string; valueString?: string }[] }, name: string) {
  return body.parameter?.find((p) => p.name === name)?.valueString;
}

describe.each(DATABASE_KINDS)('TARGET conformance resources and operations on %s', (kind) => {
  const server = useTestServer(kind);

  /** POSTs to $validate, expects 200 and an OperationOutcome, and checks that nothing was stored. */
  async function validate(path: string, body: unknown): Promise<OperationOutcomeIssue[]> {
    const versions = await storedVersionCount(server);
    const response = await fhirFetch(server, path, { method: 'POST', body });
    expect({ status: response.status, resourceType: response.body?.resourceType }).toEqual({
      status: 200,
      resourceType: 'OperationOutcome',
    });
    expect(await storedVersionCount(server)).toBe(versions);
    return errors(response.body.issue ?? []);
  }

  describe('conformance resources in the database', () => {
    test.each(conformanceResources)('GET /fhir/%s?url= finds exactly %s', async (resourceType, _name, url) => {
      const response = await fhirFetch(server, `${resourceType}?url=${encodeURIComponent(url)}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      const found = (response.body.entry ?? []).map((e: { resource: Resource }) => e.resource);
      expect(found).toEqual([expect.objectContaining({ resourceType, url, id: definition(url).id })]);
    });

    test.each(Object.entries(OperationDefinitions))(
      'GET /fhir/OperationDefinition/{id} answers the package’s %s as it is',
      async (_name, url) => {
        const response = await fhirFetch(server, `OperationDefinition/${definition(url).id}`);
        expect(response.status).toBe(200);
        const { meta: _meta, ...served } = response.body;
        expect(served).toEqual(definition(url));
      },
    );

    test('the Positive Health Questionnaire is found by its canonical url|version, as $extract looks it up', async () => {
      const { url, version } = TargetPositiveHealthQuestionnaire;
      const response = await fhirFetch(
        server,
        `Questionnaire?url=${encodeURIComponent(url)}&version=${encodeURIComponent(version)}`,
      );
      expect(response.body.entry?.map((e: { resource: Resource }) => e.resource.id)).toEqual([
        'target-positive-health',
      ]);
      const other = await fhirFetch(server, `Questionnaire?url=${encodeURIComponent(url)}&version=0.0.0`);
      expect(other.body.entry ?? []).toEqual([]);
    });
  });

  describe('ValueSet/$expand', () => {
    test('expands the Positive Health dimension ValueSet by url into its six codes with displays', async () => {
      const url = ValueSets.TargetPositiveHealthDimensionValueSet;
      const response = await fhirFetch(server, `ValueSet/$expand?url=${encodeURIComponent(url)}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ resourceType: 'ValueSet', url });
      const contains = (response.body.expansion?.contains ?? []).map(
        ({ system, code, display }: { system: string; code: string; display: string }) => ({ system, code, display }),
      );
      const expected = Object.entries(TargetPositiveHealthDimensionCodeSystem.codes).map(([code, display]) => ({
        system: dimensionSystem,
        code,
        display,
      }));
      const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
      expect(contains.sort(byCode)).toEqual(expected.sort(byCode));
    });
  });

  describe('CodeSystem/$lookup', () => {
    test('looks up meaningfulness in the dimension CodeSystem: the system name and the display', async () => {
      const response = await fhirFetch(
        server,
        `CodeSystem/$lookup?system=${encodeURIComponent(dimensionSystem)}&code=meaningfulness`,
      );
      expect(response.status).toBe(200);
      expect(response.body.resourceType).toBe('Parameters');
      const codeSystem = definition(dimensionSystem);
      expect([codeSystem.name, codeSystem.title]).toContain(parameter(response.body, 'name'));
      expect(parameter(response.body, 'display')).toBe(TargetPositiveHealthDimensionCodeSystem.codes.meaningfulness);
    });

    test('answers an unknown code with 404 or 400 and an OperationOutcome', async () => {
      const response = await fhirFetch(
        server,
        `CodeSystem/$lookup?system=${encodeURIComponent(dimensionSystem)}&code=happiness`,
      );
      expect([400, 404]).toContain(response.status);
      expect(response.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
    });
  });

  describe('$validate', () => {
    test.each(profiledExamples.map((e) => [e.resourceType, e.id, e] as const))(
      'POST /fhir/%s/$validate with the valid example %s answers 200 with no error issues and writes nothing',
      async (resourceType, _id, resource) => {
        expect(describeIssues(await validate(`${resourceType}/$validate`, resource))).toEqual([]);
      },
    );

    test.each(brokenCases)(
      'POST /fhir/{type}/$validate with %s broken in %s answers 200 listing the error %s, and writes nothing',
      async (_name, exampleId, issue, breakIt) => {
        const resource = example(exampleId);
        breakIt(resource);
        const issues = await validate(`${resource.resourceType}/$validate`, resource);
        expect(describeIssues(issues)).toContainEqual(expect.stringMatching(issue));
      },
    );

    test('POST /fhir/Observation/$validate with a Parameters body (resource) validates the resource', async () => {
      const resource = example('target-care-burden-observation-example');
      const issues = await validate('Observation/$validate', {
        resourceType: 'Parameters',
        parameter: [{ name: 'resource', resource }],
      });
      expect(describeIssues(issues)).toEqual([]);
    });

    test('POST /fhir/Observation/$validate with a Parameters body (resource, profile) validates against that profile', async () => {
      // A broken dimension score that claims no profile: valid base R4, invalid against the named profile.
      const resource = example('target-positive-health-participation-example');
      resource.meta = { ...resource.meta, profile: undefined };
      (resource as { valueQuantity: { value: number } }).valueQuantity.value = 11;

      expect(describeIssues(await validate('Observation/$validate', resource))).toEqual([]);
      const issues = await validate('Observation/$validate', {
        resourceType: 'Parameters',
        parameter: [
          { name: 'resource', resource },
          { name: 'profile', valueUri: Profiles.TargetPositiveHealthDimensionObservation },
        ],
      });
      expect(describeIssues(issues)).toContainEqual(expect.stringMatching(/^Observation\.value\[x\]: .*target-ph-1/));
    });
  });

  describe('CapabilityStatement', () => {
    let resources: CapabilityStatementRestResource[];
    beforeAll(async () => {
      const response = await fhirFetch(server, 'metadata');
      resources = response.body?.rest?.[0]?.resource ?? [];
    });

    test.each([
      ['Patient', 'care-burden', OperationDefinitions.TargetCareBurdenOperation],
      ['Group', 'target-selection', OperationDefinitions.TargetSelectionOperation],
      ['QuestionnaireResponse', 'extract', OperationDefinitions.TargetExtractOperation],
    ])('GET /fhir/metadata lists on %s the operation %s with the package’s definition', (type, name, url) => {
      const resource = resources.find((r) => r.type === type);
      expect(resource?.operation ?? []).toContainEqual({ name, definition: url });
    });

    test.each(Object.entries(Profiles).map(([name, url]) => [name, String(definition(url).type), url]))(
      'GET /fhir/metadata lists %s in supportedProfile of %s',
      (_name, type, url) => {
        const resource = resources.find((r) => r.type === type);
        expect(resource?.supportedProfile ?? []).toContain(url);
      },
    );
  });
});
