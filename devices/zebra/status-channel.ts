/**
 * Status queries over a transport, one outstanding at a time. An answer is matched to the query
 * waiting for it; answers that arrive with no query waiting are dropped. After a query times out
 * its answer may still come, and could be taken for the next query's (a stale "0 formats" would
 * confirm a label that never printed), so the channel resyncs first: a fresh TCP socket, or, on
 * serial and USB, reopening the port and dropping whatever arrives for a quiet period.
 */
import { PrinterError } from '../../src/ports';
import { StxEtxFramer } from './framer';
import { StatusAssembler, type ErrorStatus, type HostStatus } from './status';
import type { Transport } from './transport';

interface Waiter {
  kind: 'hs' | 'hqes';
  resolve: (status: HostStatus | ErrorStatus) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Channel settings (milliseconds). */
export interface StatusChannelOptions {
  /** quiet period after reopening a serial or USB link (default 200). */
  quietMs?: number;
}

/** Serialized ~HS / ~HQES queries over one transport. */
export class StatusChannel {
  private readonly framer = new StxEtxFramer();
  private readonly assembler = new StatusAssembler();
  private waiter: Waiter | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private desync = false;
  private attached = false;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onDisconnect = () => this.lost();

  constructor(
    private readonly transport: Transport,
    private readonly options: StatusChannelOptions = {},
  ) {}

  /** Subscribes to the transport. Idempotent. */
  attach(): void {
    this.detach();
    this.attached = true;
    this.transport.on('data', this.onData);
    this.transport.on('disconnected', this.onDisconnect);
  }

  /** Unsubscribes and fails a waiting query. Idempotent. */
  detach(): void {
    this.attached = false;
    this.transport.off('data', this.onData);
    this.transport.off('disconnected', this.onDisconnect);
    this.fail(new PrinterError('PRINTER_OFFLINE', 'status channel closed'));
  }

  /** Asks ~HS; rejects PRINTER_SILENT after timeoutMs without an answer. */
  hostStatus(timeoutMs: number): Promise<HostStatus> {
    return this.enqueue('hs', '~HS', timeoutMs) as Promise<HostStatus>;
  }

  /** Asks ~HQES; rejects PRINTER_SILENT after timeoutMs without an answer. */
  errorStatus(timeoutMs: number): Promise<ErrorStatus> {
    return this.enqueue('hqes', '~HQES', timeoutMs) as Promise<ErrorStatus>;
  }

  private enqueue(
    kind: Waiter['kind'],
    command: string,
    timeoutMs: number,
  ): Promise<HostStatus | ErrorStatus> {
    const run = this.chain.then(() => this.query(kind, command, timeoutMs));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async query(
    kind: Waiter['kind'],
    command: string,
    timeoutMs: number,
  ): Promise<HostStatus | ErrorStatus> {
    if (!this.attached) throw new PrinterError('PRINTER_OFFLINE', 'status channel closed');
    if (this.desync) await this.resync();
    const answer = new Promise<HostStatus | ErrorStatus>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.desync = true;
        reject(new PrinterError('PRINTER_SILENT', `no answer to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { kind, resolve, reject, timer };
    });
    try {
      await this.transport.write(Buffer.from(command, 'latin1'));
    } catch (err) {
      this.fail(err as Error);
    }
    return answer;
  }

  private async resync(): Promise<void> {
    this.desync = false;
    await this.transport.reconnect();
    this.framer.reset();
    this.assembler.reset();
    if (!this.transport.freshAfterReconnect) {
      await new Promise((r) => setTimeout(r, this.options.quietMs ?? 200));
      this.framer.reset();
      this.assembler.reset();
    }
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.framer.push(chunk)) {
      const answer = this.assembler.push(frame);
      if (answer?.kind === 'bad') {
        // Garbage is never read as a status: the query waiting fails, and the next one starts
        // over on a clean link (what follows the garbage cannot be trusted to line up either).
        this.desync = true;
        this.fail(new PrinterError('PRINTER_BAD_STATUS', `unreadable status answer: ${answer.error}`));
        continue;
      }
      const waiter = this.waiter;
      if (!answer || !waiter || waiter.kind !== answer.kind) continue;
      this.waiter = undefined;
      clearTimeout(waiter.timer);
      waiter.resolve(answer.status);
    }
  }

  private lost(): void {
    // A serial or USB link comes back on the same wire: the lost query's answer may follow.
    if (this.waiter && !this.transport.freshAfterReconnect) this.desync = true;
    this.framer.reset();
    this.assembler.reset();
    this.fail(new PrinterError('PRINTER_OFFLINE', `${this.transport.description}: connection lost`));
  }

  private fail(err: Error): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.reject(err);
  }
}
