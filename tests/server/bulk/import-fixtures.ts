// Shared by the import tests: a fresh store of each database kind, and source files in a temp folder.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Operator } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll } from 'vitest';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import type { Store } from '../../../server/src/store/open.ts';
import type { PostgresRepository } from '../../../server/src/store/repository.ts';
import { type DatabaseKind, makeTestConfig, type TestConfig } from '../../support/database.ts';

export const TEST_SYSTEM = 'urn:target-import-test';

/** One fresh store for the enclosing describe block; `repo` reads through to it. */
export function useTestStore(kind: DatabaseKind): { readonly repo: PostgresRepository; readonly store: Store } {
  let test: TestConfig | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    test = await makeTestConfig(kind);
    store = await openServerStore(test.config, createLogger(test.config));
  });
  afterAll(async () => {
    await store?.close();
    await test?.cleanup();
  });
  const current = (): Store => {
    if (!store) {
      throw new Error('The store opens in beforeAll: use it inside tests and hooks');
    }
    return store;
  };
  return {
    get repo() {
      return current().repo;
    },
    get store() {
      return current();
    },
  };
}

/** A fresh temp folder, removed after the test file. */
export function useTempFolder(): () => string {
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(folders.map((folder) => fs.rm(folder, { recursive: true, force: true })));
  });
  return () => {
    const folder = path.join(os.tmpdir(), `target-import-${process.pid}-${folders.length}-${Date.now()}`);
    folders.push(folder);
    return folder;
  };
}

/** Writes lines (resources as JSON, strings as they are) to `<folder>/<name>`; `.gz` names are gzipped. */
export async function writeSource(folder: string, name: string, lines: (Resource | string)[]): Promise<string> {
  const file = path.join(folder, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const text = `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`;
  await fs.writeFile(file, name.endsWith('.gz') ? gzipSync(text) : text);
  return file;
}

/** Writes one JSON document (a Bundle or a resource). */
export async function writeJson(folder: string, name: string, value: unknown): Promise<string> {
  const file = path.join(folder, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(value, null, 2));
  return file;
}

/** Number of current resources of a type carrying the test identifier `value`. */
export async function countByIdentifier(
  repo: PostgresRepository,
  resourceType: string,
  value: string,
): Promise<number> {
  const found = await repo.searchResources({
    resourceType: resourceType as Resource['resourceType'],
    filters: [{ code: 'identifier', operator: Operator.EQUALS, value: `${TEST_SYSTEM}|${value}` }],
    count: 1000,
  });
  return found.length;
}

export function patient(id: string | undefined, value: string, extra: Record<string, unknown> = {}): Resource {
  return {
    resourceType: 'Patient',
    ...(id ? { id } : {}),
    identifier: [{ system: TEST_SYSTEM, value }],
    name: [{ family: 'Jansen', given: ['Anna'] }],
    gender: 'female',
    birthDate: '1950-03-04',
    ...extra,
  } as Resource;
}

export function encounter(id: string, value: string, subject: string): Resource {
  return {
    resourceType: 'Encounter',
    id,
    identifier: [{ system: TEST_SYSTEM, value }],
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: subject },
  };
}

export function observation(id: string | undefined, value: string, subject: string, encounterRef?: string): Resource {
  return {
    resourceType: 'Observation',
    ...(id ? { id } : {}),
    identifier: [{ system: TEST_SYSTEM, value }],
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
    subject: { reference: subject },
    ...(encounterRef ? { encounter: { reference: encounterRef } } : {}),
    valueQuantity: { value: 72.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  };
}
