/** Stable codes of LLRP reader failures (health `lastError`, logs, and rejected requests). */
export const LlrpErrorCodes = {
  LLRP_READER_BUSY:
    'another client holds the reader (it accepts one connection): stop the other client or its vendor software',
  LLRP_CONNECT_REFUSED: 'the reader refused the connection for another reason (ConnectionAttemptEvent)',
  LLRP_NO_GREETING: 'the reader accepted TCP but sent no ConnectionAttemptEvent in time',
  LLRP_READ_TIMEOUT: 'nothing (not even a keepalive) arrived from the reader within readTimeoutMs',
  LLRP_RESPONSE_TIMEOUT: 'the reader did not answer a request in time',
  LLRP_REQUEST_FAILED: 'the reader answered a request with an error status',
  LLRP_BAD_FRAME: 'the byte stream from the reader is not LLRP (wrong version or length)',
  LLRP_DECODE_FAILED: 'a message from the reader could not be decoded',
  LLRP_NOT_CONNECTED: 'no connection to the reader',
  LLRP_CLOSED: 'the connection closed while a request was in flight',
} as const;

export type LlrpErrorCode = keyof typeof LlrpErrorCodes;

/** An LLRP failure; `code` is stable, the message is for people. */
export class LlrpError extends Error {
  constructor(
    readonly code: LlrpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LlrpError';
  }
}
