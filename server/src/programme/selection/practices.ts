// The TARGET practices of the server: Organizations claiming TargetPracticeOrganization (an imported
// Organization becomes one through practiceFromOrganization, cli/practice.ts).
import { parseSearchRequest } from '@medplum/core';
import type { Organization } from '@medplum/fhirtypes';
import { Profiles } from '@target/profiles';
import type { PostgresRepository } from '../../store/repository.ts';

/** Ids of every TARGET practice (Organizations claiming TargetPracticeOrganization). */
export async function allPractices(repo: PostgresRepository): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await repo.searchResources<Organization>(
      parseSearchRequest('Organization', {
        _profile: Profiles.TargetPracticeOrganization,
        _count: '1000',
        _offset: String(offset),
        _sort: '_id',
      }),
    );
    ids.push(...page.map((o) => o.id as string));
    if (page.length < 1000) {
      return ids;
    }
  }
}
