/**
 * What the reconnecting link asks of a wire: open one connection. An opener knows one kind of
 * wire (serial port, TCP socket, USB device file); the lifecycle, backoff, write timeout and
 * link generations live in the engine (link.ts), once for every wire.
 */

/** One open connection, made by an opener. */
export interface Connection {
  /** Hands bytes to the OS; resolves once they left the process (the engine times it out). */
  write(data: Buffer): Promise<void>;
  /** Closes and releases the device or socket and removes its listeners; resolves once released. */
  close(): Promise<void>;
}

/** Callbacks an opener calls for its connection. */
export interface ConnectionHandlers {
  /** bytes from the device. */
  data(chunk: Buffer): void;
  /** the connection ended by itself (unplugged, peer closed); `error` says why when known. */
  closed(error?: Error): void;
  /** a device error that does not end the connection by itself (kept for health). */
  error(error: Error): void;
}

/** Opens connections over one kind of wire. */
export interface Opener {
  /** e.g. "tcp 10.0.0.5:9100" or a device path, for logs and errors; read on each use. */
  readonly description: string;
  /**
   * true when a new connection cannot carry answers meant for an old one (a fresh TCP socket);
   * false on serial and USB, where a late answer may follow on the same wire.
   */
  readonly freshAfterReconnect: boolean;
  /** Opens one connection; rejects when the device cannot be reached. */
  open(handlers: ConnectionHandlers): Promise<Connection>;
}
