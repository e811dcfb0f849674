/**
 * Every Knit API call the product makes, in one table, so that correcting a path is one line.
 * All calls are `POST <baseUrl><path>` with a JSON body, `Authorization: Bearer <API key>` and, for calls about
 * one customer's account, `X-Knit-Integration-Id`. Source: shared/knit/README.md "Sync API" (Knit's employee sync
 * guide and API reference); the confidence column says how sure we are of each path.
 */

/** One Knit API call: its path under the environment's base URL and how sure we are of it. */
export interface KnitApiPath {
  readonly path: string;
  readonly confidence: 'documented' | 'unconfirmed';
  readonly note: string;
}

/** Every call, its path and how sure we are of it (shared/knit/README.md "Sync API"). */
export const KNIT_API_PATHS = {
  'sync.start': {
    path: '/sync.start',
    confidence: 'documented',
    note: 'Employee sync guide: idempotent per integration (same syncJobId), every call starts an initial_sync.',
  },
  'sync.update': {
    path: '/sync.update',
    confidence: 'documented',
    note: 'Employee sync guide: a models change starts an initial_sync; destination or frequency alone does not.',
  },
  'sync.pause': {
    path: '/sync.pause',
    confidence: 'unconfirmed',
    note: 'Named in the guide ("Pause a Sync API"); path and body follow Knit naming but are not confirmed.',
  },
  'sync.resume': {
    path: '/sync.resume',
    confidence: 'unconfirmed',
    note: 'Not in the guide; path and body follow Knit naming, as for sync.pause.',
  },
  'auth.createSession': {
    path: '/auth.createSession',
    confidence: 'documented',
    note: 'Knit UI component: the session token is at msg.token, not under data.',
  },
} as const satisfies Record<string, KnitApiPath>;

/**
 * The two documented bodies of `sync.start`, and how sure we are which one an account needs (we cannot tell
 * from here: both are supported). `guide`: Knit's employee sync guide. `reference`: Knit's current "Start a
 * Sync" API reference (developers.getknit.dev/reference/start-a-sync), where the webhook URL is registered per
 * category in Knit's dashboard, so the body carries no destination (and no frequency).
 */
export const SYNC_START_CONTRACTS = {
  guide: {
    fields: ['dataType', 'models', 'frequency', 'destination'],
    optional: ['syncType', 'honorScheduler', 'includeInactiveRecords'],
    confidence: 'documented',
    note: 'Employee sync guide, "Start a sync": frequency standard | medium | high; destination is the webhook URL.',
  },
  reference: {
    fields: ['dataType', 'models'],
    optional: ['syncType', 'honorScheduler', 'includeInactiveRecords', 'startHour', 'startMinute'],
    confidence: 'unconfirmed',
    note: 'API reference "Start a Sync": syncType delta_sync runs an ad-hoc delta; honorScheduler keeps the next scheduled run; startHour/startMinute: when the schedule runs (units and time zone unconfirmed). Which body an account needs is unconfirmed.',
  },
} as const;

/** The name of a Knit API call, e.g. `sync.start`. */
export type KnitApiCall = keyof typeof KNIT_API_PATHS;

/** The full URL of `call` under `baseUrl` (e.g. `https://api.getknit.dev/v1.0`; a trailing slash is ignored). */
export function knitApiUrl(baseUrl: string, call: KnitApiCall): string {
  return baseUrl.replace(/\/+$/, '') + KNIT_API_PATHS[call].path;
}
