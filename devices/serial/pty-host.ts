/**
 * The device side of a simulated serial device, run inside the simulator's own process (a
 * blocking pty write in the gateway's process could deadlock it). It owns a socat pty pair:
 *   <dir>/gateway  the path the gateway opens, like /dev/ttyUSB0
 *   <dir>/device   the path this process opens, through serialport (non-blocking I/O)
 * disappear() closes the device side and kills socat, so the gateway's port fails and its path
 * vanishes, as when a USB adapter is pulled; reappear() brings both back under the same paths.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { LinegateError } from '../../src/errors';

/** Where the pair lives. */
export interface PtyHostOptions {
  /** a folder of this process; the two links are created in it. */
  dir: string;
  baudRate?: number;
}

/** Events of the host. */
export interface PtyHostEvents {
  /** bytes the gateway wrote. */
  data: [chunk: Buffer];
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A socat pty pair whose device side this process reads and writes. */
export class PtyHost extends EventEmitter<PtyHostEvents> {
  private socat: ChildProcess | undefined;
  private port: SerialPort | undefined;

  constructor(private readonly options: PtyHostOptions) {
    super();
  }

  /** The path the gateway opens. */
  get gatewayPath(): string {
    return path.join(this.options.dir, 'gateway');
  }

  /** The path this process opens. */
  get devicePath(): string {
    return path.join(this.options.dir, 'device');
  }

  /** pid of the running socat, if any (the parent kills it should this process hang). */
  get socatPid(): number | undefined {
    return this.socat?.pid;
  }

  /** true while the pair exists and the device side is open. */
  get present(): boolean {
    return this.port !== undefined;
  }

  /** Creates the pair and opens the device side. Idempotent. */
  async start(): Promise<void> {
    if (this.socat) return;
    const socat = spawn(
      'socat',
      [`pty,raw,echo=0,link=${this.gatewayPath}`, `pty,raw,echo=0,link=${this.devicePath}`],
      { stdio: 'ignore' },
    );
    this.socat = socat;
    socat.on('error', () => undefined); // reported once through `failed` below
    const failed = new Promise<Error>((resolve) => {
      socat.once('error', (err) => resolve(err));
      socat.once('exit', (code) => resolve(new Error(`socat exited with ${code}`)));
    });
    const error = await Promise.race([failed, this.linksExist(socat)]);
    if (error) {
      this.socat = undefined;
      throw new LinegateError(
        'SIMULATOR_UNAVAILABLE',
        `socat pty pair: ${error.message} (apt-get install -y socat)`,
        {
          cause: error,
        },
      );
    }
    await this.openDevice();
  }

  /** Closes the device side and kills socat; the gateway's path vanishes. Idempotent. */
  async stop(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port?.removeAllListeners('data');
    const socat = this.socat;
    this.socat = undefined;
    if (socat && !exited(socat)) {
      socat.kill('SIGTERM');
      await waitExit(socat);
    }
  }

  /** Writes bytes to the gateway; resolves once they are handed to the pty. */
  write(data: Buffer): Promise<void> {
    const port = this.port;
    if (!port) return Promise.reject(new LinegateError('SERIAL_NOT_OPEN', 'the simulated device is gone'));
    return new Promise((resolve, reject) => {
      port.write(data, (err) => {
        if (err) return reject(err);
        port.drain((e) => (e ? reject(e) : resolve()));
      });
    });
  }

  /** Resolves undefined once both links exist, or the reason they never will. */
  private async linksExist(socat: ChildProcess): Promise<Error | undefined> {
    const deadline = Date.now() + 5000;
    while (!existsSync(this.gatewayPath) || !existsSync(this.devicePath)) {
      if (exited(socat)) return new Error('socat exited before creating the pty links');
      if (Date.now() > deadline) {
        socat.kill('SIGTERM');
        return new Error('socat created no pty links within 5 s');
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return undefined;
  }

  private async openDevice(): Promise<void> {
    const port = new SerialPort({
      path: this.devicePath,
      baudRate: this.options.baudRate ?? 115200,
      autoOpen: false,
    });
    port.on('error', () => undefined); // a write racing disappear(): reported by write()
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    this.port = port;
  }
}
