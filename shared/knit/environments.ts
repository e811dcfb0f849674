/**
 * Knit API environments. An API key belongs to one environment, and the same key signs that environment's
 * webhook deliveries. Source: shared/knit/README.md "Hosts" (production documented; sandbox seen only in
 * third-party code, so it stays editable).
 */

/** The name of an environment: `production`, `sandbox`, or a user-defined one (e.g. `demo`). */
export type EnvironmentName = string;

export const BUILT_IN_ENVIRONMENTS: ReadonlyArray<{ name: EnvironmentName; baseUrl: string }> = [
  { name: 'production', baseUrl: 'https://api.getknit.dev/v1.0' },
  { name: 'sandbox', baseUrl: 'https://api.sandbox.getknit.dev/v1.0' },
];

/** Environment names are short identifiers: letters, digits, `-` and `_`. */
export const ENVIRONMENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
