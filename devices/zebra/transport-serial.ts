/** A printer on a serial port (RS-232 or USB-serial), through serialport. */
import { SerialPort } from 'serialport';
import { ReconnectingTransport, type Link, type LinkHandlers, type TransportOptions } from './transport';

/** Port settings; 8 data bits, no parity, 1 stop bit (the Zebra default). */
export interface SerialTransportOptions extends TransportOptions {
  path: string;
  baudRate: number;
}

/** A serial transport; reopens the port after a loss (USB adapters come and go). */
export class SerialTransport extends ReconnectingTransport {
  readonly freshAfterReconnect = false;

  constructor(private readonly serial: SerialTransportOptions) {
    super(serial);
  }

  get description(): string {
    return `serial ${this.serial.path}@${this.serial.baudRate}`;
  }

  protected connectOnce(handlers: LinkHandlers): Promise<Link> {
    return new Promise<Link>((resolve, reject) => {
      const port = new SerialPort({
        path: this.serial.path,
        baudRate: this.serial.baudRate,
        autoOpen: false,
      });
      port.open((err) => {
        if (err) return reject(err);
        let lastError: Error | undefined;
        port.on('error', (e: Error) => (lastError = e));
        port.on('data', (chunk: Buffer) => handlers.data(chunk));
        port.on('close', (e?: Error) => handlers.closed(e ?? lastError ?? new Error('port closed')));
        resolve(serialLink(port));
      });
    });
  }
}

function serialLink(port: SerialPort): Link {
  return {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(data, (err?: Error | null) => {
          if (err) return reject(err);
          port.drain((e?: Error | null) => (e ? reject(e) : resolve()));
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
