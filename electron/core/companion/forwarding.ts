/**
 * The Companion's forwarding and replay (issue 7), behind three CompanionApi methods (listForwardTargets,
 * saveForwardTargets, replay), a hook for each newly stored event (`onStored`) and the attempts shown on an
 * event's detail (`attemptsOf`). It owns the attempt log (forward/attempt-log.ts), the forwarder
 * (forward/forwarder.ts) and runs replays (forward/replay.ts); the saved targets live in the settings
 * document's `forwardTargets`, the session ones come from `serve --forward-to`.
 */
import type { Low } from 'lowdb';
import { BUILT_IN_ENVIRONMENTS } from '../../../shared/knit/environments';
import type { ReplayInput, SaveForwardTargetsInput } from '../../../shared/api/companion-api';
import type { ForwardAttempt, ForwardTarget, ReplayJob, ReplayResult } from '../../../shared/api/types';
import { AttemptLog, attemptLogFile } from '../forward/attempt-log';
import { FORWARDING_DEFAULTS, Forwarder, type ForwardingOptions } from '../forward/forwarder';
import type { Outgoing } from '../forward/outgoing';
import { runReplay } from '../forward/replay';
import { newTargetId, savedTargetsOf, sessionTargets, targetCredentialsSecret, type SavedTarget, type TargetConfig } from '../forward/targets';
import { isMaskedUrl, maskedUrl, maskUrlText, splitCredentials, withCredentials } from '../forward/url-credentials';
import type { Logger } from '../log';
import { apiKeySecret, type SecretStore } from '../secrets/secret-store';
import type { EventMeta } from '../state/state';
import type { CompanionDocument } from '../store/settings-document';
import type { JournalStore } from '../store/journal-store';
import { InputError } from '../../../shared/api/reply';

/** Where forwarding publishes its changes: the Companion's UpdateBatcher (companion/updates.ts). */
export interface ForwardingSink {
  forwardAttempt(attempt: ForwardAttempt): void;
  /** The targets' list or figures changed; `current` is read when the batch is sent. */
  forwardTargetsChanged(current: () => ForwardTarget[]): void;
  replay(job: ReplayJob): void;
}

/** The Companion's parts forwarding works with. */
export interface ForwardingDeps {
  dataDir: string;
  db: Low<CompanionDocument>;
  store: JournalStore;
  secrets: SecretStore;
  log: Logger;
  sink: ForwardingSink;
  /** Session targets (`serve --forward-to`), forwarded to for this run only. */
  forwardTo?: readonly string[];
  options?: ForwardingOptions;
}

/** Opened with `Forwarding.open`, closed with `close()` before the store. */
export class Forwarding {
  private readonly attempts: AttemptLog;
  private readonly forwarder: Forwarder;
  private readonly session: TargetConfig[];
  private readonly options: Required<ForwardingOptions>;

  private constructor(private readonly deps: ForwardingDeps) {
    this.options = { ...FORWARDING_DEFAULTS, ...deps.options };
    this.attempts = new AttemptLog(attemptLogFile(deps.dataDir), deps.log);
    this.session = sessionTargets(deps.forwardTo ?? []);
    this.forwarder = new Forwarder(
      {
        read: (eventId) => this.read(eventId),
        record: (attempt) => void this.recordAttempt(attempt),
        changed: () => deps.sink.forwardTargetsChanged(() => this.forwarder.list()),
        log: deps.log,
      },
      this.options,
    );
  }

