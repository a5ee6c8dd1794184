// Invite a patient for the other conversation, and record the answer: a TargetInvitationTask owned by the
// practice (built with the shared package), moved only along the transitions the server also enforces.
// Says what it stored ("Uitnodiging verstuurd") or, in words, what failed (the OperationOutcome's text).
import { Button, Group, TextInput } from '@mantine/core';
import { normalizeErrorString } from '@medplum/core';
import type { Task } from '@medplum/fhirtypes';
import { buildInvitationTask, type InvitationStatus, nextInvitationStatuses } from '@target/profiles';
import type { Task as R4Task } from 'fhir/r4.js';
import { useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import type { SmartSession } from '../../../launch/session.ts';
import { messages, type WorklistMessage } from './messages.ts';
import type { WorklistMember } from './worklist-api.ts';

export interface ActionResult {
  readonly ok: boolean;
  readonly text: string;
}

interface Props {
  readonly session: SmartSession;
  readonly practiceId: string;
  readonly groupId: string;
  readonly member: WorklistMember;
  readonly onDone: (result: ActionResult) => void;
}

/** The practice worker as requester, when the launch names one (a patient or no user names none). */
function requesterOf(fhirUser: string | undefined) {
  return fhirUser && /^(Practitioner|PractitionerRole)\//.test(fhirUser) ? { reference: fhirUser } : undefined;
}

const ACTION_LABELS: Partial<Record<InvitationStatus, WorklistMessage>> = {
  accepted: 'accept',
  rejected: 'decline',
  cancelled: 'withdraw',
};

export function InvitationActions({ session, practiceId, groupId, member, onDone }: Props) {
  const t = useTranslate(messages);
  const [busy, setBusy] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const name = member.name ?? t('unnamed');
  const status = member.invitationStatus;
  const open = status === 'requested' || status === 'accepted';

  async function run(work: () => Promise<unknown>, success: string) {
    setBusy(true);
    try {
      await work();
      onDone({ ok: true, text: success });
    } catch (err) {
      onDone({ ok: false, text: t('actionFailed', { error: normalizeErrorString(err) }) });
    } finally {
      setBusy(false);
    }
  }

  const invite = () =>
    run(
      () =>
        session.medplum.createResource(
          buildInvitationTask({
            status: 'requested',
            patient: { reference: `Patient/${member.patientId}` },
            practice: { reference: `Organization/${practiceId}` },
            authoredOn: new Date().toISOString(),
            requester: requesterOf(session.fhirUser),
            selection: { reference: `Group/${groupId}` },
          }) as Task,
        ),
      t('invited', { name }),
    );

  const move = (next: InvitationStatus, statusReason?: string) =>
    run(
      async () => {
        const id = (member.invitation ?? '').replace(/^Task\//, '');
        const current = await session.medplum.readResource('Task', id, { cache: 'no-cache' });
        const updated: R4Task = {
          ...(current as R4Task),
          status: next,
          lastModified: new Date().toISOString(),
          ...(statusReason ? { statusReason: { text: statusReason } } : {}),
        };
        await session.medplum.updateResource(updated as Task);
      },
      t('statusSaved', { name, status: t(`invitation-${next}` as WorklistMessage) }),
    );

  if (!open) {
    return (
      <Button size="xs" loading={busy} onClick={invite} aria-label={t('inviteFor', { name })}>
        {t('invite')}
      </Button>
    );
  }
  if (declining) {
    return (
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          size="xs"
          label={t('declineReason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={reason.trim() ? undefined : t('declineReasonRequired')}
        />
        <Button size="xs" loading={busy} disabled={!reason.trim()} onClick={() => move('rejected', reason.trim())}>
          {t('save')}
        </Button>
        <Button size="xs" variant="default" onClick={() => setDeclining(false)}>
          {t('cancel')}
        </Button>
      </Group>
    );
  }
  return (
    <Group gap={4} wrap="wrap">
      {nextInvitationStatuses(status).map((next) => (
        <Button
          key={next}
          size="xs"
          variant={next === 'cancelled' ? 'subtle' : 'light'}
          loading={busy}
          aria-label={`${t(ACTION_LABELS[next] as WorklistMessage)}: ${name}`}
          onClick={() => (next === 'rejected' ? setDeclining(true) : move(next))}
        >
          {t(ACTION_LABELS[next] as WorklistMessage)}
        </Button>
      ))}
    </Group>
  );
}
