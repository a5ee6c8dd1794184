// The invitation Task's workflow (profiles/src/conversation/invitation.ts) as a store write rule: checked on
// every write of a Task — REST create, update and patch, each entry of a batch or transaction, the server's
// own writes — inside the write's transaction. A refused transition is a 422 business-rule OperationOutcome
// and nothing is written (in a transaction: nothing of the whole Bundle).
import { OperationOutcomeError } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { invitationChangeProblem } from '@target/profiles';
import { businessRule } from '../../platform/outcomes.ts';
import type { WriteRule } from '../../store/write/write-rules.ts';
import { asR4 } from '../repository-reader.ts';

function asTask(resource: Resource | undefined) {
  return resource ? asR4('Task', resource) : undefined;
}

export const INVITATION_RULE: WriteRule = {
  resourceType: 'Task',
  check(before, after) {
    const problem = invitationChangeProblem(asTask(before), asTask(after));
    if (problem) {
      throw new OperationOutcomeError(businessRule(`Invitation Task: ${problem}`, 'Task.status'));
    }
  },
};
