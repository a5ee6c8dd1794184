// The worker thread of validation-workers.ts: loads the server's validator once, then answers requests with
// the error issues of each resource's stored form (the same check repository.ts runs before a write).
import { parentPort } from 'node:worker_threads';
import { getServerValidator, storedForm, validationErrors } from './validation.ts';
import type { ValidationReply, ValidationRequest } from './workers.ts';

const port = parentPort;
if (!port) {
  throw new Error('validation-worker.ts runs as a worker thread');
}
const validator = getServerValidator();
port.on('message', (request: ValidationRequest) => {
  const errors = request.resources.map((resource) =>
    validationErrors(storedForm(resource, resource.id ?? request.placeholderId, 1, request.lastUpdated), validator),
  );
  port.postMessage({ id: request.id, errors } satisfies ValidationReply);
});
port.postMessage({ ready: true } satisfies ValidationReply);
