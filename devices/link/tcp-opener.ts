/**
 * TCP (or TLS) sockets as a link's wire: a printer's raw port 9100, an LLRP reader's 5084/5085.
 * One socket at a time, never two: a Zebra serves one client on its raw port (a second waits or
 * steals the printer's parser) and a fixed LLRP reader accepts one client.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Connection, ConnectionHandlers, Opener } from './opener';

/** Where the peer listens. */
export interface TcpOpenerOptions {
  host: string;
  /** a function when the port is known only after start (an embedded simulator). */
  port: number | (() => number);
  /** TLS (e.g. LLRP over TLS, port 5085): trust settings; absent for plain TCP. */
  tls?: { ca?: Buffer; rejectUnauthorized: boolean };
  /** a connect taking longer fails (default 5000 ms). */
  connectTimeoutMs?: number;
  /** who closes in "connection closed by <peer>" (default "the peer"). */
  peer?: string;
}

/** Opens one socket to `host:port` per connection; a fresh socket carries no stale answers. */
export function tcpOpener(options: TcpOpenerOptions): Opener {
  const port = () => (typeof options.port === 'function' ? options.port() : options.port);
  return {
    get description() {
      return `tcp ${options.host}:${port()}`;
    },
    freshAfterReconnect: true,
    open: (handlers) => connect(options, port(), handlers),
  };
}

function connect(o: TcpOpenerOptions, port: number, handlers: ConnectionHandlers): Promise<Connection> {
  return new Promise<Connection>((resolve, reject) => {
    const { host } = o;
    const socket = o.tls
      ? tls.connect({ host, port, ca: o.tls.ca, rejectUnauthorized: o.tls.rejectUnauthorized })
      : net.connect({ host, port });
    const timer = setTimeout(
      () => socket.destroy(new Error(`connect to ${host}:${port} timed out`)),
      o.connectTimeoutMs ?? 5000,
    );
    const failed = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.once('error', failed);
    socket.once(o.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', failed);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 5000);
      let reason: Error | undefined;
      socket.on('error', (err) => {
        reason ??= err;
        handlers.error(err);
      });
      socket.on('data', (chunk: Buffer) => handlers.data(chunk));
      socket.on('close', () =>
        handlers.closed(reason ?? new Error(`connection closed by ${o.peer ?? 'the peer'}`)),
      );
      resolve(socketConnection(socket));
    });
  });
}

function socketConnection(socket: net.Socket): Connection {
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
