// Filter and sort controls of the worklist: category (chips, several), subgroup (an approximation), HNHC and
// invited (all / yes / no), and the order. Changing any of them reads the first page again on the server.
import { Chip, Group, NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { type TargetCareBurdenCategoryCode, type TargetSubgroupCode, TargetSubgroupCodeSystem } from '@target/profiles';
import { useTranslate } from '../../../i18n/index.tsx';
import { messages, type WorklistMessage } from './messages.ts';
import type { WorklistFilter, WorklistSort } from './worklist-api.ts';

const SORTS: { value: string; label: WorklistMessage; sort: WorklistSort }[] = [
  { value: '-score', label: 'sortScoreDesc', sort: { key: 'score', descending: true } },
  { value: 'score', label: 'sortScoreAsc', sort: { key: 'score', descending: false } },
  { value: 'name', label: 'sortName', sort: { key: 'name', descending: false } },
  { value: '-name', label: 'sortNameDesc', sort: { key: 'name', descending: true } },
  { value: 'category', label: 'sortCategory', sort: { key: 'category', descending: false } },
  { value: 'birthdate', label: 'sortBirthdate', sort: { key: 'birthdate', descending: false } },
];

const CATEGORY_ORDER: TargetCareBurdenCategoryCode[] = ['high', 'medium', 'low', 'new'];

interface Props {
  readonly filter: WorklistFilter;
  readonly sort: WorklistSort;
  readonly onFilter: (filter: WorklistFilter) => void;
  readonly onSort: (sort: WorklistSort) => void;
}

function TriState(props: { label: string; value?: boolean; onChange: (value?: boolean) => void }) {
  const t = useTranslate(messages);
  const value = props.value === undefined ? 'all' : props.value ? 'yes' : 'no';
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500} id={`tri-${props.label}`}>
        {props.label}
      </Text>
      <SegmentedControl
        aria-labelledby={`tri-${props.label}`}
        size="xs"
        value={value}
        onChange={(next) => props.onChange(next === 'all' ? undefined : next === 'yes')}
        data={[
          { value: 'all', label: t('all') },
          { value: 'yes', label: t('yes') },
          { value: 'no', label: t('no') },
        ]}
      />
    </Stack>
  );
}

export function WorklistFilters({ filter, sort, onFilter, onSort }: Props) {
  const t = useTranslate(messages);
  const sortValue = `${sort.descending ? '-' : ''}${sort.key}`;
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      <Chip.Group
        multiple
        value={[...filter.categories]}
        onChange={(values) => onFilter({ ...filter, categories: values as TargetCareBurdenCategoryCode[] })}
      >
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t('filterCategory')}
          </Text>
          <Group gap={4} role="group" aria-label={t('filterCategory')}>
            {CATEGORY_ORDER.map((c) => (
              <Chip key={c} value={c} size="xs">
                {t(`category-${c}` as WorklistMessage)}
              </Chip>
            ))}
          </Group>
        </Stack>
      </Chip.Group>
      <NativeSelect
        label={t('filterSubgroup')}
        w={260}
        value={filter.subgroups[0] ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value as TargetSubgroupCode | '';
          onFilter({ ...filter, subgroups: value ? [value] : [] });
        }}
        data={[
          { value: '', label: t('all') },
          ...(Object.keys(TargetSubgroupCodeSystem.codes) as TargetSubgroupCode[]).map((s) => ({
            value: s,
            label: t(`subgroup-${s}` as WorklistMessage),
          })),
        ]}
      />
      <TriState label={t('filterHnhc')} value={filter.hnhc} onChange={(hnhc) => onFilter({ ...filter, hnhc })} />
      <TriState
        label={t('filterInvited')}
        value={filter.invited}
        onChange={(invited) => onFilter({ ...filter, invited })}
      />
      <NativeSelect
        label={t('sortBy')}
        w={220}
        value={sortValue}
        onChange={(event) => {
          const found = SORTS.find((s) => s.value === event.currentTarget.value);
          if (found) {
            onSort(found.sort);
          }
        }}
        data={SORTS.map((s) => ({ value: s.value, label: t(s.label) }))}
      />
    </Group>
  );
}
