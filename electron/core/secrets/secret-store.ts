/**
 * Where API keys and the ngrok authtoken live. Never the settings document, argv, logs or exports. The
 * headless shell reads environment variables and a 0600 file in the data folder; the Electron shell
 * implements the same interface over `safeStorage`.
 */
import { rename } from 'node:fs/promises';
import type { SecretStatus, StoreProblem } from '../../../shared/api/types';

/**
 * A secret's name: `apiKey:<environment>` for API keys, `ngrokAuthtoken` for the tunnel, `forwardTarget:<id>`
 * for the credentials of a forward target's URL.
 */
export type SecretName = `apiKey:${string}` | 'ngrokAuthtoken' | `forwardTarget:${string}`;

export const apiKeySecret = (environment: string): SecretName => `apiKey:${environment}`;
export const NGROK_AUTHTOKEN_SECRET: SecretName = 'ngrokAuthtoken';

/** The secret's name in a sentence: "API key of production", "ngrok authtoken". */
export function secretLabel(name: SecretName): string {
  if (name.startsWith('forwardTarget:')) return `credentials of the forward target ${name.slice('forwardTarget:'.length)}`;
  return name === 'ngrokAuthtoken' ? 'ngrok authtoken' : `API key of ${name.slice('apiKey:'.length)}`;
}

/** A secret as read: its value (null when unset or unreadable) and what the UI may learn of it. */
export interface SecretReading {
  value: string | null;
  status: SecretStatus;
}

export interface SecretStore {
  /** The secret's value, or null when it is not set or cannot be read (see `read` for which). Never throws. */
  get(name: SecretName): Promise<string | null>;
  /** The secret's value with its state (set, unset, unreadable) and source. Never throws. */
  read(name: SecretName): Promise<SecretReading>;
  /**
   * Saves (or with null, deletes) a secret durably, keeping the others.
   * @throws Error with a sentence for the user when it cannot be saved (e.g. only a plain-text backend, or a
   *   secrets file that can be neither read nor set aside).
   */
  set(name: SecretName, value: string | null): Promise<void>;
  /** The names of the secrets that are set. */
  list(): Promise<SecretName[]>;
  /**
   * The problems found since the last call (a corrupt secrets file set aside, a secret that cannot be
   * decrypted), each returned once, for the Companion to report in the UI and the log.
   */
  takeProblems(): StoreProblem[];
}

/** A SecretStatus for `value` read from `source`. */
export function secretStatus(value: string | null, source: SecretStatus['source'], variable: string | null = null, savedIgnored = false): SecretStatus {
  return {
    state: value === null ? 'unset' : 'set',
    source: value === null ? null : source,
    variable: value === null ? null : variable,
    savedIgnored,
    last4: value === null ? null : value.slice(-4),
  };
}

/** The status of a saved secret that cannot be read. */
export const UNREADABLE: SecretStatus = { state: 'unreadable', source: 'saved', variable: null, savedIgnored: false, last4: null };

/** Collects problems of a secret store, each reported once. */
export class SecretProblems {
  #pending: StoreProblem[] = [];
  readonly #reported = new Set<string>();

  /** Records a problem unless one with the same `key` was recorded already in this run. */
  add(key: string, kind: StoreProblem['kind'], message: string, setAsidePath: string | null = null): void {
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.#pending.push({ id: `${kind}-${Date.now()}-${this.#reported.size}`, at: new Date().toISOString(), kind, message, setAsidePath });
  }

  /** Forgets `key`, so that a later failure is reported again (after the user entered the secret again). */
  clear(key: string): void {
    this.#reported.delete(key);
  }

  take(): StoreProblem[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }
}

/**
 * Moves a corrupt secrets file aside as `<file>.corrupt-<ms>` (like the journal store does) and records the
 * problem. @returns false when it could not be moved (then nothing may overwrite it).
 */
export async function setAsideSecretsFile(file: string, why: string, problems: SecretProblems): Promise<boolean> {
  const aside = `${file}.corrupt-${Date.now()}`;
  try {
    await rename(file, aside);
  } catch (error) {
    problems.add(
      `file:${file}`,
      'corrupt-secrets',
      `The secrets file ${file} is corrupt (${why}) and could not be moved aside (${(error as NodeJS.ErrnoException).code ?? 'error'}); keys cannot be saved until it is moved or deleted.`,
    );
    return false;
  }
  problems.add(
    `file:${file}`,
    'corrupt-secrets',
    `The secrets file is corrupt (${why}); it was set aside as ${aside}. Enter the API keys and the ngrok authtoken again in Setup and Settings.`,
    aside,
  );
  return true;
}
