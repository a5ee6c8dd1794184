// Differential test of search: the same generated corpus (~2,900 resources) in our PostgreSQL store and in
// @medplum/fhir-router's MemoryRepository (the oracle); hundreds of generated and hand-written searches must
// find the same ids in the same order. Where the oracle departs from FHIR R4 (docs/search-differences.md)
// the searches are left out of the comparison and our behaviour is asserted by hand against the corpus.
import { parseSearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { readTargetDefinitions } from '@target/profiles/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadFhirDefinitions } from '../../../server/src/store/validation/fhir-definitions.ts';
import { generateCorpus } from '../../support/corpus.ts';
import { INCLUDE_SEARCHES } from '../../support/corpus-searches/hand-written.ts';
import { CorpusSearches } from '../../support/corpus-searches.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, startTestServer, type TestServer } from '../../support/server.ts';
import { knownDifferences } from './differential-expectations.ts';

const SEED = 20250630;
loadFhirDefinitions();
const corpus = generateCorpus(SEED);
const generator = new CorpusSearches(corpus, SEED);
const searches = generator.all();
const differences = knownDifferences(corpus);

interface Found {
  readonly matches: string[];
  /** Included resources, sorted: the order of _include entries is not specified. */
  readonly includes: string[];
}

function found(bundle: Bundle): Found {
  const key = (e: NonNullable<Bundle['entry']>[number]): string => `${e.resource?.resourceType}/${e.resource?.id}`;
  const entries = bundle.entry ?? [];
  return {
    matches: entries.filter((e) => e.search?.mode === 'match').map(key),
    includes: entries
      .filter((e) => e.search?.mode === 'include')
      .map(key)
      .sort(),
  };
}

const oracle = new MemoryRepository();
/** The oracle is slow (it evaluates each parameter's FHIRPath on every resource): ask it once per search. */
const oracleAnswers = new Map<string, Promise<Found>>();
function oracleSearch(url: string): Promise<Found> {
  let answer = oracleAnswers.get(url);
  if (!answer) {
    answer = (async () => found(await oracle.search(parseSearchRequest(url))))();
    oracleAnswers.set(url, answer);
  }
  return answer;
}

async function ourSearch(server: TestServer, url: string): Promise<Found> {
  const response = await fhirFetch(server, url);
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return found(response.body);
}

beforeAll(async () => {
  // The server installs the TARGET package's conformance resources on start, before anything else:
  // the oracle holds them too, first, so both hold the same resources in the same order.
  for (const resource of [...(readTargetDefinitions() as unknown as Resource[]), ...corpus]) {
    await oracle.updateResource(resource);
  }
});

describe.each(DATABASE_KINDS)('search on %s', (kind) => {
  let server: TestServer;
  let compared = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
    // One statement for the whole corpus, ids kept, in corpus order (the oracle's insertion order).
    await server.repo.createResources(corpus, { assignedId: true });
  });

  afterAll(async () => {
    const total = searches.length + INCLUDE_SEARCHES.length;
    console.log(
      `${kind}: ${compared} of ${total} searches (${INCLUDE_SEARCHES.length} with _include/_revinclude) found what the MemoryRepository oracle found, on ${corpus.length} resources; ${generator.skippedStraddling} generated eq/ne date searches skipped (straddling values)`,
    );
    await server?.stop();
  });

  test.each(searches)('%s finds the ids the oracle finds, in its order', async (url) => {
    const [ours, expected] = await Promise.all([ourSearch(server, url), oracleSearch(url)]);
    expect(ours.matches).toEqual(expected.matches);
    compared++;
  });

  test.each(INCLUDE_SEARCHES)('%s matches and includes what the oracle does', async (url) => {
    const [ours, expected] = await Promise.all([ourSearch(server, url), oracleSearch(url)]);
    expect(ours.matches).toEqual(expected.matches);
    expect(ours.includes.length, 'the search includes something').toBeGreaterThan(0);
    expect(ours.includes).toEqual(expected.includes);
    compared++;
  });

  describe('where the oracle departs from FHIR R4, follows the specification', () => {
    const cases = differences.map((d) => [`${d.behaviour}: ${decodeURIComponent(d.url)}`, d] as const);
    test.each(cases)('%s', async (_name, { url, expected, oracle: oracleBehaviour }) => {
      const ours = await ourSearch(server, url);
      expect(ours.matches).toEqual(expected);
      expect(expected.length, 'the corpus exercises the case').toBeGreaterThanOrEqual(
        oracleBehaviour === 'empty' ? 1 : 0,
      );
      if (oracleBehaviour === 'throws') {
        await expect(oracleSearch(url)).rejects.toThrow();
      } else if (oracleBehaviour !== 'not compared') {
        const theirs = await oracleSearch(url);
        if (oracleBehaviour === 'empty') {
          expect(theirs.matches).toEqual([]);
        } else {
          expect(theirs.matches, 'the oracle differs here, as documented').not.toEqual(expected);
        }
      }
    });
  });
});