  /** Loads the attempt log and starts the saved and session targets. */
  static async open(deps: ForwardingDeps): Promise<Forwarding> {
    const forwarding = new Forwarding(deps);
    await forwarding.attempts.load();
    await forwarding.forgetPurged();
    const { targets, skipped } = savedTargetsOf(deps.db.data.forwardTargets);
    if (skipped > 0) deps.log.warn(`${skipped} saved forward target(s) in companion.json are not valid and were left out`);
    const configs: TargetConfig[] = [];
    let moved = 0;
    let kept = 0;
    for (const target of targets) {
      // A URL saved with its credentials (before they were kept apart) has them moved to the secrets now.
      const { url, credentials: inUrl } = splitCredentials(target.url);
      if (inUrl !== null) {
        await deps.secrets.set(targetCredentialsSecret(target.id), inUrl).then(
          () => moved++,
          (error: Error) => (kept++, deps.log.warn(`the credentials of forward target ${target.id} stay in companion.json: ${error.message}`)),
        );
      }
      const credentials = inUrl ?? (await deps.secrets.get(targetCredentialsSecret(target.id)));
      configs.push({ ...target, url, credentials, session: false });
    }
    if (moved > 0 && kept === 0) {
      deps.db.data.forwardTargets = configs.map(({ credentials: _secret, session: _session, ...saved }) => saved);
      await deps.db.write();
    }
    forwarding.forwarder.setTargets([...configs, ...forwarding.session]);
    for (const t of forwarding.forwarder.list()) if (t.enabled) deps.log.info(`forwarding verified events to ${t.url}`);
    return forwarding;
  }

  /** A newly stored event (never a redelivery): queued for the targets, sent off the request path. */
  onStored(event: Pick<EventMeta, 'eventId' | 'eventType'>): void {
    this.forwarder.enqueue(event.eventId, event.eventType);
  }

  /** The event's attempts still in the log, oldest first. */
  attemptsOf(eventId: string): ForwardAttempt[] {
    return this.attempts.forEvent(eventId);
  }

  async listForwardTargets(): Promise<ForwardTarget[]> {
    return this.forwarder.list();
  }

  /**
   * Replaces the saved targets (new ones get an id; an entry naming a session target's id is ignored).
   * @throws InputError when two entries share an id.
   */
  async saveForwardTargets(input: SaveForwardTargetsInput): Promise<ForwardTarget[]> {
    const sessionIds = new Set(this.session.map((t) => t.id));
    const before = new Map(this.forwarder.configs().map((t) => [t.id, t]));
    const configs: TargetConfig[] = [];
    for (const t of input.targets) {
      if (t.id !== undefined && sessionIds.has(t.id)) continue;
      const id = t.id ?? newTargetId();
      if (configs.some((c) => c.id === id)) throw new InputError(`Two forward targets have the id ${id}.`, 'targets');
      const { url, credentials } = splitCredentials(t.url);
      // A URL sent back as it was shown (password masked) keeps the credentials already saved.
      const kept = isMaskedUrl(t.url) ? (before.get(id)?.credentials ?? null) : credentials;
      configs.push({ id, url, credentials: kept, enabled: t.enabled, eventTypes: t.eventTypes ?? [], session: false });
    }
    for (const config of configs) {
      if ((before.get(config.id)?.credentials ?? null) !== config.credentials)
        await this.deps.secrets.set(targetCredentialsSecret(config.id), config.credentials);
    }
    for (const [id, old] of before)
      if (old.credentials !== null && !configs.some((c) => c.id === id)) await this.deps.secrets.set(targetCredentialsSecret(id), null);
    this.deps.db.data.forwardTargets = configs.map(({ credentials: _secret, session: _session, ...saved }): SavedTarget => saved);
    await this.deps.db.write();
    this.forwarder.setTargets([...configs, ...this.session]);
    this.deps.log.info(`forward targets saved: ${configs.filter((t) => t.enabled).length} enabled of ${configs.length}`);
    return this.forwarder.list();
  }

