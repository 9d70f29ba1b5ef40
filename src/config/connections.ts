/**
 * Connection variants several device families share (a reader, a scanner and a printer all sit on
 * serial ports): each family lists the ones it accepts in its own `connection` schema.
 */
import { Type } from '@sinclair/typebox';
import { Strict } from './schema-kit';

/** A serial port (readers, scanners, printers). */
export const SerialConnection = Strict(
  {
    type: Type.Literal('serial'),
    path: Type.String({ minLength: 1, description: 'device path; prefer /dev/serial/by-id/...' }),
    baudRate: Type.Integer({
      minimum: 50,
      maximum: 4_000_000,
      default: 9600,
      description: 'bits per second',
    }),
  },
  'a serial port',
);
/** A raw TCP socket (printers). */
export const TcpConnection = Strict(
  {
    type: Type.Literal('tcp'),
    host: Type.String({ minLength: 1, description: 'printer address' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 9100, description: 'raw port (Zebra: 9100)' }),
  },
  'a raw TCP socket',
);
/** A USB printer class device. */
export const UsbConnection = Strict(
  {
    type: Type.Literal('usb'),
    path: Type.String({ minLength: 1, description: 'USB printer class device, e.g. /dev/usb/lp0' }),
  },
  'a USB printer device file',
);
/** The family's built-in simulator; its `options` are checked by the family (checkConfig). */
export const SimulatorConnection = Strict(
  {
    type: Type.Literal('simulator'),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'simulator settings' })),
  },
  'a built-in simulator (no hardware)',
);
