// Every write is validated against base R4 and each TARGET profile in its meta.profile
// (server/src/store/validation/validation.ts): the generated examples round-trip over HTTP, and each broken fixture of
// the profile unit tests (tests/profiles/fixtures.ts) is refused with 422 and an OperationOutcome naming
// the rule at its FHIRPath expression, with nothing written (R4 http.html#create, http.html#transaction).
import { randomUUID } from 'node:crypto';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { TARGET_CANONICAL_BASE } from '@target/profiles';
import { describe, expect, test } from 'vitest';
import {
  type Breaker,
  brokenCases,
  constraintCases,
  invariantCases,
  invariantPassCases,
  moreInvariantCases,
} from '../../profiles/fixtures.ts';
import { describeIssues, errors, example, profiledExamples, targetValidator } from '../../profiles/support.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import {
  countByIdentifier,
  expectOutcome,
  storedVersionCount,
  TEST_SYSTEM,
  uniqueValue,
} from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

const UNKNOWN_PROFILE = `${TARGET_CANONICAL_BASE}/StructureDefinition/does-not-exist`;

/** A copy of the example with one rule broken, without its id (it is POSTed as a new resource). */
function broken(exampleId: string, breakIt: Breaker): Resource {
  const resource = example(exampleId);
  breakIt(resource);
  delete resource.id;
  return resource;
}

function errorIssues(body: { issue?: OperationOutcomeIssue[] }): OperationOutcomeIssue[] {
  return errors(body.issue ?? []);
}

describe.each(DATABASE_KINDS)('TARGET profiles over HTTP on %s', (kind) => {
  const server = useTestServer(kind);

  /** POSTs a resource that must be refused with 422, checks the store is unchanged, returns the outcome. */
  async function expectRejectedCreate(resource: Resource): Promise<OperationOutcomeIssue[]> {
    const versions = await storedVersionCount(server);
    const response = await fhirFetch(server, resource.resourceType, { method: 'POST', body: resource });
    expectOutcome(response, 422);
    expect(await storedVersionCount(server)).toBe(versions);
    return errorIssues(response.body);
  }

  describe('round trip', () => {
    test.each(profiledExamples.map((e) => [`${e.resourceType}/${e.id}`, e] as const))(
      'stores %s with PUT, reads it back unchanged, and the stored resource is still valid',
      async (name, resource) => {
        const put = await fhirFetch(server, name, { method: 'PUT', body: resource });
        expect({ status: put.status, issues: describeIssues(put.body?.issue ?? []) }).toEqual({
          status: 201,
          issues: [],
        });

        const read = await fhirFetch(server, name);
        expect(read.status).toBe(200);
        expect(read.body).toEqual({
          ...resource,
          meta: { ...resource.meta, versionId: expect.any(String), lastUpdated: expect.any(String) },
        });
        expect(describeIssues(errors(targetValidator().validate(read.body)))).toEqual([]);
      },
    );
  });

  describe('invariants compare what is meant', () => {
    test.each(invariantPassCases)('stores %s (%s holds, from %s) with 201', async (_what, _key, exampleId, change) => {
      const resource = example(exampleId);
      change(resource);
      delete resource.id;
      const response = await fhirFetch(server, resource.resourceType, { method: 'POST', body: resource });
      expect({ status: response.status, issues: describeIssues(response.body?.issue ?? []) }).toEqual({
        status: 201,
        issues: [],
      });
    });
  });

  describe('rejection', () => {
    test.each(invariantCases)(
      'rejects %s broken in %s with 422 and an invariant issue at %s, and writes nothing',
      async (key, exampleId, expression, breakIt) => {
        const issues = await expectRejectedCreate(broken(exampleId, breakIt));
        expect(issues).toContainEqual(
          expect.objectContaining({
            code: 'invariant',
            expression: expect.arrayContaining([expression]),
            details: expect.objectContaining({ text: expect.stringMatching(new RegExp(`^Constraint ${key} not met`)) }),
          }),
        );
      },
    );

    test.each(moreInvariantCases)(
      'rejects %s (%s, from %s) with 422 and an invariant issue at %s, and writes nothing',
      async (_what, key, exampleId, expression, breakIt) => {
        const issues = await expectRejectedCreate(broken(exampleId, breakIt));
        expect(issues).toContainEqual(
          expect.objectContaining({
            code: 'invariant',
            expression: expect.arrayContaining([expression]),
            details: expect.objectContaining({ text: expect.stringMatching(new RegExp(`^Constraint ${key} not met`)) }),
          }),
        );
      },
    );

    test.each(constraintCases)(
      'rejects a resource breaking "%s" (%s) with 422 and the issue %s, and writes nothing',
      async (_rule, exampleId, expected, breakIt) => {
        const issues = await expectRejectedCreate(broken(exampleId, breakIt));
        expect(describeIssues(issues)).toContain(expected);
      },
    );

    test('rejects a resource claiming an unknown TARGET profile with 422 at meta.profile, and writes nothing', async () => {
      const resource = example('target-patient-example');
      delete resource.id;
      resource.meta = { ...resource.meta, profile: [UNKNOWN_PROFILE] };
      const issues = await expectRejectedCreate(resource);
      // The validator reports it at `meta.profile`; `Patient.meta.profile` would match the other issues.
      expect(issues).toContainEqual(
        expect.objectContaining({
          expression: [expect.stringMatching(/^(Patient\.)?meta\.profile$/)],
          details: expect.objectContaining({ text: expect.stringContaining(UNKNOWN_PROFILE) }),
        }),
      );
    });

    test.each(brokenCases)(
      'rejects a transaction whose second entry breaks %s (%s) with 4xx and stores neither entry',
      async (_name, exampleId, _issue, breakIt) => {
        const value = uniqueValue();
        const valid = { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value }] };
        const invalid = broken(exampleId, breakIt);
        const versions = await storedVersionCount(server);

        const response = await fhirFetch(server, '', {
          method: 'POST',
          body: {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [valid, invalid].map((resource) => ({
              fullUrl: `urn:uuid:${randomUUID()}`,
              resource,
              request: { method: 'POST', url: resource.resourceType },
            })),
          },
        });

        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
        expect(await storedVersionCount(server)).toBe(versions);
        expect(await countByIdentifier(server, 'Patient', value)).toBe(0);
      },
    );
  });
});
