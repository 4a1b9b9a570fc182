/** The structural subset of VS Code's LogOutputChannel that core code logs through. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** A logger that drops everything (tests that do not look at logs, the CLI without --verbose). */
export const NULL_LOGGER: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Records log lines in memory; tests read `lines`. */
export class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string }[] = [];
  trace(message: string): void { this.lines.push({ level: 'trace', message }); }
  debug(message: string): void { this.lines.push({ level: 'debug', message }); }
  info(message: string): void { this.lines.push({ level: 'info', message }); }
  warn(message: string): void { this.lines.push({ level: 'warn', message }); }
  error(message: string | Error): void { this.lines.push({ level: 'error', message: String(message) }); }
}
