/** Stable codes of serial device failures (reported in health and thrown by writes). */
export type SerialErrorCode =
  'SERIAL_NOT_OPEN' | 'SERIAL_WRITE_FAILED' | 'SIMULATOR_UNAVAILABLE' | 'SIMULATOR_FAILED';

/** A serial or simulator failure; `code` is stable, the message is for people. */
export class SerialDeviceError extends Error {
  constructor(
    readonly code: SerialErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SerialDeviceError';
  }
}
