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
  readonly onDone: () => void;
  /** Between status requests (tests shorten it). */
  readonly pollMs?: number;
}

export function RunSelection({ session, practiceId, onDone, pollMs }: Props) {
  const t = useTranslate(messages);
  const [progress, setProgress] = useState<JobProgress | undefined>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const running = progress !== undefined;
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  async function start() {
    controller.current = new AbortController();
    setResult(undefined);
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
      setResult({ ok: true, text: t('selectionDone') });
      onDone();
    } catch (err) {
      if (!controller.current.signal.aborted) {
        setResult({ ok: false, text: t('selectionFailed', { error: (err as Error).message }) });
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
      {result && (
        <Alert color={result.ok ? 'green' : 'red'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </Alert>
      )}
    </Stack>
  );
}
