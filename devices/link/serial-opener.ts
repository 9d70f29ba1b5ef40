/**
 * Serial ports as a link's wire. node-serialport does not reconnect by itself; the link re-opens
 * the port after serialport closes the stream with a disconnect error (USB unplugged, pty closed).
 * Only this file, the hangup-aware binding and the simulator hosts touch the serialport library.
 */
import { SerialPortStream } from '@serialport/stream';
import { hangupAwareBinding } from '../serial/hangup-binding';
import type { Connection, ConnectionHandlers, Opener } from './opener';

/** The part of a serialport stream a link uses (SerialPort and SerialPortMock both fit). */
export interface PortLike {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback: (err: Error | null) => void): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean;
  drain(callback: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (err?: Error | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer) => void): unknown;
  removeListener(event: 'close', listener: (err?: Error | null) => void): unknown;
}

/** Where the device is; 8 data bits, no parity, 1 stop bit (what readers, scanners and Zebras default to). */
export interface SerialAddress {
  /** device path; prefer /dev/serial/by-id/... (stable across replugs, see devices/serial/README.md). */
  path: string;
  baudRate: number;
}

/** Settings of the serial opener. */
export interface SerialOpenerOptions extends SerialAddress {
  /** builds an unopened port; injectable so tests and the in-process simulator can use SerialPortMock. */
  openPort?: (address: SerialAddress) => PortLike;
}

let binding: ReturnType<typeof hangupAwareBinding> | undefined;
const defaultOpenPort = (a: SerialAddress): PortLike =>
  new SerialPortStream({
    binding: (binding ??= hangupAwareBinding()),
    path: a.path,
    baudRate: a.baudRate,
    autoOpen: false,
  });

/** Opens the serial port at `options.path`; its description is the path. */
export function serialOpener(options: SerialOpenerOptions): Opener {
  return {
    description: options.path,
    freshAfterReconnect: false,
    open: (handlers) =>
      new Promise<Connection>((resolve, reject) => {
        const port = (options.openPort ?? defaultOpenPort)(options);
        // Stays on the port for good: an error after it is abandoned must not crash the gateway.
        port.on('error', (err: Error) => handlers.error(err));
        port.open((err) => (err ? reject(err) : resolve(adopt(port, handlers))));
      }),
  };
}

function adopt(port: PortLike, handlers: ConnectionHandlers): Connection {
  const onData = (chunk: Buffer) => handlers.data(chunk);
  const onClose = (err?: Error | null) => handlers.closed(err ?? undefined);
  port.on('data', onData);
  port.on('close', onClose);
  return {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(data, (err) => {
          if (err) return reject(err);
          port.drain((e) => (e ? reject(e) : resolve()));
        });
      }),
    close: async () => {
      port.removeListener('data', onData);
      port.removeListener('close', onClose);
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
