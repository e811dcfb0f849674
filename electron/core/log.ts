/**
 * A tiny logger: one line per message to stderr and, when a data folder is open, appended to
 * `<data>/logs/knit-sync.log` (ARCHITECTURE.md "CLI conventions": logs to stderr and a log file), mode 0600,
 * rotated by size (rotating-file-stream, logrotate style: `knit-sync.log.1` is the newest of at most 3 kept).
 * Line format: `<ISO time> <level> <message>`. Callers never pass secrets (API keys, tokens): only names,
 * ids, counts and sentences.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

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
  /** The log file's size cap in bytes before it is rotated; default LOG_FILE_MAX_BYTES. */
  maxFileBytes?: number;
}

/** 10 MB per log file, and 3 rotated files kept beside the current one: at most 40 MB of logs. */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const LOG_FILES_KEPT = 3;

/** Creates a logger. Never throws: a log file that cannot be opened leaves stderr only. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = process.env.KNIT_SYNC_LOG_LEVEL as LogLevel | undefined;
  const min = RANK[options.level ?? (envLevel && envLevel in RANK ? envLevel : 'info')];
  const toStderr = options.stderr ?? true;
  let file: RotatingFileStream | null = null;
  if (options.dataDir) {
    try {
      const dir = join(options.dataDir, 'logs');
      mkdirSync(dir, { recursive: true, mode: 0o700 }); // often the first to create the data folder: private like the rest
      const path = join(dir, 'knit-sync.log');
      file = createStream('knit-sync.log', { path: dir, size: `${options.maxFileBytes ?? LOG_FILE_MAX_BYTES}B`, rotate: LOG_FILES_KEPT, mode: 0o600 });
      file.on('error', () => {
        file = null;
      });
      // a log created before the mode was set (older versions wrote 0644)
      file.on('open', () => {
        try {
          chmodSync(path, 0o600);
        } catch {
          // gone or not ours: the next open tries again
        }
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
