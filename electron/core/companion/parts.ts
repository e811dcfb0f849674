/**
 * The Companion's sync jobs and tunnel (sync-and-tunnel.ts) and its connections through Knit's UI component
 * (connect/connections.ts), each built with what it needs of the Companion.
 */
import { Connections } from '../connect/connections';
import { apiKeySecret } from '../secrets/secret-store';
import type { Companion } from './companion';
import { SyncAndTunnel } from './sync-and-tunnel';

/** Sync jobs and the tunnel over the Companion's settings, environments and listener. */
export function syncFor(companion: Companion): SyncAndTunnel {
  const { db, options, log, updates, environments } = companion;
  return new SyncAndTunnel({
    db,
    secrets: options.secrets,
    log,
    updates,
    environments: () => environments.list(),
    listenerUrl: () => companion.listener?.url ?? null,
    noTunnel: options.noTunnel ?? false,
    secretsRead: () => void environments.reportSecretProblems(),
  });
}

/** Connections through Knit's UI component: they read environments' keys, start syncs and save integrations. */
export function connectionsFor(companion: Companion): Connections {
  const { db, options, log, updates, environments } = companion;
  return new Connections({
    db,
    log,
    environment: async (name) => {
      const env = environments.list().find((e) => e.name === name);
      return env ? { baseUrl: env.baseUrl, apiKey: await options.secrets.get(apiKeySecret(name)) } : null;
    },
    startSync: (input) => companion.sync.start(input),
    hasDestination: () => companion.sync.destination() !== null,
    saveIntegrations: async (integrations) => void (await companion.saveSettings({ integrations })),
    emit: (view) => updates.connectionsChanged(view),
  });
}
