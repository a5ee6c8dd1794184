// "Run a new selection": Group/$target-selection as an asynchronous job with a progress bar over its status
// URL; when it is done the worklist reads the new Group.
import { Alert, Button, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import type { SmartSession } from '../../../launch/session.ts';
import { messages } from './messages.ts';
import { type JobProgress, runSelectionJob } from './selection-job.ts';

interface Props {
  readonly session: SmartSession;
  readonly practiceId: string;
  /** Called with the confirmation once the new Group is there (the page shows it: this part may remount). */
  readonly onDone: (confirmation: string) => void;
  /** Between status requests (tests shorten it). */
  readonly pollMs?: number;
}

export function RunSelection({ session, practiceId, onDone, pollMs }: Props) {
  const t = useTranslate(messages);
  const [progress, setProgress] = useState<JobProgress | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const running = progress !== undefined;
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  async function start() {
    controller.current = new AbortController();
    setFailure(undefined);
    setProgress({ percent: 0 });
    try {
      await runSelectionJob({
        fhirBaseUrl: session.fhirBaseUrl,
        accessToken: session.medplum.getAccessToken() ?? '',
        practiceId,
        onProgress: setProgress,
        signal: controller.current.signal,
        pollMs,
      });
      onDone(t('selectionDone'));
    } catch (err) {
      if (!controller.current.signal.aborted) {
        setFailure(t('selectionFailed', { error: (err as Error).message }));
      }
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <Stack gap="xs">
      <Button variant="light" onClick={start} loading={running} w="fit-content">
        {t('runSelection')}
      </Button>
      {running && (
        <Stack gap={2}>
          <Text size="sm">{progress?.text ? `${t('selectionRunning')} ${progress.text}` : t('selectionRunning')}</Text>
          <Progress
            aria-label={t('selectionRunning')}
            value={progress?.percent ?? 100}
            striped={progress?.percent === undefined}
            animated
          />
        </Stack>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
    </Stack>
  );
}
