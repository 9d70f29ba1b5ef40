/**
 * VirtualZebra: a TCP server that behaves like a Zebra's raw port 9100 (one client at a time;
 * others wait until it leaves), with the printer logic of ZebraEngine and fault injection.
 */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { ZebraEngine, type SimFaults, type SimOptions } from './sim-engine';

/** Server settings. */
export interface VirtualZebraOptions extends SimOptions {
  /** TCP port; 0 picks a free one (default 0). */
  port?: number;
  /** listen address (default 127.0.0.1). */
  host?: string;
}

/** Events of the virtual printer. */
export interface VirtualZebraEvents {
  printed: [format: Buffer];
  /** a whole format has arrived (before it prints). */
  received: [format: Buffer];
  connection: [];
}

/** A virtual Zebra printer on TCP. */
export class VirtualZebra extends EventEmitter<VirtualZebraEvents> {
  private server: net.Server | undefined;
  private engine: ZebraEngine | undefined;
  private client: net.Socket | undefined;
  private readonly waiting: net.Socket[] = [];
  private boundPort = 0;
  private accepted = 0;

  constructor(private readonly options: VirtualZebraOptions = {}) {
    super();
  }

  /** The listening port (after start). */
  get port(): number {
    return this.boundPort;
  }

  /** Connections accepted so far (a reconnect counts again). */
  get connections(): number {
    return this.accepted;
  }

  /** true while a client holds the port. */
  get hasClient(): boolean {
    return this.client !== undefined;
  }

  /** Starts listening; resolves with the port. Idempotent. */
  async start(): Promise<number> {
    if (this.server) return this.boundPort;
    const engine = new ZebraEngine(this.options);
    engine.on('output', (bytes) => this.client?.write(bytes));
    engine.on('printed', (format) => this.emit('printed', format));
    engine.on('received', (format) => this.emit('received', format));
    this.engine = engine;
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as net.AddressInfo).port;
    return this.boundPort;
  }

  /** Closes every connection and the server. Idempotent. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.engine?.stop();
    this.engine?.removeAllListeners();
    for (const s of [this.client, ...this.waiting]) s?.destroy();
    this.client = undefined;
    this.waiting.length = 0;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The commands received so far ("~HS", "~HQES", "format"...), in order. */
  wire(): string[] {
    return this.engine?.wire() ?? [];
  }

  /** The simulated tags of RFID labels: EPCs encoded, labels voided. */
  get tags(): { readonly encoded: readonly string[]; readonly voided: number } {
    return this.requireEngine().tags;
  }

  /** Every format printed so far. */
  printed(): Buffer[] {
    return this.engine?.printed() ?? [];
  }

  /** Current faults. */
  get faults(): Readonly<SimFaults> {
    return this.requireEngine().faults;
  }

  /** Switches faults on or off (paperOut, headOpen, paused, ribbonOut, bufferFull, silent, slowMs). */
  setFaults(change: Partial<SimFaults>): void {
    this.requireEngine().setFaults(change);
  }

  /** Changes the time one label takes to print (ms), e.g. to hold a label mid-print. */
  setPrintMs(ms: number): void {
    this.requireEngine().setPrintMs(ms);
  }

  /** Drops the connected client, as a printer reboot or a cable pull would. */
  disconnect(): void {
    this.client?.destroy();
  }

  private requireEngine(): ZebraEngine {
    if (!this.engine) throw new Error('VirtualZebra is not started');
    return this.engine;
  }

  private accept(socket: net.Socket): void {
    this.accepted++;
    socket.on('error', () => undefined);
    socket.on('close', () => this.closed(socket));
    if (this.client) {
      this.waiting.push(socket); // the raw port serves one client; the rest wait their turn
      socket.pause();
      return;
    }
    this.serve(socket);
  }

  private serve(socket: net.Socket): void {
    this.client = socket;
    socket.on('data', (chunk: Buffer) => this.engine?.feed(chunk));
    socket.resume();
    this.emit('connection');
  }

  private closed(socket: net.Socket): void {
    const i = this.waiting.indexOf(socket);
    if (i >= 0) this.waiting.splice(i, 1);
    if (this.client !== socket) return;
    this.client = undefined;
    const next = this.waiting.shift();
    if (next) this.serve(next);
  }
}
