/** GS1 failures as LinegateError with a GS1_* code (src/errors.ts). */
import { LinegateError, type ErrorCode } from '../errors';

/** The GS1_* codes of src/errors.ts. */
export type Gs1ErrorCode = Extract<ErrorCode, `GS1_${string}`>;

/** A LinegateError with a GS1 code; `cause` where one error explains another. */
export function gs1Error(code: Gs1ErrorCode, message: string, cause?: unknown): LinegateError {
  return new LinegateError(code, message, cause === undefined ? undefined : { cause });
}
