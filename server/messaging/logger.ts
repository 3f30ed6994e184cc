/**
 * The logger the messaging loop writes to. Any object with these three methods works (console, pino…).
 * Example: `startWorkers({ db, logger: console })`.
 */
export interface Logger {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

/** Drops everything: the default in tests and benchmarks. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
