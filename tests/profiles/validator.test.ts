// How the shared validator combines base R4, the claimed TARGET profiles and its own checks.
import { describe, expect, test } from 'vitest';
import { Profiles } from '../../profiles/src/generated/canonical.ts';
import { definitions, describeIssues, errors, example, targetValidator } from './support.ts';

describe('TARGET validator', () => {
  test('reports an unknown TARGET profile and still reports the base R4 errors', () => {
    const patient = {
      resourceType: 'Patient' as const,
      gender: 'robot',
      meta: { profile: ['https://target.drenthe.example/fhir/StructureDefinition/does-not-exist'] },
    };
    const issues = describeIssues(errors(targetValidator().validate(patient as never)));
    expect(issues).toContain(
      'Patient.meta.profile: Unknown TARGET profile https://target.drenthe.example/fhir/StructureDefinition/does-not-exist',
    );
    expect(issues.some((line) => line.startsWith('Patient.gender:'))).toBe(true);
  });

  test('reports each problem once when a profile is claimed twice', () => {
    const patient = example('target-patient-example') as { meta: { profile: string[] }; unknownElement?: boolean };
    patient.meta.profile = [Profiles.TargetPatient, `${Profiles.TargetPatient}|0.1.0`];
    patient.unknownElement = true;
    const issues = describeIssues(errors(targetValidator().validate(patient as never)));
    expect(issues.filter((line) => line.includes('unknownElement'))).toHaveLength(1);
  });

  test('rejects a profile of another resource type with one clear issue', () => {
    const patient = example('target-patient-example');
    const issues = describeIssues(errors(targetValidator().validate(patient, Profiles.TargetCareBurdenObservation)));
    expect(issues).toEqual([
      `Patient.meta.profile: Profile ${Profiles.TargetCareBurdenObservation} is for Observation, not Patient`,
    ]);
  });

  test('checks required bindings of R4 core value sets too', () => {
    const patient = example('target-patient-example') as { gender: string };
    patient.gender = 'robot';
    const issues = describeIssues(errors(targetValidator().validate(patient as never)));
    expect(issues.some((line) => line.startsWith('Patient.gender:') && line.includes('administrative-gender'))).toBe(
      true,
    );
  });
});

describe('the package conformance resources', () => {
  // The server stores them on start through the same validation as any write (R4 invariants such as cmd-1).
  test.each(definitions.map((d) => [`${d.resourceType}/${d.id}`, d] as const))(
    '%s is valid R4',
    (_name, definition) => {
      expect(describeIssues(errors(targetValidator().validate(definition as never)))).toEqual([]);
    },
  );
});
