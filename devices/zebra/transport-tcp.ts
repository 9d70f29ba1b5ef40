/**
 * Raw TCP to a printer's port 9100: one socket per printer, never two (a Zebra serves one
 * client at a time on its raw port; a second connection waits or steals the printer's parser).
 */
import * as net from 'node:net';
import { ReconnectingTransport, type Link, type LinkHandlers, type TransportOptions } from './transport';

/** Where the printer listens; `port` may be a function when it is known only after start (simulator). */
export interface TcpTransportOptions extends TransportOptions {
  host: string;
  port: number | (() => number);
  /** a connect attempt taking longer fails (default 5000). */
  connectTimeoutMs?: number;
}

/** A raw TCP transport. */
export class TcpTransport extends ReconnectingTransport {
  readonly freshAfterReconnect = true;

  constructor(private readonly tcp: TcpTransportOptions) {
    super(tcp);
  }

  get description(): string {
    return `tcp ${this.tcp.host}:${this.port()}`;
  }

  private port(): number {
    return typeof this.tcp.port === 'function' ? this.tcp.port() : this.tcp.port;
  }

  protected connectOnce(handlers: LinkHandlers): Promise<Link> {
    return new Promise<Link>((resolve, reject) => {
      const socket = net.connect({ host: this.tcp.host, port: this.port() });
      const timer = setTimeout(
        () => socket.destroy(new Error('connect timeout')),
        this.tcp.connectTimeoutMs ?? 5000,
      );
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 5000);
        let lastError: Error | undefined;
        socket.on('error', (err) => (lastError = err));
        socket.on('data', (chunk: Buffer) => handlers.data(chunk));
        socket.on('close', () => handlers.closed(lastError ?? new Error('connection closed by printer')));
        resolve(tcpLink(socket));
      });
    });
  }
}

function tcpLink(socket: net.Socket): Link {
  return {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        socket.write(data, (err) => (err ? reject(err) : resolve()));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        socket.destroy();
      }),
  };
}
