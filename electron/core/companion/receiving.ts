/**
 * How the Companion receives: the journal store's problems and callbacks routed to the settings document and
 * the live updates, the receiving pipeline (receiver/pipeline.ts) with the workbench's answers, and the
 * webhook listener bound to it.
 */
import type { StoreProblem } from '../../../shared/api/types';
import { ACTIVATION_EVENT_TYPE } from '../../../shared/knit/activation';
import { startListener } from '../receiver/listener';
import { createPipeline } from '../receiver/pipeline';
import { toEventSummary } from '../state/state';
import { setLockListener } from '../store/lock';
import { AnswerShaper } from '../workbench/answer-shaper';
import type { Companion } from './companion';

/** Moves the problems the store found at open to the settings document, and those it finds later as they come. */
export async function wireStore({ store, db, updates }: Companion): Promise<void> {
  const found = [...store.problems];
  // later problems come from the background check of the journal's checksums (store/integrity.ts)
  store.onProblem = (problem) => {
    db.data.problems.push(problem);
    updates.statusChanged();
    void db.write().catch(() => {});
  };
  if (found.length > 0) {
    db.data.problems.push(...found);
    await db.write();
  }
}

/** Routes stored events to forwarding and the live updates, builds the pipeline and binds the listener (unless `listen: false`). */
export async function startReceiving(companion: Companion): Promise<void> {
  const { store, updates, forwarding, workbench, connections, options, log } = companion;
  store.onApplied = (changes) => {
    forwarding.onStored(changes.event);
    if (!updates.subscribed) return;
    updates.event(toEventSummary(changes.event));
    if (changes.employee) updates.employee(changes.employee);
    if (changes.run) updates.run(changes.run);
  };
  store.onRetry = (event) => {
    if (!event) return updates.statusChanged();
    updates.eventChanged(toEventSummary(event));
    const run = event.syncRunId === null ? undefined : store.state.runs.get(event.syncRunId);
    if (run) updates.run(run);
  };
  store.onWriteState = (error) => void onWriteState(companion, error);

  const shaper = new AnswerShaper({ config: () => workbench.config(), record: (attempt) => forwarding.recordAttempt(attempt) });
  const pipeline = createPipeline({
    keys: () => companion.environments.keys,
    jobEnvironment: (integrationId) => companion.environments.jobEnvironment(integrationId),
    accept: async (input) => {
      const result = await store.accept(input);
      if (result.kind === 'stored' && input.body.eventType === ACTIVATION_EVENT_TYPE) {
        const { eventId, body, integrationId, environment, receivedAt } = input;
        void connections.onActivation({ eventId, body, integrationId, environment, receivedAt });
      }
      return result;
    },
    reject: (entry, body) => updates.rejection(companion.rejected.add(entry, body)),
    log,
    maxBodyBytes: options.maxBodyBytes,
    // the event is stored already: a failing shaper falls back to the usual 200 rather than losing the answer
    answer: (delivery, reply) =>
      shaper.answer(delivery, reply).catch((error: unknown) => {
        log.error(`answer for ${delivery.eventId} fell back to 200: ${error instanceof Error ? error.message : String(error)}`);
        return reply;
      }),
  });
  companion.onDelivery = pipeline.onDelivery;
  if (options.listen === false) return;
  const listener = await startListener({
    host: options.host,
    port: options.port ?? 8787,
    path: options.path ?? companion.doc.settings.listenerPath ?? '/knithook',
    maxBodyBytes: options.maxBodyBytes,
    log,
    ...pipeline,
  });
  companion.listener = listener;
  log.info(`listening on ${listener.url} (data folder ${options.dataDir})`);
  await setLockListener(options.dataDir, listener.url); // where `knit-sync send --data` posts
  companion.sync.startTunnel(listener.port, options.tunnelProvider);
}

/** A failed journal write becomes a problem in the UI (Knit gets 503 and retries); its recovery refreshes the status. */
async function onWriteState({ db, updates }: Companion, error: Error | null): Promise<void> {
  if (error) {
    const problem: StoreProblem = {
      id: `write-failed-${Date.now()}`,
      at: new Date().toISOString(),
      kind: 'write-failed',
      message: `Events cannot be written to the journal (${(error as NodeJS.ErrnoException).code ?? error.message}); Knit gets 503 and will retry.`,
      setAsidePath: null,
    };
    db.data.problems.push(problem);
  }
  updates.statusChanged();
  await db.write().catch(() => {});
}
