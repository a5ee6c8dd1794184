// `target settings --practice <id> [--set key=value ...]`: shows a practice's TARGET settings with how each
// default is supported (sourced / default / assumption), and with --set stores a new version of the
// settings resource (earlier results keep pointing at the version they were computed with).
//   --set high-percentile=85 --set contact-weight.visit=2 --set count-practice-nurse=false
import { parseArgs } from 'node:util';
import { OperationOutcomeError, operationOutcomeToString } from '@medplum/core';
import {
  CONTACT_TYPES,
  changedPracticeSettings,
  type ResolvedPracticeSettings,
  SETTING_FIELDS,
  SettingsError,
  type StoredPracticeSettings,
  TargetSettingCodeSystem,
} from '@target/profiles';
import { loadConfig } from '../config.ts';
import { openServerStore } from '../open-server-store.ts';
import { createLogger } from '../platform/logger.ts';
import { formatTable, type ProgressStream } from '../platform/progress.ts';
import { fromR4 } from '../programme/repository-reader.ts';
import { practiceSettings } from '../programme/selection/settings-store.ts';

export const SETTINGS_USAGE = `Usage: node server/src/main.ts settings --practice <Organization id> [--set key=value ...]

Keys: ${Object.keys(SETTING_FIELDS).join(', ')}, contact-weight.<${CONTACT_TYPES.join('|')}>
`;

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** `key=value` pairs → the settings they change, typed; a message for anything unknown or malformed. */
export function parseChanges(pairs: readonly string[]): StoredPracticeSettings | string {
  const changes: StoredPracticeSettings = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const [key, raw] = at < 0 ? [pair, undefined] : [pair.slice(0, at), pair.slice(at + 1)];
    if (raw === undefined || raw === '') {
      return `--set needs key=value, got "${pair}"`;
    }
    if (key.startsWith('contact-weight.')) {
      const type = key.slice('contact-weight.'.length);
      const contactType = CONTACT_TYPES.find((known) => known === type);
      if (!contactType || Number.isNaN(Number(raw))) {
        return `contact-weight.<type> needs a contact type (${CONTACT_TYPES.join(', ')}) and a number`;
      }
      changes.contactWeights = { ...changes.contactWeights, [contactType]: Number(raw) };
      continue;
    }
    const field = SETTING_FIELDS[key as keyof typeof SETTING_FIELDS];
    if (!field) {
      return `unknown setting "${key}"`;
    }
    const value =
      field.type === 'Boolean'
        ? raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : undefined
        : field.type === 'Integer' || field.type === 'Decimal'
          ? Number(raw)
          : raw;
    if (
      value === undefined ||
      (typeof value === 'number' && (Number.isNaN(value) || (field.type === 'Integer' && !Number.isInteger(value))))
    ) {
      return `${key} must be ${field.type.toLowerCase()}, got "${raw}"`;
    }
    (changes as Record<string, unknown>)[field.field] = value;
  }
  return changes;
}

function rows(settings: ResolvedPracticeSettings): (string | number)[][] {
  const evidence = TargetSettingCodeSystem.properties.evidence;
  const weights = CONTACT_TYPES.map((type) => [
    `contact-weight.${type}`,
    String(settings.contactWeights[type]),
    evidence['contact-weight'],
  ]);
  const scalars = Object.entries(SETTING_FIELDS).map(([key, { field }]) => [
    key,
    String(settings[field] ?? '–'),
    evidence[key as keyof typeof evidence],
  ]);
  return [...weights, ...scalars];
}

export async function runSettingsCommand(
  args: string[],
  io: { stdout: ProgressStream; stderr: ProgressStream } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let practice: string | undefined;
  let changes: StoredPracticeSettings | string = {};
  try {
    const { values } = parseArgs({
      args,
      options: { practice: { type: 'string' }, set: { type: 'string', multiple: true } },
      strict: true,
    });
    practice = values.practice?.replace(/^Organization\//, '');
    changes = parseChanges(values.set ?? []);
  } catch (err) {
    changes = (err as Error).message;
  }
  if (typeof changes === 'string' || !practice) {
    io.stderr.write(`${typeof changes === 'string' ? changes : '--practice is required'}\n\n${SETTINGS_USAGE}`);
    return EXIT_USAGE;
  }
  const config = loadConfig();
  const store = await openServerStore(config, createLogger({ ...config, logLevel: 'warn' }));
  try {
    let current = await practiceSettings(store.repo, practice);
    if (Object.keys(changes).length > 0) {
      const next = changedPracticeSettings(current, changes, new Date().toISOString().slice(0, 10));
      await store.repo.updateResource(fromR4(next));
      current = await practiceSettings(store.repo, practice);
    }
    io.stdout.write(formatTable(['setting', 'value', 'evidence'], rows(current.resolved)));
    io.stdout.write(`\nBasic/${current.version.id}/_history/${current.version.version} (Organization/${practice})\n`);
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr.write(`${err.setting ? `${err.setting}: ` : ''}${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof OperationOutcomeError) {
      io.stderr.write(`${operationOutcomeToString(err.outcome)}\n`);
      return EXIT_FAILED;
    }
    throw err;
  } finally {
    await store.close();
  }
}
