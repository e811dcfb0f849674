/**
 * Where API keys and the ngrok authtoken live. Never lowdb, argv, logs or exports (ARCHITECTURE.md
 * "Secrets"). The headless shell reads environment variables and a 0600 file in the data folder; the Electron
 * shell implements the same interface over `safeStorage`.
 */

/** A secret's name: `apiKey:<environment>` for API keys, `ngrokAuthtoken` for the tunnel. */
export type SecretName = `apiKey:${string}` | 'ngrokAuthtoken';

export const apiKeySecret = (environment: string): SecretName => `apiKey:${environment}`;
export const NGROK_AUTHTOKEN_SECRET: SecretName = 'ngrokAuthtoken';

export interface SecretStore {
  /** The secret's value, or null when it is not set. */
  get(name: SecretName): Promise<string | null>;
  /**
   * Saves (or with null, deletes) a secret durably.
   * @throws Error with a sentence for the user when it cannot be saved (e.g. only a plain-text backend).
   */
  set(name: SecretName, value: string | null): Promise<void>;
  /** The names of the secrets that are set. */
  list(): Promise<SecretName[]>;
}
