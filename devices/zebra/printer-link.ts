/**
 * A printer's settings of the one reconnecting link (devices/link): one connection per printer,
 * held exclusively; a stuck or failed write drops it (the printer's parser is then in an unknown
 * state) and it is opened again with backoff up to 30 s; the state text counts failed attempts
 * ("reconnecting in 1 s (4 failed: ECONNREFUSED)"); writes reject PRINTER_OFFLINE or
 * PRINTER_WRITE_FAILED.
 */
import { LinegateError } from '../../src/errors';
import type { BackoffOptions } from '../../src/util/backoff';
import { ReconnectingLink, type LinkErrors, type Opener } from '../link';

/** Settings of a printer link (milliseconds). */
export interface PrinterLinkOptions {
  /** a write not handed to the OS within this time fails and drops the link (default 5000). */
  writeTimeoutMs?: number;
  /** retry delays (default 250 ms doubling to 30 s, equal jitter). */
  backoff?: BackoffOptions;
  /** the name in logs and health (default: the opener's, e.g. "tcp 10.0.0.5:9100"). */
  name?: string;
}

const printerErrors: LinkErrors = {
  notOpen: (description, state) =>
    new LinegateError('PRINTER_OFFLINE', `${description}: not connected (${state})`),
  writeFailed: (description, cause) =>
    new LinegateError('PRINTER_WRITE_FAILED', `${description}: ${cause.message}`, { cause }),
};

/** The reconnecting link to one printer over `opener` (tcpOpener, serialOpener, usbOpener). */
export function printerLink(opener: Opener, options: PrinterLinkOptions = {}): ReconnectingLink {
  return new ReconnectingLink({
    opener,
    name: options.name,
    writeTimeoutMs: options.writeTimeoutMs ?? 5000,
    backoff: { maxMs: 30_000, ...options.backoff },
    // Every connection resets the backoff: a printer that answered is worth a quick retry.
    stableMs: 0,
    dropOnWriteFailure: true,
    countFailures: true,
    errors: printerErrors,
  });
}
