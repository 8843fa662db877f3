/**
 * The few error classes of the tool. Each carries a stable code and a kind; the CLI maps
 * kinds to exit codes in one place (`src/cli/exit-codes.ts`).
 */
export type ErrorKind = 'usage' | 'config' | 'data' | 'delivery';

export class DigestError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DigestError';
  }
}

export const usageError = (message: string) => new DigestError('usage', 'USAGE', message);
export const configError = (message: string, cause?: unknown) => new DigestError('config', 'CONFIG_INVALID', message, { cause });
