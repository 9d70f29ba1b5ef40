/**
 * A simulated LLRP reader: a TCP server speaking LLRP 1.0.1 as a fixed reader does. It greets
 * each client with a ConnectionAttemptEvent, accepts one client at a time (a second one is told
 * Failed_A_Client_Initiated_Connection_Already_Exists and closed), keeps ROSpecs until a reboot,
 * sends KEEPALIVE at the period asked for, and reports the tags in the field of the antennas its
 * running ROSpec reads. Faults for tests and the demo: silence (keepalives and reports stop on
 * the current connection), reboot (the connection drops, specs are forgotten, connections are
 * refused for a while), empty reports, antenna and buffer events.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { decodeMessage, encodeMessage, type LlrpMessage } from './codec';
import { LlrpFramer } from './framer';
import { SimReaderState } from './sim-reader-state';

/** Simulator settings. */
export interface LlrpSimulatorOptions {
  /** address to listen on (default 127.0.0.1). */
  host?: string;
  /** port (default 0: any free port; read it from start()). */
  port?: number;
  /** tags in the field are reported this often (default 100 ms). */
  reportEveryMs?: number;
  /** LLRP over TLS (as on port 5085): the server's PEM key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
  /** the demo: one of these EPCs passes antenna 1 every `everyMs`, staying `dwellMs`. */
  auto?: { tags: string[]; everyMs: number; dwellMs: number };
}

/** A tag in the field. */
export interface SimFieldTag {
  antenna: number;
  rssi: number;
}

const NOW_US = () => BigInt(Date.now()) * 1000n;

/** A simulated fixed reader on a local TCP port. */
export class LlrpReaderSimulator {
  readonly state = new SimReaderState();
  /** tags in the field by EPC. */
  readonly field = new Map<string, SimFieldTag>();
  /** message types received from clients, in order (all connections). */
  readonly received: string[] = [];
  readonly counts = { connections: 0, refused: 0, keepalives: 0, keepaliveAcks: 0, reports: 0 };
  private server: net.Server | undefined;
  private client: net.Socket | undefined;
  private readonly sockets = new Set<net.Socket>();
  private silent = false;
  private empty = false;
  private nextId = 1;
  private boundPort = 0;
  private timers: NodeJS.Timeout[] = [];
  private keepalive: NodeJS.Timeout | undefined;
  private rebooting: NodeJS.Timeout | undefined;
  private auto: NodeJS.Timeout | undefined;

  constructor(private readonly options: LlrpSimulatorOptions = {}) {}

  /** The port it listens on (after start). */
  get port(): number {
    return this.boundPort;
  }

  /** true while a client holds the reader. */
  get hasClient(): boolean {
    return this.client !== undefined;
  }

  /** Listens; resolves with the port. Idempotent. */
  async start(): Promise<number> {
    if (this.server) return this.boundPort;
    await this.listen(this.options.port ?? 0);
    this.timers.push(setInterval(() => this.report(), this.options.reportEveryMs ?? 100));
    if (this.options.auto) this.startAuto(this.options.auto);
    return this.boundPort;
  }

  /** Closes every connection and the server; clears every timer. Idempotent. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.auto) clearInterval(this.auto);
    if (this.rebooting) clearTimeout(this.rebooting);
    this.auto = this.rebooting = undefined;
    this.dropClients();
    await this.closeServer();
  }

  /** The tag is in the field of `antenna` (default 1) at `rssi` dBm (default -50). */
  tagEnters(epc: string, options: Partial<SimFieldTag> = {}): void {
    this.field.set(epc.toUpperCase(), { antenna: options.antenna ?? 1, rssi: options.rssi ?? -50 });
  }

  /** The tag left the field. */
  tagLeaves(epc: string): void {
    this.field.delete(epc.toUpperCase());
  }

  /** Fault: the current connection goes silent (no keepalives, no reports) while TCP stays up. */
  goSilent(): void {
    this.silent = true;
  }

  /** Fault: empty RO_ACCESS_REPORTs (no TagReportData) with every report tick. */
  sendEmptyReports(on = true): void {
    this.empty = on;
  }

  /** Fault: a power cycle; the client is dropped, specs forgotten, connections refused for `downMs`. */
  async reboot(downMs = 300): Promise<void> {
    this.state.reset();
    this.dropClients();
    await this.closeServer();
    await new Promise<void>((resolve) => {
      this.rebooting = setTimeout(() => {
        this.rebooting = undefined;
        void this.listen(this.boundPort).then(resolve, resolve);
      }, downMs);
    });
  }

  /** Reader event: an antenna was unplugged or plugged back in. */
  antennaEvent(antenna: number, connected: boolean): void {
    const EventType = connected ? 'Antenna_Connected' : 'Antenna_Disconnected';
    this.notify({ AntennaEvent: { EventType, AntennaID: antenna } });
  }

  /** Reader event: the report buffer is `percent` full. */
  bufferWarning(percent: number): void {
    this.notify({ ReportBufferLevelWarningEvent: { ReportBufferPercentageFull: percent } });
  }

