/**
 * `knit-sync serve [--data DIR] [--port N] [--path P] [--ui-port N] [--no-tunnel] [--forward-to URL]...`: the
 * Companion headless. Prints exactly `listening http://127.0.0.1:<port><path>` on stdout once recovery is done,
 * the socket is bound and the attachments started (a failure of any prints no `listening` line), then the
 * lines of its attachments (serve-attachments.ts: `ui http://127.0.0.1:<ui-port>/?token=...`).
 * `--forward-to URL` (repeatable) forwards every verified event to the user's own handler for this run;
 * `--pass-through-to URL` makes one handler's answer the listener's, `--respond RULE` answers on purpose.
 * `knit-sync sync` (method `sync`) and `knit-sync replay` (method `replay`) go through its control endpoint.
 * SIGINT / SIGTERM: in-flight requests finish, the journal and snapshot are flushed, exit 0. Port in use or
 * folder locked: one line on stderr, exit 1.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { openCompanion } from '../../core/companion';
import type { CompanionService } from '../../core/companion';
import { createLogger } from '../../core/log';
import { createHeadlessSecretStore } from '../../core/secrets/headless-secret-store';
import { targetUrl } from '../../core/forward/targets';
import { parseAnswerRule, type AnswerRule } from '../../core/workbench/answer-rules';
import { FolderLockedError } from '../../core/store/lock';
import { CliError, usageError } from '../errors';
import { dataDirOf, dataOption, intOption } from '../options';
import { closeAttachments, printAttachmentLines, SERVE_ATTACHMENTS, startAttachments } from '../serve-attachments';
import { syncControlMethods } from '../sync-control';
import { DEFAULT_UI_PORT } from '../attachments/ui';

interface ServeOptions {
  data?: string;
  port?: string;
  path?: string;
  uiPort?: string;
  tunnel: boolean;
  forwardTo?: string[];
  passThroughTo?: string;
  passThroughTimeout: string;
  respond?: AnswerRule[];
}

/** The one `--pass-through-to URL`; a second one, or a bad URL, is a usage error. */
function passThroughUrl(value: string, previous: string | undefined): string {
  if (previous !== undefined) throw new InvalidArgumentError('only one pass-through handler at a time');
  try {
    return targetUrl(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Collects a repeatable `--respond STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES]`. */
function collectRule(value: string, previous: AnswerRule[] = []): AnswerRule[] {
  try {
    return [...previous, parseAnswerRule(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Collects a repeatable `--forward-to URL`; a bad URL is a usage error (exit 2). */
function collectForwardTo(value: string, previous: string[] = []): string[] {
  try {
    return [...previous, targetUrl(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function register(program: Command): void {
  dataOption(
    program
      .command('serve')
      .description('receive, verify and store Knit webhook events on 127.0.0.1 (headless Companion)')
      .option('--port <n>', 'listener port on 127.0.0.1 (0 takes a free one)', '8787')
      .option('--path <p>', 'listener path', '/knithook')
      .option('--ui-port <n>', 'UI port on 127.0.0.1 (0 takes a free one)', String(DEFAULT_UI_PORT))
      .option('--no-tunnel', 'do not start a tunnel (listen on loopback only)')
      .option('--forward-to <url>', 'also forward every verified event, bytes and Knit headers unchanged, to this URL (repeatable)', collectForwardTo)
      .option(
        '--pass-through-to <url>',
        "send each verified, stored delivery to your handler and answer Knit with the handler's status and body (one handler)",
        passThroughUrl,
      )
      .option('--pass-through-timeout <s>', 'seconds to wait for the pass-through handler before answering 504', '10')
      .option('--respond <rule>', 'answer on purpose: STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES], repeatable, applied in order (e.g. 500::3)', collectRule)
      .addHelpText(
        'after',
        `\nAnswer rules (--respond) count the deliveries of each event: --respond 500::3 answers the first three deliveries\nof every event 500, then normally; --respond 200:3000 answers every delivery 3 s late; --respond 503:0:1:record.*\nanswers the first delivery of each record event 503. Every event is stored before it is answered; the answers\nshow on the event. Rules come before --pass-through-to.`,
      ),
  ).action(async (options: ServeOptions) => {
    const port = intOption('--port', options.port, 0, 65_535) ?? 8787;
    intOption('--ui-port', options.uiPort, 0, 65_535);
    const path = options.path ?? '/knithook';
    if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(path)) throw usageError(`--path must start with / and be a URL path, got "${path}"`);
    const passThroughSeconds = Number(options.passThroughTimeout);
    if (!Number.isFinite(passThroughSeconds) || passThroughSeconds <= 0 || passThroughSeconds > 600)
      throw usageError(`--pass-through-timeout must be a number of seconds above 0 (at most 600), not "${options.passThroughTimeout}"`);
    const dataDir = await dataDirOf(options.data);
    const log = createLogger({ dataDir });
    let companion: CompanionService | null = null;
    try {
      companion = await openCompanion({
        dataDir,
        secrets: createHeadlessSecretStore(dataDir),
        port,
        path,
        log,
        command: 'knit-sync serve',
        noTunnel: !options.tunnel,
        forwardTo: options.forwardTo,
        workbench: {
          passThrough: options.passThroughTo ? { url: options.passThroughTo, timeoutMs: Math.round(passThroughSeconds * 1000) } : null,
          rules: options.respond ?? [],
        },
        controlMethods: syncControlMethods(() => companion),
      });
    } catch (error) {
      await log.close();
      if (error instanceof FolderLockedError) throw new CliError(error.message);
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is in use on 127.0.0.1`);
      throw error;
    }
    const status = await companion.getStatus();
    if (!status.environments.some((e) => e.keySet))
      log.warn('no API key is configured: every delivery will be refused (set KNIT_API_KEY or KNIT_SANDBOX_API_KEY)');
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    const attachments = await startAttachments(SERVE_ATTACHMENTS, { companion, dataDir, log, options: { ...options } }).catch(async (error: unknown) => {
      await companion!.close();
      await log.close();
      throw error;
    });
    process.stdout.write(`listening ${companion.listenerUrl}\n`);
    printAttachmentLines(attachments);
    const signal = await stopped;
    log.info(`${signal}: finishing in-flight requests and flushing`);
    await closeAttachments(attachments, log);
    await companion.close();
    await log.close();
  });
}