  /**
   * Sends the chosen events (or a run's) again to `to` in arrival order.
   * @throws InputError when `resignWithEnvironment` names no environment; Error when an eventId is not stored,
   * the run has no stored event, or the environment has no key.
   */
  async replay(input: ReplayInput): Promise<ReplayResult> {
    const state = this.deps.store.state;
    let metas: EventMeta[];
    if (input.eventIds) {
      const missing = input.eventIds.filter((id) => !state.events.has(id));
      if (missing.length > 0)
        throw new Error(`No stored event has the id ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ''}.`);
      metas = [...new Set(input.eventIds)].map((id) => state.events.get(id) as EventMeta).sort((a, b) => a.seq - b.seq);
    } else {
      metas = [];
      const run = state.events.dictionaries.syncRunId.find(input.syncRunId ?? null);
      const runs = state.events.codes.syncRunId.view();
      for (let position = 0; run > 0 && position < runs.length; position++) if (runs[position] === run) metas.push(state.events.at(position)!);
      if (metas.length === 0) throw new Error(`No stored event belongs to the sync run ${input.syncRunId}.`);
    }
    let resign: { environment: string; key: string } | null = null;
    if (input.resignWithEnvironment !== undefined) {
      const known = [...BUILT_IN_ENVIRONMENTS.map((e) => e.name), ...this.deps.db.data.environments.map((e) => e.name)];
      if (!known.includes(input.resignWithEnvironment))
        throw new InputError(`no environment named ${input.resignWithEnvironment} (known: ${known.join(', ')})`, 'resignWithEnvironment');
      const key = await this.deps.secrets.get(apiKeySecret(input.resignWithEnvironment));
      if (!key) throw new Error(`The environment ${input.resignWithEnvironment} has no API key to re-sign with.`);
      resign = { environment: input.resignWithEnvironment, key };
    }
    const to = this.unmasked(input.to);
    this.deps.log.info(`replaying ${metas.length} event(s) to ${maskUrlText(input.to)}${resign ? ` re-signed with the ${resign.environment} key` : ''}`);
    const result = await runReplay(
      { to, eventIds: metas.map((m) => m.eventId), resign },
      { read: (id) => this.read(id), record: (a) => this.recordAttempt(a), progress: (job) => this.deps.sink.replay(job), send: this.options },
    );
    this.deps.log.info(`replay ${result.replayId} done: ${result.ok} of ${result.sent} answered 2xx`);
    return result;
  }

  /**
   * `url` with its credentials: a URL shown masked (a target picked in the UI) gets its target's.
   * @throws InputError when no target is shown with that URL (the password must be typed again).
   */
  private unmasked(url: string): string {
    if (!isMaskedUrl(url)) return url;
    const target = this.forwarder.configs().find((t) => maskedUrl(t.url, t.credentials) === maskUrlText(url));
    if (!target) throw new InputError("The URL's password is masked (•••) and matches no forward target: type the password.");
    return withCredentials(target.url, target.credentials);
  }

  /** Drops the attempts of events no longer stored (after a purge: response previews may hold personal data). */
  async forgetPurged(): Promise<void> {
    const events = this.deps.store.state.events;
    const removed = await this.attempts.retain((a) => events.has(a.eventId));
    if (removed > 0) this.deps.log.info(`forward attempts of purged events removed: ${removed}`);
  }

  /** Stops forwarding (waiting events are not sent) and flushes the attempt log. */
  async close(): Promise<void> {
    this.forwarder.close();
    await this.attempts.flush();
  }

  /** Adds an attempt to the log and publishes it (also for pass-through and answer-rule answers: workbench/). */
  recordAttempt(attempt: Omit<ForwardAttempt, 'id'>): ForwardAttempt {
    const full = this.attempts.add(attempt);
    this.deps.sink.forwardAttempt(full);
    return full;
  }

  /** The stored event's bytes and kept headers, read back from the journal; null when it is gone. */
  private async read(eventId: string): Promise<Outgoing | null> {
    const meta = this.deps.store.state.events.get(eventId);
    const read = meta ? await this.deps.store.readEvent(meta) : null;
    if (!meta || !read || read.line.eventId !== eventId) return null;
    return { eventId, eventType: meta.eventType, body: read.raw, headers: read.line.headers };
  }
}
