// Every generated example is valid against the profile in its meta.profile (examples of base resources
// against R4), using @medplum/core's validator plus the required-binding check for our ValueSets.
import { validateResource } from '@medplum/core';
import { describe, expect, test } from 'vitest';
import { Profiles } from '../../profiles/src/generated/canonical.ts';
import { withExtensionSliceUrls } from '../../profiles/src/validate.ts';
import { describeIssues, errors, examples, targetValidator } from './support.ts';

describe('generated examples', () => {
  test('there is at least one example for every profile', () => {
    const exemplified = new Set(examples.flatMap((e) => e.meta?.profile ?? []));
    const missing = Object.entries(Profiles).filter(([, url]) => !exemplified.has(url));
    expect(missing).toEqual([]);
  });

  test('every example is marked as test data (v3 ActReason HTEST)', () => {
    const unmarked = examples.filter(
      (e) => !e.meta?.security?.some((s) => s.system?.endsWith('/v3-ActReason') && s.code === 'HTEST'),
    );
    expect(unmarked.map((e) => e.id)).toEqual([]);
  });

  test.each(examples.map((e) => [`${e.resourceType}/${e.id}`, e] as const))('%s is valid', (_name, resource) => {
    const issues = errors(targetValidator().validate(resource));
    expect(describeIssues(issues)).toEqual([]);
  });

  test.each(examples.filter((e) => e.meta?.profile?.length).map((e) => [`${e.resourceType}/${e.id}`, e] as const))(
    "%s passes @medplum/core's validateResource with its profile",
    (_name, resource) => {
      const profile = targetValidator().profiles.get(resource.meta?.profile?.[0] ?? '');
      if (!profile) {
        throw new Error(`${resource.meta?.profile?.[0]} is not a TARGET profile`);
      }
      expect(() => validateResource(resource, { profile: withExtensionSliceUrls(profile) })).not.toThrow();
    },
  );
});
