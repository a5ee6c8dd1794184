import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTargetServer } from '../../../server/src/app.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { ReadCache } from '../../../server/src/store/read-cache.ts';
import { makeTestConfig, type TestConfig } from '../../support/database.ts';

describe('ReadCache', () => {
  test('serves a filled entry as a fresh copy each time', () => {
    const cache = new ReadCache(10);
    cache.fill('Patient', 'a', '{"resourceType":"Patient","id":"a"}', cache.currentGeneration);
    const first = cache.get('Patient', 'a') as { id: string };
    first.id = 'changed';
    expect(cache.get('Patient', 'a')).toEqual({ resourceType: 'Patient', id: 'a' });
  });

  test('does not keep a read that raced an invalidation', () => {
    const cache = new ReadCache(10);
    const generation = cache.currentGeneration;
    cache.invalidate(['Patient/a']); // a write committed while the read was in flight
    cache.fill('Patient', 'a', '{"resourceType":"Patient","id":"a"}', generation);
    expect(cache.get('Patient', 'a')).toBeUndefined();
  });

  test('evicts the least recently used entry beyond its capacity', () => {
    const cache = new ReadCache(2);
    for (const id of ['a', 'b']) cache.fill('Patient', id, `{"id":"${id}"}`, cache.currentGeneration);
    cache.get('Patient', 'a');
    cache.fill('Patient', 'c', '{"id":"c"}', cache.currentGeneration);
    expect(cache.get('Patient', 'b')).toBeUndefined();
    expect(cache.get('Patient', 'a')).toBeDefined();
    expect(cache.get('Patient', 'c')).toBeDefined();
  });

  test('caches nothing while suspended and forgets what it had', () => {
    const cache = new ReadCache(10);
    cache.fill('Patient', 'a', '{"id":"a"}', cache.currentGeneration);
    cache.suspend();
    expect(cache.get('Patient', 'a')).toBeUndefined();
    cache.fill('Patient', 'b', '{"id":"b"}', cache.currentGeneration);
    expect(cache.get('Patient', 'b')).toBeUndefined();
    cache.resume();
    cache.fill('Patient', 'b', '{"id":"b"}', cache.currentGeneration);
    expect(cache.get('Patient', 'b')).toBeDefined();
  });
});

describe('read cache across two server processes on one PostgreSQL database', () => {
  let testConfig: TestConfig;
  let a: Awaited<ReturnType<typeof createTargetServer>>;
  let b: Awaited<ReturnType<typeof createTargetServer>>;
  beforeAll(async () => {
    testConfig = await makeTestConfig('postgres');
    const logger = createLogger(testConfig.config);
    a = await createTargetServer(testConfig.config, logger);
    b = await createTargetServer(testConfig.config, logger);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await testConfig?.cleanup();
  });

  test('a read on one server sees an update made through the other', async () => {
    const created = await a.repo.createResource({ resourceType: 'Patient', name: [{ family: 'Smit' }] });
    expect((await a.repo.readResource('Patient', created.id)).meta?.versionId).toBe('1'); // now cached in a
    await b.repo.updateResource({ ...created, name: [{ family: 'Smid' }] });
    // NOTIFY is delivered after commit, asynchronously: poll briefly.
    let family: string | undefined;
    for (let attempt = 0; attempt < 50 && family !== 'Smid'; attempt++) {
      family = ((await a.repo.readResource('Patient', created.id)) as { name: { family: string }[] }).name[0].family;
      if (family !== 'Smid') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(family).toBe('Smid');
  });

  test('a delete through one server is a 410 on the other', async () => {
    const created = await a.repo.createResource({ resourceType: 'Patient', name: [{ family: 'Visser' }] });
    await a.repo.readResource('Patient', created.id);
    await b.repo.deleteResource('Patient', created.id);
    let status = 200;
    for (let attempt = 0; attempt < 50 && status === 200; attempt++) {
      status = await a.repo.readResource('Patient', created.id).then(
        () => 200,
        () => 410,
      );
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(410);
  });

  test('the writing server reads its own update at once', async () => {
    const created = await a.repo.createResource({ resourceType: 'Patient', name: [{ family: 'Bos' }] });
    await a.repo.readResource('Patient', created.id);
    await a.repo.updateResource({ ...created, name: [{ family: 'Bosch' }] });
    const read = (await a.repo.readResource('Patient', created.id)) as { name: { family: string }[] };
    expect(read.name[0].family).toBe('Bosch');
  });
});
