// One group of settings as a table: name with the CodeSystem's source text, value (an input while editing),
// unit and evidence.
import { NativeSelect, Switch, Table, Text, TextInput } from '@mantine/core';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { EvidenceBadge } from './EvidenceBadge.tsx';
import { rowLabel, shortRowLabel } from './labels.ts';
import { messages } from './messages.ts';
import type { SettingRow } from './setting-rows.ts';

export interface SettingsGroupTableProps {
  readonly rows: readonly SettingRow[];
  readonly drafts: Readonly<Record<string, string>>;
  readonly definitions: ReadonlyMap<string, string>;
  readonly editing: boolean;
  readonly onChange: (id: string, value: string) => void;
}

export function SettingsGroupTable(props: SettingsGroupTableProps) {
  const t = useTranslate(messages);
  const { language } = useLanguage();

  function shownValue(row: SettingRow, draft: string): string {
    if (draft === '') {
      return t('notSet');
    }
    if (row.key === 'count-practice-nurse' || row.key === 'count-unattributed-encounters') {
      return draft === 'true' ? t('yes') : t('no');
    }
    if (row.key === 'category-method') {
      return draft === 'fixed' ? t('method.fixed') : t('method.percentile');
    }
    return draft;
  }

  function input(row: SettingRow, draft: string) {
    const label = rowLabel(row, language);
    if (row.key === 'count-practice-nurse' || row.key === 'count-unattributed-encounters') {
      return (
        <Switch
          aria-label={label}
          checked={draft === 'true'}
          label={draft === 'true' ? t('yes') : t('no')}
          onChange={(event) => props.onChange(row.id, String(event.currentTarget.checked))}
        />
      );
    }
    if (row.key === 'category-method') {
      return (
        <NativeSelect
          aria-label={label}
          value={draft}
          data={[
            { value: 'percentile', label: t('method.percentile') },
            { value: 'fixed', label: t('method.fixed') },
          ]}
          onChange={(event) => props.onChange(row.id, event.currentTarget.value)}
        />
      );
    }
    return (
      <TextInput
        aria-label={label}
        value={draft}
        inputMode={row.key === 'chronic-disease-valueset' ? 'url' : 'decimal'}
        onChange={(event) => props.onChange(row.id, event.currentTarget.value)}
      />
    );
  }

  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columnSetting')}</Table.Th>
            <Table.Th w="30%">{t('columnValue')}</Table.Th>
            <Table.Th>{t('columnUnit')}</Table.Th>
            <Table.Th>{t('columnEvidence')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => {
            const draft = props.drafts[row.id] ?? '';
            // A weight's text is its setting's (one definition for all contact types): shown once, on the first.
            const source = row.contactType && row !== props.rows[0] ? undefined : props.definitions.get(row.key);
            return (
              <Table.Tr key={row.id} data-setting={row.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {shortRowLabel(row, language)}
                  </Text>
                  {source ? (
                    <Text size="xs" c="dimmed" lang="en">
                      {source}
                    </Text>
                  ) : null}
                </Table.Td>
                {/* A canonical URL may break anywhere: the table must fit an 800 px side panel. */}
                <Table.Td data-testid={`value-${row.id}`} style={{ overflowWrap: 'anywhere' }}>
                  {props.editing ? input(row, draft) : shownValue(row, draft)}
                </Table.Td>
                <Table.Td>{t(`unit.${row.unit}`)}</Table.Td>
                <Table.Td>
                  <EvidenceBadge setting={row.key} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
