// Where the CLI writes, so tests can run it in-process and read what a user would see.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The working directory relative paths are resolved against. */
  cwd: string;
}

/** A mistake of the user's (bad flag, unreadable path): one line, exit 2, no stack trace. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
