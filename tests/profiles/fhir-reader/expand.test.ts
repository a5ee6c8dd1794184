import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { snomedEclValueSet, ValueSetExpander } from '../../../profiles/src/fhir-reader/expand.ts';
import { FhirReadError } from '../../../profiles/src/fhir-reader/http.ts';
import {
  startTerminologyStandIn,
  type TerminologyStandIn,
  unreachableUrl,
} from '../../support/terminology-stand-in.ts';

const SCT = 'http://snomed.info/sct';
const HEART_FAILURE = '84114007';
/** Descendants only this stand-in knows (made-up identifiers, not SNOMED CT concepts). */
const CHILDREN = ['9990001000146100', '9990002000146109', '9990003000146102'];

let standIn: TerminologyStandIn;
beforeAll(async () => {
  standIn = await startTerminologyStandIn({ [HEART_FAILURE]: CHILDREN });
});
afterAll(() => standIn.close());
afterEach(() => {
  standIn.answer = undefined;
  standIn.requests.length = 0;
});

describe('ValueSet/$expand of an ECL expression', () => {
  test('names the implicit SNOMED CT ValueSet with the expression URL-encoded', () => {
    expect(snomedEclValueSet('<< 84114007 OR << 42343007')).toBe(
      'http://snomed.info/sct?fhir_vs=ecl/%3C%3C%2084114007%20OR%20%3C%3C%2042343007',
    );
  });

  test('gives the concept and its descendants, reading every page', async () => {
    const expander = new ValueSetExpander({ baseUrl: `${standIn.url}/`, pageSize: 2 });
    const expansion = await expander.expand(snomedEclValueSet(`<< ${HEART_FAILURE}`), SCT);
    expect(expansion).toEqual({ codes: [HEART_FAILURE, ...CHILDREN], truncated: false });
    expect(standIn.requests).toEqual([`<< ${HEART_FAILURE}`, `<< ${HEART_FAILURE}`]);
  });

  test('leaves out what the expression subtracts, and its descendants', async () => {
    const expander = new ValueSetExpander({ baseUrl: standIn.url });
    const ecl = `(<< ${HEART_FAILURE}) MINUS (<< ${CHILDREN[1]})`;
    expect((await expander.expand(snomedEclValueSet(ecl), SCT)).codes).toEqual([
      HEART_FAILURE,
      CHILDREN[0],
      CHILDREN[2],
    ]);
  });

  test('cuts an expansion at its code limit and says so', async () => {
    const expander = new ValueSetExpander({ baseUrl: standIn.url, pageSize: 2, maxCodes: 3 });
    expect(await expander.expand(snomedEclValueSet(`<< ${HEART_FAILURE}`), SCT)).toEqual({
      codes: [HEART_FAILURE, ...CHILDREN.slice(0, 2)],
      truncated: true,
    });
  });

  test('a refusal is a FhirReadError with the status and the server’s words', async () => {
    standIn.answer = {
      status: 422,
      body: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'invalid', details: { text: 'ECL syntax error' } }],
      },
    };
    const expander = new ValueSetExpander({ baseUrl: standIn.url });
    await expect(expander.expand(snomedEclValueSet('<< x'), SCT)).rejects.toMatchObject({
      name: 'FhirReadError',
      status: 422,
      message: expect.stringContaining('ECL syntax error'),
    });
  });

  test('an answer that is no ValueSet is a 502', async () => {
    standIn.answer = { status: 200, body: { resourceType: 'Bundle' } };
    const expander = new ValueSetExpander({ baseUrl: standIn.url });
    await expect(expander.expand(snomedEclValueSet(`<< ${HEART_FAILURE}`), SCT)).rejects.toMatchObject({
      status: 502,
    });
  });

  test('a server that does not answer within the timeout is a FhirReadError with status 0', async () => {
    standIn.answer = 'hang';
    const expander = new ValueSetExpander({ baseUrl: standIn.url, timeoutMs: 200 });
    const error = await expander.expand(snomedEclValueSet(`<< ${HEART_FAILURE}`), SCT).catch((err) => err);
    expect(error).toBeInstanceOf(FhirReadError);
    expect(error).toMatchObject({ status: 0, message: expect.stringContaining(`no answer from ${standIn.url}`) });
  });

  test('a server that refuses the connection is a FhirReadError with status 0', async () => {
    const expander = new ValueSetExpander({ baseUrl: await unreachableUrl() });
    await expect(expander.expand(snomedEclValueSet(`<< ${HEART_FAILURE}`), SCT)).rejects.toMatchObject({
      status: 0,
    });
  });
});
