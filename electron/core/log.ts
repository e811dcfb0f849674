/**
 * A tiny logger: one line per message to stderr and, when a data folder is open, appended to
 * `<data>/logs/knit-sync.log` (ARCHITECTURE.md "CLI conventions": logs to stderr and a log file).
 * Line format: `<ISO time> <level> <message>`. Callers never pass secrets (API keys, tokens): only names,
 * ids, counts and sentences.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Flushes and closes the log file (stderr stays). */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** The data folder: the log goes to `<dataDir>/logs/knit-sync.log`. None: stderr only. */
  dataDir?: string;
  /** Lowest level written; default `KNIT_SYNC_LOG_LEVEL` or `info`. */
  level?: LogLevel;
  /** Write to stderr too (default true). */
  stderr?: boolean;
}

/** Creates a logger. Never throws: a log file that cannot be opened leaves stderr only. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = process.env.KNIT_SYNC_LOG_LEVEL as LogLevel | undefined;
  const min = RANK[options.level ?? (envLevel && envLevel in RANK ? envLevel : 'info')];
  const toStderr = options.stderr ?? true;
  let file: WriteStream | null = null;
  if (options.dataDir) {
    try {
      const dir = join(options.dataDir, 'logs');
      mkdirSync(dir, { recursive: true, mode: 0o700 }); // often the first to create the data folder: private like the rest
      file = createWriteStream(join(dir, 'knit-sync.log'), { flags: 'a' });
      file.on('error', () => {
        file = null;
      });
    } catch {
      file = null;
    }
  }
  const write = (level: LogLevel, message: string): void => {
    if (RANK[level] < min) return;
    const line = `${new Date().toISOString()} ${level} ${message.replace(/\n/g, ' ')}\n`;
    if (toStderr) process.stderr.write(line);
    file?.write(line);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    close: () =>
      new Promise<void>((resolve) => {
        const f = file;
        file = null;
        if (!f) return resolve();
        f.end(() => resolve());
      }),
  };
}

/** A logger that drops everything (tests, read-only commands). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  close: async () => {},
};
