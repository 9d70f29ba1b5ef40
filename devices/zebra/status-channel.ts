/**
 * Status queries over a printer link, one outstanding at a time. An answer is matched to the query
 * waiting for it; answers that arrive with no query waiting are dropped. After a query times out
 * its answer may still come, and could be taken for the next query's (a stale "0 formats" would
 * confirm a label that never printed), so the channel resyncs first: a fresh TCP socket, or, on
 * serial and USB, reopening the port and dropping whatever arrives for a quiet period.
 */
import { StxEtxFramer } from '../serial/framing/stx-etx-framer';
import { StatusAssembler, type ErrorStatus, type HostStatus } from './status';
import type { Link } from '../link';
import { LinegateError, hasCode } from '../../src/errors';

interface Waiter {
  kind: 'hs' | 'hqes';
  resolve: (status: HostStatus | ErrorStatus) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Who asks: a print (never waits behind idle queries) or the idle status watch. */
export interface QueryOptions {
  /** an idle query: cancelled or abandoned as soon as a print needs the channel (preemptIdle). */
  idle?: boolean;
  /**
   * a pre-print ~HS: when an idle ~HS is already on the wire, its answer serves (it was asked
   * before the label, which is all a preflight needs), so the label waits one round trip at most.
   * Should that idle ~HS go unanswered, the preflight asks its own.
   */
  share?: boolean;
}

/** An idle query given up for a print (STATUS_QUERY_PREEMPTED); the watch just skips its turn. */
function preempted(): LinegateError {
  return new LinegateError('STATUS_QUERY_PREEMPTED', 'idle status query preempted by a print');
}

interface Query {
  kind: Waiter['kind'];
  command: string;
  timeoutMs: number;
  idle: boolean;
  abandoned: boolean;
  resolve: (status: HostStatus | ErrorStatus) => void;
  reject: (err: Error) => void;
}

/** Channel settings (milliseconds). */
export interface StatusChannelOptions {
  /** quiet period after reopening a serial or USB link (default 200). */
  quietMs?: number;
}

/** Serialized ~HS / ~HQES queries over one printer link. */
export class StatusChannel {
  /** ~HS and ~HQES answers come as <STX> text <ETX> (ZPL manual, ~HS); one is about 100 bytes. */
  private readonly framer = new StxEtxFramer({ maxLength: 4096 });
  private readonly assembler = new StatusAssembler();
  private waiter: Waiter | undefined;
  private readonly queue: Query[] = [];
  private current: { query: Query; answer: Promise<HostStatus | ErrorStatus> } | undefined;
  private desync = false;
  private readBacks: Array<{ epc: string; link: number }> = [];
  private attached = false;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onDisconnect = () => this.lost();

  constructor(
    private readonly transport: Link,
    private readonly options: StatusChannelOptions = {},
  ) {}

  /** Subscribes to the transport. Idempotent. */
  attach(): void {
    this.detach();
    this.attached = true;
    this.transport.on('data', this.onData);
    this.transport.on('close', this.onDisconnect);
  }

  /** Unsubscribes and fails a waiting query. Idempotent. */
  detach(): void {
    this.attached = false;
    this.transport.off('data', this.onData);
    this.transport.off('close', this.onDisconnect);
    this.fail(new LinegateError('PRINTER_OFFLINE', 'status channel closed'));
  }

  /** The RFID read-backs (^HV) received since the last call, with the link each came over. */
  takeReadBacks(): Array<{ epc: string; link: number }> {
    const taken = this.readBacks;
    this.readBacks = [];
    return taken;
  }

  /** Asks ~HS; rejects PRINTER_SILENT after timeoutMs without an answer. */
  hostStatus(timeoutMs: number, options: QueryOptions = {}): Promise<HostStatus> {
    return this.enqueue('hs', '~HS', timeoutMs, options) as Promise<HostStatus>;
  }

