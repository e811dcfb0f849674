/** The Companion's status (CompanionApi.getStatus): version, listener, tunnel, destination, counts, environments, problems. */
import type { CompanionStatus } from '../../../shared/api/types';
import { APP_VERSION } from '../version';
import type { Companion } from './companion';

/** The status now; also what each update batch carries when the status changed (updates.ts). */
export function statusOf({ listener, store, startedAt, options, sync, rejected, environments, doc }: Companion): CompanionStatus {
  const url = listener?.url ?? null;
  const state = store.state;
  return {
    version: APP_VERSION,
    startedAt,
    dataDir: options.dataDir,
    listener: { url, state: url ? 'listening' : 'starting', error: null },
    tunnel: sync.tunnelStatus(),
    destination: sync.destination(),
    destinationWarning: sync.destinationWarning(),
    counts: { received: state.events.size, rejected: rejected.total, retries: state.retries, employees: state.activeEmployees() },
    environments: environments.infos,
    problems: doc.problems,
  };
}
