/**
 * Error thrown by the test kit when a server or helper cannot be started or used.
 * `hint` tells the user what to do about it (e.g. which Debian package to install).
 */
export class TestkitError extends Error {
  override readonly name = 'TestkitError';
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(hint ? `${message} — ${hint}` : message, options);
  }
}