  /** Leaves a running ROSpec behind, as a previous client that did not clean up would. */
  leaveRospec(id = 1): void {
    this.state.answer({
      type: 'ADD_ROSPEC',
      id: 0,
      data: { ROSpec: { ROSpecID: id, AISpec: { AntennaIDs: [0] } } },
    });
    this.state.answer({ type: 'ENABLE_ROSPEC', id: 0, data: { ROSpecID: id } });
  }

  /** The bytes of an RO_ACCESS_REPORT for these reads (the bench sends them raw). */
  static reportBytes(reads: Array<{ epc: string; antenna: number; rssi: number }>, id = 1): Buffer {
    return encodeMessage({ type: 'RO_ACCESS_REPORT', id, data: { TagReportData: reads.map(tagReportData) } });
  }

  /** Sends bytes as they are to the client (bench, malformed input). */
  sendRaw(bytes: Buffer): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    return new Promise<void>((resolve) => client.write(bytes, () => resolve()));
  }

  private listen(port: number): Promise<void> {
    const accept = (socket: net.Socket) => this.accept(socket);
    const server = this.options.tls ? tls.createServer(this.options.tls, accept) : net.createServer(accept);
    this.server = server;
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        this.boundPort = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private dropClients(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = undefined;
    this.client = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.client) {
      // One client at a time (LLRP 1.0.1 §13.2.6.11): tell the newcomer why, then close.
      this.counts.refused++;
      const status = 'Failed_A_Client_Initiated_Connection_Already_Exists';
      socket.end(
        this.encode('READER_EVENT_NOTIFICATION', eventData({ ConnectionAttemptEvent: { Status: status } })),
      );
      return;
    }
    this.counts.connections++;
    this.client = socket;
    this.silent = false;
    const framer = new LlrpFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of framer.feed(chunk)) this.received1(socket, frame);
    });
    socket.on('close', () => {
      if (this.client !== socket) return;
      this.client = undefined;
      if (this.keepalive) clearInterval(this.keepalive);
      this.keepalive = undefined;
    });
    this.notify({ ConnectionAttemptEvent: { Status: 'Success' } });
  }

  private received1(socket: net.Socket, frame: Buffer): void {
    let request: LlrpMessage;
    try {
      request = decodeMessage(frame);
    } catch {
      return;
    }
    this.received.push(request.type);
    if (request.type === 'KEEPALIVE_ACK') {
      this.counts.keepaliveAcks++;
      return;
    }
    const answer = this.state.answer(request);
    const reply = answer
      ? encodeMessage({ type: answer.type, id: request.id, data: answer.data })
      : encodeMessage({
          type: 'ERROR_MESSAGE',
          id: request.id,
          data: { LLRPStatus: { StatusCode: 'M_UnsupportedMessage', ErrorDescription: request.type } },
        });
    socket.write(reply);
    if (request.type === 'SET_READER_CONFIG') this.armKeepalive();
    if (request.type === 'CLOSE_CONNECTION') socket.end();
  }

  private armKeepalive(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = undefined;
    if (this.state.keepaliveMs <= 0) return;
    this.keepalive = setInterval(() => {
      if (this.silent || !this.client) return;
      this.counts.keepalives++;
      this.client.write(this.encode('KEEPALIVE', {}));
    }, this.state.keepaliveMs);
  }

  private report(): void {
    if (!this.client || this.silent) return;
    const reads = [...this.field]
      .filter(([, tag]) => this.state.reading(tag.antenna))
      .map(([epc, tag]) => ({ epc, ...tag }));
    if (reads.length > 0) {
      this.counts.reports++;
      this.client.write(LlrpReaderSimulator.reportBytes(reads, this.nextId++));
    }
    if (this.empty && this.state.running()) this.client.write(this.encode('RO_ACCESS_REPORT', {}));
  }

  private notify(data: Record<string, unknown>): void {
    if (this.client && !this.silent)
      this.client.write(this.encode('READER_EVENT_NOTIFICATION', eventData(data)));
  }

  private encode(type: string, data: Record<string, unknown>): Buffer {
    return encodeMessage({ type, id: this.nextId++, data });
  }

  private startAuto(auto: NonNullable<LlrpSimulatorOptions['auto']>): void {
    let next = 0;
    this.auto = setInterval(() => {
      const epc = auto.tags[next++ % auto.tags.length];
      this.tagEnters(epc, { rssi: -45 - (next % 20) });
      const leave = setTimeout(() => this.tagLeaves(epc), auto.dwellMs);
      leave.unref();
    }, auto.everyMs);
  }
}

function eventData(event: Record<string, unknown>): Record<string, unknown> {
  return { ReaderEventNotificationData: { UTCTimestamp: { Microseconds: NOW_US() }, ...event } };
}

function tagReportData(read: { epc: string; antenna: number; rssi: number }): Record<string, unknown> {
  const epc = read.epc.length === 24 ? { EPC_96: { EPC: read.epc } } : { EPCData: { EPC: read.epc } };
  return {
    ...epc,
    AntennaID: { AntennaID: read.antenna },
    PeakRSSI: { PeakRSSI: Math.max(-128, Math.min(127, Math.round(read.rssi))) },
    FirstSeenTimestampUTC: { Microseconds: NOW_US() },
    TagSeenCount: { TagCount: 1 },
  };
}
