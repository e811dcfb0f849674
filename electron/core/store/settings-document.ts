/**
 * The small settings document `companion.json` (mode 0600), kept with lowdb (`Low` over an atomic 0600 JSON
 * adapter, store/atomic-write.ts; not `JSONFilePreset`, which swaps to memory when NODE_ENV is `test`): settings without secrets, custom environments, the store
 * problems shown until dismissed, and `jobs`, reserved for the sync engine. A document that cannot be read
 * is moved aside and replaced by defaults, never a crash.
 */
import { rename } from 'node:fs/promises';
import { Low } from 'lowdb';
import { DEFAULT_MODEL_IDS } from '../../../shared/knit/models';
import type { Settings, StoreProblem } from '../../../shared/api/types';
import { AtomicJsonFile } from './atomic-write';
import { dataFiles } from './data-dir';

export interface CompanionDocument {
  settings: Settings;
  /** User-defined environments (production and sandbox are built in). */
  environments: Array<{ name: string; baseUrl: string }>;
  problems: StoreProblem[];
  /** Sync jobs: owned by the sync engine (electron/core/sync). Read here only for the other-environment flag. */
  jobs?: unknown[];
  /** Saved forward targets: owned by forwarding (electron/core/forward/targets.ts), validated when read. */
  forwardTargets?: Array<{ id: string; url: string; enabled: boolean; eventTypes: string[] }>;
  [key: string]: unknown;
}

/** The settings a new data folder starts with. */
export function defaultSettings(): Settings {
  return {
    activeEnvironment: 'production',
    integrations: [],
    listenerPath: '/knithook',
    // Knit needs a public URL: try ngrok; without an authtoken the status says how to get one.
    tunnelMode: 'ngrok',
    publicUrl: null,
    ngrokDomain: null,
    autoUpdateDestination: false,
    retentionDays: null,
    defaultModels: [...DEFAULT_MODEL_IDS],
    defaultFrequency: 'standard',
  };
}

const defaults = (): CompanionDocument => ({ settings: defaultSettings(), environments: [], problems: [] });

/**
 * Opens (or creates) the document of `dataDir`.
 * @returns the lowdb handle and, when the file was unreadable, the problem (the file moved aside).
 */
export async function openSettingsDocument(dataDir: string): Promise<{ db: Low<CompanionDocument>; problem: StoreProblem | null }> {
  const file = dataFiles(dataDir).document;
  const db = new Low<CompanionDocument>(new AtomicJsonFile<CompanionDocument>(file), defaults());
  let problem: StoreProblem | null = null;
  try {
    await db.read();
    if (db.data === null || typeof db.data !== 'object' || Array.isArray(db.data)) throw new Error('not an object');
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    await rename(file, aside).catch(() => {});
    problem = {
      id: `corrupt-document-${Date.now()}`,
      at: new Date().toISOString(),
      kind: 'corrupt-document',
      message: `The settings file companion.json could not be read (${(error as Error).message.split('\n')[0]}); it was set aside as ${aside} and defaults were used.`,
      setAsidePath: aside,
    };
    db.data = defaults();
  }
  const data = db.data;
  data.settings = { ...defaultSettings(), ...(data.settings ?? {}) };
  data.environments = Array.isArray(data.environments) ? data.environments : [];
  data.problems = Array.isArray(data.problems) ? data.problems : [];
  if (problem) data.problems.push(problem);
  await db.write();
  return { db, problem };
}