  /** Asks ~HQES; rejects PRINTER_SILENT after timeoutMs without an answer. */
  errorStatus(timeoutMs: number, options: QueryOptions = {}): Promise<ErrorStatus> {
    return this.enqueue('hqes', '~HQES', timeoutMs, options) as Promise<ErrorStatus>;
  }

  /**
   * Clears the way for a print: idle queries not yet sent are cancelled, and an idle ~HQES on
   * the wire is abandoned at once (its late answer cannot pass for a ~HS answer, so the channel
   * stays in sync). An idle ~HS on the wire is left to finish: one round trip, and its answer
   * can serve as the print's preflight (`share`).
   */
  preemptIdle(): void {
    for (const q of this.queue.filter((x) => x.idle)) {
      this.queue.splice(this.queue.indexOf(q), 1);
      q.reject(preempted());
    }
    const current = this.current?.query;
    if (current?.idle && current.kind === 'hqes') {
      current.abandoned = true;
      if (this.waiter?.kind === 'hqes') this.fail(preempted());
    }
  }

  private enqueue(
    kind: Waiter['kind'],
    command: string,
    timeoutMs: number,
    options: QueryOptions,
  ): Promise<HostStatus | ErrorStatus> {
    const current = this.current;
    if (options.share && current?.query.idle && current.query.kind === kind && !current.query.abandoned) {
      // Unanswered (asked while the printer was silent, say): ask again, on a resynced link.
      return current.answer.catch((err: unknown) => {
        if (hasCode(err, 'PRINTER_SILENT')) return this.enqueue(kind, command, timeoutMs, {});
        throw err;
      });
    }
    return new Promise((resolve, reject) => {
      const query = {
        kind,
        command,
        timeoutMs,
        idle: options.idle === true,
        abandoned: false,
        resolve,
        reject,
      };
      // Prints go before every idle query still waiting its turn.
      const at = query.idle ? this.queue.length : this.queue.findIndex((q) => q.idle);
      this.queue.splice(at < 0 ? this.queue.length : at, 0, query);
      this.pump();
    });
  }

  private pump(): void {
    if (this.current) return;
    const query = this.queue.shift();
    if (!query) return;
    const answer = this.query(query);
    this.current = { query, answer };
    answer.then(query.resolve, query.reject).finally(() => {
      this.current = undefined;
      this.pump();
    });
  }

  private async query(q: Query): Promise<HostStatus | ErrorStatus> {
    if (!this.attached) throw new LinegateError('PRINTER_OFFLINE', 'status channel closed');
    if (this.desync) await this.resync();
    if (q.abandoned) throw preempted();
    const { kind, command, timeoutMs } = q;
    const answer = new Promise<HostStatus | ErrorStatus>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        // A late ~HS answer could be taken for the next query's: start over on a clean link. A
        // late ~HQES answer cannot pass for a ~HS answer (the assembler tells them apart), and
        // many printers never answer ~HQES at all: no resync for it.
        if (kind === 'hs') this.desync = true;
        reject(new LinegateError('PRINTER_SILENT', `no answer to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { kind, resolve, reject, timer };
    });
    // It can be rejected (pre-empted, link lost) while the write below is pending, before the
    // caller gets it: unhandled that long, Node would end the process. The caller still sees it.
    answer.catch(() => undefined);
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
    for (const frame of this.framer.feed(chunk)) {
      const answer = this.assembler.push(frame.toString('latin1'));
      if (answer?.kind === 'bad') {
        // Garbage is never read as a status: the query waiting fails, and the next one starts
        // over on a clean link (what follows the garbage cannot be trusted to line up either).
        this.desync = true;
        this.fail(new LinegateError('PRINTER_BAD_STATUS', `unreadable status answer: ${answer.error}`));
        continue;
      }
      if (answer?.kind === 'epc') {
        this.readBacks.push({ epc: answer.epc, link: this.transport.generation });
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
    this.fail(new LinegateError('PRINTER_OFFLINE', `${this.transport.description}: connection lost`));
  }

  private fail(err: Error): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.reject(err);
  }
}
