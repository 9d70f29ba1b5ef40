/**
 * A TCP (or TLS) connection shaped like a serial port (PortLike), so the one reconnect engine,
 * devices/serial/reconnecting-port.ts, keeps LLRP readers connected too: open, 'data', 'close'
 * with the reason, and drop() to end a connection the protocol gave up on (the engine then
 * reconnects with backoff, as after an unplugged cable).
 */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { PortLike } from '../serial/reconnecting-port';

/** Where the reader listens. */
export interface SocketAddress {
  host: string;
  port: number;
  /** TLS (LLRP over TLS, port 5085): trust settings; absent for plain TCP. */
  tls?: { ca?: Buffer; rejectUnauthorized: boolean };
  /** a connect taking longer fails (default 5000 ms). */
  connectTimeoutMs?: number;
}

/** One TCP connection attempt and its life. */
export class SocketPort extends EventEmitter implements PortLike {
  private socket: net.Socket | undefined;
  private reason: Error | undefined;

  constructor(private readonly address: SocketAddress) {
    super();
  }

  get isOpen(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  open(callback: (err: Error | null) => void): void {
    const { host, port } = this.address;
    const socket = this.address.tls
      ? tls.connect({
          host,
          port,
          ca: this.address.tls.ca,
          rejectUnauthorized: this.address.tls.rejectUnauthorized,
        })
      : net.connect({ host, port });
    const timer = setTimeout(
      () => socket.destroy(new Error(`connect to ${host}:${port} timed out`)),
      this.address.connectTimeoutMs ?? 5000,
    );
    const failed = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      callback(err);
    };
    socket.once('error', failed);
    socket.once(this.address.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', failed);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 5000);
      socket.on('error', (err) => (this.reason ??= err));
      socket.on('data', (chunk: Buffer) => this.emit('data', chunk));
      socket.on('close', () =>
        this.emit('close', this.reason ?? new Error('connection closed by the reader')),
      );
      this.socket = socket;
      callback(null);
    });
  }

  close(callback: (err: Error | null) => void): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return callback(null);
    socket.once('close', () => callback(null));
    socket.destroy();
  }

  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean {
    if (!this.socket) {
      callback(new Error('not connected'));
      return false;
    }
    return this.socket.write(data, callback);
  }

  drain(callback: (err: Error | null) => void): void {
    const socket = this.socket;
    if (!socket?.writableNeedDrain) return callback(null);
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      callback(null);
    };
    socket.once('drain', done);
    socket.once('close', done);
  }

  /** Ends the connection because of `reason` ('close' carries it). */
  drop(reason: Error): void {
    this.reason = reason;
    this.socket?.destroy();
  }
}
