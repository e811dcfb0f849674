/**
 * `knit-sync check --to URL [--key-env VAR | --key-file F] [--junit FILE] [--json] [--timeout S]`: grades a
 * webhook handler against Knit's rules with a fixed suite (electron/core/check/suite.ts) over real HTTP.
 * stdout: one line per check (`pass|fail|warn  <id>  sent … → got … · <what Knit would do>`) and a summary
 * line, or with --json one JSON object per check and a final `"type":"summary"` line; --junit also writes JUnit
 * XML. Exit 0 when no check fails (warnings allowed), 1 when one fails, 2 on a usage error.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_CHECK_TIMEOUT_MS, runCheckSuite } from '../../core/check/runner';
import { checkLine, junitXml, summaryLine } from '../../core/check/report-text';
import { CHECKS } from '../../core/check/suite';
import { CliError, EXIT_FAILURE, usageError } from '../errors';
import { keyFromOptions } from '../key-source';
import { parseUrl } from './emulate';

interface CheckOptions {
  to: string;
  keyEnv?: string;
  keyFile?: string;
  junit?: string;
  json?: boolean;
  timeout: string;
}

/** Adds `check` to the program. */
export function register(program: Command): void {
  program
    .command('check')
    .description("grade your webhook handler: a fixed suite of signed (and forged) deliveries that says which of Knit's rules it keeps")
    .requiredOption('--to <url>', "your handler's URL, e.g. http://localhost:3000/knithook")
    .option('--key-env <var>', 'the environment variable holding the API key your handler verifies with', 'KNIT_API_KEY')
    .option('--key-file <f>', 'a file holding the API key (instead of --key-env)')
    .option('--junit <file>', 'also write the results as JUnit XML (for CI)')
    .option('--json', 'one JSON object per check on stdout instead of text lines')
    .option('--timeout <s>', 'answer-time limit in seconds: slower fails, over half of it warns', String(DEFAULT_CHECK_TIMEOUT_MS / 1000))
    .addHelpText(
      'after',
      `\nChecks, in order:\n${CHECKS.map((c) => `  ${c.id.padEnd(20)} ${c.expect === 'accepted' ? 'answered 200' : 'refused (non-2xx)'}: ${c.sent}`).join('\n')}\n  ${'answer-time'.padEnd(20)} every answer within --timeout (over half of it warns)\n\nExit 0 when no check fails, 1 when one fails, 2 on a usage error.`,
    )
    .action(async (options: CheckOptions, command: Command) => {
      const url = parseUrl(options.to);
      const seconds = Number(options.timeout);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
        throw usageError(`--timeout must be a number of seconds above 0 (at most 600), not "${options.timeout}"`);
      const apiKey = await keyFromOptions(options, command);
      process.stderr.write(`check: ${CHECKS.length + 1} checks against ${url}\n`);
      const report = await runCheckSuite({
        url,
        apiKey,
        timeoutMs: Math.round(seconds * 1000),
        onResult: (result) => process.stdout.write(`${options.json ? JSON.stringify({ type: 'check', ...result }) : checkLine(result)}\n`),
      });
      const { results: _results, ...summary } = report;
      process.stdout.write(`${options.json ? JSON.stringify({ type: 'summary', ...summary }) : summaryLine(report)}\n`);
      if (options.junit) {
        try {
          await writeFile(options.junit, junitXml(report));
        } catch (error) {
          throw new CliError(`cannot write --junit ${options.junit}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
      }
      if (report.failed > 0) process.exitCode = EXIT_FAILURE;
    });
}
