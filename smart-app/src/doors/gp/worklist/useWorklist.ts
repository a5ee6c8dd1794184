// The worklist's state: the practice's latest selection, the filter, sort and page, and the page the server
// answered for them. Every change of filter or sort goes back to the first page; stale answers are dropped.
import { normalizeErrorString } from '@medplum/core';
import { useCallback, useEffect, useState } from 'react';
import type { SmartSession } from '../../../launch/session.ts';
import {
  DEFAULT_SORT,
  fetchLatestSelection,
  fetchWorklistPage,
  NO_FILTER,
  type SelectionSummary,
  type WorklistFilter,
  type WorklistPageData,
  type WorklistSort,
} from './worklist-api.ts';

export const PAGE_SIZE = 25;

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: string }
  | { readonly state: 'ready'; readonly value: T };

export interface Worklist {
  readonly selection: Loadable<SelectionSummary | undefined>;
  readonly page: Loadable<WorklistPageData>;
  readonly filter: WorklistFilter;
  readonly sort: WorklistSort;
  readonly offset: number;
  setFilter(filter: WorklistFilter): void;
  setSort(sort: WorklistSort): void;
  setOffset(offset: number): void;
  /** Reads the current page again (after an invitation changed). */
  reloadPage(): void;
  /** Reads the latest selection again (after a new selection ran) and goes to its first page. */
  reloadSelection(): void;
}

export function useWorklist(session: SmartSession, practiceId: string | undefined): Worklist {
  const [selection, setSelection] = useState<Loadable<SelectionSummary | undefined>>({ state: 'loading' });
  const [page, setPage] = useState<Loadable<WorklistPageData>>({ state: 'loading' });
  const [filter, setFilterState] = useState<WorklistFilter>(NO_FILTER);
  const [sort, setSortState] = useState<WorklistSort>(DEFAULT_SORT);
  const [offset, setOffset] = useState(0);
  const [selectionRound, setSelectionRound] = useState(0);
  const [pageRound, setPageRound] = useState(0);
  const { medplum } = session;

  // biome-ignore lint/correctness/useExhaustiveDependencies: selectionRound is the request to read again
  useEffect(() => {
    if (!practiceId) {
      return;
    }
    const controller = new AbortController();
    // Reading again (after a new selection) keeps the current list on screen until the new one is there.
    setSelection((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    fetchLatestSelection(medplum, practiceId, controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) {
          setSelection({ state: 'ready', value });
          setOffset(0);
          // A new selection for the same date keeps the Group's id: read its page again all the same.
          setPageRound((n) => n + 1);
        }
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) {
          setSelection({ state: 'error', error: normalizeErrorString(err) });
        }
      });
    return () => controller.abort();
  }, [medplum, practiceId, selectionRound]);

  const groupId = selection.state === 'ready' ? selection.value?.id : undefined;
  useEffect(() => {
    if (!groupId) {
      return;
    }
    const controller = new AbortController();
    setPage((previous) => (previous.state === 'ready' && pageRound > 0 ? previous : { state: 'loading' }));
    fetchWorklistPage(medplum, groupId, filter, sort, offset, PAGE_SIZE, controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) {
          setPage({ state: 'ready', value });
        }
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) {
          setPage({ state: 'error', error: normalizeErrorString(err) });
        }
      });
    return () => controller.abort();
  }, [medplum, groupId, filter, sort, offset, pageRound]);

  const setFilter = useCallback((next: WorklistFilter) => {
    setFilterState(next);
    setOffset(0);
  }, []);
  const setSort = useCallback((next: WorklistSort) => {
    setSortState(next);
    setOffset(0);
  }, []);
  const reloadPage = useCallback(() => setPageRound((n) => n + 1), []);
  const reloadSelection = useCallback(() => setSelectionRound((n) => n + 1), []);
  return { selection, page, filter, sort, offset, setFilter, setSort, setOffset, reloadPage, reloadSelection };
}
