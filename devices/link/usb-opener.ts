/**
 * USB printer-class device files (/dev/usb/lpN) as a link's wire, opened read/write. The usblp
 * driver's read blocks until the printer answers, which would pin a libuv thread; the file is
 * opened non-blocking instead and polled, so stop() never waits for a read.
 */
import * as fs from 'node:fs';
import type { Connection, ConnectionHandlers, Opener } from './opener';

/** Device file settings. */
export interface UsbOpenerOptions {
  path: string;
  /** how often to poll for answers while none is pending (default 5 ms). */
  pollMs?: number;
}

/** Opens the device file at `options.path`; its description is "usb PATH". */
export function usbOpener(options: UsbOpenerOptions): Opener {
  return {
    description: `usb ${options.path}`,
    freshAfterReconnect: false,
    async open(handlers) {
      const { O_RDWR, O_NONBLOCK, O_NOCTTY } = fs.constants;
      const fd = await new Promise<number>((resolve, reject) =>
        fs.open(options.path, O_RDWR | O_NONBLOCK | O_NOCTTY, (err, f) => (err ? reject(err) : resolve(f))),
      );
      return new DeviceConnection(fd, options.pollMs ?? 5, handlers);
    },
  };
}

function isRetry(err: NodeJS.ErrnoException | null): boolean {
  return err?.code === 'EAGAIN' || err?.code === 'EWOULDBLOCK';
}

class DeviceConnection implements Connection {
  private open = true;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private readonly buf = Buffer.alloc(4096);

  constructor(
    private readonly fd: number,
    private readonly pollMs: number,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.schedule(0);
  }

  write(data: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const step = (offset: number) => {
        if (!this.open) return reject(new Error('device closed'));
        fs.write(this.fd, data, offset, data.length - offset, null, (err, n) => {
          if (isRetry(err)) return void setTimeout(() => step(offset), this.pollMs);
          if (err) return reject(err);
          if (offset + n < data.length) return step(offset + n);
          resolve();
        });
      };
      step(0);
    });
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    if (this.timer) clearTimeout(this.timer);
    while (this.reading) await new Promise((r) => setTimeout(r, 1));
    await new Promise<void>((resolve) => fs.close(this.fd, () => resolve()));
  }

  private schedule(delay: number): void {
    if (this.open) this.timer = setTimeout(() => this.read(), delay);
  }

  private read(): void {
    this.reading = true;
    fs.read(this.fd, this.buf, 0, this.buf.length, null, (err, n) => {
      this.reading = false;
      if (!this.open) return;
      if (isRetry(err) || (!err && n === 0)) return this.schedule(this.pollMs);
      if (err) {
        this.open = false;
        fs.close(this.fd, () => this.handlers.closed(err));
        return;
      }
      this.handlers.data(Buffer.from(this.buf.subarray(0, n)));
      this.schedule(0);
    });
  }
}
