/**
 * A problem that stops the server from starting. main.ts prints it as one line naming the problem and
 * the fix, and exits non-zero without a stack trace: operators read it, not developers.
 */
export class StartupError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }

  toLine(): string {
    return `spillway: ${this.code}: ${this.message}. Fix: ${this.fix}`;
  }
}
