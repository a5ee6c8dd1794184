// The practice's extra SNOMED CT and ICD-10 codes per chronic disease (setting chronic-disease-code): a list,
// edited as one. Added codes are checked with the other settings when saving (the package's rules: code
// format per system, each code once, the disease on the practice's list).
import { ActionIcon, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import {
  ExternalSystems,
  type PracticeDiseaseCode,
  type TargetChronicDiseaseCode,
  TargetChronicDiseaseCodeSystem,
} from '@target/profiles';
import { useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import { EvidenceBadge } from './EvidenceBadge.tsx';
import { messages } from './messages.ts';

const SYSTEMS = [
  { value: ExternalSystems.SCT, label: 'SNOMED CT' },
  { value: ExternalSystems.ICD10, label: 'ICD-10' },
];
const DISEASES = Object.entries(TargetChronicDiseaseCodeSystem.codes).map(([value, label]) => ({ value, label }));

function systemName(system: string): string {
  return SYSTEMS.find((s) => s.value === system)?.label ?? system;
}

export interface DiseaseCodesProps {
  readonly codes: readonly PracticeDiseaseCode[];
  /** The setting's definition in the settings CodeSystem, when the server publishes it. */
  readonly source?: string;
  readonly editing: boolean;
  readonly onChange: (codes: PracticeDiseaseCode[]) => void;
}

export function DiseaseCodes(props: DiseaseCodesProps) {
  const t = useTranslate(messages);
  const [disease, setDisease] = useState(DISEASES[0].value);
  const [system, setSystem] = useState<string>(SYSTEMS[0].value);
  const [code, setCode] = useState('');

  function add() {
    props.onChange([...props.codes, { disease: disease as TargetChronicDiseaseCode, system, code: code.trim() }]);
    setCode('');
  }

  return (
    <Stack gap="xs">
      <Group gap="xs" data-setting="chronic-disease-code">
        <Text size="sm" fw={500}>
          {t('codes')}
        </Text>
        <EvidenceBadge setting="chronic-disease-code" />
      </Group>
      {props.source ? (
        <Text size="xs" c="dimmed" lang="en">
          {props.source}
        </Text>
      ) : null}
      {props.codes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('codesNone')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {props.codes.map((c) => (
              <Table.Tr key={`${c.system}|${c.code}|${c.disease}`}>
                <Table.Td>{TargetChronicDiseaseCodeSystem.codes[c.disease] ?? c.disease}</Table.Td>
                <Table.Td>{systemName(c.system)}</Table.Td>
                <Table.Td>
                  {c.code}
                  {c.display ? ` — ${c.display}` : ''}
                </Table.Td>
                {props.editing ? (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('removeCode', { code: c.code })}
                      onClick={() => props.onChange(props.codes.filter((other) => other !== c))}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {props.editing ? (
        <Group align="end" wrap="wrap">
          <NativeSelect
            label={t('codeDisease')}
            data={DISEASES}
            value={disease}
            onChange={(e) => setDisease(e.currentTarget.value)}
          />
          <NativeSelect
            label={t('codeSystem')}
            data={SYSTEMS}
            value={system}
            onChange={(e) => setSystem(e.currentTarget.value)}
          />
          <TextInput label={t('codeValue')} value={code} onChange={(e) => setCode(e.currentTarget.value)} />
          <Button variant="default" onClick={add} disabled={code.trim() === ''}>
            {t('addCode')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
