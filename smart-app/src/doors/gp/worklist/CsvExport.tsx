// CSV export of the filtered list: every page of the current filter and order, fetched in pages of 1,000,
// as one file for Dutch Excel (worklist-csv.ts).
import { Alert, Button, Stack, Text } from '@mantine/core';
import { normalizeErrorString } from '@medplum/core';
import { useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import type { SmartSession } from '../../../launch/session.ts';
import { messages, WORKLIST_COLUMNS, type WorklistMessage } from './messages.ts';
import { fetchWorklistPage, type WorklistFilter, type WorklistSort } from './worklist-api.ts';
import { type CsvLabels, downloadCsv, worklistCsv } from './worklist-csv.ts';

interface Props {
  readonly session: SmartSession;
  readonly groupId: string;
  readonly referenceDate: string;
  readonly filter: WorklistFilter;
  readonly sort: WorklistSort;
}

export function CsvExport({ session, groupId, referenceDate, filter, sort }: Props) {
  const t = useTranslate(messages);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const labels: CsvLabels = {
    header: [...WORKLIST_COLUMNS, 'colPatientId' as const].map((key) => t(key)),
    yes: t('yes'),
    no: t('no'),
    category: (code) => t(`category-${code}` as WorklistMessage),
    subgroup: (code) => `${t(`subgroup-${code}` as WorklistMessage)} (${t('approximation')})`,
    invitation: (status) => t(`invitation-${status}` as WorklistMessage),
  };

  async function exportAll() {
    setResult(undefined);
    setProgress({ done: 0, total: 0 });
    try {
      let rows = 0;
      const text = await worklistCsv(
        async (offset, count) => {
          const page = await fetchWorklistPage(session.medplum, groupId, filter, sort, offset, count);
          rows += page.members.length;
          return page;
        },
        labels,
        (done, total) => setProgress({ done, total }),
      );
      downloadCsv(text, `target-werklijst-${referenceDate}.csv`);
      setResult({ ok: true, text: t('exported', { count: rows }) });
    } catch (err) {
      setResult({ ok: false, text: t('exportFailed', { error: normalizeErrorString(err) }) });
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <Stack gap="xs">
      <Button variant="default" onClick={exportAll} loading={progress !== undefined} w="fit-content">
        {t('exportCsv')}
      </Button>
      {progress && progress.total > 0 && <Text size="sm">{t('exporting', progress)}</Text>}
      {result && (
        <Alert color={result.ok ? 'green' : 'red'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </Alert>
      )}
    </Stack>
  );
}
