/**
 * The Companion's workbench settings (CompanionApi getWorkbench / saveWorkbench): the saved pass-through
 * target and answer rules (the settings document's `workbench`), and this run's from `serve` flags, which win
 * while the run lasts. `config()` is what the listener's AnswerShaper reads for every delivery.
 */
import type { Low } from 'lowdb';
import type { ForwardTarget } from '../../../shared/api/types';
import { SaveWorkbenchSchema, type SaveWorkbenchInput, type WorkbenchSettings } from '../../../shared/api/workbench';
import { InputError } from '../../../shared/api/reply';
import type { Logger } from '../log';
import type { CompanionDocument } from '../store/settings-document';
import { parseAnswerRule, type AnswerRule } from './answer-rules';
import { DEFAULT_PASS_THROUGH_TIMEOUT_MS, type AnswerConfig } from './answer-shaper';

/** This run's workbench, from `serve --pass-through-to` / `--respond`. */
export interface SessionWorkbench {
  passThrough?: { url: string; timeoutMs: number } | null;
  rules?: AnswerRule[];
}

const NONE: SaveWorkbenchInput = { passThroughTargetId: null, passThroughTimeoutSeconds: DEFAULT_PASS_THROUGH_TIMEOUT_MS / 1000, answerRules: [] };

export class Workbench {
  private saved: SaveWorkbenchInput;
  private savedRules: AnswerRule[];
  private targetUrls = new Map<string, string>();

  constructor(
    private readonly db: Low<CompanionDocument>,
    private readonly session: SessionWorkbench,
    private readonly log: Logger,
  ) {
    const parsed = SaveWorkbenchSchema.safeParse(db.data.workbench);
    this.saved = parsed.success ? parsed.data : NONE;
    this.savedRules = this.rulesOf(this.saved.answerRules, false);
  }

  /** Keeps the forward targets' URLs (the pass-through target is named by id). */
  setTargets(targets: readonly ForwardTarget[]): void {
    this.targetUrls = new Map(targets.map((t) => [t.id, t.url]));
  }

  /** The answers in force: this run's flags where given, else the saved settings. */
  config(): AnswerConfig {
    const session = this.session.passThrough ?? null;
    const url = this.saved.passThroughTargetId === null ? undefined : this.targetUrls.get(this.saved.passThroughTargetId);
    return {
      rules: this.session.rules?.length ? this.session.rules : this.savedRules,
      passThrough: session ?? (url ? { url, timeoutMs: Math.round(this.saved.passThroughTimeoutSeconds * 1000) } : null),
    };
  }

  get(): WorkbenchSettings {
    return { ...this.saved, session: { passThroughUrl: this.session.passThrough?.url ?? null, answerRules: (this.session.rules ?? []).map((r) => r.text) } };
  }

  /** @throws InputError for an unknown target or a rule that does not parse. */
  async save(input: SaveWorkbenchInput): Promise<WorkbenchSettings> {
    if (input.passThroughTargetId !== null && !this.targetUrls.has(input.passThroughTargetId))
      throw new InputError(`No forward target has the id ${input.passThroughTargetId}.`);
    const rules = this.rulesOf(input.answerRules, true);
    this.db.data.workbench = input;
    await this.db.write();
    this.saved = input;
    this.savedRules = rules;
    this.log.info(`workbench saved: pass-through ${input.passThroughTargetId ?? 'off'}, ${rules.length} answer rule(s)`);
    return this.get();
  }

  private rulesOf(texts: readonly string[], strict: boolean): AnswerRule[] {
    const rules: AnswerRule[] = [];
    for (const text of texts) {
      try {
        rules.push(parseAnswerRule(text));
      } catch (error) {
        if (strict) throw new InputError((error as Error).message);
        this.log.warn(`saved answer rule ignored: ${(error as Error).message}`);
      }
    }
    return rules;
  }
}
