/**
 * The one error type of holdless. `code` is machine-readable (stable, SCREAMING_SNAKE),
 * `message` is for humans, `details` carries structured data (field, proposals, …).
 * Expected outcomes are return values; this is thrown only when a request cannot proceed.
 * The HTTP adapter maps codes to status codes (src/adapters/http/error-status.ts).
 */
export class HoldlessError extends Error {
  override readonly name = 'HoldlessError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const isHoldlessError = (e: unknown): e is HoldlessError => e instanceof HoldlessError;
