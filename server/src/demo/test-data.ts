// Every demo resource is labelled as test data (v3 ActReason HTEST, as the profiles' TargetTestData rule
// set does for examples), so nobody mistakes it for a real person's record and it can be found, and
// removed, with `_security=…|HTEST`.
import type { Meta, Resource } from '@medplum/fhirtypes';
import { TEST_DATA_LABEL } from '@target/profiles';

const { system, code, display } = TEST_DATA_LABEL;

/** A fresh `meta` with the test-data label (fresh, so no two resources share one object). */
export function testMeta(): Meta {
  return { security: [{ system, code, display }] };
}

/** Adds the test-data label to a resource that a profile builder made (keeping its meta.profile). */
export function testData<T extends Resource>(resource: T): T {
  resource.meta = { ...resource.meta, security: [{ system, code, display }] };
  return resource;
}
