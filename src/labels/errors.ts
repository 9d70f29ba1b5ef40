/**
 * Stable error codes of label rendering. A template or value that cannot be printed safely is
 * refused before anything is sent to a printer; tests and callers switch on `code`, not text.
 */

/** Every code a LabelError can carry. */
export type LabelErrorCode =
  | 'LABEL_VALUE_TOO_LONG'
  | 'LABEL_BAD_CHAR'
  | 'LABEL_UNKNOWN_PLACEHOLDER'
  | 'LABEL_MISSING_VALUE'
  | 'LABEL_TEMPLATE_SYNTAX'
  | 'LABEL_UNSUPPORTED'
  | 'LABEL_GS1_INVALID'
  | 'LABEL_LOGO_INVALID'
  | 'LABEL_PREVIEW_FAILED'
  /** an RFID label without an EPC-96 for its unit, or not one format of one copy. */
  | 'LABEL_RFID_INVALID';

/** A label that cannot be rendered; `code` is stable, the message names the field or file:line. */
export class LabelError extends Error {
  constructor(
    readonly code: LabelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LabelError';
  }
}
