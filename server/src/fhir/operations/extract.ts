// QuestionnaireResponse/$extract (SDC extraction.html#observation-based-extraction, our definition in
// profiles/input/fsh/operations/TargetExtractOperation.fsh): the Positive Health answers as dimension
// Observations and a panel, by the same package code the app runs in the browser on a foreign EHR.
// Type level: the transaction Bundle, nothing stored. Instance level: the stored response, written in one
// transaction through the caller's repository (so the caller's read and write rights apply to every entry),
// answered with the transaction-response.
import { allOk, badRequest, OperationOutcomeError, Operator } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouteHandler, FhirRouter } from '@medplum/fhir-router';
import { processBatch } from '@medplum/fhir-router';
import type { Bundle, QuestionnaireResponse as MedplumQuestionnaireResponse, Questionnaire } from '@medplum/fhirtypes';
import {
  extractionTransaction,
  extractPositiveHealth,
  InvalidResponseError,
  OperationDefinitions,
} from '@target/profiles';
import { operationInputReader } from '../../platform/operation-input.ts';
import { businessRule, unprocessable } from '../../platform/outcomes.ts';
import { fromR4, toR4 } from '../../programme/repository-reader.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { packageOperation } from './definitions.ts';

export const extractOperation = packageOperation(OperationDefinitions.TargetExtractOperation);

const RESPONSE_PARAMETER = 'questionnaire-response';
const readInput = operationInputReader(extractOperation, { [RESPONSE_PARAMETER]: 'resource' });

/**
 * The Questionnaire the response names as `url|version`, from the server's conformance resources (read with
 * the server's rights: a definition, which every caller may use, as the validator uses the profiles).
 */
async function questionnaireOf(repo: PostgresRepository, canonical: string | undefined): Promise<Questionnaire> {
  const [url, version] = canonical?.split('|') ?? [];
  if (!url || !version) {
    throw new OperationOutcomeError(
      businessRule(
        `The response must name its Questionnaire as canonical|version, not ${canonical ?? 'nothing'}`,
        'QuestionnaireResponse.questionnaire',
      ),
    );
  }
  const found = await repo.withOptions({}).searchResources<Questionnaire>({
    resourceType: 'Questionnaire',
    filters: [
      { code: 'url', operator: Operator.EQUALS, value: url },
      { code: 'version', operator: Operator.EQUALS, value: version },
    ],
    count: 2,
  });
  if (found.length !== 1) {
    throw new OperationOutcomeError(
      businessRule(
        found.length === 0
          ? `This server has no Questionnaire ${canonical}`
          : `This server has ${found.length} Questionnaires ${canonical}`,
        'QuestionnaireResponse.questionnaire',
      ),
    );
  }
  return found[0];
}

async function extractionOf(repo: PostgresRepository, response: MedplumQuestionnaireResponse): Promise<Bundle> {
  const questionnaire = await questionnaireOf(repo, response.questionnaire);
  try {
    const extracted = extractPositiveHealth(toR4(questionnaire), toR4(response), { now: new Date().toISOString() });
    return fromR4(extractionTransaction(extracted));
  } catch (err) {
    if (err instanceof InvalidResponseError) {
      const outcome = fromR4({ resourceType: 'OperationOutcome', issue: err.issues });
      throw new OperationOutcomeError(unprocessable(outcome.issue));
    }
    throw err;
  }
}

async function extract(req: FhirRequest, repo: PostgresRepository, router: FhirRouter) {
  const { id } = req.params;
  const given = readInput(req)[RESPONSE_PARAMETER];
  if (!id) {
    if (given?.resourceType !== 'QuestionnaireResponse') {
      throw new OperationOutcomeError(
        badRequest(
          `$extract needs a QuestionnaireResponse as ${RESPONSE_PARAMETER} (or as the body)`,
          RESPONSE_PARAMETER,
        ),
      );
    }
    return [allOk, await extractionOf(repo, given)] as FhirResponse;
  }
  if (given) {
    throw new OperationOutcomeError(
      badRequest('Instance-level $extract uses the stored response: send no body', RESPONSE_PARAMETER),
    );
  }
  // A read with the caller's rights: another practice's response answers 404, as its read does.
  const stored = await repo.readResource<MedplumQuestionnaireResponse>('QuestionnaireResponse', id);
  const transaction = await extractionOf(repo, stored);
  if (!transaction.entry?.length) {
    // No dimension answered: nothing to write (an empty transaction is not a valid request).
    return [allOk, { resourceType: 'Bundle', type: 'transaction-response' }] as FhirResponse;
  }
  // The same path as a client's transaction: every entry checked and written with the caller's rights, all
  // or nothing (R4 http.html#transaction).
  const result = await processBatch(
    { ...req, body: transaction, config: { transactions: true } },
    repo,
    router,
    transaction,
  );
  return [allOk, result] as FhirResponse;
}

export const extractHandler: FhirRouteHandler = (req, repo, router) => extract(req, repo as PostgresRepository, router);
