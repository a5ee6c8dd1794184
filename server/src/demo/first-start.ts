// `npm start` on a fresh machine: one demo practice of about 2,000 patients is seeded on the first start,
// with a history of invitations and other conversations, and its selection is run, so the EHR simulator and
// the app have something to show. A database that already
// holds the demo practice (or any data, on a later start) is left alone.
import { practiceToday } from '@target/profiles';
import type { Logger } from '../platform/logger.ts';
import { runSelection } from '../programme/selection/selection.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { seedConversationHistory } from './conversation-history.ts';
import { type DemoOptions, practicePatients } from './generate.ts';
import { resourceId } from './random.ts';
import { seedDemo } from './seed.ts';
import { buildPractice } from './staff.ts';

export const FIRST_START_DEMO: Omit<DemoOptions, 'referenceDate'> = { patients: 2000, practices: 1, seed: 1 };

/** Seeds the demo practice and runs its selection unless the store already holds patients; true when it did. */
export async function seedDemoOnFirstStart(
  repo: PostgresRepository,
  logger: Logger,
  demo: Omit<DemoOptions, 'referenceDate'> = FIRST_START_DEMO,
): Promise<boolean> {
  const existing = await repo.search({ resourceType: 'Patient', count: 0, total: 'accurate' });
  const practice = resourceId('Organization', 0, demo.seed);
  if ((existing.total ?? 0) > 0) {
    // A first start that seeded but stopped before its selection: run the selection now.
    const demoPractice = await repo.readResource('Organization', practice).catch(() => undefined);
    const selections = await repo.search({ resourceType: 'Group', count: 0, total: 'accurate' });
    if (demoPractice && !selections.total) {
      await runSelection(repo, { practices: [practice], referenceDate: practiceToday() });
      logger.info({ practice: `Organization/${practice}` }, 'demo practice selection ready');
    }
    return false;
  }
  const referenceDate = practiceToday();
  logger.info({ ...demo, referenceDate }, 'empty database: seeding the demo practice');
  const seeded = await seedDemo(repo, { ...demo, referenceDate });
  // The demo practice's TARGET history (an earlier selection, invitations, conversations), then today's
  // selection over it.
  // A history that fails (a bug in its generator) is logged and left out: the practice and today's selection
  // still come, so the server is usable and a later start does not find a half-seeded database without one.
  try {
    const history = await seedConversationHistory(
      repo,
      buildPractice(0, practicePatients(demo.patients, demo.practices, 0), 0, demo.seed),
      referenceDate,
      demo.seed,
    );
    logger.info({ ...history }, 'demo practice history ready');
  } catch (err) {
    logger.error({ err }, 'the demo practice history could not be written; the practice is seeded without it');
  }
  const [summary] = await runSelection(repo, { practices: [practice], referenceDate });
  logger.info(
    {
      resources: seeded.resources,
      seconds: Math.round(seeded.elapsedMs / 100) / 10,
      practice: `Organization/${practice}`,
      selection: summary.group,
      chronicallyIll: summary.chronicallyIll,
      categories: summary.categories,
    },
    'demo practice ready',
  );
  return true;
}
